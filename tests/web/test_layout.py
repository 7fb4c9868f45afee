"""The pieces of the pages that need no database: indicator rows, where findings go, the
printed indicator grid, amounts as people type them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import QueryDict

from jixiao.core.declaration import Declaration
from jixiao.core.framework import get_framework
from jixiao.web.forms import MoneyField
from jixiao.web.indicator_rows import (
    apply_operation,
    rows_from_declaration,
    rows_from_post,
    rows_to_indicators,
)
from jixiao.web.layout import indicator_grid
from jixiao.web.placement import field_label, place

SEED = get_framework("seed")


def post_of(rows: dict[str, list[tuple[str, str, str]]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for period, items in rows.items():
        for level2, name, value in items:
            data.appendlist(f"ind-{period}-level2", level2)
            data.appendlist(f"ind-{period}-name", name)
            data.appendlist(f"ind-{period}-value", value)
    return data


def test_it_reads_rows_in_the_posted_order_and_derives_level1():
    rows = rows_from_post(
        post_of(
            {
                "annual": [("服务对象满意度指标", "满意度", "≥90%")],
                "implementation": [
                    ("数量指标", "新建道路", "≥3条"),
                    ("成本指标", "总成本", "≤5万元"),
                ],
            }
        ),
        SEED,
    )
    saved = rows_to_indicators(rows)
    assert [(i.period, i.level1, i.name) for i in saved] == [
        ("implementation", "产出指标", "新建道路"),
        ("implementation", "产出指标", "总成本"),
        ("annual", "满意度指标", "满意度"),
    ]
    assert [r.index for r in rows] == [0, 1, 2]


def test_it_keeps_a_blank_row_on_the_page_but_does_not_save_it():
    rows = rows_from_post(
        post_of({"implementation": [("", "", ""), ("数量指标", "新建道路", "≥3条")]}), SEED
    )
    assert [r.index for r in rows] == [None, 0]
    assert [i.name for i in rows_to_indicators(rows)] == ["新建道路"]


def test_it_says_which_row_lacks_what():
    rows = rows_from_post(
        post_of({"annual": [("数量指标", "新建道路", "≥3条"), ("", "没有二级", "1个")]}), SEED
    )
    assert rows[1].error == "年度第 2 行：请选择二级指标"
    rows = rows_from_post(post_of({"implementation": [("数量指标", "", "≥3条")]}), SEED)
    assert rows[0].error == "实施期第 1 行：请填写三级指标名称"


def test_it_moves_a_row_within_its_half_only():
    rows = rows_from_post(
        post_of(
            {
                "implementation": [("数量指标", "甲", "1个"), ("质量指标", "乙", "100%")],
                "annual": [("数量指标", "丙", "1个")],
            }
        ),
        SEED,
    )
    moved = apply_operation(rows, SEED, op="up", period="implementation", position=1)
    assert [r.name for r in moved] == ["乙", "甲", "丙"]
    unchanged = apply_operation(rows, SEED, op="up", period="implementation", position=0)
    assert [r.name for r in unchanged] == ["甲", "乙", "丙"]
    ignored = apply_operation(rows, SEED, op="drop-table", period="annual", position=0)
    assert [r.name for r in ignored] == ["甲", "乙", "丙"]


def test_it_places_findings_beside_their_fields(expected_declarations):
    decl: Declaration = expected_declarations[0]
    rows = rows_from_declaration(decl, SEED)
    findings = [
        {"rule": "A", "severity": "warning", "field": "indicators[8]", "message": "m1"},
        {"rule": "B", "severity": "error", "field": "funds.annual.local", "message": "m2"},
        {"rule": "C", "severity": "hint", "field": "department_code", "message": "m3"},
        {"rule": "D", "severity": "error", "field": "", "message": "m4"},
    ]
    placement = place(findings, rows)
    # indicators[8] is the second annual row (the implementation half has seven).
    assert [f["rule"] for f in placement.at("ind-annual-1")] == ["A"]
    assert [f["rule"] for f in placement.at("funds.annual")] == ["B"]
    assert [f["rule"] for f in placement.at("department_name")] == ["C"]
    assert [f["rule"] for f in placement.unplaced] == ["D"]
    assert [f["severity"] for f in placement.findings] == ["error", "error", "warning", "hint"]
    assert placement.counts() == {"error": 2, "warning": 1, "hint": 1}
    assert field_label("indicators[8]", rows) == "年度指标·数量指标·总建筑面积"
    assert field_label("funds.annual.local") == "年度市县（区）财政资金"


def test_it_lays_out_both_halves_side_by_side_by_level2(expected_declarations):
    decl = expected_declarations[0]
    grid = indicator_grid(rows_from_declaration(decl, SEED), SEED)
    assert len(grid) == 7
    assert (grid[0].level1, grid[0].level1_span) == ("产出指标", 5)
    assert (grid[0].level2, grid[0].level2_span) == ("数量指标", 2)
    assert grid[1].level2_span == 0
    assert [g.halves["annual"].row.name for g in grid] == [
        i.name for i in decl.indicators_of("annual")
    ]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("15,000,000", Decimal("15000000")),
        ("15 000 000元", Decimal("15000000")),
        ("1500万", Decimal("15000000")),
        ("1,234.5", Decimal("1234.5")),
        ("", None),
    ],
)
def test_it_reads_amounts_as_people_type_them(typed, amount):
    assert MoneyField().clean(typed) == amount


def test_it_refuses_an_amount_that_is_not_a_number():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="请填写金额"):
        MoneyField().clean("一千万")
