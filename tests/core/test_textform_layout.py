"""The measures of the printed form: widths, wrapping and amounts as the PDF prints them."""

from decimal import Decimal

from jixiao.core.textform.layout import display_width, format_amount, wrap


def test_it_counts_a_cjk_character_as_one_and_ascii_as_about_half():
    assert display_width("改善民生") == 4
    assert abs(display_width("2186.74") - (6 * 0.57 + 0.3)) < 1e-9
    assert display_width("，（）") == 3


def test_it_never_starts_a_printed_line_with_closing_punctuation():
    lines = wrap("甲" * 46 + "乙，丙", 47)
    assert lines == ["甲" * 46, "乙，丙"]


def test_it_never_breaks_a_number_or_the_character_after_it():
    lines = wrap("甲" * 44 + "2186.74平方米", 47)
    assert lines == ["甲" * 44, "2186.74平方米"]
    assert "".join(lines) == "甲" * 44 + "2186.74平方米"


def test_it_prints_amounts_with_thousands_commas_and_no_trailing_zeros():
    assert format_amount(Decimal("15000000")) == "15,000,000"
    assert format_amount(Decimal("7845.90")) == "7,845.9"
    assert format_amount(Decimal("0")) == "0"
    assert format_amount(None) == ""
