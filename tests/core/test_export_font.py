"""The committed CJK font has a glyph for every character the forms print."""

from jixiao.core.exporters import layout
from jixiao.core.exporters.pdfkit import covers, font_path
from tests.conftest import EXPECTED_JSON


def _printed_labels() -> str:
    names = [n for n in dir(layout) if n.isupper()]
    parts: list[str] = []
    for name in names:
        value = getattr(layout, name)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            parts += [str(v) for v in value.values()]
        elif isinstance(value, tuple):
            parts += [str(v) for v in value]
    return "".join(parts)


def test_it_ships_the_font_in_the_package():
    with open(font_path(), "rb") as fh:
        assert fh.read(4) == b"ttcf"


def test_it_has_a_glyph_for_every_character_of_the_shared_forms():
    text = EXPECTED_JSON.read_text("utf-8")
    assert covers(text) == set()


def test_it_has_a_glyph_for_every_label_and_symbol_we_print():
    extra = "≥≤㎡（）“”：；、，。—0123456789年月日第页共"
    assert covers(_printed_labels() + extra) == set()


def test_it_reports_a_missing_glyph():
    assert covers("\U0001f600") == {"\U0001f600"}
