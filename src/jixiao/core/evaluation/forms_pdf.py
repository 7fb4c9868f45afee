"""A form ``Sheet`` drawn as a PDF page (A4 landscape), with the CJK font embedded."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jixiao.core.evaluation.forms import Sheet

FONT = "JixiaoEvaluationCJK"
# The font the exports package commits (jixiao/fonts), or the system's copy of the same font.
_FONT_FILES = (
    Path(__file__).resolve().parents[2] / "fonts" / "wqy-microhei.ttc",
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
)


@cache
def _font() -> str:
    for path in _FONT_FILES:
        if path.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
            return FONT
    raise FileNotFoundError("找不到中文字体 wqy-microhei.ttc，无法生成 PDF")


@cache
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("cell", fontName=_font(), fontSize=8.5, leading=11, wordWrap="CJK")
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


def render_pdf(sheet: Sheet) -> bytes:
    """The sheet as a one-table PDF document; long tables continue on the next page."""
    page = landscape(A4)
    margin = 12 * mm
    doc = SimpleDocTemplate(
        io.BytesIO(), pagesize=page, leftMargin=margin, rightMargin=margin,
        topMargin=margin, bottomMargin=margin, title=sheet.title, author="绩效目标管理系统",
    )  # fmt: skip
    usable = page[0] - 2 * margin
    unit = usable / sum(sheet.widths)
    widths = [w * unit for w in sheet.widths]

    grid: list[list[object]] = [["" for _ in widths] for _ in sheet.rows]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for r, row in enumerate(sheet.rows):
        for cell in row:
            grid[r][cell.col] = _para(cell.text, cell.kind)
            if cell.span > 1 or cell.rows > 1:
                end = (cell.col + cell.span - 1, r + cell.rows - 1)
                commands.append(("SPAN", (cell.col, r), end))
            fill = cell.fill or ("F2F2F2" if cell.kind == "label" else None)
            if fill:
                end = (cell.col + cell.span - 1, r + cell.rows - 1)
                commands.append(("BACKGROUND", (cell.col, r), end, colors.HexColor("#" + fill)))
    table = Table(grid, colWidths=widths, repeatRows=0)
    table.setStyle(TableStyle(commands))

    story: list = [_para(sheet.title, "title"), _para(sheet.subtitle, "subtitle"), table]
    if sheet.notes:
        story.append(Spacer(1, 4))
        story.append(_para(sheet.notes_title, "heading"))
        story += [_para(line, "note") for line in sheet.notes]
    doc.build(story)
    return doc.filename.getvalue()
