"""`jixiao export FILE...`: exports straight from forms, no database."""

import io
import json
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from jixiao.core.importers.xlsx import read_xlsx_bytes
from tests.conftest import EXPECTED_JSON


def export(tmp_path, fmt, *args):
    out = tmp_path / f"out.{fmt}"
    call_command("export", str(EXPECTED_JSON), "--format", fmt, "--out", str(out), *args)
    return out.read_bytes()


def test_it_exports_the_forms_as_a_workbook_that_reads_back(tmp_path, expected_declarations):
    data = export(tmp_path, "xlsx")
    back, _ = read_xlsx_bytes(data, "out.xlsx")
    assert [d.to_dict() for d in back] == [d.to_dict() for d in expected_declarations]


def test_it_filters_by_department_and_year(tmp_path, expected_declarations):
    data = json.loads(export(tmp_path, "json", "--department", "211", "--year", "2023"))
    wanted = [d.project_name for d in expected_declarations if d.department_code == "211"]
    assert [d["project_name"] for d in data] == wanted


def test_it_masks_phones_with_public(tmp_path):
    text = export(tmp_path, "csv", "--public").decode("utf-8")
    assert "18003452232" not in text and "180****2232" in text
    assert "18003452232" in export(tmp_path, "csv").decode("utf-8")


def test_it_writes_a_pdf_booklet_and_summary(tmp_path):
    assert export(tmp_path, "pdf").startswith(b"%PDF")
    booklet = export(tmp_path, "booklet")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=booklet, capture_output=True, check=True
    ).stdout.decode()
    assert "共 11 个项目" in text and "18003452232" not in text
    summary = load_workbook(io.BytesIO(export(tmp_path, "summary")))
    assert summary.sheetnames[:2] == ["按部门汇总", "项目明细"]
    assert "<!doctype html>" in export(tmp_path, "html").decode("utf-8")


def test_it_exits_2_with_one_line_for_a_missing_file(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("export", str(tmp_path / "none.json"), "--format", "pdf", "--out", "x.pdf")
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：") and "none.json" in err and "\n" not in err


def test_it_exits_2_when_nothing_matches(tmp_path):
    with pytest.raises(SystemExit) as exit_:
        export(tmp_path, "pdf", "--department", "999")
    assert exit_.value.code == 2


@pytest.mark.django_db
def test_it_exports_from_the_database_by_year_and_department(tmp_path, draft, outsider_draft):
    out = tmp_path / "forms.json"
    call_command("export", "--format", "json", "--department", "405", "--out", str(out))
    assert [d["project_name"] for d in json.loads(out.read_text("utf-8"))] == [
        outsider_draft.project_name
    ]
    call_command(
        "export", "--format", "summary", "--year", "2023", "--status", "draft", "--out", str(out)
    )
    ws = load_workbook(io.BytesIO(out.read_bytes()))["项目明细"]
    names = sorted(row[2] for row in ws.iter_rows(min_row=4, values_only=True))
    assert names == sorted([draft.project_name, outsider_draft.project_name])
    assert ws["A1"].value.startswith("筛选条件：年度 2023；主管部门 全部；状态 草稿")


@pytest.mark.django_db
def test_it_summarises_the_latest_year_sent_in_when_no_filter_is_given(tmp_path, two_years):
    draft = two_years
    out = tmp_path / "summary.xlsx"
    call_command("export", "--format", "summary", "--out", str(out))
    wb = load_workbook(io.BytesIO(out.read_bytes()))
    names = [row[2] for row in wb["项目明细"].iter_rows(min_row=4, values_only=True)]
    assert names == [draft.project_name]
    for ws in wb.worksheets:
        caption = ws["A1"].value
        assert f"年度 {draft.fiscal_year}（未选年度，默认最新年度）" in caption
        assert "状态 已提交、部门已审核、财政已批复、已公开（未选状态" in caption


@pytest.mark.django_db
def test_it_puts_only_published_declarations_in_the_booklet(tmp_path, draft, outsider_draft, walk):
    from jixiao.declarations.models import Status

    walk(draft, Status.PUBLISHED)
    out = tmp_path / "booklet.pdf"
    call_command("export", "--format", "booklet", "--year", "2023", "--out", str(out))
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "共 1 个项目" in text and draft.project_name in text
    assert outsider_draft.project_name not in text and draft.phone not in text
