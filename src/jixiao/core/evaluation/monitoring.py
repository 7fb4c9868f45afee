"""Monitoring during the year (运行监控, "双监控": money and targets together).

A round has a cut-off date; for each approved declaration the filer reports the money executed
and, for each annual indicator, what was achieved and what is expected by year end.  The
warnings are computed here, never typed: each declaration gets a traffic light with its
reasons in Chinese, and what the filer still has to explain is listed as problems.

The rules (``shared/spec/evaluation.md``):

- money: progress ratio = (executed ÷ budget) ÷ (months elapsed ÷ 12), banded red/yellow/green;
- a cumulative indicator: achieved ÷ (target × months elapsed ÷ 12), same bands;
- the expected year-end value missing the target in its direction is red whatever the ratio
  (minimums, maximums, deadlines); so is a deadline passed with nothing done, and the filer's
  own "完全不可能";
- achieved at 120% of the target or more: "目标可能设置过低" (a note, no colour);
- a deviation (red or yellow) needs a cause and a measure;
- a declaration with no report when the round closes is red.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from jixiao.core.declaration import Indicator
from jixiao.core.evaluation.common import (
    Problem,
    ReadError,
    direction_of,
    is_cost,
    money,
    pct,
    r2,
    read_date,
    read_quantity,
    show_quantity,
    subject_of,
    target_number,
    target_reading,
)
from jixiao.core.evaluation.config import EvaluationConfig, MonitoringConfig, default_config

Light = Literal["green", "yellow", "red"]
Level = Literal["note", "green", "yellow", "red"]
LIGHTS: tuple[Light, ...] = ("green", "yellow", "red")
LIGHT_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
LIKELIHOODS = {"certain": "确定能", "possible": "有可能", "impossible": "完全不可能"}
CAUSES = {
    "funding": "经费保障",
    "institutional": "制度保障",
    "staffing": "人员保障",
    "facilities": "硬件条件保障",
    "other": "其他",
}
_RANK = {"note": 0, "green": 0, "yellow": 1, "red": 2}


@dataclass(frozen=True)
class Cause:
    """Why a figure deviates and what will be done: 偏差原因, its explanation, 改进措施."""

    cause: str | None = None  # a key of CAUSES
    explanation: str = ""
    measure: str = ""


@dataclass(frozen=True)
class MoneyReport:
    budget: Decimal  # annual budget, 元
    executed: Decimal  # executed to the cut-off, 元
    expected: Decimal | None = None  # expected execution for the year, 元
    deviation: Cause = field(default_factory=Cause)


@dataclass(frozen=True)
class IndicatorReport:
    indicator: Indicator
    achieved: str = ""  # achieved to the cut-off, as entered (a figure or a date)
    expected: str = ""  # expected year-end value
    likelihood: str | None = None  # a key of LIKELIHOODS
    deviation: Cause = field(default_factory=Cause)


@dataclass(frozen=True)
class MonitoringReportInput:
    fiscal_year: int
    cut_off: date
    money: MoneyReport
    indicators: list[IndicatorReport]


@dataclass(frozen=True)
class Signal:
    level: Level
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}：{self.message}"


@dataclass
class Assessed:
    """The light of one part of a report (the money, or one indicator) and why."""

    subject: str
    signals: list[Signal] = field(default_factory=list)
    ratio: Decimal | None = None

    @property
    def light(self) -> Light:
        return worst(s.level for s in self.signals)

    def add(self, level: Level, message: str) -> None:
        self.signals.append(Signal(level, self.subject, message))


@dataclass
class Assessment:
    """A declaration's traffic light in a round, with its reasons and the report's problems."""

    money: Assessed | None
    indicators: list[Assessed]
    problems: list[Problem] = field(default_factory=list)
    missing: bool = False
    months: Decimal | None = None

    @property
    def parts(self) -> list[Assessed]:
        return ([self.money] if self.money else []) + self.indicators

    @property
    def signals(self) -> list[Signal]:
        if self.missing:
            return [Signal("red", "监控表", "本轮截止时未提交监控表")]
        return [s for part in self.parts for s in part.signals]

    @property
    def light(self) -> Light:
        return worst(s.level for s in self.signals)

    @property
    def reasons(self) -> list[str]:
        """Why the light is not green, worst first (notes last)."""
        ranked = sorted(self.signals, key=lambda s: -_RANK[s.level])
        return [str(s) for s in ranked if s.level != "green"]


def worst(levels) -> Light:
    rank = max((_RANK[lv] for lv in levels), default=0)
    return LIGHTS[rank]


def months_elapsed(cut_off: date, fiscal_year: int) -> Decimal:
    """Months of the fiscal year up to and including the cut-off day (31 July → 7)."""
    if cut_off.year < fiscal_year:
        return Decimal(0)
    if cut_off.year > fiscal_year:
        return Decimal(12)
    days = calendar.monthrange(cut_off.year, cut_off.month)[1]
    return Decimal(cut_off.month - 1) + Decimal(cut_off.day) / Decimal(days)


def assess_missing() -> Assessment:
    """A declaration with no report when its round closes."""
    return Assessment(money=None, indicators=[], missing=True)


def assess(report: MonitoringReportInput, *, config: EvaluationConfig | None = None) -> Assessment:
    """The traffic light of one report.  Never raises: gaps are listed in ``problems``."""
    mon = (config or default_config()).monitoring
    months = months_elapsed(report.cut_off, report.fiscal_year)
    problems: list[Problem] = []
    money_part = _assess_money(report.money, months, mon)
    _require_cause(money_part, report.money.deviation, None, problems, prefix="money_")
    indicators = []
    for i, item in enumerate(report.indicators):
        part = _assess_indicator(item, i, report, months, mon, problems)
        _require_cause(part, item.deviation, i, problems)
        indicators.append(part)
    return Assessment(money_part, indicators, problems, months=months)


def _band(ratio: Decimal, mon: MonitoringConfig) -> Level:
    if ratio < mon.red_below:
        return "red"
    if ratio < mon.yellow_below:
        return "yellow"
    return "green"


def _band_text(level: Level, mon: MonitoringConfig) -> str:
    return {
        "red": f"低于 {mon.red_below}",
        "yellow": f"在 {mon.red_below}–{mon.yellow_below} 之间",
        "green": f"不低于 {mon.yellow_below}",
    }[level]


def _assess_money(money_report: MoneyReport, months: Decimal, mon: MonitoringConfig) -> Assessed:
    part = Assessed("资金执行")
    budget, executed = money_report.budget, money_report.executed
    if budget <= 0:
        part.add("note", "年度预算为 0，不计算执行进度")
        return part
    rate = executed / budget
    if months == 0:
        part.add("note", f"执行率 {pct(rate)}；截止日期不在本年度内，不计算时间进度")
        return part
    # executed × 12 ÷ (budget × months): the same ratio, exact when the months are whole.
    part.ratio = executed * 12 / (budget * months)
    level = _band(part.ratio, mon)
    part.add(level,
             f"执行 {money(executed)} 元 ÷ 预算 {money(budget)} 元 = {pct(rate)}，时间进度 "
             f"{r2(months)} ÷ 12 = {pct(months / 12)}，进度比 {r2(part.ratio)}（{_band_text(level, mon)}）")  # fmt: skip
    expected = money_report.expected
    if expected is not None and expected < budget:
        part.add(mon.money_expected_shortfall,
                 f"预计全年执行 {money(expected)} 元，低于预算 {money(budget)} 元（{pct(expected / budget)}）")  # fmt: skip
    return part


def _assess_indicator(item, index, report, months, mon, problems) -> Assessed:
    ind: Indicator = item.indicator
    year = report.fiscal_year
    part = Assessed(subject_of(ind))
    target = target_reading(ind, year=year)
    direction = direction_of(target, cost=is_cost(ind))

    def problem(kind: str, fld: str, message: str) -> None:
        problems.append(Problem(kind, fld, message, index, part.subject))

    if item.likelihood not in LIKELIHOODS:
        problem("incomplete", "likelihood", "请选择完成目标可能性（确定能 / 有可能 / 完全不可能）")
    if not item.expected.strip():
        problem("incomplete", "expected", "未填写预计年底完成值")

    def read(raw: str, fld: str, reader):
        if not raw.strip():
            return None
        try:
            return reader(raw)
        except ReadError as exc:
            problem("invalid", fld, str(exc))
            return None

    if direction in ("min", "max", "zero"):
        goal = target_number(target)
        achieved = read(item.achieved, "achieved", lambda raw: read_quantity(raw, target))
        expected = read(item.expected, "expected", lambda raw: read_quantity(raw, target))
        _quantity_signals(part, ind, target, direction, goal, achieved, expected, months, mon)
    elif direction == "deadline":
        done = read(item.achieved, "achieved", lambda raw: read_date(raw, year=year))
        expected = read(item.expected, "expected", lambda raw: read_date(raw, year=year))
        _deadline_signals(part, target, done, expected, report.cut_off)
    if item.likelihood == "impossible":
        part.add("red", "经办人判断年底完全不可能完成目标")
    return part


def _quantity_signals(part, ind, target, direction, goal, achieved, expected, months, mon):
    def show(value: Decimal) -> str:
        return show_quantity(value, target)

    cumulative = (
        direction == "min"
        and ind.level2 in mon.cumulative_level2
        and not target.is_percent
        and goal > 0
    )
    if cumulative and achieved is not None and months > 0:
        due = goal * months / 12
        part.ratio = achieved * 12 / (goal * months)
        level = _band(part.ratio, mon)
        part.add(level,
                 f"累计完成 {show(achieved)} ÷ (目标 {show(goal)} × {r2(months)} ÷ 12 = {show(r2(due))}) "
                 f"= {r2(part.ratio)}（{_band_text(level, mon)}）")  # fmt: skip
    if (
        direction == "min"
        and achieved is not None
        and goal > 0
        and achieved >= goal * mon.over_achievement
    ):
        part.add("note",
                 f"已完成 {show(achieved)}，达到目标 {target.raw} 的 {pct(achieved / goal)}，目标可能设置过低")  # fmt: skip
    if direction == "max" and achieved is not None and achieved > goal:
        part.add("red", f"已完成 {show(achieved)}，已超过上限 {target.raw}")
    if expected is None:
        return
    missed = {
        "min": expected < goal,
        "max": expected > goal,
        "zero": expected != 0,
    }[direction]
    if missed:
        part.add("red", f"预计年底 {show(expected)}，达不到目标 {target.raw}")


def _deadline_signals(part, target, done, expected, cut_off):
    deadline = target.end
    if deadline is None:
        return
    when = f"{deadline:%Y年%m月%d日}"
    if done is not None:
        if done > deadline:
            part.add("red", f"实际 {done:%Y年%m月%d日} 才完成，晚于期限 {when}")
    elif cut_off > deadline:
        part.add("red", f"期限 {when} 已过，截至 {cut_off:%Y年%m月%d日} 尚未完成")
    if expected is not None and done is None and expected > deadline:
        part.add("red", f"预计 {expected:%Y年%m月%d日} 完成，晚于期限 {when}")


def _require_cause(part: Assessed, cause: Cause, index, problems, *, prefix: str = "") -> None:
    """A red or yellow part needs its cause and measure (and an explanation for 其他)."""
    if part.light == "green":
        return

    def problem(fld: str, message: str) -> None:
        problems.append(Problem("incomplete", prefix + fld, message, index, part.subject))

    if cause.cause not in CAUSES:
        problem("cause", "出现偏差（" + LIGHT_LABELS[part.light] + "），须选择偏差原因")
    elif cause.cause == "other" and not cause.explanation.strip():
        problem("explanation", "偏差原因为「其他」，须说明具体原因")
    if not cause.measure.strip():
        problem("measure", "出现偏差（" + LIGHT_LABELS[part.light] + "），须填写改进措施")
