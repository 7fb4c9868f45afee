"""One monitoring report (绩效监控表): fill (with its lights recomputed as the filer types),
submit, review, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.core.evaluation.forms import monitoring_sheet
from jixiao.core.evaluation.monitoring import assess
from jixiao.monitoring import permissions, services
from jixiao.monitoring.bridge import (
    MONEY_FIELDS,
    PROGRESS_FIELDS,
    annual_indicators,
    monitoring_input,
    report_input,
)
from jixiao.monitoring.errors import ConcurrencyError, MonitoringError
from jixiao.monitoring.forms import MoneyForm, ProgressForm, posted_version, row_forms
from jixiao.monitoring.models import MonitoringReport, MonitoringRound
from jixiao.monitoring.views.common import (
    NOT_FOUND,
    download,
    entries_of,
    forms_valid,
    get_approved_declaration,
    problems_by_indicator,
    rebound_at,
    review,
    stale_page,
)

REVIEW_SERVICES = {
    "return": services.monitoring_report_return,
    "dept_approve": services.monitoring_report_dept_approve,
    "approve": services.monitoring_report_approve,
}


def _round_and_declaration(request, round_id, declaration_id):
    monitoring_round = get_object_or_404(MonitoringRound, pk=round_id)
    declaration = get_approved_declaration(request.user, declaration_id)
    if declaration.fiscal_year != monitoring_round.fiscal_year:
        raise Http404(NOT_FOUND)
    return monitoring_round, declaration


def _saved(monitoring_round, declaration) -> MonitoringReport | None:
    return (
        MonitoringReport.objects.filter(round=monitoring_round, declaration=declaration)
        .select_related("round", "declaration")
        .first()
    )


def _forms(request, declaration, report):
    """The money form and one form per annual indicator: as posted, else as saved (a new
    report starts from the declared annual budget)."""
    indicators = annual_indicators(declaration)
    if request.method == "POST":
        return MoneyForm(request.POST), row_forms(ProgressForm, indicators, data=request.POST)
    if report is None:
        initial = {"budget": declaration.annual_total, "expected": declaration.annual_total}
        by_id = {}
    else:
        initial = {f: getattr(report, f) for f in MONEY_FIELDS} | {"version": report.version}
        by_id = {p.indicator_id: {f: getattr(p, f) for f in PROGRESS_FIELDS}
                 for p in report.progress.all()}  # fmt: skip
    return MoneyForm(initial=initial), row_forms(ProgressForm, indicators, initial_by_id=by_id)


def _assess_forms(monitoring_round, declaration, money_form, rows):
    """The lights of what is on the form, saved or not (``None`` while it cannot be read)."""
    entered = entries_of(money_form, rows)
    if entered is None:
        return None
    money, entries = entered
    data = monitoring_input(
        fiscal_year=declaration.fiscal_year, cut_off=monitoring_round.cut_off,
        money=money, rows=entries,
    )  # fmt: skip
    return assess(data, config=services.evaluation_config())


def _lights_context(monitoring_round, declaration, money_form, rows) -> dict:
    """What the lights, the reasons and the problems need (the page and the live preview):
    the assessment and its problems placed by the ids of the rows it was made of."""
    assessment = _assess_forms(monitoring_round, declaration, money_form, rows)
    problems = assessment.problems if assessment else []
    ids = [ind.pk for ind, _ in rows]
    parts = dict(zip(ids, assessment.indicators, strict=True)) if assessment else {}
    by_row = problems_by_indicator(problems, ids)
    return {
        "money_form": money_form,
        "form_errors": money_form.is_bound and not forms_valid(money_form, rows),
        "assessment": assessment,
        "problems": problems,
        "money_problems": by_row.get(None, {}),
        "rows": [(ind, form, parts.get(ind.pk), by_row.get(ind.pk, {})) for ind, form in rows],
    }


def _page(request, monitoring_round, declaration, report, money_form, rows, *, conflict=None):
    return render(request, "monitoring/report.html", {
        "nav": "monitoring",
        "round": monitoring_round,
        "declaration": declaration,
        "report": report,
        "conflict": conflict,
        "editable": monitoring_round.is_open
        and permissions.may_fill(request.user, declaration)
        and (report is None or report.is_editable),
        "review_step": permissions.review_step_for(request.user, report) if report else None,
        "audit": report.audit_entries.select_related("actor") if report else [],
        **_lights_context(monitoring_round, declaration, money_form, rows),
    })  # fmt: skip


def _conflict(request, monitoring_round, declaration, money_form, rows, exc: ConcurrencyError):
    """Nothing was saved: what is saved now beside what this filer typed."""
    report = _saved(monitoring_round, declaration)
    money_form, conflict = stale_page(
        request, exc, form_class=MoneyForm, main_form=money_form, rows=rows, record=report,
        saved_rows={p.indicator_id: p for p in report.progress.all()} if report else {},
        fields=(MONEY_FIELDS, PROGRESS_FIELDS),
    )  # fmt: skip
    return _page(request, monitoring_round, declaration, report, money_form, rows,
                 conflict=conflict)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, round_id, declaration_id):
    monitoring_round, declaration = _round_and_declaration(request, round_id, declaration_id)
    report = _saved(monitoring_round, declaration)
    money_form, rows = _forms(request, declaration, report)
    if request.method == "POST":
        if not forms_valid(money_form, rows):
            messages.error(request, "未保存：有填写不对的地方，请按标红处修改后再保存")
            return _page(request, monitoring_round, declaration, report, money_form, rows)
        try:
            report = services.monitoring_report_save(
                user=request.user, monitoring_round=monitoring_round, declaration=declaration,
                progress={ind.pk: f.cleaned_data for ind, f in rows},
                expected_version=posted_version(money_form), **money_form.entered(),
            )  # fmt: skip
        except ConcurrencyError as exc:
            messages.error(request, str(exc))
            return _conflict(request, monitoring_round, declaration, money_form, rows, exc)
        except MonitoringError as exc:
            messages.error(request, str(exc))
            report = _saved(monitoring_round, declaration)
            return _page(request, monitoring_round, declaration, report, money_form, rows)
        if request.POST.get("action") != "submit":
            messages.success(request, f"监控表已保存（第 {report.version} 版）")
            return redirect("monitoring:report", round_id=round_id, declaration_id=declaration_id)
        try:
            services.monitoring_report_submit(user=request.user, report=report)
            messages.success(request, "监控表已提交")
        except MonitoringError as exc:
            messages.error(request, f"已保存，但未能提交：{exc}")
            money_form = rebound_at(MoneyForm, request, report.version)
            return _page(request, monitoring_round, declaration, report, money_form, rows)
        return redirect("monitoring:report", round_id=round_id, declaration_id=declaration_id)
    return _page(request, monitoring_round, declaration, report, money_form, rows)


@login_required
@require_POST
def report_preview(request, round_id, declaration_id):
    """htmx: the lights, reasons and problems of what is on the form now, nothing saved."""
    monitoring_round, declaration = _round_and_declaration(request, round_id, declaration_id)
    money_form, rows = _forms(request, declaration, None)
    context = _lights_context(monitoring_round, declaration, money_form, rows)
    return render(request, "monitoring/_report_preview.html", context)


@login_required
@require_POST
def report_review(request, round_id, declaration_id):
    declaration = get_approved_declaration(request.user, declaration_id)
    report = get_object_or_404(MonitoringReport, round_id=round_id, declaration=declaration)
    review(request, report, keyword="report", noun="监控表", services_by_action=REVIEW_SERVICES)
    return redirect("monitoring:report", round_id=round_id, declaration_id=declaration_id)


@login_required
def report_download(request, round_id, declaration_id, fmt):
    declaration = get_approved_declaration(request.user, declaration_id)
    report = get_object_or_404(
        MonitoringReport.objects.select_related("round", "declaration"),
        round_id=round_id, declaration=declaration,
    )  # fmt: skip
    progress = list(report.progress.select_related("indicator"))
    data = report_input(report, progress)
    assessment = assess(data, config=services.evaluation_config())
    sheet = monitoring_sheet(declaration.to_core(), data, assessment)
    return download(sheet, f"绩效监控表-{declaration.project_name}", fmt)
