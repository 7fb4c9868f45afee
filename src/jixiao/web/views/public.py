"""The public disclosure: published declarations only, no login, each as
``declarations.disclosure.public_record`` gives it (phone masked, the filer's name only where
the bureau publishes it, no review or anything else internal)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, Max, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse_lazy

from jixiao.accounts.models import Department
from jixiao.declarations.disclosure import public_record
from jixiao.declarations.models import Declaration
from jixiao.web import params
from jixiao.web.context import framework_of, printed_context
from jixiao.web.filters import DepartmentQuery, department_options, filtered, paginate


def _published_departments():
    """The departments with at least one published declaration."""
    published = Declaration.objects.published().filter(department=OuterRef("pk"))
    return Department.objects.filter(Exists(published))


class PublicFilterForm(params.QueryForm):
    q = params.search_field()
    year = params.year_field()
    department = params.department_field(
        _published_departments(), options_url=reverse_lazy("web:public_department_options")
    )
    page = params.page_field()


def public_list(request):
    form = PublicFilterForm(request.GET)
    qs = filtered(Declaration.objects.published().for_public_list(), form.values)
    pager = paginate(form, qs.order_by("-fiscal_year", "department__code", "project_name"))
    year = form.values.get("year")
    context = {
        "nav": "public",
        "form": form,
        "pager": pager,
        "page": pager.page,
        "query": pager.query,
        # The booklet holds one year: the one chosen, else the latest; the link says which.
        "booklet_year": year or qs.aggregate(latest=Max("fiscal_year"))["latest"],
        "booklet_latest": not year,
    }
    return render(request, "web/public_list.html", context)


def public_detail(request, pk):
    try:
        record = Declaration.objects.published().select_related("department").get(pk=pk)
    except (Declaration.DoesNotExist, ValueError):
        raise Http404("没有找到该公开的申报表") from None
    context = printed_context(public_record(record), framework=framework_of(record))
    context.update(
        {
            "nav": "public",
            "record": record,
            "show_handler": settings.JIXIAO_PUBLIC_SHOW_HANDLER,
            "placement": None,
        }
    )
    return render(request, "web/public_detail.html", context)


def public_department_choices(request):
    """Suggestions for the public list's department input: departments that published."""
    typed = DepartmentQuery(request.GET).values.get("department", "")
    options = department_options(_published_departments(), typed)
    return render(request, "web/partials/department_options.html", {"departments": options})
