"""The review's configuration, score, grades, frameworks and the reviewer's four dimensions."""

import copy
import json
from pathlib import Path

import pytest

from jixiao.core.review import (
    ConfigError,
    all_rules,
    load_config,
    review,
    rules_by_dimension,
    summarise_dimensions,
)

CLEAN = json.loads((Path(__file__).parent / "data" / "clean_declaration.json").read_text("utf-8"))


def config_file(tmp_path, text: str) -> Path:
    path = tmp_path / "review.toml"
    path.write_text(text, "utf-8")
    return path


def test_it_loads_the_spec_defaults():
    config = load_config()
    assert config.score.deductions == {"error": 10, "warning": 4, "hint": 1}
    assert (config.score.start, config.score.floor) == (100, 0)
    assert [(g.grade, g.min_score) for g in config.grades] == [
        ("优", 90),
        ("良", 80),
        ("中", 60),
        ("差", 0),
    ]
    assert config.framework == "seed"
    assert config.funds.cost_tolerance == 0.10


@pytest.mark.parametrize(
    ("score", "grade"), [(100, "优"), (90, "优"), (89, "良"), (80, "良"), (79, "中"), (60, "中"), (59, "差"), (0, "差")]
)  # fmt: skip
def test_it_grades_by_the_configured_bands(score, grade):
    assert load_config().grade_for(score).grade == grade


def test_it_lays_a_file_over_the_defaults(tmp_path):
    path = config_file(
        tmp_path,
        """
        disabled = ["PHONE-FORMAT"]
        [severity]
        SATISFACTION-100 = "hint"
        [values]
        placeholders = ["*", "待定", "暂缺"]
        """,
    )
    config = load_config(path)
    assert config.disabled == ("PHONE-FORMAT",)
    assert config.values.placeholders == ("*", "待定", "暂缺")
    assert config.values.vague_words == load_config().values.vague_words  # untouched keys stay
    data = copy.deepcopy(CLEAN)
    data.update(phone="8087565")
    data["indicators"][7]["value"] = "100%"
    data["indicators"][1]["value"] = "暂缺"
    findings = {(f.rule, f.severity, f.field) for f in review(data, config=config).findings}
    assert findings == {
        ("SATISFACTION-100", "hint", "indicators[7]"),
        ("VALUE-PLACEHOLDER", "error", "indicators[1]"),
        ("IND-HALVES-DIFFER", "warning", "indicators[15]"),
        ("IND-HALVES-DIFFER", "warning", "indicators[9]"),
    }


def test_it_deducts_as_configured_and_stops_at_the_floor(tmp_path):
    data = copy.deepcopy(CLEAN)
    for key in ("overview", "basis", "necessity", "safeguards", "plan", "phone"):
        data[key] = None
    config = load_config(config_file(tmp_path, "[score.deductions]\nerror = 30\n"))
    report = review(data, config=config)
    assert [d.points for d in report.deductions] == [-30] * 6
    assert report.score == 0
    assert report.grade == "差"
    assert report.deductions[0].reason == "错误 FIELD-MISSING「必填项未填写」：项目概况"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[values]\nplaceholder = []", "未知的配置项 values.placeholder"),
        ('disabled = ["NO-SUCH-RULE"]', "未知的规则 NO-SUCH-RULE"),
        ('[severity]\nFUND-SUM = "fatal"', "规则 FUND-SUM 的严重程度 'fatal' 应为 error、warning 或 hint"),
        ('framework = "1999"', "未知的指标体系 '1999'"),
        ("[funds]\ncost_tolerance = \"ten\"", "funds.cost_tolerance 的值 'ten' 类型不对"),
        ('[values]\ninput_metric_patterns = ["资金("]', "正则表达式 '资金(' 无效"),
        ("framework = ", "不是有效的 TOML"),
    ],
)  # fmt: skip
def test_it_refuses_a_bad_file_with_a_chinese_message(tmp_path, text, message):
    path = config_file(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def _with_2021_cost_rows() -> dict:
    """The clean declaration with its cost rows in the 2021 framework (成本指标 a level1)."""
    data = copy.deepcopy(CLEAN)
    for i in (4, 12):
        data["indicators"][i].update(level1="成本指标", level2="经济成本指标")
    return data


def test_it_reads_cost_indicators_by_the_configured_framework(tmp_path):
    framework_2021 = load_config(config_file(tmp_path, 'framework = "2021"'))
    assert review(_with_2021_cost_rows(), config=framework_2021).findings == ()
    # A seed form under 2021: its 成本指标 rows (under 产出指标) are no cost category there.
    seed_form = [(f.rule, f.field) for f in review(CLEAN, config=framework_2021).findings]
    assert seed_form == [
        ("IND-COST-MISSING", "indicators"),
        ("IND-MISPLACED", "indicators[4]"),
        ("IND-MISPLACED", "indicators[12]"),
    ]
    under_seed = [(f.rule, f.field) for f in review(_with_2021_cost_rows()).findings]
    assert under_seed == seed_form


def test_it_puts_every_rule_under_one_of_the_four_dimensions():
    by_dimension = rules_by_dimension()
    assert list(by_dimension) == ["完整性", "相关性", "适当性", "可行性"]
    listed = [rule for rules in by_dimension.values() for rule in rules]
    assert sorted(listed) == sorted(all_rules())
    assert "FIELD-MISSING" in by_dimension["完整性"]
    assert "TEXT-COPIED" in by_dimension["相关性"]
    assert "FUND-ONE-OFF-MISMATCH" in by_dimension["适当性"]
    assert "SATISFACTION-100" in by_dimension["可行性"]


def test_it_summarises_a_reports_findings_by_dimension(expected_declarations):
    road = review(expected_declarations[2])  # 农村公路: funds, values and goal findings
    summary = {s.dimension: s for s in summarise_dimensions(road.findings)}
    assert list(summary) == ["完整性", "相关性", "适当性", "可行性"]
    assert sum(sum(s.counts.values()) for s in summary.values()) == len(road.findings)
    assert summary["完整性"].counts["error"] == 1  # 负责人
    assert not summary["适当性"].passed  # COST-FUND-MISMATCH
    assert "GOAL-UNRELATED" in summary["相关性"].to_dict()["rules"]
    clean = summarise_dimensions(review(CLEAN).findings)
    assert all(s.passed and s.summary == "未发现问题" for s in clean)
