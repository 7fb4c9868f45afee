"""A form ``Sheet`` drawn as a PDF page (A4 landscape), with the committed CJK font embedded
(``core/exporters/pdfkit.py``)."""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from jixiao.core.evaluation.forms import Sheet
from jixiao.core.exporters.grid import GridCell, GridTable
from jixiao.core.exporters.pdfkit import numbered_canvas, page_label, register_fonts


@cache
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "cell", fontName=register_fonts(), fontSize=8.5, leading=11, wordWrap="CJK"
    )
    return {
        "value": base,
        "number": ParagraphStyle("number", parent=base, alignment=TA_RIGHT),
        "label": ParagraphStyle("label", parent=base, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=10, leading=16, alignment=TA_CENTER, spaceAfter=4
        ),
        "note": ParagraphStyle("note", parent=base, alignment=TA_LEFT, spaceBefore=2),
        "heading": ParagraphStyle("heading", parent=base, fontSize=10, leading=16, spaceBefore=8),
    }


def _para(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _styles()[style])


PAGE = landscape(A4)
MARGIN = 12 * mm
# What a flowable may use on an empty page: the frame less its own padding (6 pt each side).
FRAME_HEIGHT = PAGE[1] - 2 * MARGIN - 12
PADDING = 3


def _footer(title: str):
    def draw(canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(register_fonts(), 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawCentredString(PAGE[0] / 2, MARGIN / 2, f"{title}    {page_label(number, total)}")
        canvas.restoreState()

    return draw


def sheet_tables(sheet: Sheet, widths: list[float]) -> list[GridTable]:
    """The sheet's grid; it continues on the next page wherever it is cut (labels that span
    rows are printed again there, and so is the indicator table's header row), and every
    cell wraps inside its own column."""
    at = sheet.header_row
    if at is None:
        return [_grid(sheet.rows, widths)]
    return [_grid(sheet.rows[:at], widths), _grid(sheet.rows[at:], widths, head=1)]


def _grid(sheet_rows, widths: list[float], *, head: int = 0) -> GridTable:
    rows = [
        [
            GridCell(
                cell.text,
                cell.col,
                span=cell.span,
                rows=cell.rows,
                style=cell.kind,
                repeat=cell.kind == "label",
                fill=cell.fill or ("F2F2F2" if cell.kind == "label" else None),
            )
            for cell in row
        ]
        for row in sheet_rows
    ]
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
    ]
    return GridTable(
        rows,
        widths,
        head=head,
        commands=commands,
        padding=PADDING,
        cell_styles=_styles(),
        keep_rows_within=FRAME_HEIGHT,
    )


def render_pdf(sheet: Sheet) -> bytes:
    """The sheet as a one-table PDF document; long tables continue on the next page."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN, bottomMargin=MARGIN, title=sheet.title, author="绩效目标管理系统",
        initialFontName=register_fonts(),
    )  # fmt: skip
    usable = PAGE[0] - 2 * MARGIN
    unit = usable / sum(sheet.widths)
    widths = [w * unit for w in sheet.widths]
    story: list = [
        _para(sheet.title, "title"),
        _para(sheet.subtitle, "subtitle"),
        *sheet_tables(sheet, widths),
    ]
    if sheet.notes:
        story.append(Spacer(1, 4))
        story.append(_para(sheet.notes_title, "heading"))
        story += [_para(line, "note") for line in sheet.notes]
    doc.build(story, canvasmaker=numbered_canvas(_footer(sheet.title)))
    return buffer.getvalue()
