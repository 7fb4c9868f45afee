"""The public disclosure booklet: every published declaration of a year (optionally of one
department) in one PDF with a cover and a table of contents, phones masked, the filer's name
only if asked for.

The forms are laid out once.  Their page numbers are known only afterwards, so the forms are
rendered first (numbered from the page after the contents, whose length is computed in
advance), then the cover and the contents, and the two are joined with pdfium (already
installed with pdfplumber).  Laying 500 forms out twice would double the time.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

import pypdfium2 as pdfium
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from jixiao.core.declaration import Declaration
from jixiao.core.disclosure import public_declaration
from jixiao.core.exporters import layout
from jixiao.core.exporters.pdf import (
    MARGIN,
    PAGE,
    WIDTH,
    build_forms,
    draw_page_footer,
    new_document,
)
from jixiao.core.exporters.pdfkit import (
    colors,
    grid_commands,
    mm,
    numbered_canvas,
    para,
    styles,
)

TOC_TITLE = "目　录"
FRAME_HEIGHT = PAGE[1] - 2 * MARGIN


class _Anchor(Flowable):
    """Zero-size marker: records the page its form starts on."""

    def __init__(self, pages: list[int], offset: int) -> None:
        super().__init__()
        self.pages, self.offset = pages, offset

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.pages.append(self.canv.getPageNumber() + self.offset)


def _front_footer(canvas, number: int, total: int) -> None:
    if number > 1:  # the cover has none
        draw_page_footer(canvas, number, total)


def booklet_title(year: int, department_name: str | None) -> str:
    who = department_name or "各预算部门（单位）"
    return f"{who}{year}年度项目支出绩效目标"


def _toc_table(declarations: list[Declaration], pages: list[int | None]) -> Table:
    head = [para(t, "center") for t in ("序号", "主管部门", "项目名称", "页码")]
    rows = [head]
    for i, (decl, page) in enumerate(zip(declarations, pages, strict=True), start=1):
        rows.append(
            [
                para(str(i), "center"),
                para(layout.department_text(decl)),
                para(decl.project_name),
                para("" if page is None else str(page), "right"),
            ]
        )
    widths = [16 * mm, 80 * mm, WIDTH - 126 * mm, 30 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(grid_commands() + [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2"))])
    )
    return table


def _toc_story(declarations: list[Declaration], pages: list[int | None]) -> list[Flowable]:
    return [
        Paragraph(TOC_TITLE, styles()["title"]),
        Spacer(1, 4 * mm),
        _toc_table(declarations, pages),
    ]


def _pages_needed(story: list[Flowable]) -> int:
    """How many pages a story of a heading and one table takes, without drawing it."""
    pages, room = 1, FRAME_HEIGHT
    for flowable in story:
        while True:
            _, height = flowable.wrap(WIDTH, room)
            if height <= room:
                room -= height
                break
            parts = flowable.split(WIDTH, room)
            if not parts:
                pages, room = pages + 1, FRAME_HEIGHT
                continue
            room -= parts[0].wrap(WIDTH, room)[1]
            flowable = parts[1] if len(parts) > 1 else parts[0]
            pages, room = pages + 1, FRAME_HEIGHT
    return pages


def _cover_story(
    title: str, count: int, published_on: date, issuer: str | None, scope: str | None = None
) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        Spacer(1, 45 * mm),
        Paragraph(title, s["cover_title"]),
        Spacer(1, 6 * mm),
        Paragraph("（公开本）", s["cover_line"]),
    ]
    if scope:
        story += [Spacer(1, 4 * mm), Paragraph(scope, s["cover_line"])]
    story += [
        Spacer(1, 30 * mm),
        Paragraph(f"共 {count} 个项目", s["cover_line"]),
    ]
    if issuer:
        story.append(Paragraph(issuer, s["cover_line"]))
    story += [
        Paragraph(
            f"{published_on.year}年{published_on.month}月{published_on.day}日", s["cover_line"]
        ),
        PageBreak(),
    ]
    return story


def latest_year_scope(year: int) -> str:
    """The cover's line for a booklet whose year nobody chose."""
    return f"未指定年度，收录最新年度（{year}年度）已公开的申报表"


def render_booklet(
    declarations: Iterable[Declaration],
    *,
    year: int,
    department_name: str | None = None,
    issuer: str | None = None,
    show_handler: bool = False,
    published_on: date | None = None,
    masked: bool = True,
    scope: str | None = None,
) -> bytes:
    """The booklet PDF of ``declarations`` (already chosen: published, of the year);
    ``masked=False`` when they are in their public form already.  ``scope`` is printed on the
    cover under the title: how the forms were chosen when the reader did not choose
    (未指定年度，收录最新年度 …)."""
    forms = [
        public_declaration(d, show_handler=show_handler) if masked else d for d in declarations
    ]
    title = booklet_title(year, department_name)
    published_on = published_on or date.today()
    toc_pages = _pages_needed(_toc_story(forms, [99999] * len(forms)))
    offset = 1 + toc_pages

    starts: list[int] = []

    def build(story: list[Flowable]) -> bytes:
        starts.clear()
        body = io.BytesIO()
        # The body's pages follow the cover and contents; its total is the booklet's.
        canvas = numbered_canvas(draw_page_footer, first=offset + 1, extra=offset)
        new_document(body, title=title).build(story, canvasmaker=canvas)
        return body.getvalue()

    body = build_forms(forms, build, before=lambda i: [_Anchor(starts, offset)]) if forms else None
    body_pages = _page_count(body) if body else 0

    front = io.BytesIO()
    front_story = _cover_story(title, len(forms), published_on, issuer, scope)
    front_story += _toc_story(forms, starts or [None] * len(forms))
    new_document(front, title=title).build(
        front_story, canvasmaker=numbered_canvas(_front_footer, extra=body_pages)
    )

    return _join(front.getvalue(), body)


def _page_count(pdf: bytes) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def _join(front: bytes, body: bytes | None) -> bytes:
    book = pdfium.PdfDocument(front)
    sources = [book]
    if body is not None:
        forms = pdfium.PdfDocument(body)
        sources.append(forms)  # must outlive the save: pdfium copies lazily
        book.import_pages(forms)
    out = io.BytesIO()
    book.save(out)
    for doc in reversed(sources):
        doc.close()
    return out.getvalue()
