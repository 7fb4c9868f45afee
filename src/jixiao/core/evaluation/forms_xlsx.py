"""A form ``Sheet`` as an Excel workbook (one worksheet, merged cells as printed)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from jixiao.core.evaluation.forms import Sheet
from jixiao.core.exporters.cells import write_cell

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")


def render_xlsx(sheet: Sheet) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet.name
    last = get_column_letter(sheet.columns)
    write_cell(ws, 1, 1, sheet.title)
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A1:{last}1")
    write_cell(ws, 2, 1, sheet.subtitle)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A2:{last}2")
    for i, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    top = 3
    for r, row in enumerate(sheet.rows):
        excel_row = top + r
        for col in range(1, sheet.columns + 1):
            ws.cell(excel_row, col).border = _BORDER
        for cell in row:
            target = write_cell(ws, excel_row, cell.col + 1, cell.text)
            horizontal = {"label": "center", "number": "right"}.get(cell.kind, "left")
            target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            if cell.kind == "label":
                target.font = Font(bold=True)
                target.fill = _LABEL_FILL
            if cell.fill:
                target.fill = PatternFill("solid", fgColor=cell.fill)
            if cell.span > 1 or cell.rows > 1:
                ws.merge_cells(
                    start_row=excel_row, start_column=cell.col + 1,
                    end_row=excel_row + cell.rows - 1, end_column=cell.col + cell.span,
                )  # fmt: skip

    row = top + len(sheet.rows) + 1
    if sheet.notes:
        write_cell(ws, row, 1, sheet.notes_title).font = Font(bold=True)
        for line in sheet.notes:
            row += 1
            write_cell(ws, row, 1, line).alignment = Alignment(wrap_text=False)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
