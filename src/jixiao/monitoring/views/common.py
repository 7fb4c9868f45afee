"""What the monitoring pages share: fetching a declaration for a user, problems by field,
the year asked for, downloads."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from django.db.models import Max
from django.http import Http404, HttpResponse

from jixiao.core.evaluation.forms_pdf import render_pdf
from jixiao.core.evaluation.forms_xlsx import render_xlsx
from jixiao.web import params

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


def problems_by_indicator(problems, indicator_ids: list[int]) -> dict:
    """Problems by indicator id (``None``: the form's own fields), then by field.

    ``indicator_ids`` are the ids of the indicators the core was given, in its order.
    """
    out: dict = {}
    for p in problems:
        key = None if p.index is None else indicator_ids[p.index]
        out.setdefault(key, {}).setdefault(p.field, []).append(p.message)
    return out


class YearQuery(params.QueryForm):
    year = params.year_field()
    round = params.id_field("监控轮次")


def query_asked(request) -> YearQuery:
    """The monitoring pages' query string (``?year=``, ``?round=``); a value that does not
    fit is dropped with a message on the page."""
    form = YearQuery(request.GET)
    form.warn(request)
    return form


def year_asked(request, form: YearQuery | None = None) -> int:
    """The fiscal year in ``?year=``; else the latest year with an approved declaration the
    user may see (the year there is something to monitor), else this year."""
    if form is None:
        form = query_asked(request)
    if "year" in form.values:
        return form.values["year"]
    from jixiao.declarations.models import Declaration

    latest = (
        Declaration.objects.in_scope_of(request.user).approved().aggregate(y=Max("fiscal_year"))
    )
    return latest["y"] or date.today().year


def download(sheet, filename: str, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404("没有这种格式")
    content_type, render_sheet = DOWNLOADS[fmt]
    response = HttpResponse(render_sheet(sheet), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"
    return response
