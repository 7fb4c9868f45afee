"""The importer of the published text form, on the eleven real forms and on bad files."""

import re

import pytest

from jixiao.core.declaration import dumps
from jixiao.core.errors import FormError
from jixiao.core.importers.base import read_bytes
from jixiao.core.importers.text import read_text_bytes
from tests.conftest import EXPECTED_JSON, TARGETS_TXT

NOTES_MD = EXPECTED_JSON.with_suffix(".notes.md")


@pytest.fixture(scope="module")
def imported():
    return read_text_bytes(TARGETS_TXT.read_bytes(), "targets.txt")


def test_it_imports_the_eleven_forms_exactly(imported, expected_data):
    declarations, _ = imported
    got = [d.to_dict() for d in declarations]
    assert len(got) == len(expected_data)
    for form, (mine, theirs) in enumerate(zip(got, expected_data, strict=True), 1):
        assert list(mine) == list(theirs), f"form {form}: keys"
        for key in theirs:
            assert mine[key] == theirs[key], f"form {form}: {key}"


def test_it_dumps_the_same_json_as_the_expected_file(imported, expected_data):
    import json

    assert json.loads(dumps(imported[0])) == expected_data


def test_it_reports_every_restoration_of_the_notes_file_with_its_line(imported):
    _, notes = imported
    # "Restored: annual `改善低收入人群居` → `改善低收入人群居住环境` (社会效益指标, L88)" and the like.
    bullets = re.split(r"\n(?=- |#)", NOTES_MD.read_text("utf-8"))
    expected = set()
    for bullet in bullets:
        if bullet.startswith("- Restored"):
            for cut, full, no in re.findall(r"`([^`]+)` → `([^`]+)`[^`]*?L(\d+)", bullet):
                expected.add((int(no), cut, full))
    assert len(expected) == 19
    restored = {
        (n.line, *re.search(r"「(.+?)」.*恢复为「(.+?)」", n.message).groups())
        for n in notes
        if n.kind == "restored"
    }
    assert restored == expected


def test_it_reports_the_visibly_cut_fields_and_the_row_in_one_half_only(imported):
    _, notes = imported
    cut_fields = {n.line for n in notes if n.kind == "cut" and "文字可能被截断" in n.message}
    assert cut_fields == {320, 420, 1007}
    assert [n.line for n in notes if n.kind == "one_half"] == [655]
    assert {n.line for n in notes if n.kind == "differ"} == {665, 671}


def test_it_reports_each_glued_split_with_the_name_and_value_it_chose(imported):
    _, notes = imported
    glued = {n.line: n.message for n in notes if n.kind == "glued" and n.line == 161}
    assert "「是否严格执行市政设施养护」和「是」" in glued[161]
    both = [n.message for n in notes if n.kind == "glued" and n.line == 487]
    assert any("「卫生健康领域科技实力和创」和「稳步提高」" in m for m in both)
    assert any("「卫生健康领域科技」和「稳步提高」" in m for m in both)


def test_it_names_the_project_in_every_note(imported):
    declarations, notes = imported
    names = {d.project_name for d in declarations}
    assert all(n.project_name in names for n in notes)


# -- bad files --------------------------------------------------------------------------


def _error(data: bytes, name: str = "bad.txt") -> FormError:
    with pytest.raises(FormError) as info:
        read_bytes(data, name, format="text")
    message = str(info.value)
    assert "\n" not in message
    assert name in message
    return info.value


def _shared_lines() -> list[str]:
    return TARGETS_TXT.read_text("utf-8").split("\n")


def test_it_refuses_an_empty_file():
    err = _error(b"")
    assert "为空" in str(err)
    err = _error(b"\n  \n\n")
    assert "为空" in str(err)


def test_it_refuses_a_binary_file():
    err = _error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert err.line == 3  # the first NUL byte, after two line ends
    assert "二进制" in str(err)


def test_it_refuses_text_that_is_no_form():
    err = _error("这只是一段普通的文字。\n没有任何表格。\n".encode())
    assert "项目名称" in str(err)
    assert err.line == 1


def test_it_refuses_a_form_missing_its_indicator_table():
    lines = _shared_lines()[:96]
    del lines[54:94]  # 绩/效/指/标, the header and every row of form 1
    err = _error("\n".join(lines).encode())
    assert "绩效指标表" in str(err)
    assert err.line == 56  # the footer line, where the table should have ended


@pytest.mark.parametrize(
    ("cut_after", "line"),
    [(73, 73), (25, 25), (1000, 1000)],
    ids=["in-the-table", "in-the-funds", "in-the-last-form"],
)
def test_it_refuses_a_truncated_file_naming_the_last_line(cut_after, line):
    text = "\n".join(_shared_lines()[:cut_after])
    err = _error(text.encode())
    assert "截断" in str(err)
    assert err.line == line


def test_it_refuses_an_amount_that_is_not_a_number():
    text = TARGETS_TXT.read_text("utf-8").replace("15,000,000 年度", "一千五百万 年度", 1)
    err = _error(text.encode())
    assert err.line == 16
    assert "一千五百万" in str(err)


def test_it_reports_a_file_cut_inside_a_character_as_truncated():
    data = TARGETS_TXT.read_bytes()
    cut = data[: data.index("总建筑面积".encode()) + 4]  # in the middle of 建 (3 bytes)
    err = _error(cut)
    assert "截断" in str(err)
    assert err.line == 32  # the first 总建筑面积 is in 项目概况
