"""Self-evaluation (绩效自评): the year's list, the form with its explained score (recomputed
as the filer types), review, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.core.evaluation.forms import self_evaluation_sheet
from jixiao.core.evaluation.scoring import evaluate
from jixiao.monitoring import permissions, services
from jixiao.monitoring.bridge import (
    RESULT_FIELDS,
    annual_indicators,
    evaluation_input,
    self_evaluation_input,
)
from jixiao.monitoring.errors import ConcurrencyError, MonitoringError
from jixiao.monitoring.forms import ResultForm, SelfEvaluationForm, posted_version, row_forms
from jixiao.monitoring.models import SelfEvaluation
from jixiao.monitoring.views.common import (
    download,
    entries_of,
    forms_valid,
    get_approved_declaration,
    problems_by_indicator,
    rebound_at,
    review,
    stale_page,
    year_asked,
)

EVALUATION_FIELDS = ("budget", "executed", "achievement")
REVIEW_SERVICES = {
    "return": services.self_evaluation_return,
    "dept_approve": services.self_evaluation_dept_approve,
    "approve": services.self_evaluation_approve,
}


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
    entered = entries_of(evaluation_form, rows)
    if entered is None:
        return None
    head, entries = entered
    data = evaluation_input(
        fiscal_year=declaration.fiscal_year, budget=head["budget"], executed=head["executed"],
        rows=entries,
    )  # fmt: skip
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
        initial = {f: getattr(evaluation, f) for f in EVALUATION_FIELDS}
        initial["version"] = evaluation.version
        by_id = {r.indicator_id: {f: getattr(r, f) for f in RESULT_FIELDS}
                 for r in evaluation.results.all()}  # fmt: skip
    form = SelfEvaluationForm(initial=initial)
    return form, row_forms(ResultForm, indicators, initial_by_id=by_id)


def _score_context(declaration, form, rows) -> dict:
    """The score of what is on the form (the page and the live preview), its problems placed
    by the ids of the rows it was made of."""
    result = _score_forms(form, rows, declaration)
    problems = result.problems if result else []
    ids = [ind.pk for ind, _ in rows]
    by_row = problems_by_indicator(problems, ids)
    scores = dict(zip(ids, result.indicators, strict=True)) if result else {}
    return {
        "rows": [(ind, f, scores.get(ind.pk), by_row.get(ind.pk, {})) for ind, f in rows],
        "result": result,
        "problems": problems,
    }


def _page(request, declaration, evaluation, form, rows, *, conflict=None):
    return render(request, "monitoring/self_evaluation.html", {
        "nav": "monitoring",
        "declaration": declaration,
        "evaluation": evaluation,
        "form": form,
        "conflict": conflict,
        **_score_context(declaration, form, rows),
        "editable": permissions.may_fill(request.user, declaration)
        and (evaluation is None or evaluation.is_editable),
        "review_step": permissions.review_step_for(request.user, evaluation)
        if evaluation else None,
        "audit": evaluation.audit_entries.select_related("actor") if evaluation else [],
    })  # fmt: skip


def _saved(declaration) -> SelfEvaluation | None:
    return (
        SelfEvaluation.objects.filter(declaration=declaration).select_related("declaration").first()
    )


def _conflict(request, declaration, form, rows, exc: ConcurrencyError):
    """Nothing was saved: what is saved now beside what this filer typed."""
    evaluation = _saved(declaration)
    form, conflict = stale_page(
        request, exc, form_class=SelfEvaluationForm, main_form=form, rows=rows,
        record=evaluation, fields=(EVALUATION_FIELDS, RESULT_FIELDS),
        saved_rows={r.indicator_id: r for r in evaluation.results.all()} if evaluation else {},
    )  # fmt: skip
    return _page(request, declaration, evaluation, form, rows, conflict=conflict)


@login_required
@require_http_methods(["GET", "POST"])
def self_evaluation_detail(request, declaration_id):
    declaration = get_approved_declaration(request.user, declaration_id)
    evaluation = _saved(declaration)
    form, rows = _self_evaluation_forms(request, declaration, evaluation)
    if request.method != "POST":
        return _page(request, declaration, evaluation, form, rows)
    if not forms_valid(form, rows):
        messages.error(request, "未保存：有填写不对的地方，请按标红处修改后再保存")
        return _page(request, declaration, evaluation, form, rows)
    try:
        evaluation = services.self_evaluation_save(
            user=request.user, declaration=declaration,
            results={ind.pk: f.cleaned_data for ind, f in rows},
            expected_version=posted_version(form), **form.entered(),
        )  # fmt: skip
    except ConcurrencyError as exc:
        messages.error(request, str(exc))
        return _conflict(request, declaration, form, rows, exc)
    except MonitoringError as exc:
        messages.error(request, str(exc))
        return _page(request, declaration, _saved(declaration), form, rows)
    if request.POST.get("action") != "submit":
        messages.success(request, f"绩效自评已保存（第 {evaluation.version} 版）")
        return redirect("monitoring:self_evaluation", declaration_id=declaration_id)
    try:
        services.self_evaluation_submit(user=request.user, evaluation=evaluation)
        messages.success(request, "绩效自评已提交")
    except MonitoringError as exc:
        messages.error(request, f"已保存，但未能提交：{exc}")
        form = rebound_at(SelfEvaluationForm, request, evaluation.version)
        return _page(request, declaration, evaluation, form, rows)
    return redirect("monitoring:self_evaluation", declaration_id=declaration_id)


@login_required
@require_POST
def self_evaluation_preview(request, declaration_id):
    """htmx: the explained score of what is on the form now, nothing saved."""
    declaration = get_approved_declaration(request.user, declaration_id)
    form, rows = _self_evaluation_forms(request, declaration, None)
    return render(
        request,
        "monitoring/_self_evaluation_preview.html",
        _score_context(declaration, form, rows),
    )


@login_required
@require_POST
def self_evaluation_review(request, declaration_id):
    declaration = get_approved_declaration(request.user, declaration_id)
    evaluation = get_object_or_404(SelfEvaluation, declaration=declaration)
    review(
        request,
        evaluation,
        keyword="evaluation",
        noun="绩效自评",
        services_by_action=REVIEW_SERVICES,
    )
    return redirect("monitoring:self_evaluation", declaration_id=declaration_id)


@login_required
def self_evaluation_download(request, declaration_id, fmt):
    declaration = get_approved_declaration(request.user, declaration_id)
    evaluation = get_object_or_404(SelfEvaluation, declaration=declaration)
    rows = list(evaluation.results.select_related("indicator"))
    result = evaluate(self_evaluation_input(evaluation, rows), config=services.evaluation_config())
    sheet = self_evaluation_sheet(declaration.to_core(), result, achievement=evaluation.achievement)
    return download(sheet, f"绩效自评表-{declaration.project_name}", fmt)
