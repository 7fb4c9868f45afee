"""Across a batch: the same project declared twice, two projects that are one, boilerplate.

Built to scale to a whole province's year (100,000 declarations) on one core:
- names: equal names meet in a dict; near-identical names are neighbours once the names are
  sorted, forwards or backwards, so only neighbours within a small window are compared;
- projects: one-permutation MinHash over character 3-grams and LSH banding give candidate
  pairs, checked by the sketch and then by the exact Jaccard similarity;
- boilerplate: every clause of every text field is counted by its cleaned text.

Each relation is local, so that a year can be kept current one declaration at a time
(``declarations.year_index``) with the same findings as a review of the whole year: two
declarations are duplicates when their names pass ``same_project_name`` and they stand within
``NAME_WINDOW`` of each other in the year's names sorted forwards or backwards (ties in batch
order), or their names are equal; similar when they share a band key of a bucket of at most
``max_bucket`` and ``project_similarity`` passes; a passage is boilerplate when at least
``boilerplate_min_declarations`` declarations hold it.  The findings of one declaration are
built from its own relations only (``duplicate_hit``, ``similar_hit``, ``boilerplate_hits``);
counts that a whole year's growth would change on every save stop at ``REFS_KEPT``.

A finding names the other declarations by reference (``Hit.refs``, indices into the batch),
never in its text: who may read which of them is the reader's business (``describe`` names
them for ``jixiao review``, where the batch is the reader's own files).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice

from jixiao.core.declaration import Declaration
from jixiao.core.review.config import ReviewConfig
from jixiao.core.review.context import field_label, short
from jixiao.core.review.findings import OTHERS, REFS_KEPT, Ref
from jixiao.core.review.registry import Hit, rule
from jixiao.core.review.similarity import band_keys, clean, jaccard, shingle_hashes

# Sorted-name neighbours compared with each name.
NAME_WINDOW = 4
_CLAUSES = re.compile("[。；;！!？?\n]")


@dataclass
class BatchContext:
    declarations: Sequence[Declaration]
    config: ReviewConfig

    @cached_property
    def duplicates(self) -> dict[int, set[int]]:
        return duplicate_pairs(self.declarations, self.config)

    @cached_property
    def similar(self) -> dict[int, dict[int, float]]:
        return similar_pairs(self.declarations, self.config, skip=self.duplicates)

    @cached_property
    def boilerplate(self) -> dict[int, dict[str, tuple[int, set[int]]]]:
        return boilerplate_groups(self.declarations, self.config)


def describe(d: Declaration) -> str:
    """How a message names another declaration: 「项目名称」（主管部门）."""
    dept = d.department_name or d.department_code or "未填主管部门"
    return f"「{d.project_name}」（{dept}）"


def _hit(
    field: str,
    message: str,
    hint: str,
    others: Iterable[int],
    total: int,
    similarity: dict[int, float] | None = None,
) -> Hit:
    """A hit about ``total`` other declarations, the first ``REFS_KEPT`` of ``others`` kept."""
    refs = tuple(
        Ref(j, round(similarity[j], 3) if similarity else None) for j in islice(others, REFS_KEPT)
    )
    return Hit(field, message, hint, refs, total - len(refs))


# -- names ---------------------------------------------------------------------------------


def name_key(d: Declaration) -> str:
    """The name as the duplicate rule compares it (``clean``); empty: never a duplicate."""
    return clean(d.project_name)


def same_project_name(a: str, b: str, cfg) -> bool:
    """Whether two cleaned names are one project's: equal, or near-identical (difflib ratio)
    without differing only in the distinguishing characters (digits, 第…批)."""
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.quick_ratio() < cfg.name_similarity or matcher.ratio() < cfg.name_similarity:
        return False
    # 第一批 / 第二批, 2023年 / 2024年: names that differ only in numbers are different projects.
    distinguishing = set(cfg.name_distinguishing_chars)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal" and set(a[i1:i2] + b[j1:j2]) <= distinguishing:
            return False
    return True


def duplicate_pairs(ds: Sequence[Declaration], config: ReviewConfig) -> dict[int, set[int]]:
    """Declarations of one year whose names are the same or near-identical, by index."""
    cfg = config.batch
    names = [name_key(d) for d in ds]
    partners: dict[int, set[int]] = defaultdict(set)
    by_year: dict[int, list[int]] = defaultdict(list)
    for i, d in enumerate(ds):
        if names[i]:
            by_year[d.fiscal_year].append(i)
    for members in by_year.values():
        for order in (
            sorted(members, key=lambda i: names[i]),
            sorted(members, key=lambda i: names[i][::-1]),
        ):
            for pos, i in enumerate(order):
                for j in order[pos + 1 : pos + 1 + NAME_WINDOW]:
                    if j not in partners[i] and same_project_name(names[i], names[j], cfg):
                        partners[i].add(j)
                        partners[j].add(i)
        # Equal names further apart than the window (many of them) still meet here.
        equal: dict[str, list[int]] = defaultdict(list)
        for i in members:
            equal[names[i]].append(i)
        for group in equal.values():
            for i in group:
                partners[i].update(j for j in group if j != i)
    return partners


def duplicate_hit(d: Declaration, others: Iterable[int]) -> Hit | None:
    """PROJECT-DUPLICATE of ``d`` with these partners (ids in batch order), if any."""
    others = sorted(others)
    if not others:
        return None
    return _hit(
        "project_name",
        f"{OTHERS}与本项目同名或几乎同名（同为{d.fiscal_year}年度）",
        "同一项目一年只申报一次：请与相关部门核实，撤回重复的申报表或在名称中写明区别。",
        others,
        len(others),
    )


@rule("PROJECT-DUPLICATE", "error", "同一项目重复申报", scope="batch")
def project_duplicate(batch: BatchContext) -> Iterator[tuple[int, Hit]]:
    for i, others in sorted(batch.duplicates.items()):
        hit = duplicate_hit(batch.declarations[i], others)
        if hit is not None:
            yield i, hit


# -- projects ------------------------------------------------------------------------------


def project_text(d: Declaration) -> str:
    """What PROJECT-SIMILAR compares: the overview and the implementation indicators."""
    rows = "".join(ind.name + ind.value for ind in d.indicators_of("implementation"))
    return clean((d.overview or "") + rows)


@dataclass(frozen=True)
class Sketch:
    """A project text's LSH band keys (one int per non-empty band, the band folded in) and
    the least hashes they hold, which estimate the similarity before the exact measure."""

    text: str
    bands: tuple[int, ...]
    hashes: frozenset[int]


def sketch_of(text: str, config: ReviewConfig) -> Sketch:
    cfg = config.batch
    keys = band_keys(shingle_hashes(text, cfg.project_shingle_size), cfg.lsh_bands, cfg.lsh_rows)
    bands = tuple(hash((band, *key)) for band, key in enumerate(keys) if key)
    return Sketch(text, bands, frozenset(h for key in keys for h in key))


def project_similarity(
    a: Sketch, b: Sketch, config: ReviewConfig, exact: dict[str, set[int]] | None = None
) -> float | None:
    """The similarity of two projects if at least ``project_similarity``, else ``None``
    (``exact``: a cache of the texts' full shingle sets)."""
    cfg = config.batch
    # Pairs clearly below the threshold stop at the sketches, before the exact Jaccard
    # similarity of all 3-grams.
    if jaccard(a.hashes, b.hashes) < max(cfg.project_similarity - 0.3, 0.0):
        return None
    exact = {} if exact is None else exact
    for s in (a, b):
        if s.text not in exact:
            exact[s.text] = shingle_hashes(s.text, cfg.project_shingle_size)
    similarity = jaccard(exact[a.text], exact[b.text])
    return similarity if similarity >= cfg.project_similarity else None


def similar_pairs(
    ds: Sequence[Declaration], config: ReviewConfig, skip: dict[int, set[int]] | None = None
) -> dict[int, dict[int, float]]:
    """Declarations of one year whose overview and indicators are highly similar."""
    cfg = config.batch
    sketches = [sketch_of(project_text(d), config) for d in ds]
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, sketch in enumerate(sketches):
        for band in sketch.bands:
            buckets[(ds[i].fiscal_year, band)].append(i)
    checked: set[tuple[int, int]] = set()
    found: dict[int, dict[int, float]] = defaultdict(dict)
    exact: dict[str, set[int]] = {}
    for members in buckets.values():
        if len(members) < 2 or len(members) > cfg.max_bucket:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pair = (i, j) if i < j else (j, i)
                if pair in checked or (skip and j in skip.get(i, ())):
                    continue
                checked.add(pair)
                similarity = project_similarity(sketches[i], sketches[j], config, exact)
                if similarity is not None:
                    found[i][j] = found[j][i] = similarity
    return found


def similar_hit(others: dict[int, float]) -> Hit | None:
    """PROJECT-SIMILAR with these partners (id → similarity), if any."""
    if not others:
        return None
    ranked = sorted(others, key=lambda j: (-others[j], j))
    return _hit(
        "overview",
        f"项目概况和绩效指标与{OTHERS}高度相似"
        f"（相似度最高 {others[ranked[0]]:.0%}），可能重复申报或重复安排资金",
        "请核实是否为同一项目；如不是，请在项目概况和绩效指标中写明各自的内容和区别。",
        ranked,
        len(ranked),
        similarity=others,
    )


@rule("PROJECT-SIMILAR", "warning", "项目内容高度相似", scope="batch")
def project_similar(batch: BatchContext) -> Iterator[tuple[int, Hit]]:
    for i, others in sorted(batch.similar.items()):
        hit = similar_hit(others)
        if hit is not None:
            yield i, hit


# -- boilerplate ---------------------------------------------------------------------------


def passages_of(d: Declaration, config: ReviewConfig) -> dict[int, str]:
    """The passages of ``d`` long enough to count as boilerplate: key → the first text field
    (in the configured order) that holds it."""
    cfg = config.batch
    found: dict[int, str] = {}
    for name in config.text.fields:
        for clause in _CLAUSES.split(getattr(d, name) or ""):
            key = clean(clause)
            if len(key) >= cfg.boilerplate_min_chars:
                found.setdefault(passage_key(key), name)
    return found


def passage_key(cleaned: str) -> int:
    return hash(tuple(map(ord, cleaned)))


def boilerplate_groups(
    ds: Sequence[Declaration], config: ReviewConfig
) -> dict[int, dict[str, tuple[int, set[int]]]]:
    """Declaration → field → (how many of its passages are boilerplate, the other declarations
    holding any of them — counted up to ``REFS_KEPT + 1``)."""
    cfg = config.batch
    where: dict[int, dict[int, str]] = defaultdict(dict)
    for i, d in enumerate(ds):
        for key, name in passages_of(d, config).items():
            where[key][i] = name
    out: dict[int, dict[str, tuple[int, set[int]]]] = defaultdict(dict)
    for found in where.values():
        if len(found) < cfg.boilerplate_min_declarations:
            continue
        for i, name in found.items():
            count, others = out[i].get(name, (0, set()))
            if len(others) <= REFS_KEPT:
                others |= set(islice((j for j in found if j != i), REFS_KEPT + 1))
            out[i][name] = (count + 1, others)
    return out


def boilerplate_hits(d: Declaration, by_field: dict[str, tuple[int, set[int]]]) -> list[Hit]:
    """TEXT-BOILERPLATE of ``d``, one hit per text field holding boilerplate: the others are
    named when there are at most ``REFS_KEPT`` of them, else said to be more (a passage in
    that many forms is a template; its count is not kept exact on every save)."""
    hits = []
    for name, (count, others) in sorted(by_field.items()):
        text = getattr(d, name)
        passages = "一段文字" if count == 1 else f"{count} 段文字"
        where = f"「{field_label(name)}」中有{passages}"
        hint = "通用的套话不能说明本项目；请写出本项目自己的内容。"
        if len(others) > REFS_KEPT:
            message = f"{where}在本年度另外 {REFS_KEPT} 多份申报表中逐字出现：“{short(text)}”"
            hits.append(Hit(name, message, hint))
        else:
            message = f"{where}与{OTHERS}逐字相同：“{short(text)}”"
            hits.append(_hit(name, message, hint, sorted(others), len(others)))
    return hits


@rule("TEXT-BOILERPLATE", "hint", "套用大段通用文字", scope="batch")
def text_boilerplate(batch: BatchContext) -> Iterator[tuple[int, Hit]]:
    for i, by_field in sorted(batch.boilerplate.items()):
        for hit in boilerplate_hits(batch.declarations[i], by_field):
            yield i, hit
