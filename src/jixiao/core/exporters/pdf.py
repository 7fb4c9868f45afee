"""The declaration as the official printed form (PDF, A4 landscape).

Landscape because the indicator table prints both halves (实施期 and 年度) side by side.
Every cell wraps its text; column widths of the label columns grow with the labels, so a
label never wraps.  The layout is also a contract with ``importers/jixiao_layout.py``: the
text that ``pdftotext -layout`` extracts reads back into the same declaration (every cell is
top-aligned, rows are separated by a blank line in the extracted text, labels are fixed).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Collection, Iterable

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from jixiao.core.declaration import FUND_SOURCES, PERIODS, Declaration
from jixiao.core.exporters import layout
from jixiao.core.exporters.grid import GridCell, GridTable
from jixiao.core.exporters.pdfkit import (
    CELL_PAD_X,
    CELL_PAD_Y,
    FONT,
    FONT_SIZE,
    colors,
    grid_commands,
    mm,
    numbered_canvas,
    page_label,
    para,
    register_fonts,
    text_width,
)

logger = logging.getLogger(__name__)

PAGE = landscape(A4)
HEAD_FILL = colors.HexColor("#f2f2f2")
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN
# What a flowable may use on an empty page: the frame less its own padding (6 pt each side).
FRAME_HEIGHT = PAGE[1] - 2 * MARGIN - 12


def _label_width(labels: Iterable[str], minimum: float) -> float:
    # A label never wraps: the column grows to the widest label (plus padding and slack).
    return max(minimum, max((text_width(t) for t in labels), default=0) + 2 * CELL_PAD_X + 4)


# The left column holds every row label of the form; it is as wide as the widest one.
LEFT_LABELS = [
    *layout.HEADER_LABELS.values(),
    *layout.TEXT_LABELS.values(),
    layout.FUNDS_LABEL,
    layout.GOALS_LABEL,
]


def _table(rows: list[list], widths: list[float], extra: list[tuple] = (), **kw) -> Table:
    table = Table(rows, colWidths=widths, **kw)
    table.setStyle(TableStyle(grid_commands() + list(extra)))
    return table


def cell(text: str | None, width: float, style: str = "cell"):
    """A data cell's paragraph, wrapped to the cell's inner width."""
    return para(text, style, width=width - 2 * CELL_PAD_X)


def _left_width() -> float:
    return _label_width(LEFT_LABELS, 30 * mm)


def header_table(decl: Declaration) -> Table:
    left = _left_width()
    side = _label_width([layout.HEADER_LABELS["implementing_unit"]], 26 * mm)
    value = (WIDTH - left - side) / 2
    labels = layout.HEADER_LABELS
    rows = [
        [para(labels["project_name"]), cell(decl.project_name, WIDTH - left), "", ""],
        [
            para(labels["department"]),
            cell(layout.department_text(decl), value),
            para(labels["implementing_unit"]),
            cell(decl.implementing_unit, value),
        ],
        [
            para(labels["project_type"]),
            cell(layout.project_type_text(decl), value),
            para(labels["period_years"]),
            cell(layout.period_text(decl.period_years), value),
        ],
    ]
    return _table(rows, [left, value, side, value], [("SPAN", (1, 0), (3, 0))])


def funds_table(decl: Declaration) -> Table:
    left = _left_width()
    names = [layout.source_label(s) for s in FUND_SOURCES] + list(layout.HALF_TOTAL_LABELS.values())
    name_width = _label_width(names, 36 * mm) + 3 * FONT_SIZE  # room for the indent
    amount = (WIDTH - left - 2 * name_width) / 2
    rows = [[para(layout.FUNDS_LABEL)]]
    for period in PERIODS:
        half = decl.funds.half(period)
        rows[0] += [
            para(layout.HALF_TOTAL_LABELS[period]),
            para(layout.amount_text(half.total), "right"),
        ]
    for source in FUND_SOURCES:
        row = [""]
        # The sources after the first stand under 其中：, indented as on the printed form.
        style = "cell" if source == FUND_SOURCES[0] else "indent"
        for period in PERIODS:
            amount_value = getattr(decl.funds.half(period), source)
            row += [
                para(layout.source_label(source), style),
                para(layout.amount_text(amount_value), "right"),
            ]
        rows.append(row)
    return _table(
        rows,
        [left, name_width, amount, name_width, amount],
        [("SPAN", (0, 0), (0, len(rows) - 1))],
    )


def text_table(decl: Declaration) -> GridTable:
    left = _left_width()
    rows = [
        [GridCell(label, 0), GridCell(getattr(decl, key) or "", 1)]
        for key, label in layout.TEXT_LABELS.items()
    ]
    # A text longer than the page continues on the next one, its label not repeated (the
    # layout importer reads a label-less row after a page break as the continuation).
    return _grid(rows, [left, WIDTH - left])


def goals_table(decl: Declaration) -> GridTable:
    """The overall goals, 实施期目标 above 年度目标: each a full-width cell, so that a long goal
    has room and its text never interleaves with the other's."""
    left = _left_width()
    sub = _label_width(layout.GOAL_LABELS.values(), 24 * mm)
    rows = [
        [GridCell(layout.GOALS_LABEL, 0, rows=2)] if i == 0 else []
        for i in range(len(layout.GOAL_LABELS))
    ]
    for row, (key, label) in zip(rows, layout.GOAL_LABELS.items(), strict=True):
        row += [GridCell(label, 1), GridCell(getattr(decl, key) or "", 2)]
    return _grid(rows, [left, sub, WIDTH - left - sub])


def _grid(rows: list[list[GridCell]], widths: list[float], **kw) -> GridTable:
    return GridTable(rows, widths, commands=grid_commands(), padding=CELL_PAD_Y, **kw)


# A level label wider than this wraps: the name and value columns keep their room.
LEVEL1_MAX = 28 * mm
LEVEL2_MAX = 36 * mm


def indicator_table(decl: Declaration) -> GridTable:
    """The indicator table, both halves side by side, level labels spanning their rows.

    A level group longer than the page continues on the next with the header rows and its
    level labels printed again; a row is never cut (the longest name and value fit a page).
    """
    rows_data = layout.indicator_rows(decl)
    level1_width = min(
        LEVEL1_MAX, _label_width([r.level1 for r in rows_data] + ["一级指标"], 20 * mm)
    )
    level2_width = min(
        LEVEL2_MAX, _label_width([r.level2 for r in rows_data] + ["服务对象满意度指标"], 28 * mm)
    )
    half = (WIDTH - level1_width) / 2
    value_width = max(30 * mm, half * 0.3)
    name_width = half - level2_width - value_width
    h1, h2, h3, h4 = layout.INDICATOR_HEADERS
    rows: list[list[GridCell]] = [
        [GridCell(layout.INDICATORS_LABEL, 0, span=7, style="center")],
        [GridCell(h1, 0, rows=2, style="center")]
        + [GridCell(layout.HALF_LABELS[p], 1 + 3 * i, span=3, style="center")
           for i, p in enumerate(PERIODS)],
        [GridCell(h, 1 + 3 * i + j) for i in range(len(PERIODS)) for j, h in enumerate((h2, h3, h4))],
    ]  # fmt: skip
    head = len(rows)
    for row in rows_data:
        cells = []
        if row.first_of_level1:
            cells.append(GridCell(row.level1, 0, rows=row.level1_span, repeat=True))
        for i, period in enumerate(PERIODS):
            col = 1 + 3 * i
            if row.first_of_level2:
                cells.append(GridCell(row.level2, col, rows=row.level2_span, repeat=True))
            ind = row.half(period)
            if ind:
                cells += [GridCell(ind.name, col + 1), GridCell(ind.value, col + 2)]
        rows.append(cells)
    widths = [level1_width] + [level2_width, name_width, value_width] * 2
    style = [
        ("BACKGROUND", (0, 0), (-1, head - 1), HEAD_FILL),
        # A heavier rule between the halves, as on the printed form.
        ("LINEAFTER", (3, 1), (3, -1), 1.4, colors.black),
    ]
    return GridTable(
        rows,
        widths,
        head=head,
        commands=grid_commands() + style,
        padding=CELL_PAD_Y,
        keep_rows_within=FRAME_HEIGHT,
    )


def footer_table(decl: Declaration) -> Table:
    values = {
        "responsible_person": decl.responsible_person,
        "handler": decl.handler,
        "phone": decl.phone,
        "filled_at": layout.date_text(decl.filled_at),
    }
    row, widths = [], []
    for key, label in layout.FOOTER_LABELS.items():
        label_width = _label_width([label], 0)
        row += [para(label, "right"), cell(values[key], WIDTH / 4 - label_width)]
        widths += [label_width, WIDTH / 4 - label_width]
    table = Table([row], colWidths=widths)
    table.setStyle(
        TableStyle(
            [(cmd, *rest) for cmd, *rest in grid_commands() if cmd != "GRID"]
            + [("LEFTPADDING", (0, 0), (-1, -1), 0)]
        )
    )
    return table


def stamp_line() -> Table:
    """填报单位（盖章）： with room for the stamp, above the table's left edge."""
    table = Table([[para(layout.STAMP_LABEL), ""]], colWidths=[45 * mm, WIDTH - 45 * mm])
    table.setStyle(
        TableStyle(
            [(cmd, *rest) for cmd, *rest in grid_commands() if cmd != "GRID"]
            + [("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 10)]
        )
    )
    return table


def form_story(decl: Declaration) -> list[Flowable]:
    """The flowables of one form, starting on a fresh page."""
    register_fonts()
    return [
        Paragraph(_escape(layout.title_of(decl)), _style("title")),
        Paragraph(layout.year_line(decl.fiscal_year), _style("subtitle")),
        stamp_line(),
        KeepTogether([header_table(decl), funds_table(decl)]),
        text_table(decl),
        goals_table(decl),
        CondPageBreak(60 * mm),
        indicator_table(decl),
        Spacer(1, 3 * mm),
        footer_table(decl),
    ]


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def _style(name: str):
    from jixiao.core.exporters.pdfkit import styles

    return styles()[name]


def draw_page_footer(canvas, number: int, total: int) -> None:
    """The page footer: our marker and the page number (the layout importer drops it)."""
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawCentredString(
        PAGE[0] / 2, MARGIN / 2, f"{layout.MARKER}    {page_label(number, total)}"
    )
    canvas.restoreState()


def new_document(buffer: io.BytesIO, *, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="绩效目标管理系统",
        creator="jixiao",
        # Only our font in the file: no unembedded Helvetica as the page's initial font.
        initialFontName=register_fonts(),
    )


def failure_story(decl: Declaration) -> list[Flowable]:
    """The page that stands in for a form that could not be laid out (no year line: the
    layout importer must not take it for a form)."""
    who = layout.department_text(decl) or "（未填主管部门）"
    return [
        Paragraph("申报表未能打印", _style("title")),
        Spacer(1, 10 * mm),
        Paragraph(
            _escape(
                f"{decl.fiscal_year}年度项目「{decl.project_name}」（主管部门：{who}）的申报表"
                "未能打印：其内容无法排入页面。该表的内容不受影响，可在系统中查看或导出为"
                " Excel；请将此情况告知系统管理员。"
            ),
            _style("heading"),
        ),
    ]


def forms_story(
    declarations: list[Declaration],
    *,
    failed: Collection[int] = (),
    before: Callable[[int], list[Flowable]] = lambda i: [],
) -> list[Flowable]:
    """The forms one after another, each on a new page; those in ``failed`` as a notice."""
    story: list[Flowable] = []
    for i, decl in enumerate(declarations):
        if i:
            story.append(PageBreak())
        story += before(i)
        story += failure_story(decl) if i in failed else form_story(decl)
    return story


def build_forms(
    declarations: list[Declaration],
    build: Callable[[list[Flowable]], bytes],
    *,
    before: Callable[[int], list[Flowable]] = lambda i: [],
) -> bytes:
    """``build(story)`` of the forms; one form that cannot be printed never fails the rest.

    Every form the app accepts lays out (tables split themselves, see ``grid.py``); should
    one still fail, each form is tried alone, the failures are logged, and the document is
    built again with a notice page in place of each failed form.
    """
    try:
        return build(forms_story(declarations, before=before))
    except Exception:
        failed = [i for i, decl in enumerate(declarations) if not _prints_alone(decl)]
        if not failed:
            raise
    return build(forms_story(declarations, failed=failed, before=before))


def _prints_alone(decl: Declaration) -> bool:
    try:
        new_document(io.BytesIO(), title="probe").build(form_story(decl))
    except Exception:
        logger.exception(
            "申报表无法打印：%s（%s，%s年度）",
            decl.project_name,
            layout.department_text(decl),
            decl.fiscal_year,
        )
        return False
    return True


def render_pdf(declarations: Iterable[Declaration]) -> bytes:
    """One PDF of the forms, each starting on a new page."""
    declarations = list(declarations)
    title = declarations[0].project_name if len(declarations) == 1 else "项目支出绩效目标申报表"

    def build(story: list[Flowable]) -> bytes:
        buffer = io.BytesIO()
        new_document(buffer, title=title).build(
            story, canvasmaker=numbered_canvas(draw_page_footer)
        )
        return buffer.getvalue()

    return build_forms(declarations, build)
