"""What the monitoring pages share: fetching a declaration for a user, problems by field,
the stale-page comparison, the review step, the year asked for, downloads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.db.models import Max
from django.http import Http404, HttpResponse

from jixiao.core.evaluation.forms_pdf import render_pdf
from jixiao.core.evaluation.forms_xlsx import render_xlsx
from jixiao.monitoring.errors import MonitoringError
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

    ``indicator_ids`` are the ids of the indicators the core was given, in its order: the
    problems must come from an assessment of the same rows (the form's), never of others.
    """
    out: dict = {}
    for p in problems:
        key = None if p.index is None else indicator_ids[p.index]
        out.setdefault(key, {}).setdefault(p.field, []).append(p.message)
    return out


def forms_valid(main_form, rows) -> bool:
    """Validate the form's own fields and every indicator row (all of them, so that every
    field shows its error at once)."""
    results = [main_form.is_valid(), *(f.is_valid() for _, f in rows)]
    return all(results)


def entries_of(main_form, rows) -> tuple[dict, list[tuple[object, dict]]] | None:
    """What is on the form, saved or not: (own fields, [(indicator, its fields)]), or ``None``
    while a field cannot be read or the money is missing."""
    if main_form.is_bound:
        if not forms_valid(main_form, rows):
            return None
        head, entries = main_form.cleaned_data, [f.cleaned_data for _, f in rows]
    else:
        head, entries = main_form.initial, [f.initial for _, f in rows]
    if head.get("budget") is None or head.get("executed") is None:
        return None
    return head, [(ind, entry) for (ind, _), entry in zip(rows, entries, strict=True)]


def _shown(value, field) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _same(saved, typed) -> bool:
    if saved in (None, "") and typed in (None, ""):
        return True
    if isinstance(saved, Decimal) or isinstance(typed, Decimal):
        return saved is not None and typed is not None and Decimal(saved) == Decimal(typed)
    return saved == typed


def differences(form, saved: dict, *, prefix: str = "") -> list[dict]:
    """The fields of a valid bound form whose value is not the saved one (stale page)."""
    out = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        theirs, mine = saved.get(name), form.cleaned_data[name]
        if not _same(theirs, mine):
            label = f"{prefix}{field.label}"
            out.append({"label": label, "theirs": _shown(theirs, field),
                        "mine": _shown(mine, field)})  # fmt: skip
    return out


def stale_page(request, exc, *, form_class, main_form, rows, record, saved_rows, fields):
    """After a refused save (``ConcurrencyError``, nothing written): the form again with all
    that was typed, now based on the saved version, and what differs from what is saved.

    ``saved_rows``: the record's rows by indicator id; ``fields``: (the form's own field
    names, a row's field names).  Saving the returned form once more is a deliberate choice
    to put these contents over the newer ones.
    """
    main_fields, row_fields = fields
    changes = differences(main_form, {f: getattr(record, f, None) for f in main_fields})
    for ind, form in rows:
        row = saved_rows.get(ind.pk)
        saved = {f: getattr(row, f) for f in row_fields} if row else {}
        changes += differences(form, saved, prefix=f"{ind.name} · ")
    version = record.version if record is not None else 0
    main_form = rebound_at(form_class, request, version)
    forms_valid(main_form, rows)
    return main_form, {"message": str(exc), "changes": changes, "version": version}


def rebound_at(form_class, request, version: int, **kwargs):
    """The posted form again, now based on ``version``."""
    data = request.POST.copy()
    data["version"] = str(version)
    return form_class(data, **kwargs)


def review(request, record, *, keyword: str, noun: str, services_by_action: dict) -> None:
    """A review form posted: the step asked for (``action``) through its service, which takes
    the record as ``keyword``."""
    action = request.POST.get("action", "")
    service = services_by_action.get(action)
    if service is None:
        messages.error(request, "未知的审核操作")
        return
    done = {"return": "已退回", "dept_approve": "已通过部门审核，报财政审核",
            "approve": "已审核通过"}[action]  # fmt: skip
    try:
        service(user=request.user, comment=request.POST.get("comment", ""), **{keyword: record})
        messages.success(request, f"{noun}{done}")
    except MonitoringError as exc:
        messages.error(request, str(exc))


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
