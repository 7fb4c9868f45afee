"""`jixiao export`: declarations out in the forms people use.

    jixiao export --format pdf|html|xlsx|json|csv|summary|booklet [--year Y] [--department CODE]
                  [--public] [--out PATH]
    jixiao export FILE... --format ... [--out PATH]

Without FILE the declarations come from the database (every declaration proper, revisions
aside); with FILE they are read straight from forms (any format ``jixiao parse`` reads) and no
database is touched.  The booklet holds published declarations only and is always public
(phones masked, the filer only if JIXIAO_PUBLIC_SHOW_HANDLER); ``--public`` makes the other
formats the same.  Without ``--out`` the file goes to stdout.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings

from jixiao.core.declaration import Declaration, dumps
from jixiao.core.errors import JixiaoError
from jixiao.core.importers.base import read_forms
from jixiao.declarations.management.base import FormCommand

FORMATS = ("pdf", "html", "xlsx", "json", "csv", "summary", "booklet")
BINARY = {"pdf", "xlsx", "summary", "booklet"}


class Command(FormCommand):
    help = "导出申报表：PDF、打印页、Excel、JSON、CSV、汇总表或公开汇编"
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", metavar="FILE", help="直接从这些文件导出（不用数据库）"
        )
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--year", type=int)
        parser.add_argument("--department", metavar="CODE", help="主管部门代码")
        parser.add_argument(
            "--status",
            help="只含此状态的（草稿 draft、已公开 published 等）；汇总表缺省为已提交及以后的",
        )
        parser.add_argument("--public", action="store_true", help="只含已公开的，电话打码")
        parser.add_argument("--out", metavar="PATH", help="输出文件（缺省为标准输出）")

    def handle(self, *args, files, format, year, department, status, public, out, **options):
        if format in BINARY and not out and sys.stdout.isatty():
            raise JixiaoError(f"{format} 是二进制文件，请用 --out 指定输出文件")
        if files:
            data = self.from_files(files, format, year, department, public)
        else:
            data = self.from_database(format, year, department, status, public)
        if out:
            path = Path(out)
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise JixiaoError(f"无法写入 {out}：{exc.strerror}") from None
            self.stderr.write(f"已写入 {out}（{len(data)} 字节）")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()

    # -- sources ----------------------------------------------------------------------------

    def from_files(self, files, fmt, year, department, public) -> bytes:
        from jixiao.core.exporters.summary import SummaryItem

        decls: list[Declaration] = []
        for name in files:
            decls += read_forms(name).declarations
        decls = [
            d
            for d in decls
            if (year is None or d.fiscal_year == year)
            and (department is None or d.department_code == department)
        ]
        # A file carries no workflow state: every form counts as published for the booklet.
        return render(
            fmt,
            decls,
            year=year,
            department=department,
            public=public,
            summary_items=[SummaryItem(d) for d in decls],
        )

    def from_database(self, fmt, year, department, status, public) -> bytes:
        from jixiao.declarations.models import Status
        from jixiao.exports import selection

        if status and status not in Status.values:
            known = "、".join(f"{v}（{label}）" for v, label in Status.choices)
            raise JixiaoError(f"未知的状态 {status}，可选：{known}")
        filters = selection.Filters(year=year, department=department, status=status)
        records = filters.apply(selection.all_records())
        labels = filters.labels()
        if public or fmt == "booklet":
            records = selection.public_records(records)
        if fmt == "summary":
            if public:
                labels["状态"] = "已公开"
            records, labels = selection.summary_scope(
                records, labels, year=year, status=status or ("published" if public else None)
            )
        records = list(records)
        return render(
            fmt,
            selection.to_core(records),
            year=year,
            department=department,
            public=public,
            summary_items=selection.summary_items(records) if fmt == "summary" else [],
            filters=labels,
        )


def render(
    fmt: str,
    decls: list[Declaration],
    *,
    year: int | None,
    department: str | None,
    public: bool,
    summary_items,
    filters: dict | None = None,
) -> bytes:
    """The bytes of one export of ``decls``."""
    from jixiao.core.disclosure import public_declaration

    show_handler = settings.JIXIAO_PUBLIC_SHOW_HANDLER
    if fmt == "booklet":
        from jixiao.core.exporters.booklet import render_booklet

        if year is None:
            years = sorted({d.fiscal_year for d in decls})
            if len(years) > 1:
                raise JixiaoError(f"公开汇编按年度编排，请用 --year 指定年度（现有 {years}）")
            year = years[0] if years else None
        if year is None:
            raise JixiaoError("没有可汇编的申报表，请用 --year 指定年度")
        names = {d.department_name for d in decls if d.department_code == department}
        return render_booklet(
            decls,
            year=year,
            department_name=next(iter(names), None) if department else None,
            show_handler=show_handler,
        )
    if fmt == "summary":
        from jixiao.core.exporters.summary import render_summary

        return render_summary(summary_items, filters=filters)
    if not decls:
        raise JixiaoError("没有符合条件的申报表")
    if public:
        decls = [public_declaration(d, show_handler=show_handler) for d in decls]
    if fmt == "pdf":
        from jixiao.core.exporters.pdf import render_pdf

        return render_pdf(decls)
    if fmt == "html":
        from jixiao.core.exporters.html import render_html

        return render_html(decls).encode("utf-8")
    if fmt == "xlsx":
        from jixiao.core.exporters.xlsx import render_xlsx

        return render_xlsx(decls)
    if fmt == "json":
        return (dumps(decls) + "\n").encode("utf-8")
    from jixiao.core.exporters.opendata import render_csv

    return render_csv(decls, masked=False).encode("utf-8")
