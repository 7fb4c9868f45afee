"""Demo monitoring data on the approved declarations of the demo (``jixiao load_monitoring_demo``).

Opens the 2023 August round (data as of 31 July) and files, through the services, a report for
every approved declaration but the last: one on track, one behind (red), one a little behind
(yellow), in turn; the last stays unreported, so it turns red when the round is closed.  Every
declaration with a report also gets a year-end self-evaluation, one of them with a shortfall.
Idempotent: nothing is done when the round exists.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from jixiao.accounts.models import Role, User
from jixiao.core.evaluation.common import direction_of, is_cost
from jixiao.core.values import parse_value
from jixiao.monitoring import services
from jixiao.monitoring.bridge import annual_indicators, core_indicator
from jixiao.monitoring.errors import MonitoringError
from jixiao.monitoring.models import MonitoringRound

CUT_OFF = date(2023, 7, 31)
# (share of the budget executed by 31 July, share of each cumulative target achieved,
#  share of the target expected by year end)
PROFILES = (
    ("按进度执行", Decimal("0.55"), Decimal("0.6"), Decimal(1)),
    ("进度滞后", Decimal("0.30"), Decimal("0.3"), Decimal("0.9")),
    ("略有滞后", Decimal("0.42"), Decimal("0.45"), Decimal(1)),
)
MEASURE = "加快资金拨付和施工进度，每月调度一次"


def _figure(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")).normalize(), "f")


def _progress(indicator, year: int, achieved_share: Decimal, expected_share: Decimal) -> dict:
    reading = parse_value(indicator.value, year=year)
    direction = direction_of(reading, cost=is_cost(core_indicator(indicator)))
    entry = {"achieved": "", "expected": indicator.value, "likelihood": "certain"}
    if direction == "min":
        number = reading.number
        cumulative = indicator.level2 == "数量指标" and not reading.is_percent
        entry["achieved"] = _figure(number * achieved_share) if cumulative else _figure(number)
        entry["expected"] = _figure(number * expected_share)
        if expected_share < 1:
            entry["likelihood"] = "possible"
    elif direction in ("max", "zero"):
        entry["achieved"] = _figure(reading.number * Decimal("0.5"))
        entry["expected"] = _figure(reading.number)
    elif direction == "deadline" and reading.end is not None:
        entry["expected"] = f"{reading.end:%Y年%m月%d日}"
        if reading.end <= CUT_OFF:
            entry["achieved"] = entry["expected"]
    return entry


def _actual(indicator, year: int, shortfall: bool) -> dict:
    reading = parse_value(indicator.value, year=year)
    direction = direction_of(reading, cost=is_cost(core_indicator(indicator)))
    if direction == "min":
        share = Decimal("0.9") if shortfall and indicator.level2 == "数量指标" else Decimal(1)
        entry = {"actual": _figure(reading.number * share)}
        if share < 1:
            entry["deviation"] = "冬季停工，剩余工程量顺延至次年一季度完成；已调整施工计划"
        return entry
    if direction in ("max", "zero"):
        return {"actual": _figure(reading.number)}
    if direction == "deadline" and reading.end is not None:
        return {"actual": f"{reading.end:%Y年%m月%d日}"}
    return {"grade": "achieved", "actual": "已完成"}


def _filer_for(declaration) -> User:
    return (
        User.objects.filter(role=Role.FILER, department=declaration.department).first()
        or User.objects.filter(role=Role.ADMIN).first()
        or User.objects.filter(is_superuser=True).first()
    )


@transaction.atomic
def monitoring_demo_load() -> list[str]:
    from jixiao.declarations.models import Declaration

    if MonitoringRound.objects.filter(fiscal_year=CUT_OFF.year, cut_off=CUT_OFF).exists():
        return ["监控轮次已存在，未改动"]
    finance = User.objects.filter(role__in=(Role.FINANCE_REVIEWER, Role.ADMIN)).first()
    if finance is None:
        return ["没有财政审核人或管理员账号，请先运行 jixiao load_demo"]
    monitoring_round = services.monitoring_round_open(
        user=finance, fiscal_year=CUT_OFF.year, cut_off=CUT_OFF
    )
    lines = [f"开启{monitoring_round}"]
    declarations = list(
        Declaration.objects.approved().for_year(CUT_OFF.year).select_related("department")
        .prefetch_related("indicators").order_by("department__code", "project_name")
    )  # fmt: skip
    for i, declaration in enumerate(declarations[:-1] if len(declarations) > 1 else declarations):
        label, executed, achieved, expected = PROFILES[i % len(PROFILES)]
        filer = _filer_for(declaration)
        budget = declaration.annual_total or Decimal(0)
        indicators = annual_indicators(declaration)
        progress = {
            ind.pk: _progress(ind, declaration.fiscal_year, achieved, expected)
            for ind in indicators
        }
        money = {"budget": budget, "executed": (budget * executed).quantize(Decimal("0.01")),
                 "expected": budget}  # fmt: skip
        report = services.monitoring_report_save(
            user=filer, monitoring_round=monitoring_round, declaration=declaration,
            progress=progress, expected_version=0, **money,
        )  # fmt: skip
        if report.light != "green":  # explain every deviation, then submit
            for ind in indicators:
                progress[ind.pk] |= {"cause": "funding", "measure": MEASURE}
            report = services.monitoring_report_save(
                user=filer, monitoring_round=monitoring_round, declaration=declaration,
                progress=progress, money_cause="funding", money_measure=MEASURE,
                expected_version=report.version, **money,
            )  # fmt: skip
        try:
            services.monitoring_report_submit(user=filer, report=report)
        except MonitoringError as exc:
            lines.append(f"  {declaration.project_name}：监控表保存为草稿（{exc}）")
            continue
        evaluation = services.self_evaluation_save(
            user=filer, declaration=declaration, budget=budget,
            executed=(budget * Decimal("0.96")).quantize(Decimal("0.01")),
            achievement="项目按计划实施，年度目标基本完成。",
            results={ind.pk: _actual(ind, declaration.fiscal_year, shortfall=i == 1)
                     for ind in indicators},
            expected_version=0,
        )  # fmt: skip
        services.self_evaluation_submit(user=filer, evaluation=evaluation)
        lines.append(
            f"  {declaration.project_name}：{label}，监控{report.get_light_display()}；"
            f"自评 {evaluation.total:.2f} 分（{evaluation.grade}）"
        )
    if len(declarations) > 1:
        lines.append(f"  {declarations[-1].project_name}：未填报（本轮关闭后为红灯）")
    return lines
