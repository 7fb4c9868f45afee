"""Funds (资金): the amounts add up and agree with the project's type, period and costs."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.core.declaration import FUND_LABELS, FUND_SOURCES, PERIOD_LABELS, PERIODS
from jixiao.core.review.context import (
    Context,
    any_of,
    indicator_field,
    percent,
    row_label,
    yuan,
)
from jixiao.core.review.registry import Hit, rule


@rule("FUND-SUM", "error", "资金来源合计与总额不符")
def fund_sum(ctx: Context) -> Iterator[Hit]:
    for period in PERIODS:
        half = ctx.declaration.funds.half(period)
        if all(getattr(half, s) is None for s in FUND_SOURCES):
            continue
        label = PERIOD_LABELS[period]
        total, sources = half.total, half.sources_sum()
        if total is None:
            yield Hit(
                f"funds.{period}.total",
                f"{label}资金总额未填写，各来源合计为 {yuan(sources)}",
                f"请填写{label}资金总额。",
            )
        elif sources != total:
            yield Hit(
                f"funds.{period}",
                f"{label}资金各来源合计 {yuan(sources)}，与{label}资金总额 {yuan(total)} 不符"
                f"（相差 {yuan(abs(total - sources))}）",
                "请核对中央、省级、市县（区）财政资金、单位自筹和其他资金，使其合计等于资金总额。",
            )


@rule("FUND-ANNUAL-EXCEEDS", "error", "年度资金超过实施期资金")
def annual_exceeds(ctx: Context) -> Iterator[Hit]:
    funds = ctx.declaration.funds
    for key in ("total", *FUND_SOURCES):
        annual, whole = getattr(funds.annual, key), getattr(funds.implementation, key)
        if annual is None or whole is None or annual <= whole:
            continue
        label = FUND_LABELS[key]
        field = "funds.annual" if key == "total" else f"funds.annual.{key}"
        yield Hit(
            field,
            f"年度{label} {yuan(annual)} 超过实施期{label} {yuan(whole)}",
            "年度资金是实施期资金的一部分，不能大于实施期资金；请核对两栏金额。",
        )


@rule("FUND-ONE-OFF-MISMATCH", "error", "一次性项目年度资金与实施期资金不一致")
def one_off_mismatch(ctx: Context) -> Iterator[Hit]:
    d = ctx.declaration
    annual, whole = d.funds.annual.total, d.funds.implementation.total
    if d.project_type != "one_off" or annual is None or whole is None or annual == whole:
        return
    yield Hit(
        "funds.annual",
        f"一次性项目的年度资金总额 {yuan(annual)} 与实施期资金总额 {yuan(whole)} 不一致"
        f"（相差 {yuan(abs(whole - annual))}）",
        "一次性项目一年内完成，年度资金应等于实施期资金；请改正金额，"
        "或如分年度实施，将项目属性改为延续性项目。",
    )


@rule("PERIOD-TYPE-MISMATCH", "error", "项目属性与项目期不符")
def period_type_mismatch(ctx: Context) -> Iterator[Hit]:
    d = ctx.declaration
    years = d.period_years
    if years is None or d.project_type is None:
        return
    if d.project_type == "one_off" and years != 1:
        yield Hit(
            "period_years",
            f"一次性项目的项目期为 {years} 年，应为 1 年",
            "一次性项目一年内结束；项目期超过 1 年的应申报为延续性项目。",
        )
    elif d.project_type == "continuing" and years < 2:
        yield Hit(
            "period_years",
            f"延续性项目的项目期为 {years} 年，应为 2 年及以上",
            "一年内结束的项目应申报为一次性项目；延续性项目请填写实际的实施年限。",
        )


@rule("COST-FUND-MISMATCH", "warning", "成本指标与项目资金不符")
def cost_fund_mismatch(ctx: Context) -> Iterator[Hit]:
    # Each half against its own funds: the implementation half against the implementation
    # total, the annual half against the year's total (a continuing project's annual cost
    # target cannot be the whole project's cost when only a part is funded this year).  Only
    # totals compare: a unit cost (每公里改造成本 ≤40万元) is a different quantity.
    funds = ctx.declaration.funds
    tolerance = Decimal(str(ctx.config.funds.cost_tolerance))
    unit_cost = any_of(ctx.config.funds.unit_cost_patterns)
    for i, ind, reading in ctx.rows():
        total = funds.half(ind.period).total
        if not total or not ctx.cost_rows[i] or not reading.is_money:
            continue
        if unit_cost.search(ind.name):
            continue
        label = f"{PERIOD_LABELS[ind.period]}资金总额 {yuan(total)}"
        cost = reading.amount_yuan
        gap = cost - total
        if gap > 0:
            what = f"超过{label}，多出 {yuan(gap)}"
        elif abs(gap) > tolerance * total:
            what = f"比{label}少 {yuan(-gap)}（{percent(float(-gap / total))}）"
        else:
            continue
        yield Hit(
            indicator_field(i),
            f"{row_label(ind)}的目标值「{ind.value}」即 {yuan(cost)}，{what}",
            "成本指标应与项目资金相符：成本不应超过资金总额，相差较多时请核对金额；"
            "如只反映部分成本，请在指标名称中写明口径。",
        )
