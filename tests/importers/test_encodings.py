"""Text in the encodings older Windows tools save is converted, with a note; what no encoding
explains is refused."""

from __future__ import annotations

import pytest

from jixiao.core.errors import FormError
from jixiao.core.importers.base import read_bytes
from tests.conftest import TARGETS_TXT

TEXT = TARGETS_TXT.read_text("utf-8")


@pytest.fixture(scope="module")
def as_utf8():
    return [d.to_dict() for d in read_bytes(TEXT.encode(), "forms.txt").declarations]


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (TEXT.encode("gbk"), "GBK"),
        (TEXT.encode("gb18030") + "𠀀".encode("gb18030"), "GB18030"),  # a character GBK lacks
        (TEXT.encode("utf-16"), "UTF-16"),
        (TEXT.encode("utf-16-be").join([b"\xfe\xff", b""]), "UTF-16"),
        (TEXT.encode("utf-8-sig"), "UTF-8（带 BOM）"),
    ],
    ids=["gbk", "gb18030", "utf-16-le", "utf-16-be", "utf-8-bom"],
)
def test_it_reads_the_shared_forms_in_another_encoding_with_a_note(data, named, as_utf8):
    result = read_bytes(data, "forms.txt")
    assert [d.to_dict() for d in result.declarations] == as_utf8
    encoding = [n for n in result.notes if n.kind == "encoding"]
    assert [n.message for n in encoding] == [f"文件按 {named} 编码读取，已转换为 UTF-8"]


def test_it_adds_no_note_for_plain_utf8():
    result = read_bytes(TEXT.encode(), "forms.txt")
    assert not [n for n in result.notes if n.kind == "encoding"]


def test_it_reads_a_short_gbk_file_as_gbk_and_then_says_what_is_missing():
    with pytest.raises(FormError) as info:
        read_bytes("项目名称 保障性住房建设项目\n".encode("gbk"), "short.txt")
    # Read, not refused for its encoding: what the reader says is what the form lacks.
    assert (
        str(info.value) == "文件 short.txt，第 1 行，字段「年度」：缺少年度（如「（2023年度）」）"
    )


def test_it_reads_a_gbk_file_cut_inside_a_character_as_truncated():
    data = TEXT.encode("gbk")
    cut = data[: data.index("总建筑面积".encode("gbk")) + 3]  # in the middle of 建 (2 bytes)
    with pytest.raises(FormError) as info:
        read_bytes(cut, "cut.txt")
    assert "截断" in str(info.value)
    assert info.value.line == 32


def test_it_reads_gbk_json_with_a_note(expected_data):
    import json

    data = json.dumps(expected_data[:2], ensure_ascii=False).encode("gbk")
    result = read_bytes(data, "forms.json")
    assert [d.to_dict() for d in result.declarations] == expected_data[:2]
    assert [n.kind for n in result.notes] == ["encoding"]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        bytes(range(256)) * 8,
        b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20,
    ],
    ids=["png", "all-bytes", "elf"],
)
def test_it_still_refuses_a_binary_file(data):
    with pytest.raises(FormError) as info:
        read_bytes(data, "binary.txt", format="text")
    assert "二进制" in str(info.value) or "编码" in str(info.value)
    assert str(info.value).startswith("文件 binary.txt，第 ")


def test_it_refuses_bytes_no_encoding_explains_naming_the_line():
    data = "项目名称 保障性住房建设项目\n".encode() + b"\xff\xfe\xfd\x80\x81" * 50
    with pytest.raises(FormError) as info:
        read_bytes(data, "odd.txt", format="text")
    assert "无法识别文件的编码" in str(info.value)
    assert info.value.line == 2
