"""Downloads: one declaration (PDF, Excel, JSON, print view), lists with the list page's
filters (summary tables, the forms as a workbook), and the public files (booklet, open data).

Every view fetches through the access helpers: a declaration the user may not see is a 404.
Whoever sees a declaration only because it is published gets its public form
(``declarations.disclosure.public_record``: phone masked, the filer only if
JIXIAO_PUBLIC_SHOW_HANDLER), as an anonymous visitor does; so do the public files (the public
PDF, the booklet, open data) whoever asks.  The list downloads hold the list page's
declarations: those in the user's scope.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from jixiao.accounts.models import Department
from jixiao.core.disclosure import mask_phones_in_text
from jixiao.core.exporters.booklet import latest_year_scope
from jixiao.core.exporters.html import render_html
from jixiao.core.exporters.opendata import render_csv, render_json
from jixiao.core.exporters.pdf import render_pdf
from jixiao.core.exporters.summary import render_summary
from jixiao.core.exporters.xlsx import render_xlsx
from jixiao.declarations.access import NOT_FOUND, get_declaration_for_user
from jixiao.declarations.disclosure import public_record, public_records, record_for
from jixiao.declarations.models import Declaration, Status
from jixiao.exports import selection
from jixiao.jobs.models import UNFINISHED, Job, Kind, State
from jixiao.jobs.services import job_create, job_discard, job_execute, job_start
from jixiao.jobs.views import result_response
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


def _declaration_for(request, pk):
    """The record and its core declaration as this user may see it."""
    record = get_declaration_for_user(request.user, pk)
    return record, record_for(request.user, record)


def _name(record: Declaration, ext: str) -> str:
    # Seen by whoever downloads: a phone typed into the project name is masked.
    name = mask_phones_in_text(record.project_name)
    return f"{record.fiscal_year}-{record.department.code}-{name}.{ext}"


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


def public_pdf(request, pk):
    """The public page's PDF: the published form, whoever asks (404 first, like the others)."""
    try:
        record = Declaration.objects.published().with_related().get(pk=pk)
    except Declaration.DoesNotExist:
        raise Http404(NOT_FOUND) from None
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return download(render_pdf([public_record(record)]), PDF, _name(record, "pdf"))


# -- lists ---------------------------------------------------------------------------------


def list_download(view):
    """The list page's queryset with the list page's filters (same form, same query string);
    a filter that does not fit is a 400 page naming it, not a file of a wider selection."""

    @wraps(view)
    def wrapper(request):
        user = request.user
        departments = Department.objects.all() if user.sees_all_departments else None
        form = ListFilterForm(request.GET, departments=departments)
        if (refusal := form.refused(request)) is not None:
            return refusal
        return view(request, form, selection.list_records(user, form))

    return wrapper


def _as_job(request, form, qs, kind: str, title: str):
    """A selection larger than JIXIAO_JOB_THRESHOLD becomes a background job (the same
    file, made by the worker): the redirect to its page, else ``None``."""
    count = qs.count()
    if count <= settings.JIXIAO_JOB_THRESHOLD:
        return None
    job = job_start(
        user=request.user,
        kind=kind,
        title=f"{title}（{count} 份申报表）",
        params={"query": form.data.urlencode()},  # the worker reads it with the same form
    )
    return redirect("jobs:job_detail", job.pk)


@login_required
@require_GET
@list_download
def summary_xlsx(request, form, qs):
    qs, filters = selection.summary_scope(
        qs,
        selection.list_filter_labels(form),
        year=form.values.get("year"),
        status=form.values.get("status"),
    )
    if (started := _as_job(request, form, qs, Kind.SUMMARY, "汇总表")) is not None:
        return started
    items = selection.summary_items(qs)
    return download(render_summary(items, filters=filters), XLSX, "汇总表.xlsx")


@login_required
@require_GET
@list_download
def list_xlsx(request, form, qs):
    """The listed forms as one workbook, one sheet per form."""
    if (started := _as_job(request, form, qs, Kind.LIST_XLSX, "申报表 Excel")) is not None:
        return started
    return download(render_xlsx([record.to_core() for record in qs]), XLSX, "申报表.xlsx")


# -- public files --------------------------------------------------------------------------


def public_files(view):
    """The public files' query string read first: a value that does not fit is a 400 page
    naming it, not a file of some other selection."""

    @wraps(view)
    def wrapper(request):
        form = selection.FilterQuery(request.GET)
        if (refusal := form.refused(request)) is not None:
            return refusal
        # The public chooses by what is published: by status or review grade would tell them
        # what the review thought of each project.
        filters = replace(
            selection.Filters.from_query(form),
            status=None,
            grade=None,
            conclusion=None,
            follow_up=None,
        )
        return view(request, filters)

    return wrapper


def _public_records(filters) -> list[Declaration]:
    return list(filters.apply(selection.public_records(Declaration.objects.all())))


@require_GET
@public_files
def booklet_pdf(request, filters):
    """One year per booklet (the one asked for, else the latest published), made by a job and
    kept: served from the stored file while its selection is unchanged (same number of
    published declarations, same latest publication), made anew otherwise — in this request
    when small, else by the worker, with a waiting page that shows its progress."""
    asked = filters.year
    filters = replace(filters, year=selection.booklet_year(filters))
    fingerprint = selection.booklet_fingerprint(filters, filters.year)
    key = "|".join(
        str(part)
        for part in (
            filters.year,
            filters.department,
            filters.q,
            settings.JIXIAO_PUBLIC_SHOW_HANDLER,
            bool(asked),
        )
    )
    made = Job.objects.public_booklets(key).filter(fingerprint=fingerprint)
    # A job unfinished for an hour lost its worker (stopped mid-way): it is not waited for.
    since = timezone.now() - timedelta(hours=1)
    job = (
        made.filter(state=State.DONE).first()
        or made.filter(state__in=UNFINISHED, created_at__gte=since).first()
    )
    if job is None:
        job_discard(Job.objects.public_booklets(key))  # superseded booklets
        fields = {
            "user": None,
            "kind": Kind.BOOKLET,
            "title": f"{filters.year}年度公开手册",
            "params": {
                "filters": asdict(filters),
                "url": request.get_full_path(),
                # The cover says how the year was chosen when the visitor did not choose.
                "scope": None if asked else latest_year_scope(filters.year),
            },
            "public_key": key,
            "fingerprint": fingerprint,
        }
        if selection.fingerprint_count(fingerprint) <= settings.JIXIAO_JOB_THRESHOLD:
            job = job_create(**fields)
            job_execute(job.pk)
            job.refresh_from_db()
        else:
            job = job_start(**fields)
    if job.downloadable:
        return result_response(job)
    return render(request, "exports/booklet_wait.html", {"job": job, "public": True})


@require_GET
@public_files
def opendata_json(request, filters):
    text = render_json(public_records(_public_records(filters)), masked=False)
    return download(text + "\n", JSON, f"绩效目标公开数据{filters.year or ''}.json")


@require_GET
@public_files
def opendata_csv(request, filters):
    text = render_csv(public_records(_public_records(filters)), masked=False)
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
        context["form"] = ListFilterForm(request.GET, departments=choices)
    return render(request, "exports/index.html", context)
