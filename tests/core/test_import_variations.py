"""The same template, printed or saved differently: the importer is not fitted to one file.

Each test transforms the shared text (or the writer's output) the way another county's file
might differ, and expects the same declarations back.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jixiao.core.importers.text import read_text, read_text_bytes
from jixiao.core.textform.layout import format_amount
from jixiao.core.textform.writer import write_text
from tests.conftest import TARGETS_TXT


@pytest.fixture(scope="module")
def shared_text() -> str:
    return TARGETS_TXT.read_text("utf-8")


def _dicts(text: str) -> list[dict]:
    return [d.to_dict() for d in read_text(text, "variant.txt")[0]]


def test_it_reads_crlf_line_ends(shared_text, expected_data):
    data = shared_text.replace("\n", "\r\n").encode()
    declarations, notes = read_text_bytes(data, "crlf.txt")
    assert [d.to_dict() for d in declarations] == expected_data
    assert any(n.line == 88 and n.kind == "restored" for n in notes)


def test_it_reads_full_width_spaces(shared_text, expected_data):
    assert _dicts(shared_text.replace(" ", "\u3000")) == expected_data


def test_it_reads_a_file_with_no_blank_lines(shared_text, expected_data):
    assert _dicts(re.sub(r"\n\s*\n+", "\n", shared_text)) == expected_data


def test_it_reads_a_file_with_a_byte_order_mark(shared_text, expected_data):
    data = b"\xef\xbb\xbf" + shared_text.encode()
    assert [d.to_dict() for d in read_text_bytes(data, "bom.txt")[0]] == expected_data


PAGE_BREAKS = {
    "page-number": "\n第 2 页\n",
    "page-of": "\n第2页 共3页\n",
    "dashed": "\n- 2 -\n",
    "bare-number": "\n\n2\n\n",
    "form-feed": "\n\f",
    "repeated-title": "\n- 2 -\n\f上党区县(区)级预算部门（单位）项目支出绩效目标申报表\n\n（2023年度）\n",
}


@pytest.mark.parametrize("page_break", PAGE_BREAKS.values(), ids=PAGE_BREAKS.keys())
def test_it_drops_a_page_break_in_the_middle_of_a_form(shared_text, expected_data, page_break):
    lines = shared_text.split("\n")
    # Inside a wrapped text field (form 1, 项目概况), inside the goals (form 2), between two
    # table rows (form 4), in the funds (form 5) and before the footer (form 11).
    for after in sorted([32, 142, 357, 400, 1058], reverse=True):
        lines.insert(after, page_break)
    assert _dicts("\n".join(lines)) == expected_data


def test_it_drops_a_table_header_repeated_on_a_new_page(shared_text, expected_data):
    lines = shared_text.split("\n")
    lines.insert(78, "第 2 页\n一级指标 二级指标 三级指标 指标值 二级指标 三级指标 指标值")
    declarations, notes = read_text("\n".join(lines), "header.txt")
    assert [d.to_dict() for d in declarations] == expected_data
    assert [n.kind for n in notes if n.kind == "page"] == ["page", "page"]


def _in_wan_yuan(match: re.Match) -> str:
    return format_amount(Decimal(match.group(0).replace(",", "")) / 10_000)


def test_it_converts_amounts_in_wan_yuan_to_yuan(shared_text, expected_data):
    out, in_funds = [], False
    for line in shared_text.split("\n"):
        if line.startswith("项目资金"):
            in_funds = True
        elif line.startswith("项目概况"):
            in_funds = False
        if in_funds:
            line = line.replace("（元）", "（万元）")
            line = re.sub(r"\d{1,3}(?:,\d{3})+|\b\d+\b", _in_wan_yuan, line)
        out.append(line)
    text = "\n".join(out)
    assert "7,845.9" in text  # form 5: 78,459,000 元
    declarations, notes = read_text(text, "wan.txt")
    assert [d.to_dict() for d in declarations] == expected_data
    funds = declarations[4].funds.implementation
    assert funds.total == Decimal("78459000") and isinstance(funds.total, Decimal)
    assert sum(n.kind == "unit" for n in notes) == 11


def test_it_reads_a_form_with_a_section_left_out(shared_text, expected_data):
    text = shared_text.replace("立项依据 政府会议纪要2022年第29次\n", "", 1)
    got = _dicts(text)
    assert got[0]["basis"] is None
    assert {k: v for k, v in got[0].items() if k != "basis"} == {
        k: v for k, v in expected_data[0].items() if k != "basis"
    }
    assert got[1:] == expected_data[1:]


def test_it_reads_the_writers_output_saved_the_windows_way_with_page_breaks(
    expected_declarations,
):
    form = expected_declarations[4]  # a continuing project, long wrapped fields
    text = write_text(form)
    plain = _dicts(text)
    lines = text.split("\n")
    for at in (40, 25, 12):
        lines.insert(at, "- 2 -")
    varied = "\r\n".join(lines).replace(" ", "\u3000")
    assert _dicts(varied) == plain


def test_it_reproduces_the_printed_lines_of_the_shared_forms(shared_text, expected_declarations):
    """The writer lays out 9 of the 11 real forms line for line as the PDF printed them."""
    forms = shared_text.split("\n\n\n\n")
    differing = {}
    for i, declaration in enumerate(expected_declarations, 1):
        printed = [ln.strip() for ln in forms[i - 1].split("\n") if ln.strip()]
        written = [ln.strip() for ln in write_text(declaration).split("\n") if ln.strip()]
        differing[i] = sum(a != b for a, b in zip(printed, written, strict=True))
    # Form 4 hangs a lone 。 on its own line, form 11 breaks one line a character early, and
    # form 7 prints a 10-character annual name in an 8-character cell.
    assert differing == {i: 0 for i in range(1, 12)} | {4: 2, 7: 1, 11: 2}
