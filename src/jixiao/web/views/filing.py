"""Filing: create and edit a declaration in the printed form's layout.

The indicator table is edited in place with htmx: every operation posts the table's rows and
gets the table back (``web/partials/indicator_table.html``, which the page includes too).  A
save that fails validation re-renders everything the filer typed; a stale save (someone else
saved since) is refused by the service and the page shows both versions.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.accounts.models import Department
from jixiao.core.declaration import FUND_LABELS, PERIOD_LABELS, PERIODS, TEXT_FIELDS
from jixiao.core.diff import diff_declarations
from jixiao.core.errors import JixiaoError
from jixiao.core.framework import DEFAULT_FRAMEWORK, get_framework
from jixiao.declarations import permissions, services
from jixiao.declarations.access import get_declaration_for_user
from jixiao.declarations.errors import ConcurrencyError
from jixiao.declarations.finding_text import findings_for_viewer
from jixiao.declarations.models import Declaration, Indicator
from jixiao.declarations.reviewing import review_fields
from jixiao.web import params
from jixiao.web.context import framework_of
from jixiao.web.forms import FUND_KEYS, DeclarationForm, fund_name, initial_from_declaration
from jixiao.web.indicator_rows import (
    MAX_LENGTHS,
    apply_operation,
    rows_from_declaration,
    rows_from_post,
    rows_of,
)
from jixiao.web.placement import field_label, place, row_slot
from jixiao.web.views.common import posted_version

NAME_SUGGESTIONS = 30


def _may_file(user) -> bool:
    return user.is_filer or user.is_admin_role


def _framework_from_post(request):
    try:
        return get_framework(request.POST.get("framework") or DEFAULT_FRAMEWORK)
    except KeyError:
        return get_framework(DEFAULT_FRAMEWORK)


def _form_page(request, *, form, rows, framework, record=None, findings=None, conflict=None):
    comments = list(record.comments.select_related("author")) if record else []
    problem = _not_reviewed(form) if form.is_bound and form.errors else ""
    if problem:
        # A refused save: what is typed cannot be reviewed until it validates, and the stored
        # version's findings (or none at all) would describe something else.
        findings = []
    elif findings is None and record is not None:
        findings = record.findings
    context = {
        "nav": "declare",
        "form": form,
        "record": record,
        "framework": framework,
        "rows": rows,
        "halves": _halves(rows),
        "placement": place(findings_for_viewer(findings, request.user), rows, comments),
        "problem": problem,
        "comments": comments,
        "conflict": conflict,
        "choose_department": "owner_department" in form.fields,
        "department": record.department if record else form.department or request.user.department,
        "fund_inputs": [
            {
                "key": key,
                "label": FUND_LABELS[key],
                "cells": [(period, form[fund_name(period, key)]) for period in PERIODS],
            }
            for key in FUND_KEYS
        ],
        "text_inputs": [form[name] for name in TEXT_FIELDS],
    }
    return render(request, "web/declaration_form.html", context)


def _not_reviewed(form) -> str:
    return "表单有未通过校验的内容，智能审核要等这些错误改正后才能进行：" + "；".join(
        str(e) for errors in form.errors.values() for e in errors
    )


def _halves(rows):
    """The two halves of the table, each row with the slot its findings go to, and the
    cells' length limits (the inputs' ``maxlength``)."""
    return [
        {
            "period": period,
            "label": PERIOD_LABELS[period],
            "max_lengths": MAX_LENGTHS,
            "rows": [
                {"row": row, "slot": row_slot(period, i)}
                for i, row in enumerate(rows_of(rows, period))
            ],
        }
        for period in PERIODS
    ]


@login_required
def declaration_create(request):
    user = request.user
    if not _may_file(user):
        raise Http404("只有经办人可以新建申报表")
    framework = get_framework(DEFAULT_FRAMEWORK)
    department = user.department
    # An administrator belongs to no department and chooses one.
    departments = Department.objects.all() if department is None else None
    if request.method != "POST":
        from django.utils import timezone

        initial = {
            "title": "项目支出绩效目标申报表",
            "fiscal_year": timezone.localdate().year + 1,
            "handler": user.get_full_name(),
            "implementing_unit": user.implementing_unit.name if user.implementing_unit else "",
        }
        rows = apply_operation([], framework, op="add", period="implementation", position=None)
        rows = apply_operation(rows, framework, op="add", period="annual", position=None)
        form = DeclarationForm(initial=initial, departments=departments)
        return _form_page(request, form=form, rows=rows, framework=framework)
    rows = rows_from_post(request.POST, framework)
    form = DeclarationForm(request.POST, department=department, departments=departments, rows=rows)
    if not form.is_valid():
        return _form_page(request, form=form, rows=rows, framework=framework)
    try:
        record = services.declaration_create(user=user, data=form.to_declaration())
    except JixiaoError as exc:
        _form_error(form, exc)
        return _form_page(request, form=form, rows=rows, framework=framework)
    messages.success(request, f"草稿「{record.project_name}」已保存。审核发现显示在各栏目旁。")
    return redirect("web:declaration_edit", pk=record.pk)


def _form_error(form, exc: JixiaoError) -> None:
    field = getattr(exc, "field", None)
    if field in form.fields:
        form.add_error(field, str(exc))
    else:
        form.add_error(None, str(exc))


@login_required
def declaration_edit(request, pk):
    user = request.user
    record = get_declaration_for_user(user, pk, for_update=True)
    framework = framework_of(record)
    if not permissions.may(user, permissions.EDIT, record):
        messages.warning(
            request,
            f"申报表当前为「{record.get_status_display()}」，不能修改"
            + ("；如需修改请发起修订。" if record.is_approved else "。"),
        )
        return redirect("web:declaration_detail", pk=record.pk)
    if request.method != "POST":
        decl = record.to_core()
        form = DeclarationForm(initial=initial_from_declaration(decl, version=record.version))
        rows = rows_from_declaration(decl, framework)
        return _form_page(
            request,
            form=form,
            rows=rows,
            framework=framework,
            record=record,
            findings=record.findings,
        )
    rows = rows_from_post(request.POST, framework)
    form = DeclarationForm(request.POST, department=record.department, rows=rows)
    if not form.is_valid():
        return _form_page(request, form=form, rows=rows, framework=framework, record=record)
    expected = posted_version(request)
    mine = form.to_declaration()
    try:
        record = services.declaration_update(
            declaration=record,
            data=mine,
            user=user,
            expected_version=expected if expected is not None else -1,
        )
    except ConcurrencyError as exc:
        return _conflict_page(request, form, rows, framework, record, exc)
    except JixiaoError as exc:
        _form_error(form, exc)
        return _form_page(request, form=form, rows=rows, framework=framework, record=record)
    if request.POST.get("then") == "submit":
        try:
            services.declaration_submit(
                declaration=record, user=user, expected_version=record.version
            )
        except JixiaoError as exc:
            messages.error(request, f"已保存，但未能提交：{exc}")
            return redirect("web:declaration_edit", pk=record.pk)
        messages.success(request, "已保存并提交，等待部门审核。")
        return redirect("web:declaration_detail", pk=record.pk)
    messages.success(request, "已保存。审核发现已重新计算。")
    return redirect("web:declaration_edit", pk=record.pk)


def _conflict_page(request, form, rows, framework, record, exc: ConcurrencyError):
    """Nothing was saved.  Show what the other person saved beside what this filer typed;
    the form keeps the filer's input, now based on the saved version, so saving again is a
    deliberate choice to put these contents over theirs."""
    current = Declaration.objects.get(pk=record.pk)
    theirs = exc.theirs or current.to_core().to_dict()
    mine = exc.mine or form.to_declaration().to_dict()
    changes = [
        {
            "label": c.label or field_label(c.path, rows),
            "kind": c.kind,
            "theirs": _shown(c.before),
            "mine": _shown(c.after),
        }
        for c in diff_declarations(theirs, mine)
    ]
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = DeclarationForm(data, department=record.department, rows=rows)
    form.is_valid()
    conflict = {"message": str(exc), "changes": changes, "version": current.version}
    return _form_page(
        request, form=form, rows=rows, framework=framework, record=current, conflict=conflict
    )


def _shown(value) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, dict) and "name" in value:
        return f"{value.get('level2', '')}·{value.get('name', '')}：{value.get('value', '')}"
    return str(value)


# -- htmx fragments -------------------------------------------------------------------------


@login_required
@require_POST
def indicator_table(request):
    """The indicator table after one operation (add, remove, up, down, copy)."""
    if not _may_file(request.user):
        raise Http404
    framework = _framework_from_post(request)
    rows = rows_from_post(request.POST, framework)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        position = None
    rows = apply_operation(
        rows,
        framework,
        op=request.POST.get("op", ""),
        period=request.POST.get("period", ""),
        position=position,
    )
    context = {"framework": framework, "halves": _halves(rows), "placement": place([], rows)}
    return render(request, "web/partials/indicator_table.html", context)


class NameQuery(params.QueryForm):
    level2 = params.text_field("二级指标", 50)
    name = params.text_field("三级指标", 300)


@login_required
@require_GET
def indicator_names(request):
    """Indicator names already used under one level2, in declarations this user may read,
    most used first: the ``<datalist>`` a name cell offers as the filer types."""
    query = NameQuery(_row_query(request.GET)).values
    level2, typed = query.get("level2", "").strip(), query.get("name", "").strip()
    names = []
    if level2:
        qs = Indicator.objects.filter(
            level2=level2, declaration__in=Declaration.objects.visible_to(request.user)
        )
        if typed:
            qs = qs.filter(name__icontains=typed)
        names = [
            row["name"]
            for row in qs.values("name")
            .annotate(n=Count("id"))
            .order_by("-n", "name")[:NAME_SUGGESTIONS]
        ]
    return render(request, "web/partials/indicator_names.html", {"names": names})


def _row_query(query) -> dict[str, str]:
    """One row's ``level2`` and ``name``: the request carries that row's inputs, of either
    half (``ind-annual-name``), or the plain names."""
    out = {}
    for key, value in query.items():
        for field in NameQuery.base_fields:
            if key == field or (key.startswith("ind-") and key.endswith(f"-{field}")):
                out.setdefault(field, value)
    return out


@login_required
@require_POST
def declaration_check(request):
    """The review of what is in the form now, without saving: the findings panel, and every
    slot beside the fields swapped out of band."""
    if not _may_file(request.user):
        raise Http404
    framework = _framework_from_post(request)
    rows = rows_from_post(request.POST, framework)
    department = request.user.department
    pk = request.POST.get("declaration")
    if pk:
        department = get_declaration_for_user(request.user, pk, for_update=True).department
    form = DeclarationForm(request.POST, department=department, rows=rows)
    findings = []
    problem = ""
    if form.is_valid():
        findings = review_fields(form.to_declaration())["findings"]
    else:
        problem = _not_reviewed(form)
    placement = place(findings_for_viewer(findings, request.user), rows)
    context = {"placement": placement, "problem": problem, "oob": True}
    return render(request, "web/partials/findings_panel.html", context)
