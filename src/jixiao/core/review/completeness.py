"""Completeness (完整性): every field filled, every indicator category present."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from jixiao.core.declaration import PERIOD_LABELS, Period
from jixiao.core.review.context import Context, field_label, halves_label
from jixiao.core.review.registry import Hit, rule


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@rule("FIELD-MISSING", "error", "必填项未填写")
def field_missing(ctx: Context) -> Iterator[Hit]:
    for name in ctx.config.completeness.required_fields:
        if _blank(getattr(ctx.declaration, name)):
            label = field_label(name)
            yield Hit(name, f"「{label}」未填写", f"请填写{label}。")


def _checked_halves(ctx: Context) -> list[Period]:
    """Halves a category rule looks at: the implementation half always, the annual half when it
    has rows (an empty annual half is IND-ANNUAL-MISSING's)."""
    return ["implementation"] + (["annual"] if ctx.halves["annual"] else [])


def _missing_in(ctx: Context, present: Callable[[str, str], bool]) -> list[Period]:
    """Halves with no row whose (level1, level2) is ``present``."""
    return [
        period
        for period in _checked_halves(ctx)
        if not any(present(l1, l2) for l1, l2 in ctx.categories[period])
    ]


@rule("IND-OUTPUT-MISSING", "error", "缺少产出指标（数量、质量、时效）")
def output_missing(ctx: Context) -> Iterator[Hit]:
    for level2 in ctx.config.completeness.output_level2:
        missing = [p for p in _checked_halves(ctx) if level2 not in ctx.level2s[p]]
        if missing:
            yield Hit(
                "indicators",
                f"{halves_label(missing)}绩效指标中没有「{level2}」",
                f"请在{halves_label(missing)}至少设置一个{level2}，写明可衡量的目标值。",
            )


@rule("IND-COST-MISSING", "error", "缺少成本指标")
def cost_missing(ctx: Context) -> Iterator[Hit]:
    missing = _missing_in(ctx, ctx.is_cost_category)
    if missing:
        labels = "、".join(ctx.framework.cost_level2)
        yield Hit(
            "indicators",
            f"{halves_label(missing)}绩效指标中没有成本指标（{labels}）",
            "请设置至少一个成本指标，以金额表示并用“≤”封顶，如“工程建设成本 ≤1500万元”。",
        )


@rule("IND-BENEFIT-MISSING", "error", "缺少效益指标")
def benefit_missing(ctx: Context) -> Iterator[Hit]:
    missing = _missing_in(ctx, lambda l1, _: ctx.framework.is_benefit(l1))
    if missing:
        yield Hit(
            "indicators",
            f"{halves_label(missing)}绩效指标中没有{ctx.framework.benefit_level1}",
            "请至少设置一个经济、社会、生态效益或可持续影响指标，说明项目带来的效果。",
        )


@rule("IND-SATISFACTION-MISSING", "warning", "缺少满意度指标")
def satisfaction_missing(ctx: Context) -> Iterator[Hit]:
    missing = _missing_in(ctx, lambda _, l2: ctx.framework.is_satisfaction(l2))
    if missing:
        labels = "、".join(ctx.framework.satisfaction_level2)
        yield Hit(
            "indicators",
            f"{halves_label(missing)}绩效指标中没有{labels}",
            "请设置服务对象满意度指标，目标值一般为“≥90%”或“≥85%”。",
        )


@rule("IND-ANNUAL-MISSING", "error", "年度绩效指标未填写")
def annual_missing(ctx: Context) -> Iterator[Hit]:
    if not ctx.halves["annual"]:
        yield Hit(
            "indicators",
            f"{PERIOD_LABELS['annual']}绩效指标一项也没有填写",
            "请填写年度绩效指标；一次性项目的年度指标应与实施期指标一致。",
        )
