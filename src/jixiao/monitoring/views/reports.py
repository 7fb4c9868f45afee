"""One monitoring report (绩效监控表): fill, submit, review, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.core.evaluation.forms import monitoring_sheet
from jixiao.core.evaluation.monitoring import assess
from jixiao.monitoring import permissions, services
from jixiao.monitoring.bridge import annual_indicators, report_input
from jixiao.monitoring.errors import MonitoringError
from jixiao.monitoring.forms import MoneyForm, ProgressForm, row_forms
from jixiao.monitoring.models import MonitoringReport, MonitoringRound
from jixiao.monitoring.views.common import (
    NOT_FOUND,
    download,
    get_approved_declaration,
    problems_by_indicator,
)


def _report_context(request, monitoring_round, declaration, report, money_form, rows, problems):
    assessment, ids = None, []
    if report is not None:
        progress = list(report.progress.select_related("indicator"))
        ids = [row.indicator_id for row in progress]
        assessment = assess(report_input(report, progress), config=services.evaluation_config())
    if problems is None:
        problems = assessment.problems if assessment else []
    parts = dict(zip(ids, assessment.indicators, strict=True)) if assessment else {}
    by_row = problems_by_indicator(problems, ids)
    return {
        "nav": "monitoring",
        "round": monitoring_round,
        "declaration": declaration,
        "report": report,
        "assessment": assessment,
        "money_form": money_form,
        "money_problems": by_row.get(None, {}),
        "rows": [(ind, form, parts.get(ind.pk), by_row.get(ind.pk, {})) for ind, form in rows],
        "problems": problems,
        "editable": monitoring_round.is_open
        and permissions.may_fill(request.user, declaration)
        and (report is None or report.is_editable),
        "may_review": permissions.may_review(request.user),
        "audit": report.audit_entries.select_related("actor") if report else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, round_id, declaration_id):
    monitoring_round = get_object_or_404(MonitoringRound, pk=round_id)
    declaration = get_approved_declaration(request.user, declaration_id)
    if declaration.fiscal_year != monitoring_round.fiscal_year:
        raise Http404(NOT_FOUND)
    report = MonitoringReport.objects.filter(
        round=monitoring_round, declaration=declaration
    ).first()
    indicators = annual_indicators(declaration)
    problems = None
    if request.method == "POST":
        money_form = MoneyForm(request.POST)
        rows = row_forms(ProgressForm, indicators, data=request.POST)
        if money_form.is_valid() and all(f.is_valid() for _, f in rows):
            try:
                report = services.monitoring_report_save(
                    user=request.user, monitoring_round=monitoring_round, declaration=declaration,
                    progress={ind.pk: f.cleaned_data for ind, f in rows}, **money_form.cleaned_data,
                )  # fmt: skip
                if request.POST.get("action") == "submit":
                    services.monitoring_report_submit(user=request.user, report=report)
                    messages.success(request, "监控表已提交")
                else:
                    messages.success(request, "监控表已保存")
                return redirect(
                    "monitoring:report", round_id=round_id, declaration_id=declaration_id
                )
            except MonitoringError as exc:
                messages.error(request, str(exc))
                problems = exc.problems
                report = MonitoringReport.objects.filter(
                    round=monitoring_round, declaration=declaration
                ).first()
        else:
            messages.error(request, "有填写格式不对的地方，请按标红处修改")
    else:
        initial = {"budget": declaration.annual_total, "expected": declaration.annual_total}
        if report is not None:
            initial = {f: getattr(report, f) for f in MoneyForm.base_fields}
        money_form = MoneyForm(initial=initial)
        by_id = {}
        if report is not None:
            by_id = {p.indicator_id: {f: getattr(p, f) for f in ProgressForm.base_fields}
                     for p in report.progress.all()}  # fmt: skip
        rows = row_forms(ProgressForm, indicators, initial_by_id=by_id)
    context = _report_context(
        request, monitoring_round, declaration, report, money_form, rows, problems
    )
    return render(request, "monitoring/report.html", context)


@login_required
@require_POST
def report_review(request, round_id, declaration_id):
    declaration = get_approved_declaration(request.user, declaration_id)
    report = get_object_or_404(MonitoringReport, round_id=round_id, declaration=declaration)
    comment = request.POST.get("comment", "")
    try:
        if request.POST.get("action") == "return":
            services.monitoring_report_return(user=request.user, report=report, comment=comment)
            messages.success(request, "监控表已退回")
        else:
            services.monitoring_report_approve(user=request.user, report=report, comment=comment)
            messages.success(request, "监控表已审核通过")
    except MonitoringError as exc:
        messages.error(request, str(exc))
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
