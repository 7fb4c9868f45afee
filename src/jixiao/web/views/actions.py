"""The workflow buttons of a declaration's page: each a POST that calls one service.

A declaration outside the user's scope is a 404 (the access helper); an action not allowed in
its state, a missing comment or a stale page is the service's ``JixiaoError``, shown as a
message on the declaration's page.  The forms a reviewer types into (the finance conclusion,
a return, closing a follow-up) are refused in place: the page comes back with what was typed
and the message at the field.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jixiao.core.errors import JixiaoError
from jixiao.declarations import permissions, services
from jixiao.declarations.access import get_declaration_for_user
from jixiao.declarations.models import REVIEW_DIMENSIONS, Conclusion
from jixiao.web.views.common import posted_version
from jixiao.web.views.detail import detail_response


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


# The page's forms that come back filled when refused, and the action each one takes.
_FORM_ACTIONS = {
    "conclude": permissions.FINANCE_CONCLUDE,
    "return": permissions.RETURN,
    "follow_up": permissions.FOLLOW_UP_CLOSE,
}


def _refused(request, record, form: str, exc: JixiaoError, posted: dict):
    """The declaration's page again, the refused form filled with what was posted and the
    message beside the field it is about (``exc.field``), or atop the form.  If the form is
    no longer offered (someone acted meanwhile), the message says so on the page."""
    record.refresh_from_db()
    if not permissions.may(request.user, _FORM_ACTIONS[form], record):
        messages.error(request, str(exc))
        return redirect("web:declaration_detail", pk=record.pk)
    field = getattr(exc, "field", None) or ""
    forms = {form: {**posted, "error": str(exc), "error_field": field}}
    return detail_response(request, record, forms=forms, status=400)


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
    record = get_declaration_for_user(request.user, pk, for_update=True)
    form = ReturnForm(request.POST)
    form.is_valid()
    comment, field = form.cleaned_data.get("comment", ""), form.cleaned_data.get("field", "")
    try:
        services.declaration_return(
            declaration=record,
            user=request.user,
            comment=comment,
            field=field,
            expected_version=posted_version(request),
        )
    except JixiaoError as exc:
        return _refused(request, record, "return", exc, {"comment": comment, "field": field})
    messages.success(request, "已退回经办人修改。")
    return redirect("web:declaration_detail", pk=record.pk)


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
    record = get_declaration_for_user(request.user, pk, for_update=True)
    form = ConcludeForm(request.POST)
    form.is_valid()
    conclusion = request.POST.get("conclusion", "")
    dimensions = form.dimensions(request.POST)
    comment = form.cleaned_data.get("comment", "")
    try:
        services.declaration_finance_conclude(
            declaration=record,
            user=request.user,
            conclusion=conclusion,
            dimensions=dimensions,
            comment=comment,
            expected_version=posted_version(request),
        )
    except JixiaoError as exc:
        posted = {
            "conclusion": conclusion,
            "dimensions": {name: "1" if ok else "0" for name, ok in dimensions.items()},
            "comment": comment,
        }
        return _refused(request, record, "conclude", exc, posted)
    messages.success(request, "已记录财政审核结论。")
    return redirect("web:declaration_detail", pk=record.pk)


@login_required
@require_POST
def declaration_follow_up_close(request, pk):
    record = get_declaration_for_user(request.user, pk, for_update=True)
    comment = request.POST.get("comment", "")
    try:
        services.declaration_follow_up_close(declaration=record, user=request.user, comment=comment)
    except JixiaoError as exc:
        return _refused(request, record, "follow_up", exc, {"comment": comment})
    messages.success(request, "已确认整改完成。")
    return redirect("web:declaration_detail", pk=record.pk)


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
