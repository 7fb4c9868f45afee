"""Field-by-field differences between two declarations."""

import copy

from jixiao.core.diff import diff_declarations


def test_it_finds_no_difference_between_a_form_and_itself(expected_data):
    for data in expected_data:
        assert diff_declarations(data, copy.deepcopy(data)) == []


def test_it_names_each_changed_field_and_fund_cell(expected_data):
    old = expected_data[6]
    new = copy.deepcopy(old)
    new["overview"] = "对游园进行维修改造"
    new["funds"]["annual"]["local"] = 16000000
    new["funds"]["annual"]["other"] = 1000000
    changes = diff_declarations(old, new)
    assert [(c.path, c.label, c.before, c.after) for c in changes] == [
        ("overview", "项目概况", old["overview"], "对游园进行维修改造"),
        ("funds.annual.local", "年度市县（区）财政资金", 17000000, 16000000),
        ("funds.annual.other", "年度其他资金", None, 1000000),
    ]


def test_it_matches_indicators_by_name_so_an_insertion_is_one_change(expected_data):
    old = expected_data[6]
    new = copy.deepcopy(old)
    added = {
        "period": "implementation",
        "level1": "产出指标",
        "level2": "成本指标",
        "name": "项目总成本",
        "value": "≤1800万元",
    }
    new["indicators"].insert(3, added)
    new["indicators"][-1]["value"] = "≥90%"
    removed = new["indicators"].pop(1)
    changes = diff_declarations(old, new)
    assert [(c.kind, c.path, c.label) for c in changes] == [
        ("added", "indicators[2]", "实施期·成本指标·项目总成本"),
        ("changed", "indicators[10]", "年度·服务对象满意度指标·社会公众满意度"),
        ("removed", "indicators[1]", "实施期·质量指标·工程完工率"),
    ]
    assert changes[1].before["value"] == "≥95%"
    assert changes[2].before == removed


def test_it_treats_equal_amounts_as_equal_whatever_their_type(expected_data):
    from decimal import Decimal

    old = expected_data[0]
    new = copy.deepcopy(old)
    new["funds"]["implementation"]["total"] = Decimal("15000000.00")
    assert diff_declarations(old, new) == []
