"""The cast of the monitoring tests: an approved declaration of department 403 (保障性住房建设项目,
completed with a cost indicator by ``clean_form``), one of department 405, and the August
round (data as of 31 July 2023) opened by the finance bureau."""

from datetime import date

import pytest

from tests.factories import clean_form, make_declaration

JULY = date(2023, 7, 31)


@pytest.fixture
def approved(filer, expected_data):
    return make_declaration(clean_form(expected_data), user=filer, status="finance_approved")


@pytest.fixture
def outsider_approved(outsider, expected_data):
    return make_declaration(clean_form(expected_data, 2), user=outsider, status="finance_approved")


@pytest.fixture
def july(finance_reviewer):
    from jixiao.monitoring.services import monitoring_round_open

    return monitoring_round_open(user=finance_reviewer, fiscal_year=2023, cut_off=JULY)


def annual(declaration) -> dict:
    """The declaration's annual indicators by name."""
    return {i.name: i for i in declaration.indicators.filter(period="annual")}


# What the filer of 保障性住房建设项目 reports in July: 3 of 5 kinds built, 1000 of 2186.74 m².
JULY_PROGRESS = {
    "建设内容": {"achieved": "3类", "expected": "5类", "likelihood": "certain"},
    "总建筑面积": {"achieved": "1000", "expected": "2186.74", "likelihood": "possible"},
    "工程验收合格率": {"achieved": "100%", "expected": "100%", "likelihood": "certain"},
    "工程量完成率": {"achieved": "45%", "expected": "100%", "likelihood": "certain"},
    "工程拨款及时率": {"achieved": "100%", "expected": "100%", "likelihood": "certain"},
    "项目总成本": {"achieved": "6000000", "expected": "15000000", "likelihood": "certain"},
    "改善低收入人群居住环境": {"achieved": "逐步改善", "expected": "改善", "likelihood": "certain"},
    "低收入人群满意度": {"achieved": "", "expected": "95%", "likelihood": "certain"},
}

# And at year end.
YEAR_END = {
    "建设内容": {"actual": "5类"},
    "总建筑面积": {"actual": "2186.74平方米"},
    "工程验收合格率": {"actual": "100%"},
    "工程量完成率": {
        "actual": "95%",
        "deviation": "冬季停工，剩余 5% 次年 3 月完成；已调整施工计划",
    },
    "工程拨款及时率": {"actual": "100%"},
    "项目总成本": {"actual": "14400000"},
    "改善低收入人群居住环境": {"actual": "居住条件明显改善", "grade": "achieved"},
    "低收入人群满意度": {"actual": "92%"},
}


def by_id(declaration, entries: dict, **changes) -> dict:
    """``entries`` (by indicator name) keyed by indicator id, with some entries changed."""
    indicators = annual(declaration)
    merged = {name: {**entry, **changes.get(name, {})} for name, entry in entries.items()}
    return {indicators[name].pk: entry for name, entry in merged.items()}


def fresh_version(model, **lookup) -> int:
    """The version a page loaded now carries: the record's, or 0 before its first save."""
    return model.objects.filter(**lookup).values_list("version", flat=True).first() or 0
