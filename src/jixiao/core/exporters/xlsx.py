"""The declarations as an Excel workbook: one sheet per form in the printed layout (merged
cells, Chinese labels, amounts as numbers), plus a flat sheet of every indicator.

``core/importers/xlsx.py`` reads the form sheets back into the same declarations; it finds
each section by the label in column A, so rows may be inserted or removed by hand.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.declaration import FUND_SOURCES, PERIOD_LABELS, PERIODS, Declaration
from jixiao.core.exporters import layout
from jixiao.core.exporters.cells import write_cell, write_row

FLAT_SHEET = "绩效指标明细"
FLAT_HEADERS = (
    "年度",
    "主管部门代码",
    "主管部门",
    "项目名称",
    "期间",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
)
WIDTHS = (16, 14, 30, 14, 14, 30, 14)
# Whole yuan without decimals (5,500,000), else two (1,234.50), as the web pages show them;
# "#,##0.##" would leave a trailing dot on whole numbers (5,500,000.).
AMOUNT_FORMAT = "#,##0.00"
WHOLE_AMOUNT_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
FOOTER_ROW_2 = "填报日期："

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")


def sheet_title(index: int, decl: Declaration, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", f"{index}-{decl.project_name}")[:31]
    title, n = base, 2
    while title in taken:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


class _Sheet:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 0

    def put(self, col: int, value, *, to: int | None = None, down: int = 1, style=_WRAP):
        ws, row = self.ws, self.row
        cell = write_cell(ws, row, col, value)
        cell.alignment = style
        last_col, last_row = to or col, row + down - 1
        if last_col > col or last_row > row:
            ws.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                ws.cell(row=r, column=c).border = _BORDER
        return cell

    def next(self) -> int:
        self.row += 1
        return self.row


def write_form(ws: Worksheet, decl: Declaration) -> None:
    s = _Sheet(ws)
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    s.next()
    title = s.put(1, layout.title_of(decl), to=7, style=_CENTER)
    title.font = Font(size=16, bold=True)
    s.next()
    s.put(1, layout.year_line(decl.fiscal_year), to=7, style=_CENTER)
    labels = layout.HEADER_LABELS
    s.next()
    s.put(1, labels["project_name"])
    s.put(2, decl.project_name, to=7)
    s.next()
    s.put(1, labels["department"])
    s.put(2, layout.department_text(decl), to=3)
    s.put(4, labels["implementing_unit"])
    s.put(5, decl.implementing_unit, to=7)
    s.next()
    s.put(1, labels["project_type"])
    s.put(2, layout.project_type_text(decl), to=3)
    s.put(4, labels["period_years"])
    s.put(5, decl.period_years, to=7).number_format = '0"年"'
    s.next()
    s.put(1, layout.FUNDS_LABEL, down=len(FUND_SOURCES) + 1)
    for key in ("total", *FUND_SOURCES):
        if key != "total":
            s.next()
        for period, (label_col, amount_col, last) in zip(
            PERIODS, ((2, 3, 4), (5, 6, 7)), strict=True
        ):
            label = layout.HALF_TOTAL_LABELS[period] if key == "total" else layout.source_label(key)
            s.put(label_col, label)
            amount = getattr(decl.funds.half(period), key)
            cell = s.put(amount_col, amount, to=last)
            whole = amount is not None and amount == amount.to_integral_value()
            cell.number_format = WHOLE_AMOUNT_FORMAT if whole else AMOUNT_FORMAT
            cell.alignment = Alignment(horizontal="right", vertical="top")
    for key, label in layout.TEXT_LABELS.items():
        s.next()
        s.put(1, label)
        s.put(2, getattr(decl, key), to=7)
        ws.row_dimensions[s.row].height = _height(getattr(decl, key), chars_per_line=60)
    s.next()
    s.put(1, layout.GOALS_LABEL, down=2)
    s.put(2, layout.GOAL_LABELS["goal_implementation"], to=4).fill = _HEAD_FILL
    s.put(5, layout.GOAL_LABELS["goal_annual"], to=7).fill = _HEAD_FILL
    s.next()
    s.put(2, decl.goal_implementation, to=4)
    s.put(5, decl.goal_annual, to=7)
    ws.row_dimensions[s.row].height = _height(
        max(decl.goal_implementation or "", decl.goal_annual or "", key=len), chars_per_line=28
    )
    _indicators(s, decl)
    s.next()
    footer = list(layout.FOOTER_LABELS.items())
    for i, (key, label) in enumerate(footer[:3]):
        s.put(1 + 2 * i, label)
        s.put(2 + 2 * i, getattr(decl, key), to=7 if i == 2 else None)
    s.next()
    s.put(1, FOOTER_ROW_2)
    s.put(2, decl.filled_at, to=3).number_format = DATE_FORMAT
    ws.print_options.horizontalCentered = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def _height(text: str | None, *, chars_per_line: int) -> float:
    lines = max(1, -(-len(text or "") // chars_per_line))
    return 15 * lines + 4


def _indicators(s: _Sheet, decl: Declaration) -> None:
    s.next()
    s.put(1, layout.INDICATORS_LABEL, to=7, style=_CENTER).fill = _HEAD_FILL
    s.next()
    s.put(1, layout.INDICATOR_HEADERS[0], down=2, style=_CENTER).fill = _HEAD_FILL
    s.put(2, layout.HALF_LABELS["implementation"], to=4, style=_CENTER).fill = _HEAD_FILL
    s.put(5, layout.HALF_LABELS["annual"], to=7, style=_CENTER).fill = _HEAD_FILL
    s.next()
    for col, head in enumerate(layout.INDICATOR_HEADERS[1:] * 2, start=2):
        s.put(col, head, style=_CENTER).fill = _HEAD_FILL
    for row in layout.indicator_rows(decl):
        s.next()
        if row.first_of_level1:
            s.put(1, row.level1, down=row.level1_span)
        for period, first_col in zip(PERIODS, (2, 5), strict=True):
            if row.first_of_level2:
                s.put(first_col, row.level2, down=row.level2_span)
            ind = row.half(period)
            s.put(first_col + 1, ind.name if ind else None)
            s.put(first_col + 2, ind.value if ind else None)


def write_flat(ws: Worksheet, declarations: Iterable[Declaration]) -> None:
    for cell in write_row(ws, 1, FLAT_HEADERS):
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
    row = 1
    for decl in declarations:
        for ind in layout.printed_order(decl):
            row += 1
            write_row(
                ws,
                row,
                (
                    decl.fiscal_year,
                    decl.department_code,
                    decl.department_name,
                    decl.project_name,
                    PERIOD_LABELS[ind.period],
                    ind.level1,
                    ind.level2,
                    ind.name,
                    ind.value,
                ),
            )
    for i, width in enumerate((8, 12, 30, 40, 8, 12, 18, 30, 16), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def render_xlsx(declarations: Iterable[Declaration]) -> bytes:
    declarations = list(declarations)
    wb = Workbook()
    taken: set[str] = {FLAT_SHEET}
    first = wb.active
    for i, decl in enumerate(declarations, start=1):
        ws = first if i == 1 else wb.create_sheet()
        ws.title = sheet_title(i, decl, taken)
        write_form(ws, decl)
    flat = wb.create_sheet(FLAT_SHEET) if declarations else first
    flat.title = FLAT_SHEET
    write_flat(flat, declarations)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
