"""Relevance and text quality (相关性): fields that copy each other, text cut off, goals
unrelated to the project, an overview that contradicts the indicators."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from jixiao.core.review.context import Context, field_label, indicator_field, row_label, short
from jixiao.core.review.registry import Hit, rule
from jixiao.core.review.similarity import clean, containment, jaccard, shingles

GOALS = ("goal_implementation", "goal_annual")


def _cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


_ALL_CJK = re.compile("[\u4e00-\u9fff]+")
_CLAUSE_END = re.compile(r"[，,、；;。！？!?：:\s]")
_AFTER_END = re.compile(r"[0-9，,、；;。！？!?：:\s]")


def _copy_of(a: str, b: str, ctx: Context) -> str | None:
    """How text ``b`` repeats text ``a`` (both cleaned), or None when it does not."""
    cfg = ctx.config.text
    if a == b:
        return "内容相同"
    short_len, long_len = sorted((len(a), len(b)))
    # Jaccard can reach the threshold only between texts of similar length.
    maybe_similar = short_len >= cfg.copied_similarity * long_len
    if not maybe_similar and short_len < cfg.copied_containment_min_chars:
        return None
    sa, sb = ctx.shingles_of(a), ctx.shingles_of(b)
    similarity = jaccard(sa, sb) if maybe_similar else 0.0
    if similarity >= cfg.copied_similarity:
        return f"内容几乎相同（相似度 {similarity:.0%}）"
    (small, s_small), (big, s_big) = sorted(((a, sa), (b, sb)), key=lambda p: len(p[0]))
    if len(small) >= cfg.copied_containment_min_chars:
        share = containment(s_small, s_big)
        if share >= cfg.copied_containment:
            return f"内容重复：较短的一栏有 {share:.0%} 的文字出现在另一栏中"
    return None


@rule("TEXT-COPIED", "warning", "不同栏目内容雷同")
def text_copied(ctx: Context) -> Iterator[Hit]:
    cfg = ctx.config.text
    d = ctx.declaration
    texts = {name: ctx.cleaned(name) for name in cfg.fields}
    texts = {name: t for name, t in texts.items() if len(t) >= cfg.copied_min_chars}
    # A one-off project's annual goal is its implementation goal: the pair is exempt, and an
    # annual goal equal to the implementation goal is reported through that goal alone.
    if (
        "goal_annual" in texts
        and "goal_implementation" in texts
        and _copy_of(texts["goal_implementation"], texts["goal_annual"], ctx)
    ):
        del texts["goal_annual"]
    names = list(texts)
    for j, later in enumerate(names):
        for earlier in names[:j]:
            how = _copy_of(texts[earlier], texts[later], ctx)
            if how:
                yield Hit(
                    later,
                    f"「{field_label(later)}」与「{field_label(earlier)}」{how}："
                    f"“{short(getattr(d, later))}”",
                    f"每一栏回答不同的问题：请按“{field_label(later)}”的要求重新填写，"
                    "不要照抄其他栏目。",
                )
                break


def _truncation(
    text: str, ctx: Context, form: set[str] | None = None, joined: str = ""
) -> str | None:
    """Why ``text`` looks cut off at its end, or None.  ``form`` is every text of the form
    (``joined`` the same joined by newlines), for the test of a word begun at the end and
    written out elsewhere (None: no such test)."""
    cfg = ctx.config.text
    text = text.strip()
    if len(text) < 2:
        return None
    last = text[-1]
    if last in cfg.dangling_end_chars:
        return f"以“{last}”结尾"
    if ("（" in text or "(" in text) and (
        text.count("（") + text.count("(") > text.count("）") + text.count(")")
    ):
        return "括号没有闭合"
    if last in cfg.magnitude_chars and text[-2].isdigit():
        return f"数字“{text[-6:]}”后缺少单位"
    if not _cjk(last):
        return None
    if len(text) > 2 and _CLAUSE_END.match(text[-2]):
        return f"最后一句只有一个字“{last}”"
    if len(text) >= 3 and text[-2] in cfg.dangling_conjunctions and _cjk(text[-3]):
        return f"以“{text[-3:]}”结尾，连词后只有一个字"
    if (
        len(text) >= 3
        and text[-3] == last != text[-2]
        and text[-2] not in cfg.reduplication_exempt
        and _cjk(text[-2])
    ):
        return f"以“{text[-3:]}”结尾，像是词语写到一半"
    # The last characters start a longer word that the form writes out in at least two other
    # places, always continued the same way (…骨灰堂建筑面, where the form has 建筑面积).
    if form is not None:
        for k in (4, 3):
            tail = text[-k:]
            # ``joined`` counts every place at least once (a tail of CJK characters cannot span
            # the newlines): when it has too few, the exact count per text is not needed.
            if (
                not _ALL_CJK.fullmatch(tail)
                or text.count(tail) + joined.count(tail) < 3
                or text.count(tail) + sum(tail in t for t in form) < 3
            ):
                continue  # the end itself, and at least two more places
            others = [t for t in form if t != text] + [text[:-1]]
            sources = [o for o in others if tail in o]
            if len(sources) < 2:
                continue
            followers = {
                m.group(1) for o in sources for m in re.finditer(re.escape(tail) + r"(.)", o)
            }
            if len(followers) == 1 and _cjk(next(iter(followers))):
                return f"“{tail}”在表中别处都写作“{tail}{next(iter(followers))}”"
    return None


@rule("TEXT-TRUNCATED", "hint", "文字被截断")
def text_truncated(ctx: Context) -> Iterator[Hit]:
    d = ctx.declaration
    fields = [(name, getattr(d, name) or "") for name in ctx.config.text.fields]
    everything = {t for _, t in fields} | {ind.name for ind in ctx.indicators} | {d.project_name}
    everything.discard("")
    joined = "\n".join(everything)
    # A free-text field is compared with every other text of the form, and with itself minus
    # its end; indicator names are too short for that test.
    for key, text in fields:
        why = _truncation(text, ctx, everything, joined) if text else None
        if why is not None:
            yield Hit(
                key,
                f"「{field_label(key)}」似乎被截断：“…{text[-15:]}”{why}",
                "请核对原表，补全被截断的文字。",
            )
    verdicts: dict[str, str | None] = {}  # names repeat in the two halves
    for i, ind in enumerate(ctx.indicators):
        text = ind.name
        if not text:
            continue
        if text not in verdicts:
            verdicts[text] = _truncation(text, ctx)
        why = verdicts[text]
        if why is not None:
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的名称似乎不完整：{why}",
                "请核对原表，补全被截断的文字。",
            )


@lru_cache(maxsize=32)
def _generic_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@rule("GOAL-UNRELATED", "warning", "总体目标与项目无关")
def goal_unrelated(ctx: Context) -> Iterator[Hit]:
    cfg = ctx.config.text
    d = ctx.declaration
    reference = "\n".join(
        [clean(d.project_name), ctx.cleaned("overview"), ctx.cleaned("plan"), *ctx.names]
    )
    generic = _generic_pattern(cfg.goal_generic_words)
    seen: set[str] = set()
    for name in GOALS:
        goal = getattr(d, name) or ""
        if not ctx.cleaned(name) or ctx.cleaned(name) in seen:
            continue  # empty (FIELD-MISSING), or the same goal again
        seen.add(ctx.cleaned(name))
        content: set[str] = set()
        for part in map(clean, generic.split(goal)):
            if len(part) > 1:
                content |= shingles(part, cfg.shingle_size)
        share = sum(s in reference for s in content) / len(content) if content else 0.0
        if share > cfg.goal_related_min_share:
            continue
        if len(content) < cfg.goal_min_shingles:
            why = "几乎只讲资金和程序，没有说明项目要做成什么"
        else:
            why = f"与项目名称、概况和绩效指标几乎没有共同内容（重合 {share:.0%}）"
        yield Hit(
            name,
            f"「{field_label(name)}」“{short(goal)}”{why}",
            "总体目标应写明本项目到期完成的产出和带来的效果，如“完成 11 条、20.8 公里农村公路改造，"
            "改善沿线群众出行条件”。",
        )


@lru_cache(maxsize=32)
def _figure_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)\s*({alternatives})")


def _in_base(number: Decimal, unit: str | None, factors: dict) -> tuple[Decimal, str | None]:
    if unit in factors:
        base, factor = factors[unit]
        return number * Decimal(str(factor)), base
    return number, unit


def _figures(ctx: Context, overview: str):
    """``(number, base unit, words around it, as printed)`` for each figure in the overview."""
    cfg = ctx.config.text
    for m in _figure_pattern(cfg.overview_units).finditer(overview):
        before = _CLAUSE_END.split(
            overview[max(0, m.start() - cfg.overview_label_chars) : m.start()]
        )[-1]
        after = _AFTER_END.split(overview[m.end() : m.end() + 4])[0]
        try:
            number = Decimal(m.group(1))
        except InvalidOperation:
            continue
        value, unit = _in_base(number, m.group(2), cfg.unit_factors)
        yield value, unit, before + m.group(2) + after, m.group(0)


@rule("OVERVIEW-CONTRADICTS", "warning", "项目概况与绩效指标数字矛盾")
def overview_contradicts(ctx: Context) -> Iterator[Hit]:
    cfg = ctx.config.text
    overview = ctx.declaration.overview or ""
    figures = list(_figures(ctx, overview))
    if not figures:
        return
    tolerance = Decimal(str(cfg.overview_tolerance))
    units = {f[1] for f in figures}
    for i, ind, reading in ctx.rows():
        if not reading.is_quantity or reading.number is None:
            continue
        unit = reading.unit
        if (cfg.unit_factors[unit][0] if unit in cfg.unit_factors else unit) not in units:
            continue  # the overview states nothing in this row's unit
        measure = next(
            (m for m in cfg.overview_measures if m in ind.name + (reading.unit or "")), None
        )
        if measure is None:
            continue
        value, unit = _in_base(reading.number, reading.unit, cfg.unit_factors)
        same = [f for f in figures if f[1] == unit and measure in f[2]]
        if not same:
            continue

        def agrees(figure, value=value, cmp=reading.comparator) -> bool:
            stated = figure[0]
            if cmp in (">=", ">"):
                return stated >= value * (1 - tolerance)
            if cmp in ("<=", "<"):
                return stated <= value * (1 + tolerance)
            return abs(stated - value) <= tolerance * max(abs(value), Decimal(1))

        if not any(agrees(f) for f in same):
            stated = "、".join(f[3] for f in same)
            yield Hit(
                indicator_field(i),
                f"{row_label(ind)}的目标值「{ind.value}」与项目概况中的“{measure}”{stated}不一致",
                "请核对项目概况和绩效指标，使同一数量前后一致。",
            )


@rule("GOAL-HALVES-DIFFER", "hint", "一次性项目年度目标与实施期目标不同")
def goal_halves_differ(ctx: Context) -> Iterator[Hit]:
    d = ctx.declaration
    if d.project_type != "one_off":
        return
    whole, annual = ctx.cleaned("goal_implementation"), ctx.cleaned("goal_annual")
    if whole and annual and whole != annual:
        yield Hit(
            "goal_annual",
            f"一次性项目的年度目标“{short(d.goal_annual)}”与实施期目标“{short(d.goal_implementation)}”不同",
            "一次性项目一年内完成，年度目标应与实施期目标一致。",
        )
