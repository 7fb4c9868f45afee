"""The public disclosure: published declarations only, no login, phone masked, the filer's
name shown only where the bureau publishes it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Max
from django.http import Http404
from django.shortcuts import render

from jixiao.accounts.models import Department
from jixiao.declarations.models import Declaration
from jixiao.web.context import framework_of, printed_context
from jixiao.web.filters import paginate
from jixiao.web.public import public_view


class PublicFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(
        queryset=Department.objects.filter(declarations__status="published").distinct(),
        required=False,
        empty_label="全部部门",
        to_field_name="code",
    )


def public_list(request):
    form = PublicFilterForm(request.GET or None)
    qs = Declaration.objects.published().select_related("department")
    if form.is_valid():
        qs = qs.search(form.cleaned_data.get("q") or "")
        if form.cleaned_data.get("year"):
            qs = qs.for_year(form.cleaned_data["year"])
        if form.cleaned_data.get("department"):
            qs = qs.for_department(form.cleaned_data["department"])
    page, query = paginate(request, qs.order_by("-fiscal_year", "department__code", "project_name"))
    year = form.cleaned_data.get("year") if form.is_valid() else None
    context = {
        "nav": "public",
        "form": form,
        "page": page,
        "query": query,
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
    context = printed_context(public_view(record.to_core()), framework=framework_of(record))
    context.update(
        {
            "nav": "public",
            "record": record,
            "show_handler": settings.JIXIAO_PUBLIC_SHOW_HANDLER,
            "placement": None,
        }
    )
    return render(request, "web/public_detail.html", context)
