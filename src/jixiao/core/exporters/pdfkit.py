"""Shared PDF building blocks: the embedded CJK font, paragraph styles, cell helpers.

Every PDF we write uses the font committed in ``jixiao/fonts`` (WenQuanYi Micro Hei, face 0),
so a fresh machine needs no system font; reportlab embeds the subset of glyphs a document uses.
Reused by the declaration form, the disclosure booklet and the self-evaluation form.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

FONT = "JixiaoCJK"
FONT_FILE = "wqy-microhei.ttc"
# Body text size and line pitch of every table cell.  The form's text layout depends on these
# (see importers/jixiao_layout.py): lines inside a cell sit LEADING apart, and rows are
# separated by more than a font size of padding, so text extraction shows a blank line between
# rows and none inside a cell.
FONT_SIZE = 9
LEADING = 12
CELL_PAD_X = 3
CELL_PAD_Y = 7
LINE_WIDTH = 0.6
NO_BREAK_SPACE = "\u00a0"

__all__ = [
    "FONT",
    "FONT_SIZE",
    "LEADING",
    "CELL_PAD_X",
    "CELL_PAD_Y",
    "LINE_WIDTH",
    "font_path",
    "register_fonts",
    "styles",
    "para",
    "text_width",
    "grid_commands",
    "mm",
    "colors",
    "numbered_canvas",
    "page_label",
]


def font_path() -> str:
    return str(resources.files("jixiao").joinpath("fonts", FONT_FILE))


@cache
def register_fonts() -> str:
    """Register the CJK font once per process; returns its reportlab name."""
    pdfmetrics.registerFont(TTFont(FONT, font_path(), subfontIndex=0))
    return FONT


@cache
def font_face() -> TTFont:
    register_fonts()
    return pdfmetrics.getFont(FONT)


def covers(text: str) -> set[str]:
    """The characters of ``text`` the font has no glyph for (whitespace aside)."""
    cmap = font_face().face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Width of one line of ``text`` in points."""
    return pdfmetrics.stringWidth(text, register_fonts(), size)


@cache
def char_width(ch: str, size: float = FONT_SIZE) -> float:
    # Line breaking measures every character of every cell: remember them.
    return pdfmetrics.stringWidth(ch, register_fonts(), size)


@cache
def styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle(
        "cell",
        fontName=font,
        fontSize=FONT_SIZE,
        leading=LEADING,
        wordWrap="CJK",
        alignment=TA_LEFT,
    )
    return {
        "cell": base,
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "indent": ParagraphStyle("indent", parent=base, leftIndent=3 * FONT_SIZE),
        "title": ParagraphStyle(
            "title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=2
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=11, leading=16, alignment=TA_CENTER, spaceAfter=6
        ),
        "heading": ParagraphStyle("heading", parent=base, fontSize=13, leading=20),
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=10),
        "cover_title": ParagraphStyle(
            "cover_title", parent=base, fontSize=24, leading=36, alignment=TA_CENTER
        ),
        "cover_line": ParagraphStyle(
            "cover_line", parent=base, fontSize=14, leading=24, alignment=TA_CENTER
        ),
    }


# A line may not start with these (closing punctuation) nor end with the openers below.
_NO_LINE_START = set("，。、；：？！）》」』”’％%,.;:?!)]}")
_NO_LINE_END = set("（《「『“‘([{")
IDEOGRAPHIC_SPACE = "\u3000"


def para(text: str | None, style: str = "cell", *, width: float | None = None) -> Paragraph:
    """A paragraph of plain text (no markup).

    Labels (no ``width``) are set as they come.  Data (``width`` = the cell's inner width) is
    broken into lines here, so that every line fits its cell — reportlab's own Chinese line
    breaking lets closing punctuation hang past the edge, where it touches the next cell —
    and never beside a space that belongs to the data.
    """
    text = text or ""
    st = styles()[style]
    if width is None:
        return Paragraph(escape(text).replace("\n", "<br/>"), st)
    lines = wrap_lines(text, width - 0.5, st.fontSize)
    # No-break spaces: reportlab must not treat a data space as a place to break or drop.
    body = "<br/>".join(escape(line).replace(" ", NO_BREAK_SPACE) for line in lines)
    return Paragraph(body, st)


def wrap_lines(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """Greedy line breaking at any character, with simple 禁则 and no break beside a space."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, used = "", 0.0
        for ch in paragraph:
            w = char_width(ch, size)
            if current and used + w > width:
                line = current + ch
                cut = len(current)
                while cut > 1 and (
                    line[cut - 1] in _SPACES
                    or line[cut] in _SPACES
                    or line[cut] in _NO_LINE_START
                    or line[cut - 1] in _NO_LINE_END
                ):
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
                used = sum(char_width(c, size) for c in current)
            current += ch
            used += w
        lines.append(current)
    return lines


_SPACES = {" ", IDEOGRAPHIC_SPACE, NO_BREAK_SPACE}


def grid_commands(*, line_width: float = LINE_WIDTH) -> list[tuple]:
    """The table style of a printed form: a full grid, top-aligned cells, even padding."""
    return [
        # Empty string cells are drawn in the cell font too: keep it ours, not Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), line_width, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
    ]


def page_label(number: int, total: int) -> str:
    return f"第 {number} 页 共 {total} 页"


def numbered_canvas(footer: Callable[[Canvas, int, int], None], *, first: int = 1, extra: int = 0):
    """A canvas class that draws ``footer(canvas, number, total)`` on every page.

    The total is known only when the document is complete: each finished page is kept and
    its footer drawn at ``save()``.  Pages are numbered from ``first``; ``extra`` pages
    (printed elsewhere, e.g. a booklet's cover and contents) count towards the total.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._finished_pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._finished_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._finished_pages) + extra
            for number, state in enumerate(self._finished_pages, start=first):
                self.__dict__.update(state)
                footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas
