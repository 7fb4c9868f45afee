"""The indicator table (绩效指标): rows in the right category, the halves consistent, results
rather than money flowing."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.core.declaration import PERIOD_LABELS, PERIODS
from jixiao.core.review.context import (
    Context,
    any_of,
    contains_any,
    indicator_field,
    row_label,
)
from jixiao.core.review.registry import Hit, rule
from jixiao.core.values import normalize


def _first(words: tuple[str, ...], text: str) -> str | None:
    """The first of ``words`` (in their order) that ``text`` contains."""
    if not contains_any(words).search(text):
        return None  # most names: one scan instead of one per word
    return next((w for w in words if w in text), None)


@rule("IND-MISPLACED", "warning", "指标放错类别")
def misplaced(ctx: Context) -> Iterator[Hit]:
    cfg = ctx.config.values
    cost_label = "、".join(ctx.framework.cost_level2)
    satisfaction_label = "、".join(ctx.framework.satisfaction_level2)
    for i, ind, _ in ctx.rows():
        is_cost = ctx.cost_rows[i]
        if is_cost and (word := _first(cfg.time_words, ind.name)):
            why, fix = f"名称含“{word}”，是时效内容", f"请移到{'、'.join(cfg.timeliness_level2)}"
        elif not ctx.is_satisfaction(ind) and (word := _first(cfg.satisfaction_words, ind.name)):
            why, fix = f"名称含“{word}”，是满意度内容", f"请移到{satisfaction_label}"
        elif ind.level2 in cfg.timeliness_level2 and (word := _first(cfg.quality_words, ind.name)):
            why, fix = f"名称含“{word}”，是质量内容", f"请移到{'、'.join(cfg.quality_level2)}"
        elif (
            not is_cost
            and (word := _first(cfg.cost_words, ind.name))
            and not (ctx.framework.is_benefit(ind.level1) and _first(cfg.saving_words, ind.name))
        ):
            # 年节约供热成本 under 经济效益指标 is a saving, the benefit itself.
            why, fix = f"名称含“{word}”，是成本内容", f"请移到{cost_label}"
        else:
            continue
        yield Hit(
            indicator_field(i),
            f"{row_label(ind)}放错了类别：{why}",
            f"{fix}，并按该类别的要求填写目标值。",
        )


@rule("IND-DUPLICATE", "warning", "同一指标重复填写")
def duplicate(ctx: Context) -> Iterator[Hit]:
    for period in PERIODS:
        seen: dict[str, int] = {}
        for i in ctx.halves[period]:
            ind, name = ctx.indicators[i], ctx.names[i]
            if name in seen:
                yield Hit(
                    indicator_field(i),
                    f"{PERIOD_LABELS[period]}指标「{ind.name}」填写了两次"
                    f"（另见 indicators[{seen[name]}]）",
                    "请删除重复的一行，或把两行改成衡量不同内容的指标。",
                )
            else:
                seen[name] = i


def _by_key(ctx: Context, period) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for i in ctx.halves[period]:
        out.setdefault((ctx.indicators[i].level2, ctx.names[i]), i)
    return out


@rule("IND-HALVES-DIFFER", "warning", "一次性项目年度指标与实施期指标不一致")
def halves_differ(ctx: Context) -> Iterator[Hit]:
    if ctx.declaration.project_type != "one_off" or not ctx.halves["annual"]:
        return
    whole, annual = _by_key(ctx, "implementation"), _by_key(ctx, "annual")
    hint = "一次性项目一年内完成，年度指标应与实施期指标逐行一致；请补齐或改正。"
    for key, i in whole.items():
        ind = ctx.indicators[i]
        if key not in annual:
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}（{ind.value}）只在实施期填写，年度指标中没有",
                hint,
            )
        else:
            other = ctx.indicators[annual[key]]
            if other.value != ind.value and normalize(other.value) != normalize(ind.value):
                yield Hit(
                    indicator_field(annual[key]),
                    f"{ind.level2}「{ind.name}」实施期目标值为「{ind.value}」，"
                    f"年度目标值为「{other.value}」，两者不同",
                    hint,
                )
    for key, i in annual.items():
        if key not in whole:
            ind = ctx.indicators[i]
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}（{ind.value}）只在年度填写，实施期指标中没有",
                hint,
            )


@rule("IND-ANNUAL-NOT-IN-PLAN", "warning", "年度指标的类别在实施期没有")
def annual_not_in_plan(ctx: Context) -> Iterator[Hit]:
    if ctx.declaration.project_type != "continuing":
        return
    planned = {ctx.indicators[i].level2 for i in ctx.halves["implementation"]}
    for i in ctx.halves["annual"]:
        ind = ctx.indicators[i]
        if ind.level2 not in planned:
            yield Hit(
                indicator_field(i),
                f"年度指标「{ind.name}」属于{ind.level2}，而实施期指标中没有{ind.level2}",
                "年度指标是实施期目标的分年度安排；请在实施期补充该类指标，或改正年度指标。",
            )


@rule("IND-INPUT-METRIC", "warning", "以资金投入或过程代替产出、效益")
def input_metric(ctx: Context) -> Iterator[Hit]:
    pattern = any_of(ctx.config.values.input_metric_patterns)
    fw = ctx.framework
    for i, ind, _ in ctx.rows():
        if ind.level1 not in (fw.output_level1, fw.benefit_level1) or ctx.cost_rows[i]:
            continue
        m = pattern.search(ind.name)
        if m:
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}衡量的是资金投入或拨付过程（“{m.group(0)}”），不是项目的产出或效益",
                "资金拨付、预算执行属于预算执行监控，不作绩效目标；请改为项目实际完成的"
                "工作量、质量、时间或带来的效果。",
            )


@rule("IND-COUNT-LOW", "warning", "指标过少")
def count_low(ctx: Context) -> Iterator[Hit]:
    least = ctx.config.completeness.min_indicators_per_half
    for period in PERIODS:
        count = len(ctx.halves[period])
        if period == "annual" and count == 0:
            continue  # IND-ANNUAL-MISSING
        if count < least:
            yield Hit(
                "indicators",
                f"{PERIOD_LABELS[period]}只有 {count} 个绩效指标，少于 {least} 个",
                "请从产出、效益、满意度各方面设置指标，全面反映项目目标。",
            )
