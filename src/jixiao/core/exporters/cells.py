"""Cells of the spreadsheets the project writes: what someone typed is text, never a formula.

Excel (and openpyxl, which marks any string starting with ``=`` as a formula) would evaluate a
project name such as ``=HYPERLINK("http://evil","x")`` or ``=cmd|' /C calc'!A0``.  Every
workbook writer puts its values through ``write_cell`` / ``write_row``; every CSV writer puts
its text cells through ``csv_text`` and a reader of our CSV takes them back with
``csv_untext``.

- xlsx: a string is a string cell (``t="s"``/inline string), whatever it starts with; one that
  starts like a formula also gets Excel's quote prefix, so editing the cell keeps it text.
  Nothing is added to the value, so reading the workbook back gives exactly what was written.
  Characters XML cannot carry (control characters other than tab and line breaks) are
  dropped: openpyxl would refuse the whole workbook for them.
- CSV (OWASP "CSV injection"): a text cell a spreadsheet would evaluate — starting with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return, after any spaces — gets a leading ``'``;
  so does one that already starts with quotes before such a character, which makes the
  change exactly reversible.  Numbers (years, amounts such as ``-1500.00``) are written as
  numbers and never prefixed: only text columns are text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

# What makes a spreadsheet read a cell as a formula (leading spaces are skipped by some).
_FORMULA_LIKE = re.compile(r"'*(?:[ \u00a0\u3000]*[=+\-@]|[\t\r])")


def looks_like_formula(text: str) -> bool:
    return _FORMULA_LIKE.match(text) is not None


def set_value(cell: Cell, value) -> Cell:
    """Put ``value`` in ``cell``: a string always as text."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        cell.data_type = "s"  # openpyxl made "=…" a formula on assignment
        if looks_like_formula(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def write_cell(ws: Worksheet, row: int, column: int, value=None) -> Cell:
    return set_value(ws.cell(row=row, column=column), value)


def write_row(ws: Worksheet, row: int, values: Iterable, *, first_column: int = 1) -> list[Cell]:
    return [write_cell(ws, row, c, v) for c, v in enumerate(values, start=first_column)]


def csv_text(text: str) -> str:
    """A text cell of a CSV file, neutralised if a spreadsheet would evaluate it."""
    return "'" + text if _FORMULA_LIKE.match(text) else text


def csv_untext(text: str) -> str:
    """The text ``csv_text`` was given: the inverse, for readers of our own CSV files."""
    if text.startswith("'") and _FORMULA_LIKE.match(text[1:]):
        return text[1:]
    return text
