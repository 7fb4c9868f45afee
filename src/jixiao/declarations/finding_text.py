"""Stored findings as one reader reads them: the one place findings are worded for a viewer.

A finding across the year refers to other declarations by pk (``refs``, see ``reviewing``).
Whoever reads it gets the ones they may see (``Declaration.objects.visible_to``) named, with a
link to the declaration, and the others counted: a department reads its own projects by name,
and "另外 2 个项目" for another department's drafts; the finance bureau reads every name.  The
referenced declarations of a whole page are fetched in one query.

A finding of a rule across the year stored before references existed (no ``refs``) carried
names in its text; it is shown without them until the year is reviewed again.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from jixiao.core.review.findings import name_others
from jixiao.core.review.registry import all_rules
from jixiao.declarations.models import Declaration
from jixiao.declarations.reviewing import batch_rule_ids

# The keys of a finding every reader gets (``template`` and the raw ``refs`` stay stored).
_SHOWN_KEYS = ("rule", "severity", "field", "hint")


def legacy_message(rule_id: str) -> str:
    """What a finding across the year stored with names in its text says instead."""
    rule = all_rules().get(rule_id)
    title = rule.title if rule else rule_id
    return f"{title}（涉及同年度的其他申报表，重新审核后列出）"


def findings_for_viewer(findings: list[dict] | None, user, *, html: bool = True) -> list[dict]:
    """One declaration's stored findings worded for ``user`` (see ``findings_for_viewers``)."""
    return findings_for_viewers([findings or []], user, html=html)[0]


def findings_for_viewers(
    lists: Sequence[list[dict] | None], user, *, html: bool = True
) -> list[list[dict]]:
    """Several declarations' stored findings worded for ``user``, in one query.

    Each finding keeps ``rule``, ``severity``, ``field`` and ``hint``; its ``message`` names
    the referenced declarations ``user`` may see and counts the rest.  ``html``: the message
    is safe HTML with a link to each one named (for the pages); otherwise plain text, with
    ``refs`` listing the ones named (id, project name, department, similarity, page) and
    ``others`` counting the rest (for the API).
    """
    lists = [list(found or ()) for found in lists]
    wanted = {ref["id"] for found in lists for f in found for ref in f.get("refs") or ()}
    seen = _visible(user, wanted)
    batch = batch_rule_ids()
    return [[_shown(f, seen, batch, html) for f in found] for found in lists]


def _visible(user, pks: set[int]) -> dict[int, dict]:
    if not pks:
        return {}
    rows = (
        Declaration.objects.visible_to(user)
        .filter(pk__in=pks)
        .values_list("pk", "project_name", "department__name")
    )
    return {
        pk: {
            "id": pk,
            "project_name": name,
            "department": department,
            "url": reverse("web:declaration_detail", args=[pk]),
        }
        for pk, name, department in rows
    }


def _shown(finding: dict, seen: dict[int, dict], batch: frozenset[str], html: bool) -> dict:
    out = {key: finding.get(key, "") for key in _SHOWN_KEYS}
    refs = finding.get("refs")
    if refs and finding.get("template"):
        return {**out, **_named(finding, refs, seen, html)}
    if refs is None and finding.get("rule") in batch:
        message = legacy_message(finding["rule"])
    else:
        message = finding.get("message", "")
    if html:
        return {**out, "message": conditional_escape(message)}
    return {**out, "message": message}


def _named(finding: dict, refs: list[dict], seen: dict[int, dict], html: bool) -> dict:
    """The message naming the referenced declarations in ``seen``, counting the rest."""
    shown = [{**seen[r["id"]], **_similarity(r)} if r["id"] in seen else None for r in refs]
    unlisted = finding.get("unlisted") or 0
    if html:
        links = [
            None
            if s is None
            else format_html(
                '<a href="{}">「{}」</a>（{}）', s["url"], s["project_name"], s["department"]
            )
            for s in shown
        ]
        # Every part is escaped: the template here, the names by format_html.
        message = name_others(conditional_escape(finding["template"]), links, unlisted)
        return {"message": mark_safe(message)}  # noqa: S308
    names = [None if s is None else f"「{s['project_name']}」（{s['department']}）" for s in shown]
    named = [s for s in shown if s is not None]
    return {
        "message": name_others(finding["template"], names, unlisted),
        "refs": named,
        "others": len(refs) - len(named) + unlisted,
    }


def _similarity(ref: dict) -> dict:
    return {"similarity": ref["similarity"]} if "similarity" in ref else {}
