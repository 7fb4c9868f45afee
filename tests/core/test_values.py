from datetime import date
from decimal import Decimal

import pytest

from jixiao.core.values import parse_value


@pytest.mark.parametrize(
    ("raw", "comparator", "number", "unit"),
    [
        ("≥5类", ">=", "5", "类"),
        ("≤12条", "<=", "12", "条"),
        ("2186.74平方米", "=", "2186.74", "平方米"),
        ("100%", "=", "100", "%"),
        ("＞＝90％", ">=", "90", "%"),
        ("不低于 85%", ">=", "85", "%"),
        (">=3个", ">=", "3", "个"),
        ("20,767米", "=", "20767", "米"),
    ],
)
def test_it_reads_quantities(raw, comparator, number, unit):
    r = parse_value(raw)
    assert (r.kind, r.comparator, r.number, r.unit) == (
        "quantity",
        comparator,
        Decimal(number),
        unit,
    )


@pytest.mark.parametrize(
    ("raw", "yuan"),
    [
        ("7845.9万元", "78459000"),
        ("≤52800000元", "52800000"),
        ("3271.86万元", "32718600"),
        ("1.5亿元", "150000000"),
    ],
)
def test_it_normalises_money_to_yuan(raw, yuan):
    assert parse_value(raw).amount_yuan == Decimal(yuan)


@pytest.mark.parametrize(
    ("raw", "start", "end"),
    [
        ("2023年7月", date(2023, 7, 1), date(2023, 7, 31)),
        ("2023年10月底", date(2023, 10, 31), date(2023, 10, 31)),
        ("2023年6月-11月", date(2023, 6, 1), date(2023, 11, 30)),
        ("12月底前", None, date(2023, 12, 31)),
        ("2023年6月至2023年11月", date(2023, 6, 1), date(2023, 11, 30)),
    ],
)
def test_it_reads_dates_and_periods(raw, start, end):
    r = parse_value(raw, year=2023)
    assert (r.kind, r.start, r.end) == ("date", start, end)


@pytest.mark.parametrize(
    "raw", ["是", "及时", "改善", "提高", "稳步提高", "健全", "规范", "保密", "确定", "提升"]
)
def test_it_reads_direction_words(raw):
    r = parse_value(raw)
    assert (r.kind, r.direction) == ("qualitative", raw)


@pytest.mark.parametrize("raw", ["", "*", "待定", "XX", "1-3月", "见附件说明文档第三部分"])
def test_it_reports_unknown_forms_without_raising(raw):
    r = parse_value(raw)
    assert r.kind == "unknown" and r.error


def test_every_value_of_the_eleven_forms_has_a_kind(expected_declarations):
    for d in expected_declarations:
        for ind in d.indicators:
            assert parse_value(ind.value, year=d.fiscal_year).ok, ind.value


@pytest.mark.parametrize("raw", ["1968.07", "2023.5", "1234.56"])
def test_it_reads_a_decimal_number_as_a_quantity_not_a_date(raw):
    r = parse_value(raw, year=2023)
    assert (r.kind, r.number) == ("quantity", Decimal(raw))


def test_it_reads_a_dotted_full_date():
    r = parse_value("2023.10.31", year=2023)
    assert (r.kind, r.end) == ("date", date(2023, 10, 31))
