"""Open-data files of published declarations: JSON and CSV, phones masked.

- JSON: a list in the interchange format (declaration/1), exactly what ``jixiao parse`` prints,
  so the public file can be imported again.
- CSV: one file, one row per indicator, every column of its declaration repeated on the row (a
  declaration without indicators still has one row, with the indicator columns empty).  The
  header row carries the Chinese labels; the file is UTF-8 with a BOM so that Excel opens it.
  Text cells a spreadsheet would evaluate (``=…``, ``+…``, ``-…``, ``@…``) carry a leading
  ``'`` (``core/exporters/cells.py``); numbers never do.  ``read_csv`` gives the rows back as
  they were before.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from jixiao.core.declaration import (
    FIELD_LABELS,
    FUND_LABELS,
    FUND_SOURCES,
    PERIOD_LABELS,
    PERIODS,
    Declaration,
    Indicator,
    dumps,
)
from jixiao.core.disclosure import public_declaration
from jixiao.core.exporters.cells import csv_text, csv_untext
from jixiao.core.exporters.layout import printed_order

_DECLARATION_COLUMNS = (
    "fiscal_year",
    "department_code",
    "department_name",
    "implementing_unit",
    "project_name",
    "project_type_label",
    "period_years",
)
_TEXT_COLUMNS = (
    "overview",
    "basis",
    "necessity",
    "safeguards",
    "plan",
    "goal_implementation",
    "goal_annual",
    "responsible_person",
    "handler",
    "phone",
    "filled_at",
)
_FUND_COLUMNS = tuple(f"funds.{p}.{s}" for p in PERIODS for s in ("total", *FUND_SOURCES))
_INDICATOR_COLUMNS = ("period", "level1", "level2", "name", "value")

CSV_COLUMNS = _DECLARATION_COLUMNS + _FUND_COLUMNS + _TEXT_COLUMNS + _INDICATOR_COLUMNS
CSV_LABELS = {
    **{key: FIELD_LABELS[key] for key in _DECLARATION_COLUMNS + _TEXT_COLUMNS},
    "department_code": "主管部门代码",
    "project_type_label": "项目属性",
    "period_years": "项目期（年）",
    **{
        f"funds.{p}.{s}": f"{PERIOD_LABELS[p]}{FUND_LABELS[s]}（元）"
        for p in PERIODS
        for s in ("total", *FUND_SOURCES)
    },
    "period": "指标期间",
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "value": "指标值",
}


def public(
    declarations: Iterable[Declaration], *, show_handler: bool, masked: bool = True
) -> list[Declaration]:
    if not masked:
        return list(declarations)
    return [public_declaration(d, show_handler=show_handler) for d in declarations]


def render_json(
    declarations: Iterable[Declaration], *, show_handler: bool = False, masked: bool = True
) -> str:
    """The JSON list; ``masked=False`` for an internal export (or data masked already)."""
    return dumps(public(declarations, show_handler=show_handler, masked=masked))


def _cells(decl: Declaration, ind: Indicator | None) -> list:
    row: list = [getattr(decl, key) for key in _DECLARATION_COLUMNS]
    for period in PERIODS:
        half = decl.funds.half(period)
        row += [getattr(half, s) for s in ("total", *FUND_SOURCES)]
    row += [getattr(decl, key) for key in _TEXT_COLUMNS]
    if ind is None:
        row += [None] * len(_INDICATOR_COLUMNS)
    else:
        row += [PERIOD_LABELS[ind.period], ind.level1, ind.level2, ind.name, ind.value]
    return [_csv_cell(v) for v in row]


def _csv_cell(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    # Text is what people typed: neutralised.  Years, 项目期 and amounts are numbers.
    return csv_text(value) if isinstance(value, str) else value


def render_csv(
    declarations: Iterable[Declaration], *, show_handler: bool = False, masked: bool = True
) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([CSV_LABELS[c] for c in CSV_COLUMNS])
    for decl in public(declarations, show_handler=show_handler, masked=masked):
        indicators = printed_order(decl) or [None]
        for ind in indicators:
            writer.writerow(_cells(decl, ind))
    return out.getvalue()


def read_csv(text: str) -> list[dict[str, str]]:
    """The rows of a file ``render_csv`` wrote, by Chinese header, as the values were."""
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(rows, [])
    return [dict(zip(header, map(csv_untext, row), strict=True)) for row in rows]
