"""What filers type is never a formula in a spreadsheet the project writes (core, no Django)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jixiao.core.declaration import Declaration
from jixiao.core.evaluation.forms import monitoring_sheet, self_evaluation_sheet
from jixiao.core.evaluation.forms_xlsx import render_xlsx as render_form_xlsx
from jixiao.core.evaluation.monitoring import (
    Cause,
    IndicatorReport,
    MoneyReport,
    MonitoringReportInput,
    assess,
)
from jixiao.core.evaluation.scoring import IndicatorActual, SelfEvaluationInput, evaluate
from jixiao.core.exporters.cells import csv_text, csv_untext
from jixiao.core.exporters.opendata import CSV_COLUMNS, CSV_LABELS, read_csv, render_csv
from jixiao.core.exporters.summary import SummaryItem, render_summary
from jixiao.core.exporters.xlsx import render_xlsx
from jixiao.core.importers.xlsx import read_xlsx_bytes
from tests.hostile import PAYLOADS, formula_cells, hostile_form, text_values

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile(expected_data) -> Declaration:
    return Declaration.from_dict(hostile_form(expected_data[0]))


def test_it_writes_no_formula_in_the_form_workbook(hostile):
    data = render_xlsx([hostile, hostile])
    assert formula_cells(data) == []
    assert set(PAYLOADS) <= text_values(data)  # the payloads are there, as text
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws["B3"].value == hostile.project_name and ws["B3"].data_type == "s"
    assert ws["B3"].quotePrefix  # Excel keeps it text when the cell is edited


def test_it_reads_its_own_workbook_back_exactly(hostile):
    back, _ = read_xlsx_bytes(render_xlsx([hostile]), "hostile.xlsx")
    assert [d.to_dict() for d in back] == [hostile.to_dict()]


def test_it_writes_no_formula_in_the_summary(hostile):
    items = [SummaryItem(hostile, status="=1+1", grade="@SUM(1)", score=80)]
    data = render_summary(items, filters={"项目名称包含": "=cmd|' /C calc'!A0"})
    assert formula_cells(data) == []
    assert {hostile.project_name, "=cmd|' /C calc'!A0", "@SUM(1)"} <= text_values(data)


def test_it_writes_no_formula_in_the_monitoring_and_self_evaluation_forms(hostile):
    annual = hostile.indicators_of("annual")
    cause = Cause("funding", "=cmd|' /C calc'!A0", '=HYPERLINK("http://evil","x")')
    report = MonitoringReportInput(
        fiscal_year=hostile.fiscal_year,
        cut_off=date(2023, 7, 31),
        money=MoneyReport(Decimal(1000), Decimal(-1500), None, cause),
        indicators=[IndicatorReport(i, "=1+1", "@SUM(1)", "possible", cause) for i in annual],
    )
    monitoring = monitoring_sheet(hostile, report, assess(report))
    items = [IndicatorActual(indicator=i, actual="=1+1", deviation="-1+cmd") for i in annual]
    evaluation = evaluate(SelfEvaluationInput(2023, Decimal(1000), Decimal(900), items))
    evaluation_sheet = self_evaluation_sheet(hostile, evaluation, achievement="@SUM(1)")
    for sheet in (monitoring, evaluation_sheet):
        data = render_form_xlsx(sheet)
        assert formula_cells(data) == []
        assert {hostile.project_name, "=1+1", "@SUM(1)"} <= text_values(data)


def test_it_drops_characters_a_workbook_cannot_hold_instead_of_failing(hostile):
    decl = hostile.model_copy(update={"overview": "第一段\x0b第二段\x00"})
    back, _ = read_xlsx_bytes(render_xlsx([decl]), "x.xlsx")
    assert back[0].overview == "第一段第二段"


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


NUMBER_COLUMNS = {
    CSV_LABELS[c]
    for c in CSV_COLUMNS
    if c.startswith("funds.") or c in ("fiscal_year", "period_years")
}


def test_it_neutralises_csv_cells_a_spreadsheet_would_evaluate(hostile):
    rows = _csv_rows(render_csv([hostile], masked=False, show_handler=True))
    text_cells = [v for row in rows for k, v in row.items() if k not in NUMBER_COLUMNS]
    assert [v for v in text_cells if v.startswith(FORMULA_START)] == []
    first = rows[0]
    assert first["项目名称"] == '\'=HYPERLINK("http://evil","x")'
    assert first["联系电话"] == "'+86138****5678"  # readable, and text
    assert first["负责人"] == "'-1500"  # a text column: text, though it looks like a number
    assert first["年度其他资金（元）"] == "-1500.00"  # an amount stays a number
    assert first["年度"] == "2023"


def test_it_reads_its_own_csv_back_exactly(hostile):
    rows = read_csv(render_csv([hostile], masked=False, show_handler=True))
    first = rows[0]
    assert first["项目名称"] == hostile.project_name
    assert first["联系电话"] == "+86138****5678" == hostile.phone
    assert first["负责人"] == hostile.responsible_person
    assert first["经办人"] == hostile.handler == "'=already quoted"
    assert first["年度其他资金（元）"] == "-1500.00"
    assert [r["三级指标"] for r in rows] == [i.name for i in _printed(hostile)]
    assert [r["指标值"] for r in rows] == [i.value for i in _printed(hostile)]


def _printed(decl):
    from jixiao.core.exporters.layout import printed_order

    return printed_order(decl)


@pytest.mark.parametrize(
    "text, written",
    [
        ("=1+1", "'=1+1"),
        ("+86138****5678", "'+86138****5678"),
        ("-1500", "'-1500"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        (" =1", "' =1"),
        ("'=1", "''=1"),
        ("'abc", "'abc"),
        ("保障性住房", "保障性住房"),
        ("≥10000人次", "≥10000人次"),
        ("", ""),
    ],
)
def test_it_neutralises_a_csv_text_cell_reversibly(text, written):
    assert csv_text(text) == written
    assert csv_untext(written) == text
