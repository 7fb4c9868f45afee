"""What every page showing one declaration needs: the printed layout's pieces, the indicator
rows and the findings and comments placed beside their cells."""

from __future__ import annotations

from jixiao.core import declaration as core
from jixiao.core.declaration import FIELD_LABELS, FUND_LABELS, FUND_SOURCES, TEXT_FIELDS
from jixiao.core.framework import DEFAULT_FRAMEWORK, get_framework
from jixiao.web.indicator_rows import IndicatorRow, rows_from_declaration
from jixiao.web.layout import indicator_grid
from jixiao.web.placement import place

TEXT_FIELD_LABELS = [(name, FIELD_LABELS[name]) for name in TEXT_FIELDS]


def framework_of(record=None):
    return get_framework(getattr(record, "framework", None) or DEFAULT_FRAMEWORK)


def fund_lines(decl: core.Declaration) -> list[dict]:
    """The funds block, one line per source (total first), both halves side by side."""
    return [
        {
            "key": key,
            "label": FUND_LABELS[key],
            "implementation": getattr(decl.funds.implementation, key),
            "annual": getattr(decl.funds.annual, key),
        }
        for key in ("total", *FUND_SOURCES)
    ]


def printed_context(
    decl: core.Declaration,
    *,
    framework,
    findings: list[dict] | None = None,
    comments=(),
    rows: list[IndicatorRow] | None = None,
) -> dict:
    rows = rows if rows is not None else rows_from_declaration(decl, framework)
    return {
        "decl": decl,
        "rows": rows,
        "grid": indicator_grid(rows, framework),
        "fund_lines": fund_lines(decl),
        "text_fields": TEXT_FIELD_LABELS,
        "placement": place(findings, rows, comments),
    }
