"""One declaration: the printed form with findings and comments beside their cells, the
timeline, the actions this user may take, versions and the changes a revision makes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from jixiao.core import declaration as core
from jixiao.declarations import history, permissions
from jixiao.declarations.access import get_declaration_for_user
from jixiao.declarations.finding_text import findings_for_viewer
from jixiao.declarations.models import (
    APPROVED_STATUSES,
    REVIEW_DIMENSIONS,
    Conclusion,
    Declaration,
    Status,
)
from jixiao.monitoring.models import MonitoringReport, MonitoringRound, SelfEvaluation
from jixiao.web.changes import change_rows, diff_rows
from jixiao.web.context import framework_of, printed_context
from jixiao.web.placement import field_choices


def _in_scope_or_public(request, pk) -> Declaration:
    """The declaration for an internal page, or a redirect target: someone who sees it only
    because it is published reads the public page (phone masked), not the internal one."""
    return get_declaration_for_user(request.user, pk)


@login_required
def declaration_detail(request, pk):
    record = _in_scope_or_public(request, pk)
    if not permissions.in_scope(request.user, record):
        return redirect("web:public_detail", pk=record.pk)
    return detail_response(request, record)


def detail_response(request, record: Declaration, *, forms: dict | None = None, status=200):
    """The declaration's page; ``forms``: what a refused action form posted, shown again
    with its message at the field (see ``actions.py``)."""
    decl = record.to_core()
    comments = list(record.comments.select_related("author"))
    context = printed_context(
        decl,
        framework=framework_of(record),
        findings=findings_for_viewer(record.findings, request.user),
        comments=comments,
    )
    allowed = permissions.allowed_actions(request.user, record)
    open_revision = None
    if record.revision_of_id is None:
        open_revision = Declaration.objects.open_revisions().filter(revision_of=record).first()
    context.update(
        {
            "nav": "declare",
            "record": record,
            "allowed": allowed,
            "entries": record.audit_entries.select_related("actor"),
            "versions": list(record.versions.all()),
            "since_return": _since_return(record, decl, context["rows"]),
            "forms": forms or {},
            "open_revision": open_revision,
            "field_choices": field_choices(context["rows"]),
            "conclusions": Conclusion.choices,
            "dimensions": _dimension_values((forms or {}).get("conclude")),
            "comments": comments,
            "show_handler": settings.JIXIAO_PUBLIC_SHOW_HANDLER,
            **_monitoring_context(record),
        }
    )
    return render(request, "web/declaration_detail.html", context, status=status)


def _dimension_values(posted: dict | None) -> list[tuple[str, str]]:
    """Each review dimension with the answer to select: what was posted, else 通过 ("1")."""
    given = (posted or {}).get("dimensions") or {}
    return [(name, given.get(name, "1")) for name in REVIEW_DIMENSIONS]


# While the form is with a reviewer again (or back with its filer), what changed since the
# reviewer returned it: the version they saw.
_SINCE_RETURN_STATUSES = (Status.RETURNED, Status.SUBMITTED, Status.DEPT_APPROVED)


def _since_return(record: Declaration, decl: core.Declaration, rows) -> dict | None:
    if record.status not in _SINCE_RETURN_STATUSES:
        return None
    found = history.changes_since_return(record, decl.to_dict())
    if found is None:
        return None
    entry, changes = found
    if record.status == Status.RETURNED and not changes:
        return None  # back with the filer, nothing changed yet: the comments say it all
    return {"entry": entry, "changes": change_rows(changes, rows)}


def _monitoring_context(record: Declaration) -> dict:
    """An approved declaration is monitored during its year and self-evaluated after it: the
    page links to its report in each round of that year and to its self-evaluation."""
    if record.status not in APPROVED_STATUSES:
        return {}
    reports = {
        report.round_id: report
        for report in MonitoringReport.objects.filter(declaration=record).only("round", "light")
    }
    rounds = MonitoringRound.objects.for_year(record.fiscal_year)
    return {
        "monitoring": [(r, reports.get(r.pk)) for r in rounds],
        "self_evaluation": SelfEvaluation.objects.filter(declaration=record).first(),
    }


@login_required
def declaration_changes(request, pk):
    """A revision beside the approved version it revises, field by field."""
    record = get_declaration_for_user(request.user, pk, for_update=True)
    if record.revision_of_id is None:
        raise Http404("该申报表不是修订稿")
    original = record.revision_of
    approved = original.to_core()
    revised = record.to_core()
    framework = framework_of(record)
    context = printed_context(approved, framework=framework)
    context.update(
        {
            "nav": "declare",
            "record": record,
            "original": original,
            "changes": diff_rows(approved.to_dict(), revised.to_dict(), context["rows"]),
            "before_label": _approved_label(original),
            "after_label": "修订稿",
        }
    )
    return render(request, "web/declaration_changes.html", context)


@login_required
def declaration_version(request, pk, number):
    """One approved version as it was, and what has changed since."""
    record = get_declaration_for_user(request.user, pk, for_update=True)
    version = get_object_or_404(record.versions, number=number)
    snapshot = core.Declaration.from_dict(version.data)
    current = record.to_core()
    context = printed_context(snapshot, framework=framework_of(record))
    context.update(
        {
            "nav": "declare",
            "record": record,
            "version": version,
            "changes": diff_rows(snapshot.to_dict(), current.to_dict(), context["rows"]),
            "before_label": f"批复版本 第 {version.number} 版",
            "after_label": "当前内容",
        }
    )
    return render(request, "web/declaration_version.html", context)


def _approved_label(original: Declaration) -> str:
    number = original.approved_version_number
    return f"已批复版本（批复版本 第 {number} 版）" if number else "已批复版本"
