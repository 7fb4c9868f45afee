"""Summary tables (汇总表) as Excel: values only (no formulas), Chinese headers.

Three sheets:
- 按部门汇总: one row per department and a 合计 row — number of projects, one-off vs
  continuing, funds by source for both halves, indicators by level1 and level2, the average
  review score, the count per grade and per status;
- 项目明细: one row per declaration with the same columns (score, grade, status as values);
- 说明: what was summarised (filters, time).

The filters used head every sheet (row 1), so a printed or forwarded sheet says what its
合计 adds up; the header is rows 2–3 and the data starts on row 4.

Works with and without a database: the input is core declarations, each with optional extras
(status label, review score and grade) that the web app fills from its records.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.declaration import FUND_LABELS, FUND_SOURCES, PERIOD_LABELS, PERIODS, Declaration
from jixiao.core.exporters.cells import write_cell, write_row
from jixiao.core.framework import get_framework

TOTAL_LABEL = "合计"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
AMOUNT_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class SummaryItem:
    declaration: Declaration
    status: str | None = None  # the status as its Chinese label (已公开 …)
    score: int | float | Decimal | None = None
    grade: str | None = None


@dataclass
class _Columns:
    level1s: list[str]
    level2s: list[str]
    grades: list[str]
    statuses: list[str]


def _columns(items: Sequence[SummaryItem]) -> _Columns:
    fw = get_framework()
    level1s = list(fw.level1s)
    level2s = list(fw.level2s)
    for item in items:
        for ind in item.declaration.indicators:
            if ind.level1 not in level1s:
                level1s.append(ind.level1)
            if ind.level2 not in level2s:
                level2s.append(ind.level2)
    grades = sorted({i.grade for i in items if i.grade})
    statuses = list(dict.fromkeys(i.status for i in items if i.status))
    return _Columns(level1s, level2s, grades, statuses)


def _groups(cols: _Columns, *, per_project: bool) -> list[tuple[str, list[str]]]:
    """The header: (group label, sub-labels) in column order."""
    fund = [FUND_LABELS[s] for s in ("total", *FUND_SOURCES)]
    head: list[tuple[str, list[str]]] = []
    if per_project:
        head += [
            ("主管部门代码", []),
            ("主管部门", []),
            ("项目名称", []),
            ("项目属性", []),
            ("项目期（年）", []),
        ]
    else:
        head += [
            ("主管部门代码", []),
            ("主管部门", []),
            ("项目数", []),
            ("项目属性", ["一次性项目", "延续性项目"]),
        ]
    head += [(f"{PERIOD_LABELS[p]}资金（元）", fund) for p in PERIODS]
    head += [
        ("指标数", ["合计"]),
        ("指标数（按一级指标）", cols.level1s),
        ("指标数（按二级指标）", cols.level2s),
    ]
    if per_project:
        head += [("质量评分", []), ("质量等级", []), ("状态", [])]
    else:
        head += [("平均质量评分", [])]
        if cols.grades:
            head.append(("质量等级（项目数）", cols.grades))
        if cols.statuses:
            head.append(("状态（项目数）", cols.statuses))
    return head


def _funds(decls: Iterable[Declaration]) -> list:
    out = []
    decls = list(decls)
    for period in PERIODS:
        for key in ("total", *FUND_SOURCES):
            values = [getattr(d.funds.half(period), key) for d in decls]
            present = [v for v in values if v is not None]
            out.append(sum(present, Decimal(0)) if present else None)
    return out


def _indicator_counts(decls: Sequence[Declaration], cols: _Columns) -> list[int]:
    inds = [i for d in decls for i in d.indicators]
    return (
        [len(inds)]
        + [sum(1 for i in inds if i.level1 == l1) for l1 in cols.level1s]
        + [sum(1 for i in inds if i.level2 == l2) for l2 in cols.level2s]
    )


def _project_row(item: SummaryItem, cols: _Columns) -> list:
    d = item.declaration
    return (
        [
            d.department_code,
            d.department_name,
            d.project_name,
            d.project_type_label,
            d.period_years,
        ]
        + _funds([d])
        + _indicator_counts([d], cols)
        + [item.score, item.grade, item.status]
    )


def _department_row(code, name, items: Sequence[SummaryItem], cols: _Columns) -> list:
    decls = [i.declaration for i in items]
    scores = [Decimal(str(i.score)) for i in items if i.score is not None]
    average = round(sum(scores) / len(scores), 1) if scores else None
    row = [
        code,
        name,
        len(decls),
        sum(1 for d in decls if d.project_type == "one_off"),
        sum(1 for d in decls if d.project_type == "continuing"),
    ]
    row += _funds(decls) + _indicator_counts(decls, cols) + [average]
    row += [sum(1 for i in items if i.grade == g) for g in cols.grades]
    row += [sum(1 for i in items if i.status == s) for s in cols.statuses]
    return row


def filters_caption(filters: dict[str, str] | None) -> str:
    """筛选条件：年度 2023；主管部门 全部；… — what every sheet's first row says."""
    parts = [f"{key} {value}" for key, value in (filters or {}).items()]
    return "筛选条件：" + ("；".join(parts) if parts else "全部申报表") + "。金额单位：元。"


def _write(
    ws: Worksheet, head: list[tuple[str, list[str]]], rows: list[list], caption: str
) -> None:
    write_cell(ws, 1, 1, caption).alignment = Alignment(vertical="center")
    ws.row_dimensions[1].height = 30
    col = 1
    for label, subs in head:
        span = max(1, len(subs))
        top = write_cell(ws, 2, col, label)
        if subs:
            if span > 1:
                ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + span - 1)
            for j, sub in enumerate(subs):
                write_cell(ws, 3, col + j, sub)
        else:
            ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
        top.alignment = _CENTER
        col += span
    width = col - 1
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for r in (2, 3):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.fill, cell.border, cell.alignment = _HEAD, _BORDER, _CENTER
            cell.font = Font(bold=True)
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=1):
            cell = write_cell(ws, r, c, value)
            cell.border = _BORDER
            if isinstance(value, Decimal):
                cell.number_format = AMOUNT_FORMAT
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14
    ws.column_dimensions["B"].width = 30
    ws.freeze_panes = "C4"


def summary_rows(items: Sequence[SummaryItem]) -> tuple[list[list], list[list], _Columns]:
    """The department rows (with the 合计 row last) and the project rows, as values."""
    cols = _columns(items)
    by_department: dict[tuple, list[SummaryItem]] = {}
    for item in items:
        d = item.declaration
        by_department.setdefault((d.department_code or "", d.department_name or ""), []).append(
            item
        )
    departments = [
        _department_row(code, name, group, cols)
        for (code, name), group in sorted(by_department.items())
    ]
    departments.append(_department_row(TOTAL_LABEL, "", list(items), cols))
    projects = [_project_row(i, cols) for i in items]
    return departments, projects, cols


def render_summary(items: Iterable[SummaryItem], *, filters: dict[str, str] | None = None) -> bytes:
    items = list(items)
    departments, projects, cols = summary_rows(items)
    wb = Workbook()
    ws = wb.active
    ws.title = "按部门汇总"
    caption = filters_caption(filters)
    _write(ws, _groups(cols, per_project=False), departments, caption)
    _write(wb.create_sheet("项目明细"), _groups(cols, per_project=True), projects, caption)
    notes = wb.create_sheet("说明")
    lines = [(caption,), ("项目支出绩效目标汇总表",), ("项目数", len(items))]
    lines += [(key, value) for key, value in (filters or {}).items()]  # a search typed by the user
    lines.append(("金额单位", "元"))
    for row, line in enumerate(lines, start=1):
        write_row(notes, row, line)
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
