"""Downloads: one declaration (PDF, Excel, JSON, print view), lists with the list page's
filters (summary tables, the forms as a workbook), and the public files (booklet, open data).

Every view fetches through the access helpers: a declaration the user may not see is a 404.
Whoever sees a declaration only because it is published gets the public copy (phone masked,
the filer only if JIXIAO_PUBLIC_SHOW_HANDLER), as an anonymous visitor does.
"""

from __future__ import annotations

from datetime import date
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from jixiao.accounts.models import Department
from jixiao.core.disclosure import public_declaration
from jixiao.core.exporters.booklet import latest_year_scope, render_booklet
from jixiao.core.exporters.html import render_html
from jixiao.core.exporters.opendata import render_csv, render_json
from jixiao.core.exporters.pdf import render_pdf
from jixiao.core.exporters.summary import render_summary
from jixiao.core.exporters.xlsx import render_xlsx
from jixiao.declarations import permissions
from jixiao.declarations.access import get_declaration_for_user
from jixiao.declarations.models import Declaration, Status
from jixiao.exports import selection
from jixiao.web.filters import ListFilterForm

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"


def download(data: bytes | str, content_type: str, filename: str, *, inline: bool = False):
    body = data.encode("utf-8") if isinstance(data, str) else data
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def _show_handler() -> bool:
    return settings.JIXIAO_PUBLIC_SHOW_HANDLER


def _declaration_for(request, pk):
    """The record and its core declaration as this user may see it."""
    record = get_declaration_for_user(request.user, pk)
    decl = record.to_core()
    if not permissions.in_scope(request.user, record):
        decl = public_declaration(decl, show_handler=_show_handler())
    return record, decl


def _name(record: Declaration, ext: str) -> str:
    return f"{record.fiscal_year}-{record.department.code}-{record.project_name}.{ext}"


def declaration_download(view):
    """Fetch the declaration for this user first (404 to a stranger, whatever the method),
    then allow reading only."""

    @wraps(view)
    def wrapper(request, pk):
        record, decl = _declaration_for(request, pk)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, record, decl)

    return wrapper


# -- one declaration -----------------------------------------------------------------------


@declaration_download
def declaration_pdf(request, record, decl):
    return download(render_pdf([decl]), PDF, _name(record, "pdf"))


@declaration_download
def declaration_xlsx(request, record, decl):
    return download(render_xlsx([decl]), XLSX, _name(record, "xlsx"))


@declaration_download
def declaration_json(request, record, decl):
    return download(decl.to_json() + "\n", JSON, _name(record, "json"))


@declaration_download
def declaration_print(request, record, decl):
    return HttpResponse(render_html([decl]))


# The public page's link: same as the PDF above, named for the public site.
public_pdf = declaration_pdf


# -- lists ---------------------------------------------------------------------------------


def _filtered(request):
    """The list page's queryset with the list page's filters (same form, same query string)."""
    user = request.user
    departments = Department.objects.all() if user.sees_all_departments else None
    form = ListFilterForm(request.GET or None, departments=departments)
    qs = Declaration.objects.visible_to(user).originals().exclude(status=Status.MERGED)
    qs = form.apply(qs).select_related("department", "implementing_unit")
    return form, qs.prefetch_related("indicators")


def _filter_labels(form: ListFilterForm) -> dict[str, str]:
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    labels = {
        "年度": data.get("year"),
        "主管部门": data.get("department") and data["department"].name,
        "状态": data.get("status") and Status(data["status"]).label,
        "审核等级": data.get("grade"),
        "项目名称包含": data.get("q"),
    }
    return {k: str(v) for k, v in labels.items() if v}


@login_required
@require_GET
def summary_xlsx(request):
    # The summary shows no phone and no name: nothing to mask for published declarations.
    form, qs = _filtered(request)
    data = form.cleaned_data if form.is_valid() else {}
    qs, filters = selection.summary_scope(
        qs, _filter_labels(form), year=data.get("year"), status=data.get("status")
    )
    items = selection.summary_items(qs)
    return download(render_summary(items, filters=filters), XLSX, "汇总表.xlsx")


@login_required
@require_GET
def list_xlsx(request):
    """The listed forms as one workbook, one sheet per form."""
    _, qs = _filtered(request)
    decls = []
    for record in qs:
        decl = record.to_core()
        if not permissions.in_scope(request.user, record):
            decl = public_declaration(decl, show_handler=_show_handler())
        decls.append(decl)
    return download(render_xlsx(decls), XLSX, "申报表.xlsx")


# -- public files --------------------------------------------------------------------------


def _published(request) -> tuple[selection.Filters, list[Declaration]]:
    filters = selection.Filters.from_query(request.GET)
    records = list(filters.apply(selection.public_records(Declaration.objects.all())))
    return filters, records


@require_GET
def booklet_pdf(request):
    filters, records = _published(request)
    # One year per booklet: the one asked for, else the latest published.
    year = filters.year or max((r.fiscal_year for r in records), default=date.today().year)
    records = [r for r in records if r.fiscal_year == year]
    department = records[0].department.name if filters.department and records else None
    pdf = render_booklet(
        selection.to_core(records),
        year=year,
        department_name=department,
        show_handler=_show_handler(),
        scope=None if filters.year else latest_year_scope(year),
    )
    suffix = f"-{filters.department}" if filters.department else ""
    return download(pdf, PDF, f"{year}年度项目支出绩效目标公开{suffix}.pdf")


@require_GET
def opendata_json(request):
    filters, records = _published(request)
    text = render_json(selection.to_core(records), show_handler=_show_handler())
    return download(text + "\n", JSON, f"绩效目标公开数据{filters.year or ''}.json")


@require_GET
def opendata_csv(request):
    filters, records = _published(request)
    text = render_csv(selection.to_core(records), show_handler=_show_handler())
    return download(text, CSV, f"绩效目标公开数据{filters.year or ''}.csv")


@require_GET
def index(request):
    """Every list download in one place, with the filters they take."""
    years = (
        Declaration.objects.published()
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    departments = Department.objects.filter(declarations__status=Status.PUBLISHED).distinct()
    context = {
        "nav": "exports",
        "years": list(years),
        "departments": departments.order_by("code"),
    }
    if request.user.is_authenticated:
        user = request.user
        choices = Department.objects.all() if user.sees_all_departments else None
        context["form"] = ListFilterForm(request.GET or None, departments=choices)
    return render(request, "exports/index.html", context)
