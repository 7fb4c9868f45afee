"""What each kind of job does.  A runner gets the job and its ``Progress`` and returns
``(data, filename, content_type, message)``; a ``JixiaoError`` it raises is the job's
Chinese failure message.  The exporters and the import service are the same ones the
synchronous downloads and ``jixiao export`` call."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import QueryDict

from jixiao.accounts.models import Department
from jixiao.core.errors import JixiaoError
from jixiao.core.exporters.booklet import render_booklet
from jixiao.core.exporters.summary import render_summary
from jixiao.core.exporters.xlsx import render_xlsx
from jixiao.core.importers.base import read_bytes
from jixiao.declarations import services
from jixiao.declarations.disclosure import public_record
from jixiao.exports import selection
from jixiao.jobs.models import Job, Kind
from jixiao.jobs.services import JobFailed
from jixiao.web.filters import ListFilterForm

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain; charset=utf-8"


def booklet(job: Job, progress):
    filters = selection.Filters(**job.params["filters"])
    progress(2, "正在读取已公开的申报表")
    year, records = selection.booklet_records(filters)
    # What it is made from, read with the records: a publication after this makes it stale.
    fingerprint = selection.booklet_fingerprint(filters, year)
    Job.objects.filter(pk=job.pk).update(fingerprint=fingerprint)
    department = records[0].department.name if filters.department and records else None
    forms = [
        public_record(record)
        for record in progress.each(records, start=5, end=20, message="正在准备公开文本")
    ]
    seconds = len(forms) * settings.JIXIAO_BOOKLET_SECONDS_PER_FORM
    progress(20, f"正在排版 {len(forms)} 份申报表", estimate=(98, seconds))
    pdf = render_booklet(
        forms,
        year=year,
        department_name=department,
        masked=False,
        scope=job.params.get("scope"),
    )
    name = selection.booklet_filename(year, filters.department)
    return pdf, name, PDF, f"{year} 年度，共 {len(forms)} 个项目"


def _list_records(job: Job):
    user = job.user
    departments = Department.objects.all() if user.sees_all_departments else None
    form = ListFilterForm(QueryDict(job.params.get("query", "")), departments=departments)
    return form, list(selection.list_records(user, form))


def summary(job: Job, progress):
    progress(2, "正在读取申报表")
    user = job.user
    departments = Department.objects.all() if user.sees_all_departments else None
    form = ListFilterForm(QueryDict(job.params.get("query", "")), departments=departments)
    qs, labels = selection.summary_scope(
        selection.list_records(user, form),
        selection.list_filter_labels(form),
        year=form.values.get("year"),
        status=form.values.get("status"),
    )
    items = selection.summary_items(
        progress.each(list(qs), start=10, end=70, message="正在汇总申报表")
    )
    progress(70, "正在写入汇总表", estimate=(98, len(items) * 0.002))
    data = render_summary(items, filters=labels)
    return data, "汇总表.xlsx", XLSX, f"共 {len(items)} 份申报表"


def list_xlsx(job: Job, progress):
    progress(2, "正在读取申报表")
    _form, records = _list_records(job)
    decls = [
        record.to_core()
        for record in progress.each(records, start=10, end=50, message="正在读取申报表")
    ]
    progress(50, f"正在写入 {len(decls)} 张工作表", estimate=(98, len(decls) * 0.02))
    return render_xlsx(decls), "申报表.xlsx", XLSX, f"共 {len(decls)} 份申报表"


def import_files(job: Job, progress):
    """Each file in its own transaction, as ``jixiao import`` does: a bad file is reported
    and the others are stored."""
    files = job.params["files"]
    lines: list[str] = []
    stored = 0
    for i, (path, name) in enumerate(files):
        progress(100 * i // len(files), f"正在导入第 {i + 1}/{len(files)} 个文件：{name}")
        try:
            with default_storage.open(path, "rb") as handle:
                data = handle.read()
            outcome = services.declaration_import(result=read_bytes(data, name), user=job.user)
        except JixiaoError as exc:
            lines.append(f"{name}：未导入。{exc}")
        else:
            stored += 1
            lines.append(f"{name}：已导入，{outcome.counts_text()}")
        finally:
            default_storage.delete(path)
    if not stored:
        raise JobFailed("没有导入任何文件：\n" + "\n".join(lines))
    failed = len(files) - stored
    message = f"已导入 {stored} 个文件" + (f"，{failed} 个文件有错误未导入" if failed else "")
    report = "\n".join(lines) + "\n"
    return report.encode("utf-8"), "导入报告.txt", TEXT, message


RUNNERS = {
    Kind.BOOKLET: booklet,
    Kind.SUMMARY: summary,
    Kind.LIST_XLSX: list_xlsx,
    Kind.IMPORT: import_files,
}
