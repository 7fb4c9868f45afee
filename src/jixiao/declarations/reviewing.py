"""The review (智能审核) of one declaration, denormalised onto its record.

The rules live in the domain core (``jixiao.core.review``); this module only turns a report
into the record's ``review_*`` fields so that lists filter and sort by grade in SQL.
"""

from __future__ import annotations

from django.utils import timezone

from jixiao.core import declaration as core


def review_fields(decl: core.Declaration) -> dict:
    """The ``review_*`` and ``findings`` fields for a declaration with this content."""
    try:
        from jixiao.core.review import review
    except ImportError:
        # The review engine is built on its own branch; until it is merged nothing is found.
        return {
            "review_score": None,
            "review_grade": "",
            "review_errors": 0,
            "review_warnings": 0,
            "review_hints": 0,
            "findings": [],
            "reviewed_at": None,
        }
    report = review(decl).to_dict()
    findings = report.get("findings", [])
    counts = {"error": 0, "warning": 0, "hint": 0}
    for finding in findings:
        counts[finding["severity"]] = counts.get(finding["severity"], 0) + 1
    return {
        "review_score": report.get("score"),
        "review_grade": report.get("grade") or "",
        "review_errors": counts["error"],
        "review_warnings": counts["warning"],
        "review_hints": counts["hint"],
        "findings": findings,
        "reviewed_at": timezone.now(),
    }


def errors_of(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f.get("severity") == "error"]
