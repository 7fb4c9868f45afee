"""The Excel workbook: one sheet per form in the printed layout, a flat sheet, a round trip."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jixiao.core.errors import FormError
from jixiao.core.exporters.xlsx import FLAT_SHEET, render_xlsx
from jixiao.core.importers.base import read_bytes
from jixiao.core.importers.xlsx import read_xlsx_bytes


@pytest.fixture(scope="module")
def workbook_bytes(expected_declarations) -> bytes:
    return render_xlsx(expected_declarations)


def test_it_reads_the_workbook_back_into_the_same_declarations(
    workbook_bytes, expected_declarations
):
    back, notes = read_xlsx_bytes(workbook_bytes, "forms.xlsx")
    assert notes == []
    assert [d.to_dict() for d in back] == [d.to_dict() for d in expected_declarations]


def test_it_is_found_by_the_importer_dispatch(workbook_bytes):
    result = read_bytes(workbook_bytes, "forms.xlsx")
    assert result.format == "xlsx"
    assert len(result.declarations) == 11


def test_it_writes_one_sheet_per_form_with_merged_cells_and_numbers(workbook_bytes):
    wb = load_workbook(io.BytesIO(workbook_bytes))
    assert len(wb.sheetnames) == 12
    assert wb.sheetnames[-1] == FLAT_SHEET
    ws = wb.worksheets[0]
    assert ws["A3"].value == "项目名称"
    assert ws["B3"].value == "保障性住房建设项目"
    assert "B3:G3" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A6"].value == "项目资金（元）"
    assert ws["C6"].value == 15000000
    assert isinstance(ws["C6"].value, int | float | Decimal)


def test_it_formats_whole_amounts_without_a_trailing_dot_and_cents_with_two_places(
    expected_declarations,
):
    decl = expected_declarations[0].model_copy(deep=True)
    decl.funds.annual.local = Decimal("1234.5")
    ws = load_workbook(io.BytesIO(render_xlsx([decl]))).worksheets[0]
    assert (ws["C6"].value, ws["C6"].number_format) == (15000000, "#,##0")
    cents = [c for row in ws.iter_rows() for c in row if c.value == Decimal("1234.5")]
    assert [c.number_format for c in cents] == ["#,##0.00"]
    # "#,##0.##" shows 5,500,000 as "5,500,000." in Excel and LibreOffice.
    assert not any(c.number_format.endswith(".##") for row in ws.iter_rows() for c in row)


def test_it_lists_every_indicator_on_the_flat_sheet(workbook_bytes, expected_declarations):
    ws = load_workbook(io.BytesIO(workbook_bytes))[FLAT_SHEET]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == sum(len(d.indicators) for d in expected_declarations)
    assert rows[0][3:] == (
        "保障性住房建设项目",
        "实施期",
        "产出指标",
        "数量指标",
        "建设内容",
        "≥5类",
    )


def test_it_names_the_sheet_and_cell_of_a_bad_amount(workbook_bytes):
    wb = load_workbook(io.BytesIO(workbook_bytes))
    ws = wb.worksheets[1]
    ws["C7"] = "一百万"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(FormError) as caught:
        read_xlsx_bytes(buffer.getvalue(), "bad.xlsx")
    assert f"工作表「{ws.title}」单元格 C7" in str(caught.value)
    assert "bad.xlsx" in str(caught.value)


def test_it_refuses_a_workbook_without_forms():
    wb_bytes = render_xlsx([])
    with pytest.raises(FormError, match="没有申报表工作表"):
        read_xlsx_bytes(wb_bytes, "empty.xlsx")


def test_it_refuses_a_file_that_is_not_a_workbook():
    with pytest.raises(FormError, match="不是有效的 Excel"):
        read_xlsx_bytes(b"PK\x03\x04 broken", "broken.xlsx")


def test_it_writes_and_reads_back_a_blank_draft():
    from jixiao.core.declaration import Declaration

    blank = Declaration(
        fiscal_year=2024, project_name="空白项目", title="某区项目支出绩效目标申报表"
    )
    back, _ = read_xlsx_bytes(render_xlsx([blank]), "blank.xlsx")
    assert back == [blank]
