"""The printed form's indicator table: both halves side by side, grouped by level1 and level2
with merged cells, as on paper."""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.core.declaration import PERIODS
from jixiao.core.framework import Framework
from jixiao.web.indicator_rows import IndicatorRow
from jixiao.web.placement import row_slot


@dataclass
class Cell:
    row: IndicatorRow | None
    slot: str = ""


@dataclass
class GridRow:
    level1: str = ""
    level1_span: int = 0  # 0: merged into the cell above
    level2: str = ""
    level2_span: int = 0
    halves: dict[str, Cell] = field(default_factory=dict)


def indicator_grid(rows: list[IndicatorRow], framework: Framework) -> list[GridRow]:
    """Rows of the printed table: level1 groups in the framework's order, within them level2
    groups, each group as tall as the longer of its two halves."""
    positions: dict[int, str] = {}
    for period in PERIODS:
        for position, row in enumerate(r for r in rows if r.period == period):
            positions[id(row)] = row_slot(period, position)
    order: list[tuple[str, str]] = [(l1, l2) for l1, l2s in framework.levels.items() for l2 in l2s]
    for row in rows:
        if not row.is_blank and (row.level1, row.level2) not in order:
            order.append((row.level1, row.level2))
    grid: list[GridRow] = []
    for level1 in dict.fromkeys(l1 for l1, _ in order):
        start = len(grid)
        for l1, level2 in order:
            if l1 != level1:
                continue
            halves = {
                period: [
                    r
                    for r in rows
                    if r.period == period
                    and r.level2 == level2
                    and r.level1 == l1
                    and not r.is_blank
                ]
                for period in PERIODS
            }
            height = max(len(h) for h in halves.values())
            for i in range(height):
                cells = {}
                for period, half in halves.items():
                    row = half[i] if i < len(half) else None
                    cells[period] = Cell(row, positions.get(id(row), "") if row else "")
                grid.append(
                    GridRow(level2=level2, level2_span=height if i == 0 else 0, halves=cells)
                )
        if len(grid) > start:
            grid[start].level1 = level1
            grid[start].level1_span = len(grid) - start
    return grid
