"""The workflow buttons of a declaration's page: each a POST that calls one service.

A declaration outside the user's scope is a 404 (the access helper); an action not allowed in
its state, a missing comment or a stale page is the service's ``JixiaoError``, shown as a
message on the declaration's page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jixiao.core.errors import JixiaoError
from jixiao.declarations import services
from jixiao.declarations.access import get_declaration_for_user
from jixiao.declarations.models import REVIEW_DIMENSIONS, Conclusion
from jixiao.web.views.common import posted_version


class ReturnForm(forms.Form):
    comment = forms.CharField(required=False)
    field = forms.CharField(required=False, max_length=100)


class ConcludeForm(forms.Form):
    conclusion = forms.ChoiceField(choices=Conclusion.choices, required=False)
    comment = forms.CharField(required=False)

    def dimensions(self, data) -> dict:
        """Each dimension the reviewer marked: "1" passed, "0" failed, absent not given."""
        out = {}
        for name in REVIEW_DIMENSIONS:
            value = data.get(f"dim-{name}")
            if value in ("1", "0"):
                out[name] = value == "1"
        return out


def _run(request, pk, action, success: str):
    record = get_declaration_for_user(request.user, pk, for_update=True)
    try:
        result = action(record)
    except JixiaoError as exc:
        messages.error(request, str(exc))
        return redirect("web:declaration_detail", pk=record.pk)
    messages.success(request, success)
    target = result if hasattr(result, "pk") and result.pk else record
    return redirect("web:declaration_detail", pk=target.pk)


@login_required
@require_POST
def declaration_submit(request, pk):
    def act(record):
        return services.declaration_submit(
            declaration=record, user=request.user, expected_version=posted_version(request)
        )

    return _run(request, pk, act, "已提交，等待部门审核。")


@login_required
@require_POST
def declaration_return(request, pk):
    form = ReturnForm(request.POST)
    form.is_valid()

    def act(record):
        return services.declaration_return(
            declaration=record,
            user=request.user,
            comment=form.cleaned_data.get("comment", ""),
            field=form.cleaned_data.get("field", ""),
            expected_version=posted_version(request),
        )

    return _run(request, pk, act, "已退回经办人修改。")


@login_required
@require_POST
def declaration_approve(request, pk):
    def act(record):
        return services.declaration_approve(
            declaration=record,
            user=request.user,
            comment=request.POST.get("comment", ""),
            expected_version=posted_version(request),
        )

    return _run(request, pk, act, "部门审核通过，已报送财政审核。")


@login_required
@require_POST
def declaration_conclude(request, pk):
    form = ConcludeForm(request.POST)
    form.is_valid()

    def act(record):
        return services.declaration_finance_conclude(
            declaration=record,
            user=request.user,
            conclusion=request.POST.get("conclusion", ""),
            dimensions=form.dimensions(request.POST),
            comment=form.cleaned_data.get("comment", ""),
            expected_version=posted_version(request),
        )

    return _run(request, pk, act, "已记录财政审核结论。")


@login_required
@require_POST
def declaration_publish(request, pk):
    def act(record):
        return services.declaration_publish(
            declaration=record, user=request.user, expected_version=posted_version(request)
        )

    return _run(request, pk, act, "已公开，公众可在「公开」栏目查看（联系电话已部分隐去）。")


@login_required
@require_POST
def declaration_comment(request, pk):
    def act(record):
        services.declaration_comment(
            declaration=record,
            user=request.user,
            message=request.POST.get("message", ""),
            field=request.POST.get("field", ""),
        )
        return record

    return _run(request, pk, act, "审核意见已记录。")


@login_required
@require_POST
def declaration_revise(request, pk):
    record = get_declaration_for_user(request.user, pk, for_update=True)
    try:
        revision = services.declaration_revise(declaration=record, user=request.user)
    except JixiaoError as exc:
        messages.error(request, str(exc))
        return redirect("web:declaration_detail", pk=record.pk)
    messages.success(request, "已发起修订。原批复版本继续有效，修订稿批复后生效。")
    return redirect("web:declaration_edit", pk=revision.pk)


@login_required
@require_POST
def declaration_delete(request, pk):
    record = get_declaration_for_user(request.user, pk, for_update=True)
    try:
        services.declaration_delete(declaration=record, user=request.user)
    except JixiaoError as exc:
        messages.error(request, str(exc))
        return redirect("web:declaration_detail", pk=record.pk)
    messages.success(request, f"已删除草稿「{record.project_name}」。")
    return redirect("web:declaration_list")
