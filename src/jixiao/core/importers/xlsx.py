"""Reads the Excel workbook that ``core/exporters/xlsx.py`` writes: one form per sheet.

Sections are found by the label in column A, so a sheet may have more or fewer indicator rows
than when it was written; merged cells carry their value in the top-left cell, and the level
labels of merged indicator rows carry down.  Any problem names the sheet and the cell.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from datetime import datetime
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from jixiao.core.declaration import FUND_SOURCES, PERIODS, Declaration, Indicator
from jixiao.core.errors import FormError
from jixiao.core.exporters import layout
from jixiao.core.exporters.xlsx import FLAT_SHEET, FOOTER_ROW_2
from jixiao.core.importers.base import ImportNote
from jixiao.core.importers.limits import DEFAULT_LIMITS, Deadline, ImportLimits, check

_YEAR = re.compile(r"（(\d{4})年度）")
# openpyxl warns on stderr about what it skips in a damaged workbook; the reader says what
# matters in its own message (and the command line prints nothing else on stderr).
warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")


def read_xlsx_bytes(
    data: bytes,
    source: str,
    *,
    limits: ImportLimits = DEFAULT_LIMITS,
    deadline: Deadline | None = None,
) -> tuple[list[Declaration], list[ImportNote]]:
    deadline = deadline or limits.deadline()
    check_package(data, source, limits)
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception as exc:  # a damaged package fails anywhere in openpyxl or the XML parser
        raise FormError(
            f"不是有效的 Excel 工作簿（文件损坏：{type(exc).__name__}）", file=source
        ) from None
    try:
        grids = _read_sheets(wb, source, limits, deadline)
    finally:
        wb.close()
    declarations = []
    for grid in grids:
        if _text(grid, 3, 1) != layout.HEADER_LABELS["project_name"]:
            continue
        check(len(declarations) + 1, limits, "forms", "工作簿中的申报表", file=source)
        declarations.append(_SheetReader(grid, source).declaration())
    if not declarations:
        raise FormError("工作簿中没有申报表工作表（第 3 行 A 列应为“项目名称”）", file=source)
    return declarations, []


_LARGE_MEMBER = 1024 * 1024  # below this a high compression ratio is harmless


def check_package(data: bytes, source: str, limits: ImportLimits) -> None:
    """The sizes the zip declares, before anything is inflated: a member's uncompressed size,
    its compression ratio, all members together.  (Reading a member never yields more than
    its declared size: Python's zipfile stops there and fails the CRC check.)"""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (a zip version), EOFError, …
        raise FormError(f"不是有效的 Excel 工作簿（{type(exc).__name__}）", file=source) from None
    check(len(members), limits, "zip_members", "工作簿压缩包中的文件", file=source)
    for member in members:
        what = f"工作簿中的 {member.filename[:60]} 解压后"
        check(member.file_size, limits, "member_bytes", what, file=source)
        if member.file_size > _LARGE_MEMBER:
            ratio = member.file_size // max(member.compress_size, 1)
            check(ratio, limits, "zip_ratio", f"{what}与压缩后之比（疑似压缩炸弹）", file=source)
    total = sum(member.file_size for member in members)
    check(total, limits, "unzipped_bytes", "工作簿解压后", file=source)


def _read_sheets(wb, source: str, limits: ImportLimits, deadline: Deadline) -> list[_Grid]:
    """The values of every sheet but the flat one, row by row within the bounds: a sheet's
    declared dimension is checked before it is read, and the read stops one row and one column
    past the bounds whatever the sheet declares."""
    sheets = [ws for ws in wb.worksheets if ws.title != FLAT_SHEET]
    for ws in sheets:
        rows, columns = ws.max_row, ws.max_column  # from <dimension>, None when absent
        check(rows or 0, limits, "sheet_rows", f"工作表「{ws.title}」", file=source)
        check(columns or 0, limits, "sheet_columns", f"工作表「{ws.title}」", file=source)
    grids = []
    cells = 0
    for ws in sheets:
        grid_rows: list[list] = []
        try:
            for no, row in enumerate(
                ws.iter_rows(
                    max_row=limits.sheet_rows + 1,
                    max_col=limits.sheet_columns + 1,
                    values_only=True,
                ),
                1,
            ):
                if no % 64 == 0:
                    deadline.check(file=source)
                values = [v for v in row if v is not None]
                if not values:
                    grid_rows.append([])
                    continue
                where = f"工作表「{ws.title}」"
                if no > limits.sheet_rows:
                    check(no, limits, "sheet_rows", where, file=source)
                if row[-1] is not None and len(row) > limits.sheet_columns:
                    check(len(row), limits, "sheet_columns", where, file=source)
                cells += len(values)
                check(cells, limits, "cells", "工作簿中有内容的单元格", file=source)
                for col, value in enumerate(row, 1):
                    if isinstance(value, str) and len(value) > limits.cell_chars:
                        check(
                            len(value),
                            limits,
                            "cell_chars",
                            f"{where}{_SheetReader.cell_name(no, col)}",
                            file=source,
                            line=no,
                        )
                grid_rows.append(list(row))
        except FormError:
            raise
        except Exception as exc:  # a damaged sheet fails inside openpyxl's parser
            raise FormError(
                f"工作表「{ws.title}」第 {len(grid_rows) + 1} 行无法读取"
                f"（文件损坏：{type(exc).__name__}）",
                file=source,
            ) from None
        while grid_rows and not grid_rows[-1]:
            grid_rows.pop()
        grids.append(_Grid(ws.title, grid_rows))
    return grids


class _Grid:
    """A sheet's values, read once (random access to a read-only sheet is slow)."""

    def __init__(self, title: str, rows: list[list]) -> None:
        self.title = title
        self.rows = rows
        self.max_row = len(rows)

    def value(self, row: int, col: int):
        if row > len(self.rows) or col > len(self.rows[row - 1]):
            return None
        return self.rows[row - 1][col - 1]


def _text(ws: _Grid, row: int, col: int) -> str:
    value = ws.value(row, col)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _SheetReader:
    def __init__(self, ws: _Grid, source: str) -> None:
        self.ws = ws
        self.source = source
        self.rows = {}
        for row in range(1, ws.max_row + 1):
            label = _text(ws, row, 1)
            if label and label not in self.rows:
                self.rows[label] = row

    def error(self, message: str, row: int, col: int | None = None) -> FormError:
        where = f"{self.cell_name(row, col)}" if col else f"第 {row} 行"
        return FormError(f"工作表「{self.ws.title}」{where}：{message}", file=self.source, line=row)

    @staticmethod
    def cell_name(row: int, col: int) -> str:
        return f"单元格 {get_column_letter(col)}{row}"

    def row_of(self, label: str) -> int:
        try:
            return self.rows[label]
        except KeyError:
            raise FormError(
                f"工作表「{self.ws.title}」：A 列找不到“{label}”", file=self.source
            ) from None

    def text(self, row: int, col: int) -> str | None:
        return _text(self.ws, row, col) or None

    def amount(self, row: int, col: int) -> Decimal | None:
        value = self.ws.value(row, col)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, float):
                return Decimal(repr(value))
            return layout.parse_amount(str(value))
        except (InvalidOperation, ValueError):
            raise self.error(f"金额“{value}”不是数字", row, col) from None

    def declaration(self) -> Declaration:
        labels = layout.HEADER_LABELS
        year = _YEAR.search(_text(self.ws, 2, 1))
        if not year:
            raise self.error("应为“（YYYY年度）”", 2, 1)
        name_row = self.row_of(labels["project_name"])
        dept_row = self.row_of(labels["department"])
        type_row = self.row_of(labels["project_type"])
        code, name = layout.split_department(self.text(dept_row, 2) or "")
        type_label = self.text(type_row, 2)
        data = {
            "title": self.text(1, 1),
            "fiscal_year": int(year.group(1)),
            "project_name": self.text(name_row, 2),
            "department_code": code,
            "department_name": name,
            "implementing_unit": self.text(dept_row, 5),
            "project_type": layout.project_type_of(type_label or ""),
            "project_type_label": type_label,
            "period_years": self.period(type_row, 5),
            "funds": self.funds(),
        }
        for key, label in layout.TEXT_LABELS.items():
            data[key] = self.text(self.row_of(label), 2)
        goals = self.row_of(layout.GOALS_LABEL) + 1
        data["goal_implementation"] = self.text(goals, 2)
        data["goal_annual"] = self.text(goals, 5)
        data["indicators"] = self.indicators()
        footer = self.row_of(layout.FOOTER_LABELS["responsible_person"])
        for i, key in enumerate(("responsible_person", "handler", "phone")):
            data[key] = self.text(footer, 2 + 2 * i)
        data["filled_at"] = self.filled_at(self.row_of(FOOTER_ROW_2), 2)
        if not data["project_name"]:
            raise self.error("项目名称为空", name_row, 2)
        try:
            return Declaration.model_validate(data)
        except ValueError as exc:
            raise self.error(f"内容不合格式：{exc}", name_row) from None

    def period(self, row: int, col: int) -> int | None:
        text = (self.text(row, col) or "").removesuffix("年")
        if not text:
            return None
        if not text.isdigit():
            raise self.error(f"项目期“{text}”应为年数", row, col)
        return int(text)

    def filled_at(self, row: int, col: int) -> datetime | None:
        value = self.ws.value(row, col)
        if value is None or isinstance(value, datetime):
            return value
        try:
            return layout.parse_date(str(value))
        except ValueError:
            raise self.error(f"填报日期“{value}”应为 YYYY-MM-DD HH:MM:SS", row, col) from None

    def funds(self) -> dict:
        first = self.row_of(layout.FUNDS_LABEL)
        halves: dict[str, dict] = {p: {} for p in PERIODS}
        for offset, key in enumerate(("total", *FUND_SOURCES)):
            row = first + offset
            for period, (label_col, amount_col) in zip(PERIODS, ((2, 3), (5, 6)), strict=True):
                expected = (
                    layout.HALF_TOTAL_LABELS[period] if key == "total" else layout.source_label(key)
                )
                if _text(self.ws, row, label_col) != expected:
                    raise self.error(f"应为“{expected}”", row, label_col)
                halves[period][key] = self.amount(row, amount_col)
        return halves

    def indicators(self) -> list[Indicator]:
        start = self.row_of(layout.INDICATOR_HEADERS[0]) + 2
        end = self.row_of(layout.FOOTER_LABELS["responsible_person"])
        halves: dict[str, list[Indicator]] = {p: [] for p in PERIODS}
        level1 = None
        level2 = dict.fromkeys(PERIODS)
        for row in range(start, end):
            level1 = self.text(row, 1) or level1
            for period, col in zip(PERIODS, (2, 5), strict=True):
                level2[period] = self.text(row, col) or level2[period]
                name, value = self.text(row, col + 1), self.text(row, col + 2)
                if name is None and value is None:
                    continue
                if name is None:
                    raise self.error("有指标值却没有三级指标名称", row, col + 1)
                if level1 is None or level2[period] is None:
                    raise self.error("缺少一级或二级指标", row, col)
                halves[period].append(
                    Indicator(
                        period=period,
                        level1=level1,
                        level2=level2[period],
                        name=name,
                        value=value or "",
                    )
                )
        return halves["implementation"] + halves["annual"]
