"""A declaration whose every text field is something a spreadsheet would evaluate."""

import copy
import io
from decimal import Decimal

from openpyxl import load_workbook

from jixiao.core.declaration import TEXT_FIELDS

PAYLOADS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil","x")',
    "+86138****5678",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1)",
    "=1+1",
    "-1500",
    "'=already quoted",
)
_FIELDS = (
    "title",
    "project_name",
    "department_name",
    "implementing_unit",
    "project_type_label",
    *TEXT_FIELDS,
    "goal_implementation",
    "goal_annual",
    "responsible_person",
    "handler",
    "phone",
)


def hostile_form(data: dict) -> dict:
    """``data`` (declaration/1) with every text a formula-like payload, a negative amount."""
    data = copy.deepcopy(data)
    for i, key in enumerate(_FIELDS):
        data[key] = PAYLOADS[i % len(PAYLOADS)]
    data.update(
        project_name='=HYPERLINK("http://evil","x")',
        overview="=cmd|' /C calc'!A0",
        responsible_person="-1500",
        handler="'=already quoted",
        phone="+86138****5678",
    )
    data["project_type"] = None  # its label is a payload: nothing to derive the type from
    data["funds"]["annual"]["other"] = Decimal("-1500.00")
    for i, ind in enumerate(data["indicators"]):
        payload = PAYLOADS[i % len(PAYLOADS)]
        ind.update(name=f"{payload}#{i}", value=PAYLOADS[(i + 1) % len(PAYLOADS)])
        ind.update(level1=f"={ind['level1']}", level2=f"@{ind['level2']}")
    return data


def formula_cells(data: bytes) -> list[str]:
    """The cells of a workbook that Excel would evaluate, as sheet!A1."""
    wb = load_workbook(io.BytesIO(data))
    return [
        f"{ws.title}!{cell.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def text_values(data: bytes) -> set[str]:
    wb = load_workbook(io.BytesIO(data))
    return {
        cell.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
