"""Pages of monitoring and self-evaluation.  Thin: fetch for this user or 404, validate the
form, call the service, turn a domain error into a message, redirect."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.core.evaluation.forms import monitoring_sheet, self_evaluation_sheet
from jixiao.core.evaluation.forms_pdf import render_pdf
from jixiao.core.evaluation.forms_xlsx import render_xlsx
from jixiao.core.evaluation.monitoring import assess
from jixiao.core.evaluation.scoring import IndicatorActual, SelfEvaluationInput, evaluate
from jixiao.monitoring import permissions, services
from jixiao.monitoring.bridge import (
    annual_indicators,
    core_indicator,
    report_input,
    self_evaluation_input,
)
from jixiao.monitoring.errors import MonitoringError
from jixiao.monitoring.forms import (
    MoneyForm,
    ProgressForm,
    ResultForm,
    RoundOpenForm,
    SelfEvaluationForm,
    row_forms,
)
from jixiao.monitoring.models import MonitoringReport, MonitoringRound, SelfEvaluation
from jixiao.monitoring.overview import chart_data, round_rows, warnings_by_department, year_summary

NOT_FOUND = "没有找到该申报表，或您无权访问"
DOWNLOADS = {
    "pdf": ("application/pdf", render_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
}


def get_approved_declaration(user, pk):
    """An approved declaration in the user's scope (their department's; finance: any), or 404."""
    from jixiao.declarations.models import Declaration

    try:
        return (
            Declaration.objects.in_scope_of(user)
            .approved()
            .select_related("department")
            .prefetch_related("indicators")
            .get(pk=pk)
        )
    except Declaration.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def _problems_by_row(problems) -> dict:
    """Problems by indicator index (``None``: the form's own fields), then by field."""
    out: dict = {}
    for p in problems:
        out.setdefault(p.index, {}).setdefault(p.field, []).append(p.message)
    return out


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return date.today().year


# -- index and rounds ----------------------------------------------------------------------


@login_required
def index(request):
    year = _year(request)
    return render(request, "monitoring/index.html", {
        "nav": "monitoring",
        "rounds": MonitoringRound.objects.all(),
        "open_form": RoundOpenForm(initial={"fiscal_year": year, "cut_off": date(year, 7, 31)}),
        "may_open": permissions.may_open_round(request.user),
    })  # fmt: skip


@login_required
@require_POST
def round_open(request):
    form = RoundOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "开启失败：请填写年度和数据截止日期")
        return redirect("monitoring:index")
    try:
        monitoring_round = services.monitoring_round_open(user=request.user, **form.cleaned_data)
    except MonitoringError as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:index")
    messages.success(request, f"已开启{monitoring_round}")
    return redirect("monitoring:round", round_id=monitoring_round.pk)


@login_required
def round_detail(request, round_id):
    monitoring_round = get_object_or_404(MonitoringRound, pk=round_id)
    rows = round_rows(monitoring_round, request.user)
    return render(request, "monitoring/round.html", {
        "nav": "monitoring",
        "round": monitoring_round,
        "rows": rows,
        "warnings": warnings_by_department(rows),
        "is_finance": permissions.is_finance(request.user),
        "audit": monitoring_round.audit_entries.filter(report=None).select_related("actor"),
    })  # fmt: skip


@login_required
@require_POST
def round_close(request, round_id):
    monitoring_round = get_object_or_404(MonitoringRound, pk=round_id)
    try:
        services.monitoring_round_close(user=request.user, monitoring_round=monitoring_round)
        messages.success(request, "本轮监控已关闭；未提交监控表的项目为红灯。")
    except MonitoringError as exc:
        messages.error(request, str(exc))
    return redirect("monitoring:round", round_id=round_id)


# -- one monitoring report -----------------------------------------------------------------


def _report_context(request, monitoring_round, declaration, report, money_form, rows, problems):
    assessment = None
    if report is not None:
        progress = list(report.progress.select_related("indicator"))
        assessment = assess(report_input(report, progress), config=services.evaluation_config())
    if problems is None:
        problems = assessment.problems if assessment else []
    parts = assessment.indicators if assessment else [None] * len(rows)
    by_row = _problems_by_row(problems)
    return {
        "nav": "monitoring",
        "round": monitoring_round,
        "declaration": declaration,
        "report": report,
        "assessment": assessment,
        "money_form": money_form,
        "money_problems": by_row.get(None, {}),
        "rows": [
            (ind, form, part, by_row.get(i, {}))
            for i, ((ind, form), part) in enumerate(zip(rows, parts, strict=True))
        ],
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


def _download(sheet, filename: str, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404("没有这种格式")
    content_type, render_sheet = DOWNLOADS[fmt]
    response = HttpResponse(render_sheet(sheet), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"
    return response


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
    return _download(sheet, f"绩效监控表-{declaration.project_name}", fmt)


# -- self-evaluation -----------------------------------------------------------------------


@login_required
def self_evaluation_list(request):
    from jixiao.declarations.models import Declaration

    year = _year(request)
    declarations = (
        Declaration.objects.in_scope_of(request.user).approved().for_year(year)
        .select_related("department", "self_evaluation")
        .order_by("department__code", "project_name")
    )  # fmt: skip
    rows = [(d, getattr(d, "self_evaluation", None)) for d in declarations]
    return render(request, "monitoring/self_evaluation_list.html", {
        "nav": "monitoring", "year": year, "rows": rows,
    })  # fmt: skip


def _score_context(evaluation_form, rows, declaration):
    """Score what is on the form (saved or not), for the explained score beside it."""
    if not evaluation_form.is_valid() or not all(f.is_valid() for _, f in rows):
        return None
    items = [
        IndicatorActual(
            indicator=core_indicator(ind),
            actual=f.cleaned_data["actual"],
            weight=None if f.cleaned_data["weight"] is None else Decimal(f.cleaned_data["weight"]),
            grade=f.cleaned_data["grade"] or None,
            proposed=f.cleaned_data["proposed"],
            deviation=f.cleaned_data["deviation"],
        )
        for ind, f in rows
    ]
    data = SelfEvaluationInput(
        fiscal_year=declaration.fiscal_year,
        budget=evaluation_form.cleaned_data["budget"],
        executed=evaluation_form.cleaned_data["executed"],
        indicators=items,
    )
    return evaluate(data, config=services.evaluation_config())


def _self_evaluation_forms(request, declaration, evaluation):
    indicators = annual_indicators(declaration)
    if request.method == "POST":
        return SelfEvaluationForm(request.POST), row_forms(
            ResultForm, indicators, data=request.POST
        )
    if evaluation is None:
        initial = {"budget": declaration.annual_total}
        by_id = {}
    else:
        initial = {f: getattr(evaluation, f) for f in SelfEvaluationForm.base_fields}
        by_id = {r.indicator_id: {f: getattr(r, f) for f in ResultForm.base_fields}
                 for r in evaluation.results.all()}  # fmt: skip
    form = SelfEvaluationForm(initial=initial)
    return form, row_forms(ResultForm, indicators, initial_by_id=by_id)


def _evaluation_page(request, declaration, evaluation, form, rows, result):
    problems = result.problems if result else []
    by_row = _problems_by_row(problems)
    scores = {s.index: s for s in result.indicators} if result else {}
    return {
        "nav": "monitoring",
        "declaration": declaration,
        "evaluation": evaluation,
        "form": form,
        "rows": [(ind, f, scores.get(i), by_row.get(i, {})) for i, (ind, f) in enumerate(rows)],
        "result": result,
        "problems": problems,
        "editable": permissions.may_fill(request.user, declaration)
        and (evaluation is None or evaluation.is_editable),
        "may_review": permissions.may_review(request.user),
        "audit": evaluation.audit_entries.select_related("actor") if evaluation else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def self_evaluation_detail(request, declaration_id):
    declaration = get_approved_declaration(request.user, declaration_id)
    evaluation = SelfEvaluation.objects.filter(declaration=declaration).first()
    form, rows = _self_evaluation_forms(request, declaration, evaluation)
    result = None
    if request.method == "POST":
        if form.is_valid() and all(f.is_valid() for _, f in rows):
            try:
                evaluation = services.self_evaluation_save(
                    user=request.user, declaration=declaration,
                    results={ind.pk: f.cleaned_data for ind, f in rows}, **form.cleaned_data,
                )  # fmt: skip
                if request.POST.get("action") == "submit":
                    services.self_evaluation_submit(user=request.user, evaluation=evaluation)
                    messages.success(request, "绩效自评已提交")
                else:
                    messages.success(request, "绩效自评已保存")
                return redirect("monitoring:self_evaluation", declaration_id=declaration_id)
            except MonitoringError as exc:
                messages.error(request, str(exc))
                evaluation = SelfEvaluation.objects.filter(declaration=declaration).first()
        else:
            messages.error(request, "有填写格式不对的地方，请按标红处修改")
        result = _score_context(form, rows, declaration)
    elif evaluation is not None:
        rows_db = list(evaluation.results.select_related("indicator"))
        result = evaluate(
            self_evaluation_input(evaluation, rows_db), config=services.evaluation_config()
        )
    context = _evaluation_page(request, declaration, evaluation, form, rows, result)
    return render(request, "monitoring/self_evaluation.html", context)


@login_required
@require_POST
def self_evaluation_preview(request, declaration_id):
    """htmx: the explained score of what is on the form now, nothing saved."""
    declaration = get_approved_declaration(request.user, declaration_id)
    form, rows = _self_evaluation_forms(request, declaration, None)
    result = _score_context(form, rows, declaration)
    return render(
        request,
        "monitoring/_score.html",
        {"result": result, "problems": result.problems if result else []},
    )


@login_required
@require_POST
def self_evaluation_review(request, declaration_id):
    declaration = get_approved_declaration(request.user, declaration_id)
    evaluation = get_object_or_404(SelfEvaluation, declaration=declaration)
    comment = request.POST.get("comment", "")
    try:
        if request.POST.get("action") == "return":
            services.self_evaluation_return(
                user=request.user, evaluation=evaluation, comment=comment
            )
            messages.success(request, "绩效自评已退回")
        else:
            services.self_evaluation_approve(
                user=request.user, evaluation=evaluation, comment=comment
            )
            messages.success(request, "绩效自评已审核通过")
    except MonitoringError as exc:
        messages.error(request, str(exc))
    return redirect("monitoring:self_evaluation", declaration_id=declaration_id)


@login_required
def self_evaluation_download(request, declaration_id, fmt):
    declaration = get_approved_declaration(request.user, declaration_id)
    evaluation = get_object_or_404(SelfEvaluation, declaration=declaration)
    rows = list(evaluation.results.select_related("indicator"))
    result = evaluate(self_evaluation_input(evaluation, rows), config=services.evaluation_config())
    sheet = self_evaluation_sheet(declaration.to_core(), result, achievement=evaluation.achievement)
    return _download(sheet, f"绩效自评表-{declaration.project_name}", fmt)


# -- summary -------------------------------------------------------------------------------


@login_required
def summary(request):
    year = _year(request)
    rounds = MonitoringRound.objects.for_year(year)
    chosen = rounds.filter(pk=request.GET.get("round") or 0).first() or rounds.first()
    summaries = year_summary(request.user, year, chosen)
    return render(request, "monitoring/summary.html", {
        "nav": "monitoring",
        "year": year,
        "rounds": rounds,
        "round": chosen,
        "summaries": summaries,
        "chart": chart_data(summaries),
        "self_evaluations_url": reverse("monitoring:self_evaluations") + f"?year={year}",
    })  # fmt: skip
