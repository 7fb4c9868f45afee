"""The review (智能审核) of declarations, denormalised onto their records.

The rules live in the domain core (``jixiao.core.review``); this module turns its reports into
the records' ``review_*`` fields so that lists filter and sort by grade in SQL.  A record's
``findings`` are those of the per-declaration rules (``review_fields``, recomputed on every
change of its content) plus those of the rules across the declarations of its fiscal year
(``batch_findings_for``, kept current by ``services.declaration_year_review_refresh``).

The stored messages are read by the declaring department, so a batch finding never names
another department's project or department: it says how many of them there are ("其他部门的
1 个项目").  Its own department's projects it names, as the department sees them anyway.  The
finance bureau, who must find the other side, sees every declaration and finds it by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.conf import settings
from django.utils import timezone

from jixiao.core import declaration as core
from jixiao.core.review import Finding, ReviewConfig, load_config, review
from jixiao.core.review.batch import NAMED_AT_MOST, BatchContext
from jixiao.core.review.engine import score_report
from jixiao.core.review.registry import all_rules

REVIEW_FIELD_NAMES = (
    "review_score",
    "review_grade",
    "review_errors",
    "review_warnings",
    "review_hints",
    "findings",
    "reviewed_at",
)


def review_config() -> ReviewConfig:
    """The deployment's review configuration (``JIXIAO_REVIEW_CONFIG``), else the built-in one."""
    return _config_at(settings.JIXIAO_REVIEW_CONFIG or None)


@cache
def _config_at(path: str | None) -> ReviewConfig:
    return load_config(path)


def batch_rule_ids() -> frozenset[str]:
    return frozenset(r.id for r in all_rules().values() if r.scope == "batch")


def review_fields(decl: core.Declaration) -> dict:
    """The ``review_*`` and ``findings`` fields of the per-declaration rules for this content."""
    config = review_config()
    return summary_fields(decl, [f.to_dict() for f in review(decl, config=config).findings])


def summary_fields(decl: core.Declaration, findings: list[dict]) -> dict:
    """The record's review fields for these findings: counts, score and grade."""
    report = score_report(decl, [Finding(**f) for f in findings], review_config())
    counts = report.counts
    return {
        "review_score": report.score,
        "review_grade": report.grade or "",
        "review_errors": counts["error"],
        "review_warnings": counts["warning"],
        "review_hints": counts["hint"],
        "findings": findings,
        "reviewed_at": timezone.now(),
    }


def own_findings(findings: list[dict]) -> list[dict]:
    """The stored findings of the per-declaration rules (without those across the year)."""
    batch = batch_rule_ids()
    return [f for f in findings if f.get("rule") not in batch]


def batch_findings_for(
    decls: Sequence[core.Declaration], departments: Sequence[object]
) -> list[list[dict]]:
    """The findings of the rules across ``decls`` (one fiscal year), for each declaration,
    worded for its department (``departments[i]``: any key telling departments apart)."""
    config = review_config()
    # The rules run here rather than through ``engine.batch_findings`` so that the pairs they
    # found (cached on the context) word the messages without being computed twice.
    batch = BatchContext(list(decls), config)
    found: list[list[dict]] = [[] for _ in decls]
    for rule in all_rules().values():
        if rule.scope != "batch" or not config.is_enabled(rule.id):
            continue
        for index, hit in rule.check(batch):
            message = hit.message
            if rule.id == "PROJECT-DUPLICATE":
                others = sorted(batch.duplicates.get(index, ()))
                message = (
                    f"{decls[index].fiscal_year}年已有同名或几乎同名的项目："
                    f"{_others(index, others, decls, departments)}"
                )
            elif rule.id == "PROJECT-SIMILAR":
                scores = batch.similar[index]
                ranked = sorted(scores, key=lambda j: (-scores[j], j))
                message = (
                    f"项目概况和绩效指标与{_others(index, ranked, decls, departments)}高度相似"
                    f"（相似度最高 {scores[ranked[0]]:.0%}），可能重复申报或重复安排资金"
                )
            severity = config.severity_of(rule.id, rule.severity)
            found[index].append(Finding(rule.id, severity, hit.field, message, hit.hint).to_dict())
    return found


def _others(
    index: int, others: list[int], decls: Sequence[core.Declaration], departments: Sequence
) -> str:
    """「甲项目」、「乙项目」 for the department's own, 其他部门的 N 个项目 for the rest."""
    own = [j for j in others if departments[j] == departments[index]]
    parts = []
    if own:
        named = "、".join(f"「{decls[j].project_name}」" for j in own[:NAMED_AT_MOST])
        more = f"等 {len(own)} 个项目" if len(own) > NAMED_AT_MOST else ""
        parts.append(f"本部门的{named}{more}")
    if len(others) > len(own):
        parts.append(f"其他部门的 {len(others) - len(own)} 个项目")
    return "和".join(parts)


def errors_of(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f.get("severity") == "error"]
