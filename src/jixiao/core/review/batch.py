"""Across a batch: the same project declared twice, two projects that are one, boilerplate.

Built to scale to a whole province's year (100,000 declarations) on one core:
- names: equal names meet in a dict; near-identical names are neighbours once the names are
  sorted, forwards or backwards, so only neighbours within a small window are compared;
- projects: one-permutation MinHash over character 3-grams and LSH banding give candidate
  pairs, checked by the sketch and then by the exact Jaccard similarity;
- boilerplate: every clause of every text field is counted by its cleaned text.

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


def _same_project_name(a: str, b: str, cfg) -> bool:
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
    names = [clean(d.project_name) for d in ds]
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
                    if j not in partners[i] and _same_project_name(names[i], names[j], cfg):
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


@rule("PROJECT-DUPLICATE", "error", "同一项目重复申报", scope="batch")
def project_duplicate(batch: BatchContext) -> Iterator[tuple[int, Hit]]:
    ds = batch.declarations
    for i, others in sorted(batch.duplicates.items()):
        if others:
            yield (
                i,
                _hit(
                    "project_name",
                    f"{OTHERS}与本项目同名或几乎同名（同为{ds[i].fiscal_year}年度）",
                    "同一项目一年只申报一次：请与相关部门核实，撤回重复的申报表或在名称中写明区别。",
                    sorted(others),
                    len(others),
                ),
            )


def _project_text(d: Declaration) -> str:
    rows = "".join(ind.name + ind.value for ind in d.indicators_of("implementation"))
    return clean((d.overview or "") + rows)


def similar_pairs(
    ds: Sequence[Declaration], config: ReviewConfig, skip: dict[int, set[int]] | None = None
) -> dict[int, dict[int, float]]:
    """Declarations of one year whose overview and indicators are highly similar."""
    cfg = config.batch
    size = cfg.project_shingle_size
    texts = [_project_text(d) for d in ds]
    buckets: dict[tuple, list[int]] = defaultdict(list)
    sketches: list[frozenset[int]] = []
    for i, text in enumerate(texts):
        keys = band_keys(shingle_hashes(text, size), cfg.lsh_bands, cfg.lsh_rows)
        sketches.append(frozenset(h for key in keys for h in key))
        year = ds[i].fiscal_year
        for band, key in enumerate(keys):
            if key:
                buckets[(year, band, key)].append(i)
    # The sketches (the least hashes kept per bin) estimate the similarity; pairs clearly
    # below the threshold stop there, before the exact Jaccard similarity of all 3-grams.
    floor = max(cfg.project_similarity - 0.3, 0.0)
    checked: set[tuple[int, int]] = set()
    found: dict[int, dict[int, float]] = defaultdict(dict)
    exact: dict[int, set[int]] = {}
    for members in buckets.values():
        if len(members) < 2 or len(members) > cfg.max_bucket:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pair = (i, j) if i < j else (j, i)
                if pair in checked or (skip and j in skip.get(i, ())):
                    continue
                checked.add(pair)
                if jaccard(sketches[i], sketches[j]) < floor:
                    continue
                for k in pair:
                    if k not in exact:
                        exact[k] = shingle_hashes(texts[k], size)
                similarity = jaccard(exact[i], exact[j])
                if similarity >= cfg.project_similarity:
                    found[i][j] = found[j][i] = similarity
    return found


@rule("PROJECT-SIMILAR", "warning", "项目内容高度相似", scope="batch")
def project_similar(batch: BatchContext) -> Iterator[tuple[int, Hit]]:
    for i, others in sorted(batch.similar.items()):
        ranked = sorted(others, key=lambda j: (-others[j], j))
        yield (
            i,
            _hit(
                "overview",
                f"项目概况和绩效指标与{OTHERS}高度相似"
                f"（相似度最高 {others[ranked[0]]:.0%}），可能重复申报或重复安排资金",
                "请核实是否为同一项目；如不是，请在项目概况和绩效指标中写明各自的内容和区别。",
                ranked,
                len(ranked),
                similarity=others,
            ),
        )


@rule("TEXT-BOILERPLATE", "hint", "套用大段通用文字", scope="batch")
def text_boilerplate(batch: BatchContext) -> Iterator[tuple[int, Hit]]:
    cfg = batch.config.batch
    fields = batch.config.text.fields
    where: dict[str, dict[int, str]] = defaultdict(dict)
    for i, d in enumerate(batch.declarations):
        for name in fields:
            for clause in _CLAUSES.split(getattr(d, name) or ""):
                key = clean(clause)
                if len(key) >= cfg.boilerplate_min_chars:
                    where[key].setdefault(i, name)
    # (declaration, field) → the declarations sharing each of its passages, in batch order
    # (``where`` was filled in that order).
    hits: dict[tuple[int, str], list[list[int]]] = defaultdict(list)
    for found in where.values():
        if len(found) >= cfg.boilerplate_min_declarations:
            sharing = list(found)
            for i, name in found.items():
                hits[(i, name)].append(sharing)
    for (i, name), groups in sorted(hits.items()):
        text = getattr(batch.declarations[i], name)
        widest = max(groups, key=len)
        passages = "一段文字" if len(groups) == 1 else f"{len(groups)} 段文字，其中最常见的一段"
        yield (
            i,
            _hit(
                name,
                f"「{field_label(name)}」中有{passages}与{OTHERS}逐字相同：“{short(text)}”",
                "通用的套话不能说明本项目；请写出本项目自己的内容。",
                (j for j in widest if j != i),
                len(widest) - 1,
            ),
        )
