"""Public disclosure: masked phones, the optional filer, the booklet and the open data."""

import csv
import io
import json
import re
import subprocess
from datetime import date

from jixiao.core.declaration import loads
from jixiao.core.disclosure import public_declaration
from jixiao.core.exporters.booklet import render_booklet
from jixiao.core.exporters.opendata import CSV_COLUMNS, render_csv, render_json


def test_it_hides_the_filer_unless_asked(expected_declarations):
    decl = expected_declarations[0]
    hidden = public_declaration(decl, show_handler=False)
    shown = public_declaration(decl, show_handler=True)
    assert hidden.handler is None and shown.handler == "李小军"
    assert hidden.phone == shown.phone == "180****2232"
    assert decl.phone == "18003452232"  # the original is untouched


def test_it_writes_open_data_json_in_the_interchange_format_masked(expected_declarations):
    text = render_json(expected_declarations)
    back = loads(text)
    assert [d.project_name for d in back] == [d.project_name for d in expected_declarations]
    assert all(d.handler is None for d in back)
    assert "18003452232" not in text and "180****2232" in text


def test_it_writes_one_csv_row_per_indicator(expected_declarations):
    text = render_csv(expected_declarations, show_handler=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows[0]) == len(CSV_COLUMNS)
    assert len(rows) - 1 == sum(len(d.indicators) for d in expected_declarations)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["项目名称"] == "保障性住房建设项目"
    assert first["实施期资金总额（元）"] == "15000000"
    assert first["三级指标"] == "建设内容" and first["指标值"] == "≥5类"
    assert first["联系电话"] == "180****2232" and first["经办人"] == "李小军"


def test_it_keeps_a_declaration_without_indicators_in_the_csv(expected_declarations):
    bare = expected_declarations[0].model_copy(update={"indicators": []})
    rows = list(csv.reader(io.StringIO(render_csv([bare]).removeprefix("\ufeff"))))
    assert len(rows) == 2 and rows[1][-1] == ""


def _page_text(pdf: bytes, page: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def test_it_builds_a_booklet_whose_contents_point_at_the_right_pages(expected_declarations):
    pdf = render_booklet(
        expected_declarations, year=2023, issuer="长治市上党区财政局", published_on=date(2023, 5, 1)
    )
    cover = _page_text(pdf, 1)
    assert "2023年度项目支出绩效目标" in cover and "共 11 个项目" in cover
    toc = _page_text(pdf, 2)
    assert "目" in toc
    for i, decl in enumerate(expected_declarations, start=1):
        match = re.search(rf"^{i}\s.*?(\d+)\s*$", toc, re.M)
        assert match, toc
        page = int(match.group(1))
        text = _page_text(pdf, page)
        assert re.search(rf"第\s*{page}\s*页", text)
        assert decl.project_name[:10] in text.replace("\n", "")


def test_it_masks_phones_and_hides_filers_in_the_booklet(expected_declarations):
    pdf = render_booklet(expected_declarations[:2], year=2023)
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True)
    text = done.stdout.decode()
    assert "18003452232" not in text and "180****2232" in text
    assert "李小军" not in text
    shown = render_booklet(expected_declarations[:1], year=2023, show_handler=True)
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=shown, capture_output=True)
    assert "李小军" in done.stdout.decode()


def test_it_builds_an_empty_booklet_with_only_a_cover():
    pdf = render_booklet([], year=2023, department_name="长治市上党区民政局")
    assert "共 0 个项目" in _page_text(pdf, 1)
    assert json.loads(render_json([])) == []
