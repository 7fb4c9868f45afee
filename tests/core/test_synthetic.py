"""The synthetic year: realistic, reproducible, with its planted defects where it says."""

from __future__ import annotations

from collections import Counter

from jixiao.core.review import load_config, review
from jixiao.core.synthetic import RATES, synthetic_year


def test_it_makes_the_same_year_from_the_same_seed():
    a = synthetic_year(300, seed=4)
    b = synthetic_year(300, seed=4)
    assert [d.to_dict() for d in a.declarations] == [d.to_dict() for d in b.declarations]
    assert synthetic_year(300, seed=5).declarations[0] != a.declarations[0]


def test_it_spreads_declarations_over_the_departments_with_realistic_tables():
    year = synthetic_year(1200, seed=2, department_count=60)
    assert len(year.departments) == 60
    assert len({d.code for d in year.departments}) == 60
    used = Counter(d.department_code for d in year.declarations)
    assert len(used) == 60
    sizes = [len(d.indicators) for d in year.declarations]
    assert min(sizes) >= 10 and max(sizes) <= 35
    for d in year.declarations[:100]:
        assert {i.level1 for i in d.indicators} == {"产出指标", "效益指标", "满意度指标"}
        assert len(d.overview) >= 80
        assert d.implementing_unit in next(
            x.units for x in year.departments if x.code == d.department_code
        )


def test_it_keeps_project_names_unique_within_a_department():
    year = synthetic_year(2000, seed=3)
    pairs = [(d.department_code, d.project_name) for d in year.declarations]
    assert len(set(pairs)) == len(pairs)


def test_it_plants_defects_that_the_review_finds():
    year = synthetic_year(2000, seed=3)
    count = len(year.declarations)
    assert len(year.planted["funds_mismatch"]) == int(count * RATES["funds_mismatch"])
    config = load_config()
    for i in sorted(year.planted["funds_mismatch"])[:20]:
        rules = {f.rule for f in review(year.declarations[i], config=config).findings}
        assert rules & {"FUND-SUM", "FUND-ONE-OFF-MISMATCH"}, year.declarations[i].funds
    for i in sorted(year.planted["no_cost"])[:20]:
        rules = {f.rule for f in review(year.declarations[i], config=config).findings}
        assert "IND-COST-MISSING" in rules
