"""The review on the eleven real forms of 长治市上党区 (2023).

The complete finding list is ``data/shangdang_findings.json``, checked by hand finding by finding
against the forms and the spec; ``docs/review-findings-shangdang.md`` gives the judgement behind
the less obvious ones.  A change in any rule that changes a finding shows up here.
"""

import json
from pathlib import Path

import pytest

from jixiao.core.declaration import loads
from jixiao.core.review import review_batch
from tests.conftest import EXPECTED_JSON

FINDINGS = Path(__file__).parent / "data" / "shangdang_findings.json"


@pytest.fixture(scope="module")
def forms():
    return loads(EXPECTED_JSON.read_text("utf-8"), source=str(EXPECTED_JSON))


@pytest.fixture(scope="module")
def reports(forms):
    return review_batch(forms)


def found(reports, rule: str) -> set[tuple[int, str]]:
    """(form number 1–11, field) of every finding of a rule."""
    return {(n, f.field) for n, r in enumerate(reports, 1) for f in r.findings if f.rule == rule}


def names(forms, hits) -> set[tuple[int, str, str]]:
    """(form, indicator name, value) for findings on indicator rows."""
    return {
        (
            n,
            forms[n - 1].indicators[int(field[11:-1])].name,
            forms[n - 1].indicators[int(field[11:-1])].value,
        )
        for n, field in hits
    }


def test_it_finds_no_cost_indicator_on_the_eight_forms_without_one(reports):
    assert found(reports, "IND-COST-MISSING") == {
        (n, "indicators") for n in (1, 2, 4, 7, 8, 9, 10, 11)
    }


def test_it_finds_the_park_projects_annual_funds_short_of_its_total(reports):
    assert found(reports, "FUND-ONE-OFF-MISMATCH") == {(7, "funds.annual")}
    (finding,) = [f for f in reports[6].findings if f.rule == "FUND-ONE-OFF-MISMATCH"]
    assert "17,000,000 元" in finding.message and "18,000,000 元" in finding.message


def test_it_finds_percentages_of_100_or_more(forms, reports):
    hits = names(forms, found(reports, "VALUE-PERCENT-RANGE"))
    assert (3, "公众满意度", "≥100%") in hits
    assert {form for form, _, _ in hits} == {3}


def test_it_finds_output_quantities_capped_from_above(forms, reports):
    assert names(forms, found(reports, "QUANTITY-UPPER-BOUND")) == {
        (2, "改造道路数量", "≤12条"),
        (9, "计划建设热源厂数量", "≤5座"),
    }


def test_it_finds_the_start_date_filed_as_a_cost(forms, reports):
    assert names(forms, found(reports, "IND-MISPLACED")) >= {(5, "工程开展时间", "2023年1月")}


def test_it_finds_no_responsible_person_on_all_eleven(reports):
    assert found(reports, "FIELD-MISSING") == {(n, "responsible_person") for n in range(1, 12)}


def test_it_finds_fields_that_repeat_each_other(reports):
    hits = found(reports, "TEXT-COPIED")
    # 项目概况 = 保证措施 = 项目实施计划 (forms 7 and 9), and the pairs of them elsewhere.
    assert {(7, "safeguards"), (7, "plan"), (9, "safeguards"), (9, "plan")} <= hits
    assert {(1, "safeguards"), (8, "plan"), (10, "safeguards")} <= hits
    # 必要性 inside 立项依据 (form 5); 保证措施 = 必要性 (form 6).
    assert {(5, "necessity"), (6, "safeguards")} <= hits
    assert all(field != "goal_annual" for _, field in hits)


def test_it_finds_what_a_reviewer_finds_beyond_the_minimum(forms, reports):
    assert found(reports, "COST-FUND-MISMATCH") >= {(3, "indicators[5]"), (3, "indicators[15]")}
    assert found(reports, "PHONE-FORMAT") == {(3, "phone")}
    assert found(reports, "GOAL-UNRELATED") >= {(3, "goal_implementation")}
    assert names(forms, found(reports, "OVERVIEW-CONTRADICTS")) == {
        (1, "总建筑面积", "2186.74平方米")
    }
    assert {(n, name) for n, name, _ in names(forms, found(reports, "IND-INPUT-METRIC"))} >= {
        (1, "工程拨款及时率"),
        (9, "资金拨付及时性"),
        (11, "资金拨付及时性"),
        (11, "资金管理规范度"),
    }
    assert {(n, value) for n, _, value in names(forms, found(reports, "TIMELINESS-VAGUE"))} == {
        (n, "及时") for n in (4, 7, 9, 10, 11)
    }
    assert {
        field for n, field in found(reports, "TEXT-TRUNCATED") if not field.startswith("ind")
    } == {
        "overview",
        "basis",
    }
    assert {n for n, _ in found(reports, "IND-HALVES-DIFFER")} == {7}


def test_it_finds_exactly_the_reviewed_list(reports):
    expected = json.loads(FINDINGS.read_text("utf-8"))
    actual = [
        {
            "project_name": r.project_name,
            "score": r.score,
            "grade": r.grade,
            "findings": [[f.rule, f.field] for f in r.findings],
        }
        for r in reports
    ]
    for want, got in zip(expected, actual, strict=True):
        assert got == want, want["project_name"]


def test_it_scores_each_form_by_its_deductions(reports):
    for r in reports:
        assert r.score == max(0, 100 + sum(d.points for d in r.deductions))
        assert len(r.deductions) == len(r.findings)
