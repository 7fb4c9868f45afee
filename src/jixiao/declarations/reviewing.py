"""The review (智能审核) of declarations, denormalised onto their records.

The rules live in the domain core (``jixiao.core.review``); this module turns its reports into
the records' ``review_*`` fields so that lists filter and sort by grade in SQL.  A record's
``findings`` are those of the per-declaration rules (``review_fields``, recomputed on every
change of its content) plus those of the rules across the declarations of its fiscal year
(``batch_findings_for``, kept current by ``services.declaration_year_review_refresh``).

A finding across the year refers to the other declarations by pk (``refs``), never by name:
its stored ``message`` counts them ("与另外 2 个项目高度相似"), and ``finding_text`` words it
for each reader, naming those the reader may see.  A stored finding is read by whoever may see
the declaration, so the stored text must hold nothing of any other declaration.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.conf import settings
from django.utils import timezone

from jixiao.core import declaration as core
from jixiao.core.review import Finding, ReviewConfig, load_config, review
from jixiao.core.review.engine import batch_hits, score_report
from jixiao.core.review.findings import name_others
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
    scored = [Finding(f["rule"], f["severity"], f.get("field") or "", "") for f in findings]
    report = score_report(decl, scored, review_config())
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


def batch_findings_for(decls: Sequence[core.Declaration], pks: Sequence[int]) -> list[list[dict]]:
    """The findings of the rules across ``decls`` (one fiscal year), for each declaration, the
    others referred to by their pk (``pks[i]`` is that of ``decls[i]``)."""
    config = review_config()
    found: list[list[dict]] = [[] for _ in decls]
    for index, rule, hit in batch_hits(list(decls), config):
        found[index].append(batch_finding(rule, hit, config, pks.__getitem__))
    return found


def batch_finding(rule, hit, config: ReviewConfig, pk_of) -> dict:
    """A finding of a rule across the year as stored: besides the core's keys, ``refs`` (the
    others as ``{"id": pk}``, with ``similarity`` for PROJECT-SIMILAR; ``pk_of`` maps the
    hit's references to pks), and when it names them, ``template`` (its message with
    ``findings.OTHERS`` where they go) and ``unlisted`` (how many more there are than
    ``refs`` keeps).  Its ``message`` names none of them."""
    severity = config.severity_of(rule.id, rule.severity)
    finding = Finding(rule.id, severity, hit.field, hit.message, hit.hint).to_dict()
    finding["refs"] = [
        {"id": pk_of(r.index), **({} if r.similarity is None else {"similarity": r.similarity})}
        for r in hit.refs
    ]
    if hit.refs:
        finding["message"] = name_others(hit.message, [None] * len(hit.refs), hit.unlisted)
        finding["template"] = hit.message
        finding["unlisted"] = hit.unlisted
    return finding


def errors_of(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f.get("severity") == "error"]
