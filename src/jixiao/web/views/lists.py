"""Home page and the declaration lists (all in scope, and what waits for this user)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jixiao.accounts.models import Department
from jixiao.declarations.models import Declaration, Status
from jixiao.web.filters import (
    DepartmentQuery,
    ListFilterForm,
    department_options,
    paginate,
    sort_links,
)
from jixiao.web.views.common import render_page_or_partial

HOME_ROWS = 8


def home(request):
    user = request.user
    context = {"nav": "home"}
    if not user.is_authenticated:
        context["published"] = (
            Declaration.objects.published()
            .for_public_list()
            .order_by("-published_at", "-id")[:HOME_ROWS]
        )
        return render(request, "web/home.html", context)
    scope = Declaration.objects.in_scope_of(user).for_list()
    context["todo"] = scope.awaiting_action_by(user).order_by("-updated_at")[:HOME_ROWS]
    if user.is_filer or user.is_admin_role:
        context["drafts"] = scope.filter(status=Status.DRAFT).order_by("-updated_at")[:HOME_ROWS]
    context["counts"] = _status_counts(scope)
    return render(request, "web/home.html", context)


def _status_counts(qs) -> dict[str, int]:
    from django.db.models import Count

    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return {
        "draft": counts.get(Status.DRAFT, 0),
        "returned": counts.get(Status.RETURNED, 0),
        "in_review": counts.get(Status.SUBMITTED, 0) + counts.get(Status.DEPT_APPROVED, 0),
        "approved": counts.get(Status.FINANCE_APPROVED, 0) + counts.get(Status.PUBLISHED, 0),
    }


def _list(request, qs, *, title: str, nav: str, mode: str):
    user = request.user
    departments = Department.objects.all() if user.sees_all_departments else None
    form = ListFilterForm(request.GET, departments=departments)
    qs = form.apply(qs.exclude(status=Status.MERGED).for_list())
    pager = paginate(form, qs)
    context = {
        "title": title,
        "nav": nav,
        "mode": mode,
        "form": form,
        "pager": pager,
        "page": pager.page,
        "query": pager.query,
        "sorts": sort_links(form),
        "show_department": departments is not None,
    }
    return render_page_or_partial(
        request, "web/declaration_list.html", "web/partials/declaration_table.html", context
    )


@login_required
def declaration_list(request):
    qs = Declaration.objects.in_scope_of(request.user)
    return _list(request, qs, title="申报表", nav="declare", mode="all")


@login_required
def review_queue(request):
    qs = Declaration.objects.awaiting_action_by(request.user)
    return _list(request, qs, title="待我处理", nav="review", mode="queue")


@login_required
def department_choices(request):
    """Suggestions for the list's department input: those the user may filter by."""
    user = request.user
    departments = Department.objects.all()
    if not user.sees_all_departments:
        departments = departments.filter(pk=user.department_id)
    typed = DepartmentQuery(request.GET).values.get("department", "")
    options = department_options(departments, typed)
    return render(request, "web/partials/department_options.html", {"departments": options})
