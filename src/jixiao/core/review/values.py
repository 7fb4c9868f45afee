"""Indicator values (指标值): each target read through the value grammar and judged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from jixiao.core.declaration import Indicator
from jixiao.core.review.context import Context, indicator_field, row_label
from jixiao.core.review.registry import Hit, rule
from jixiao.core.values import ValueReading


@lru_cache(maxsize=32)
def _marks(placeholders: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    marks = frozenset(p.upper() for p in placeholders)
    return marks, frozenset(m for m in marks if len(m) == 1)


def is_placeholder(value: str | None, placeholders: tuple[str, ...]) -> bool:
    """Empty, one of the placeholders, or made only of one-character placeholders (``***``)."""
    text = (value or "").strip().upper()
    if not text:
        return True
    marks, singles = _marks(placeholders)
    return text in marks or set(text) <= singles


def _judged(ctx: Context):
    """Rows whose value reads at all (placeholders and unreadable values are reported once,
    by VALUE-PLACEHOLDER and VALUE-UNPARSEABLE)."""
    return ctx.judged


def _is_satisfaction_target(ctx: Context, ind: Indicator) -> bool:
    words = ctx.config.values.satisfaction_words
    return ctx.is_satisfaction(ind) or any(w in ind.name for w in words)


@rule("VALUE-PLACEHOLDER", "error", "指标值为空或占位符")
def placeholder(ctx: Context) -> Iterator[Hit]:
    for i, ind, _ in ctx.rows():
        if ctx.placeholder[i]:
            shown = f"「{ind.value}」" if (ind.value or "").strip() else "为空"
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的指标值{shown}，不是目标",
                "请填写可衡量的目标值，如“≥12条”“≥90%”“2023年10月底前”。",
            )


@rule("VALUE-UNPARSEABLE", "error", "指标值无法识别")
def unparseable(ctx: Context) -> Iterator[Hit]:
    for i, ind, reading in ctx.rows():
        if not reading.ok and not ctx.placeholder[i]:
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的指标值「{ind.value}」无法识别",
                "指标值应为数量（如 ≥90%、12条、7845.9万元）、日期（如 2023年10月底）"
                "或方向词（如 是、及时、提高）。",
            )


@rule("VALUE-PERCENT-RANGE", "warning", "百分比超出 0–100%")
def percent_range(ctx: Context) -> Iterator[Hit]:
    for i, ind, reading in _judged(ctx):
        if not reading.is_quantity or reading.unit != "%":
            continue
        number, cmp = reading.number, reading.comparator
        if number > 100 and cmp not in ("<", "<="):
            why = "超过 100%"
        elif number == 100 and cmp in (">=", ">"):
            why = "大于等于 100% 只能是 100%" if cmp == ">=" else "不可能大于 100%"
        else:
            continue
        yield Hit(
            indicator_field(i),
            f"{row_label(ind)}的目标值「{ind.value}」{why}",
            "比率不超过 100%：目标为全部达到请写“100%”，否则写“≥95%”等实际可达的下限。",
        )


@rule("SATISFACTION-100", "warning", "满意度目标为 100%")
def satisfaction_100(ctx: Context) -> Iterator[Hit]:
    for i, ind, reading in _judged(ctx):
        if not _is_satisfaction_target(ctx, ind) or not reading.is_quantity:
            continue
        if reading.unit == "%" and reading.number >= 100 and reading.comparator in ("=", ">=", ">"):
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的目标值「{ind.value}」要求满意度达到 100%，难以实现",
                "满意度目标一般为“≥90%”或“≥85%”，请按以往调查结果设定。",
            )


@rule("QUANTITY-UPPER-BOUND", "warning", "数量指标用上限表示")
def quantity_upper_bound(ctx: Context) -> Iterator[Hit]:
    level2 = ctx.config.values.quantity_level2
    for i, ind, reading in _judged(ctx):
        if ind.level2 in level2 and reading.is_quantity and reading.comparator in ("<=", "<"):
            target = f"{reading.number.normalize():f}{reading.unit or ''}"
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的目标值「{ind.value}」是上限，产出数量应承诺下限",
                f"请改为“≥{target}”或“{target}”：少做也算达标的目标无法考核。",
            )


@rule("COST-NOT-MONEY", "error", "成本指标不是金额")
def cost_not_money(ctx: Context) -> Iterator[Hit]:
    for i, ind, reading in _judged(ctx):
        if ctx.is_cost(ind) and not ctx.is_money(reading):
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的目标值「{ind.value}」不是金额",
                "成本指标以金额表示，如“≤1500万元”“≤300元/平方米”；其他内容请移到对应类别。",
            )


@rule("COST-DIRECTION", "warning", "成本指标用下限表示")
def cost_direction(ctx: Context) -> Iterator[Hit]:
    for i, ind, reading in _judged(ctx):
        if ctx.is_cost(ind) and ctx.is_money(reading) and reading.comparator in (">=", ">"):
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的目标值「{ind.value}」是下限，成本应封顶",
                "成本指标请用“≤”表示最高成本，如“≤1500万元”。",
            )


def _is_period(ctx: Context, reading: ValueReading) -> bool:
    return reading.is_quantity and (reading.unit or "") in ctx.config.values.time_units


@rule("TIMELINESS-VAGUE", "warning", "时效指标不是日期、期限或比率")
def timeliness_vague(ctx: Context) -> Iterator[Hit]:
    level2 = ctx.config.values.timeliness_level2
    for i, ind, reading in _judged(ctx):
        if ind.level2 not in level2:
            continue
        if reading.is_date or reading.is_percent or _is_period(ctx, reading):
            continue
        yield Hit(
            indicator_field(i),
            f"{row_label(ind)}的目标值「{ind.value}」不是日期、期限或比率，无法考核",
            "请写明完成时间（如“2023年10月底前”）、期限（如“≤30天”）或按期完成率（如“100%”）。",
        )


@rule("BENEFIT-VAGUE", "hint", "效益指标只有方向词")
def benefit_vague(ctx: Context) -> Iterator[Hit]:
    words = ctx.config.values.direction_words
    for i, ind, reading in _judged(ctx):
        if not ctx.framework.is_benefit(ind.level1) or not reading.is_qualitative:
            continue
        if any(ind.value.strip().endswith(w) for w in words):
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的目标值「{ind.value}」只有方向，没有衡量标准",
                "请给出可衡量的目标，如提高到多少、改善多少（“≥95%”“减少 20%”“≥500户受益”）。",
            )


@lru_cache(maxsize=32)
def _name_value_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"[≥≤＞＜><]|[0-9０-９]+(?:\.[0-9]+)?\s*(?:{alternatives})")


@rule("VALUE-IN-NAME", "hint", "指标名称中含有目标值")
def value_in_name(ctx: Context) -> Iterator[Hit]:
    pattern = _name_value_pattern(ctx.config.values.name_units)
    for i, ind, _ in ctx.rows():
        m = pattern.search(ind.name)
        if m:
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的名称含有目标值「{m.group(0)}」",
                "指标名称只写衡量什么（如“改造道路数量”），目标值写在指标值一栏（如“≥12条”）。",
            )


@rule("TIMELINE-OUT-OF-PERIOD", "warning", "时效日期超出项目期")
def timeline_out_of_period(ctx: Context) -> Iterator[Hit]:
    d = ctx.declaration
    first, last = d.fiscal_year, d.fiscal_year + max(d.period_years or 1, 1) - 1
    level2 = ctx.config.values.timeliness_level2
    for i, ind, reading in _judged(ctx):
        if ind.level2 not in level2 or not reading.is_date:
            continue
        years = [x.year for x in (reading.start, reading.end) if x is not None]
        if years and (min(years) < first or max(years) > last):
            span = f"{first}年" if first == last else f"{first}年至{last}年"
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的日期「{ind.value}」不在项目期（{span}）内",
                "请核对日期的年份，或核对项目期。",
            )


@rule("VAGUE-WORDING", "hint", "含有无法验证的措辞")
def vague_wording(ctx: Context) -> Iterator[Hit]:
    words = ctx.config.values.vague_words
    for i, ind, _ in ctx.rows():
        found = [w for w in words if w in ind.value]
        if found:
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的目标值「{ind.value}」含有无法验证的措辞「{'、'.join(found)}」",
                "请用数字写明目标，如“提高到 95%”“减少 20%”。",
            )
    for name in ("goal_implementation", "goal_annual"):
        text = getattr(ctx.declaration, name) or ""
        found = [w for w in words if w in text]
        if found:
            yield Hit(
                name,
                f"总体目标含有无法验证的措辞「{'、'.join(found)}」",
                "请写明到期要达到的具体产出和效果，用数字表示。",
            )
