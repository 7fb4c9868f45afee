"""The declaration as the official printed form (PDF, A4 landscape).

Landscape because the indicator table prints both halves (实施期 and 年度) side by side.
Every cell wraps its text; column widths of the label columns grow with the labels, so a
label never wraps.  The layout is also a contract with ``importers/jixiao_layout.py``: the
text that ``pdftotext -layout`` extracts reads back into the same declaration (every cell is
top-aligned, rows are separated by a blank line in the extracted text, labels are fixed).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

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
from jixiao.core.exporters.pdfkit import (
    CELL_PAD_X,
    FONT,
    FONT_SIZE,
    colors,
    grid_commands,
    mm,
    para,
    register_fonts,
    text_width,
)

PAGE = landscape(A4)
HEAD_FILL = colors.HexColor("#f2f2f2")
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN


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


def text_table(decl: Declaration) -> Table:
    left = _left_width()
    rows = [
        [para(label), cell(getattr(decl, key), WIDTH - left)]
        for key, label in layout.TEXT_LABELS.items()
    ]
    # A very long text may outgrow a page: let its row continue on the next one.
    return _table(rows, [left, WIDTH - left], splitInRow=1)


def goals_table(decl: Declaration) -> Table:
    """The overall goals, 实施期目标 above 年度目标: each a full-width cell, so that a long goal
    has room and its text never interleaves with the other's."""
    left = _left_width()
    sub = _label_width(layout.GOAL_LABELS.values(), 24 * mm)
    rows = [
        [
            para(layout.GOALS_LABEL) if i == 0 else "",
            para(label),
            cell(getattr(decl, key), WIDTH - left - sub),
        ]
        for i, (key, label) in enumerate(layout.GOAL_LABELS.items())
    ]
    return _table(rows, [left, sub, WIDTH - left - sub], [("SPAN", (0, 0), (0, 1))], splitInRow=1)


def indicator_table(decl: Declaration) -> Table:
    rows_data = layout.indicator_rows(decl)
    level1_width = _label_width([r.level1 for r in rows_data] + ["一级指标"], 20 * mm)
    level2_width = _label_width([r.level2 for r in rows_data] + ["服务对象满意度指标"], 28 * mm)
    half = (WIDTH - level1_width) / 2
    value_width = max(30 * mm, half * 0.3)
    name_width = half - level2_width - value_width
    h1, h2, h3, h4 = layout.INDICATOR_HEADERS
    rows: list[list] = [
        [para(layout.INDICATORS_LABEL, "center")] + [""] * 6,
        [para(h1, "center")]
        + [para(layout.HALF_LABELS[p], "center") for p in PERIODS for _ in range(3)],
        [""] + [para(h) for _ in PERIODS for h in (h2, h3, h4)],
    ]
    head = len(rows)
    style: list[tuple] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("SPAN", (0, 1), (0, 2)),
        ("SPAN", (1, 1), (3, 1)),
        ("SPAN", (4, 1), (6, 1)),
        ("BACKGROUND", (0, 0), (-1, head - 1), HEAD_FILL),
    ]
    for i, row in enumerate(rows_data):
        r = head + i
        cells = [para(row.level1) if row.first_of_level1 else ""]
        for period in PERIODS:
            ind = row.half(period)
            cells += [
                para(row.level2) if row.first_of_level2 else "",
                cell(ind.name, name_width) if ind else "",
                cell(ind.value, value_width) if ind else "",
            ]
        rows.append(cells)
        if row.first_of_level1 and row.level1_span > 1:
            style.append(("SPAN", (0, r), (0, r + row.level1_span - 1)))
        if row.first_of_level2 and row.level2_span > 1:
            style += [
                ("SPAN", (1, r), (1, r + row.level2_span - 1)),
                ("SPAN", (4, r), (4, r + row.level2_span - 1)),
            ]
    widths = [level1_width] + [level2_width, name_width, value_width] * 2
    # A heavier rule between the halves, as on the printed form.
    style.append(("LINEAFTER", (3, 1), (3, -1), 1.4, colors.black))
    return _table(rows, widths, style, repeatRows=head)


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


def draw_page_footer(canvas, doc) -> None:
    """The page footer: our marker and the page number (the layout importer drops it)."""
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawCentredString(
        PAGE[0] / 2, MARGIN / 2, f"{layout.MARKER}    第 {canvas.getPageNumber()} 页"
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


def render_pdf(declarations: Iterable[Declaration]) -> bytes:
    """One PDF of the forms, each starting on a new page."""
    declarations = list(declarations)
    story: list[Flowable] = []
    for i, decl in enumerate(declarations):
        if i:
            story.append(PageBreak())
        story += form_story(decl)
    buffer = io.BytesIO()
    title = declarations[0].project_name if len(declarations) == 1 else "项目支出绩效目标申报表"
    new_document(buffer, title=title).build(
        story, onFirstPage=draw_page_footer, onLaterPages=draw_page_footer
    )
    return buffer.getvalue()
