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


def test_it_reads_a_table_header_and_mark_broken_differently(shared_text, expected_data):
    text = shared_text.replace(
        "绩\n效\n指\n标\n\n一级指标 二级指标 三级指标 指标值 二级指标 三级指标 指标值",
        "绩效指标\n一级指标 二级指标\n三级指标 指标值 二级指标 三级指标 指标值",
    )
    assert text.count("绩效指标\n一级指标") == 11
    assert _dicts(text) == expected_data


def test_it_is_not_misled_by_a_text_that_mentions_labels(shared_text, expected_data):
    said = "按绩效目标申报表的要求，经办人在填报日期前完成"
    text = shared_text.replace(
        "立项依据 政府会议纪要2022年第29次", f"立项依据\n政府会议纪要2022年第29次\n{said}", 1
    )
    got = _dicts(text)
    assert got[0]["basis"] == "政府会议纪要2022年第29次" + said
    assert got[1:] == expected_data[1:]


def test_it_reads_a_comparator_printed_apart_from_its_number(shared_text, expected_data):
    text = shared_text.replace("低收入人群满意度 ≥90%", "低收入人群满意度 ≥ 90%", 1)
    assert _dicts(text) == expected_data


def test_it_reads_a_title_wrapped_over_two_lines(shared_text, expected_data):
    title = "上党区县(区)级预算部门（单位）项目支出绩效目标申报表"
    text = shared_text.replace(title, "上党区县(区)级预算部门（单位）项目支出绩效目\n标申报表")
    declarations, notes = read_text(text, "wrapped.txt")
    assert [d.to_dict() for d in declarations] == expected_data
    assert not [n for n in notes if n.kind == "doubtful"]


def test_it_reads_a_footer_whose_date_wrapped(shared_text, expected_data):
    text = shared_text.replace("填报日期：    2023", "填报日期：\n2023")
    assert _dicts(text) == expected_data


def _halves_on_two_lines(text: str) -> str:
    """Each table line with a label in both halves printed as two lines, left then right."""
    from jixiao.core.framework import all_level2s

    out = []
    for line in text.split("\n"):
        for level2 in all_level2s():
            at = line.find(" " + level2, 1)
            head, tail = line[:at], line[at + 1 + len(level2) :]
            if at > 0 and level2[:8] in head and len(head.split()) > 1 and tail.strip():
                line = head + "\n" + line[at + 1 :]
                break
        out.append(line)
    return "\n".join(out)


def test_it_reads_the_two_halves_of_a_row_printed_on_two_lines(shared_text, expected_data):
    text = _halves_on_two_lines(shared_text)
    assert "时效指标 工程拨款及时率 100%\n时效指标 工程拨款及时率 100%" in text
    assert _dicts(text) == expected_data


def test_it_reads_labels_printed_with_a_colon(shared_text, expected_data):
    text = shared_text
    for label in (
        "项目名称",
        "主管部门及代码",
        "实施单位",
        "项目属性",
        "项目期",
        "项目概况",
        "立项依据",
    ):
        text = text.replace(f"{label} ", f"{label}：")
    assert "主管部门及代码：403-" in text
    assert _dicts(text) == expected_data


def test_it_reads_the_right_label_printed_on_the_line_of_its_first_row(shared_text, expected_data):
    text = shared_text.replace(
        "数量指标\n建设内容 ≥5类\n\n总建筑面积", "数量指标 建设内容 ≥5类\n\n总建筑面积"
    )
    assert text.count("数量指标 建设内容 ≥5类") == 1
    assert _dicts(text) == expected_data


def test_it_reads_both_labels_printed_on_the_lines_of_their_first_rows(shared_text, expected_data):
    text = shared_text.replace("数量指标\n建设内容 ≥5类", "数量指标 建设内容 ≥5类")
    assert text.count("数量指标 建设内容 ≥5类") == 2
    assert _dicts(text) == expected_data
    text = shared_text.replace(
        "数量指标\n建设内容 ≥5类\n\n数量指标", "数量指标 建设内容 ≥5类\n\n数量指标"
    )
    assert _dicts(text) == expected_data


def test_it_reads_the_vertical_mark_printed_inside_the_table(shared_text, expected_data):
    text = shared_text.replace("绩\n效\n指\n标\n\n一级指标", "一级指标")
    text = text.replace("\n产出指标\n", "\n绩 产出指标\n").replace(
        "\n效益指标\n", "\n效\n效益指标\n"
    )
    text = text.replace("\n满意度指标 服务", "\n标 满意度指标 服务")
    assert _dicts(text) == expected_data


def test_it_reads_the_goal_headers_printed_after_the_goal_label(shared_text, expected_data):
    text = shared_text.replace("实施期目标 年度目标\n\n总体目标", "总体目标 实施期目标 年度目标\n")
    assert text.count("总体目标 实施期目标 年度目标") == 11
    assert _dicts(text) == expected_data


def test_it_reads_amounts_printed_with_their_unit(shared_text, expected_data):
    text = re.sub(r"(\d{1,3}(?:,\d{3})+)(?=\s)", r"\1元", shared_text)
    assert "15,000,000元 年度资金总额" in text
    assert _dicts(text) == expected_data
