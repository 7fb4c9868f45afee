"""Self-evaluation (绩效自评): the year's list, the form with its explained score, review,
download."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.core.evaluation.forms import self_evaluation_sheet
from jixiao.core.evaluation.scoring import IndicatorActual, SelfEvaluationInput, evaluate
from jixiao.monitoring import permissions, services
from jixiao.monitoring.bridge import annual_indicators, core_indicator, self_evaluation_input
from jixiao.monitoring.errors import MonitoringError
from jixiao.monitoring.forms import ResultForm, SelfEvaluationForm, row_forms
from jixiao.monitoring.models import SelfEvaluation
from jixiao.monitoring.views.common import (
    download,
    get_approved_declaration,
    problems_by_indicator,
    year_asked,
)


@login_required
def self_evaluation_list(request):
    from jixiao.declarations.models import Declaration

    year = year_asked(request)
    declarations = (
        Declaration.objects.in_scope_of(request.user).approved().for_year(year)
        .select_related("department", "self_evaluation")
        .order_by("department__code", "project_name")
    )  # fmt: skip
    rows = [(d, getattr(d, "self_evaluation", None)) for d in declarations]
    return render(request, "monitoring/self_evaluation_list.html", {
        "nav": "monitoring", "year": year, "rows": rows,
    })  # fmt: skip


def _score_forms(evaluation_form, rows, declaration):
    """Score what is on the form, saved or not, in the form's order (``None`` if unreadable)."""
    if evaluation_form.is_bound:
        if not evaluation_form.is_valid() or not all(f.is_valid() for _, f in rows):
            return None
        head, entries = evaluation_form.cleaned_data, [f.cleaned_data for _, f in rows]
    else:
        head, entries = evaluation_form.initial, [f.initial for _, f in rows]
    if head.get("budget") is None or head.get("executed") is None:
        return None
    items = [
        IndicatorActual(
            indicator=core_indicator(ind),
            actual=entry.get("actual") or "",
            weight=None if entry.get("weight") is None else Decimal(entry["weight"]),
            grade=entry.get("grade") or None,
            proposed=entry.get("proposed"),
            deviation=entry.get("deviation") or "",
        )
        for (ind, _), entry in zip(rows, entries, strict=True)
    ]
    data = SelfEvaluationInput(
        fiscal_year=declaration.fiscal_year,
        budget=head["budget"],
        executed=head["executed"],
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
    ids = [ind.pk for ind, _ in rows]
    by_row = problems_by_indicator(problems, ids)
    scores = dict(zip(ids, result.indicators, strict=True)) if result else {}
    return {
        "nav": "monitoring",
        "declaration": declaration,
        "evaluation": evaluation,
        "form": form,
        "rows": [(ind, f, scores.get(ind.pk), by_row.get(ind.pk, {})) for ind, f in rows],
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
    result = _score_forms(form, rows, declaration) if evaluation or form.is_bound else None
    context = _evaluation_page(request, declaration, evaluation, form, rows, result)
    return render(request, "monitoring/self_evaluation.html", context)


@login_required
@require_POST
def self_evaluation_preview(request, declaration_id):
    """htmx: the explained score of what is on the form now, nothing saved."""
    declaration = get_approved_declaration(request.user, declaration_id)
    form, rows = _self_evaluation_forms(request, declaration, None)
    result = _score_forms(form, rows, declaration)
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
    return download(sheet, f"绩效自评表-{declaration.project_name}", fmt)
