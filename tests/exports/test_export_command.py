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
