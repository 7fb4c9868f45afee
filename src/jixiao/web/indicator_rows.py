"""The indicator table while it is being edited: rows of both halves read from a POST, the
in-place operations (add, remove, move, copy the implementation half into the annual half),
and the conversion to the core's indicators.

Every row posts three inputs with the same names (``ind-annual-level2``, ``-name``,
``-value``), so the browser's order is the table's order and no index has to be renumbered
when a row moves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jixiao.core import declaration as core
from jixiao.core.declaration import PERIOD_LABELS, PERIODS
from jixiao.core.framework import Framework
from jixiao.declarations.models import Indicator

FIELDS = ("level1", "level2", "name", "value")
OPERATIONS = ("add", "remove", "up", "down", "copy")
# The stored lengths of a row's cells: longer is refused here, beside the cell, rather than
# by the database.
MAX_LENGTHS = {f: Indicator._meta.get_field(f).max_length for f in ("level2", "name", "value")}
CELL_LABELS = {"level2": "二级指标", "name": "三级指标名称", "value": "指标值"}


def input_name(period: str, field: str) -> str:
    return f"ind-{period}-{field}"


@dataclass(frozen=True)
class IndicatorRow:
    period: str
    level1: str = ""
    level2: str = ""
    name: str = ""
    value: str = ""
    # Position in the declaration's indicator list: findings point at ``indicators[index]``.
    index: int | None = None
    error: str = ""
    # The cell the error is about: "level2", "name" or "value".
    error_cell: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.level2 or self.name or self.value)

    @property
    def field(self) -> str:
        return f"indicators[{self.index}]" if self.index is not None else ""


def rows_from_post(data, framework: Framework) -> list[IndicatorRow]:
    """The rows of both halves as posted, level1 derived from level2, each row checked."""
    rows: list[IndicatorRow] = []
    for period in PERIODS:
        columns = [data.getlist(input_name(period, f)) for f in FIELDS]
        count = max((len(c) for c in columns), default=0)
        for position in range(count):
            values = {
                f: (col[position] if position < len(col) else "").strip()
                for f, col in zip(FIELDS, columns, strict=True)
            }
            rows.append(IndicatorRow(period=period, **values))
    return number_rows(rows, framework)


def rows_from_declaration(decl: core.Declaration, framework: Framework) -> list[IndicatorRow]:
    rows = [
        IndicatorRow(
            period=ind.period, level1=ind.level1, level2=ind.level2, name=ind.name, value=ind.value
        )
        for ind in decl.indicators
    ]
    return number_rows(rows, framework)


def number_rows(rows: list[IndicatorRow], framework: Framework) -> list[IndicatorRow]:
    """Rows in the order they will be saved (implementation half, then annual), each with its
    index in the saved list, its derived level1 and the reason it cannot be saved, if any.
    Blank rows stay in the table but are not saved, so they get no index."""
    out: list[IndicatorRow] = []
    index = 0
    for period in PERIODS:
        position = 0
        for row in rows:
            if row.period != period:
                continue
            position += 1
            level1 = framework.level1_of(row.level2) or row.level1
            if row.is_blank:
                out.append(replace(row, level1=level1, index=None, error="", error_cell=""))
                continue
            cell, error = _row_error(row, level1, position)
            out.append(replace(row, level1=level1, index=index, error=error, error_cell=cell))
            index += 1
    return out


def _row_error(row: IndicatorRow, level1: str, position: int) -> tuple[str, str]:
    """The cell a row cannot be saved for, and why (``("", "")``: it can)."""
    where = f"{PERIOD_LABELS[row.period]}第 {position} 行"
    for cell, limit in MAX_LENGTHS.items():
        length = len(getattr(row, cell))
        if length > limit:
            label = CELL_LABELS[cell]
            return cell, f"{where}：{label}最多 {limit} 个字，现有 {length} 个"
    if not row.level2:
        return "level2", f"{where}：请选择二级指标"
    if not level1:
        return "level2", f"{where}：二级指标「{row.level2}」不在指标体系中，请重新选择"
    if not row.name:
        return "name", f"{where}：请填写三级指标名称"
    return "", ""


def apply_operation(
    rows: list[IndicatorRow], framework: Framework, *, op: str, period: str, position: int | None
) -> list[IndicatorRow]:
    """The table after one in-place operation; ``position`` counts rows within ``period``."""
    if op not in OPERATIONS or period not in PERIODS:
        return number_rows(rows, framework)
    half = [r for r in rows if r.period == period]
    others = [r for r in rows if r.period != period]
    if op == "add":
        template = half[position] if position is not None and 0 <= position < len(half) else None
        new = IndicatorRow(period=period, level2=template.level2 if template else "")
        at = position + 1 if template is not None else len(half)
        half.insert(at, new)
    elif op == "copy":
        # Copy the implementation half into the annual half (a one-off project's two halves
        # are the same; a continuing project starts from its plan and edits the values).
        source = [r for r in rows if r.period == "implementation" and not r.is_blank]
        others = [r for r in rows if r.period == "implementation"]
        half = [replace(r, period="annual") for r in source]
        period = "annual"
    elif position is not None and 0 <= position < len(half):
        if op == "remove":
            del half[position]
        elif op == "up" and position > 0:
            half[position - 1], half[position] = half[position], half[position - 1]
        elif op == "down" and position < len(half) - 1:
            half[position + 1], half[position] = half[position], half[position + 1]
    return number_rows(others + half, framework)


def rows_to_indicators(rows: list[IndicatorRow]) -> list[core.Indicator]:
    saved = sorted((r for r in rows if r.index is not None), key=lambda r: r.index)
    return [
        core.Indicator(
            period=r.period, level1=r.level1, level2=r.level2, name=r.name, value=r.value
        )
        for r in saved
    ]


def rows_of(rows: list[IndicatorRow], period: str) -> list[IndicatorRow]:
    return [r for r in rows if r.period == period]
