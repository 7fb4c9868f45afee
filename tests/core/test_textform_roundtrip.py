"""Write → parse: generated declarations survive the published text layout.

What the layout itself loses, and so what the test expects back instead of the original:

- an implementation name longer than 12 characters comes back cut at 12 (the left name cell);
- an annual name of 8 characters or more is printed cut at 8 (the right name cell); it comes
  back as the one implementation name under the same level2 that starts with those 8
  characters, when there is exactly one and none is equal to them; otherwise cut at 8;
- the indicators come back in the form's order: implementation rows, then annual rows, each in
  the framework's level2 order (the generator makes them in that order);
- level1 is the framework's level1 of the level2.

Everything else (fields, funds, empty cells, goals, values, rows in one half only where the
layout shows which half) comes back exactly.  Texts are Chinese without spaces (a space at a
wrapped line's end cannot survive), values are ones the value grammar reads.  A level2 whose
two halves both have rows prints extra rows of the shorter half alone on a line; an extra
annual row there cannot be told from an implementation row, so the generator gives the
annual half no more rows than the implementation half in that case (see
``test_it_reads_an_annual_row_printed_alone_as_implementation``).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.declaration import (
    PROJECT_TYPE_LABELS,
    Declaration,
    FundBreakdown,
    Funds,
    Indicator,
)
from jixiao.core.framework import get_framework
from jixiao.core.importers.text import read_text
from jixiao.core.textform.layout import LEFT_NAME_WIDTH, RIGHT_NAME_WIDTH
from jixiao.core.textform.writer import write_text, write_texts

HAN = "建设工程项目资金管理服务质量完成改造道路城市公园小区居民群众安全环境设施农村公路卫生健康医院学校教育文化体育养老保障就业产业发展生态保护水利供暖燃气照明绿化"
TEXT_CHARS = HAN + "，。、；（）"
VALUES = [
    "≥5类", "100%", "≥90%", "≤12条", "2186.74平方米", "11条", "7845.9万元", "≤52800000元",
    "是", "及时", "提高", "稳步提高", "改善", "健全", "规范", "2023年7月", "2023年6月-11月",
    "12月底前", "≥80%", "22400个", "1家",
]  # fmt: skip

han = st.text(alphabet=HAN, min_size=2, max_size=16)


def texts(max_size: int = 160):
    return st.text(alphabet=TEXT_CHARS, min_size=1, max_size=max_size).filter(lambda t: t[0] in HAN)


amounts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**10).map(Decimal))


@st.composite
def indicators(draw, framework):
    """Rows per level2 and half, in the form's order (implementation first)."""
    impl, annual = [], []
    for level1, level2s in framework.levels.items():
        for level2 in level2s:
            n_left = draw(st.integers(0, 3))
            n_right = draw(st.integers(0, 3 if n_left == 0 else n_left))
            names = draw(st.lists(han, min_size=n_left, max_size=n_left, unique=True))
            for name in names:
                impl.append(Indicator(period="implementation", level1=level1, level2=level2,
                                      name=name, value=draw(st.sampled_from(VALUES))))  # fmt: skip
            for i in range(n_right):
                # Often the same name as the left half (so a cut name can be restored).
                same = i < len(names) and draw(st.booleans())
                name = names[i] if same else draw(han)
                annual.append(Indicator(period="annual", level1=level1, level2=level2,
                                        name=name, value=draw(st.sampled_from(VALUES))))  # fmt: skip
    return impl + annual


@st.composite
def declarations(draw):
    framework = get_framework(draw(st.sampled_from(["seed", "2021"])))
    project_type = draw(st.sampled_from(["one_off", "continuing", None]))
    goal = draw(st.one_of(st.none(), texts(80)))
    goal_annual = draw(st.one_of(st.just(goal), texts(80))) if goal else None
    optional = st.one_of(st.none(), texts())
    return Declaration(
        title=f"{draw(han)}县(区)级预算部门（单位）项目支出绩效目标申报表",
        fiscal_year=draw(st.integers(2015, 2035)),
        project_name=draw(st.text(alphabet=HAN, min_size=2, max_size=30)),
        department_code=str(draw(st.integers(100, 999))),
        department_name=draw(han),
        implementing_unit=draw(st.one_of(st.none(), han)),
        project_type=project_type,
        project_type_label=PROJECT_TYPE_LABELS[project_type] if project_type else None,
        period_years=draw(st.one_of(st.none(), st.integers(1, 9))),
        funds=Funds(
            implementation=FundBreakdown(**{k: draw(amounts) for k in FundBreakdown.model_fields}),
            annual=FundBreakdown(**{k: draw(amounts) for k in FundBreakdown.model_fields}),
        ),
        overview=draw(optional),
        basis=draw(optional),
        necessity=draw(optional),
        safeguards=draw(optional),
        plan=draw(optional),
        goal_implementation=goal,
        goal_annual=goal_annual,
        indicators=draw(indicators(framework)),
        responsible_person=draw(st.one_of(st.none(), han)),
        handler=draw(st.one_of(st.none(), han)),
        phone=draw(st.one_of(st.none(), st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))),
        filled_at=draw(
            st.one_of(
                st.none(),
                st.datetimes(datetime(2015, 1, 1), datetime(2035, 12, 31)).map(
                    lambda t: t.replace(microsecond=0)
                ),
            )
        ),
    )


def what_survives(d: Declaration) -> dict:
    """The declaration as the layout lets it come back (see the module's docstring)."""
    data = d.to_dict()
    impl = {}
    for ind in data["indicators"]:
        if ind["period"] == "implementation":
            ind["name"] = ind["name"][:LEFT_NAME_WIDTH]
            impl.setdefault(ind["level2"], []).append(ind["name"])
    for ind in data["indicators"]:
        if ind["period"] == "annual" and len(ind["name"]) >= RIGHT_NAME_WIDTH:
            cut = ind["name"][:RIGHT_NAME_WIDTH]
            names = impl.get(ind["level2"], [])
            matches = {n for n in names if n.startswith(cut)}
            ind["name"] = matches.pop() if len(matches) == 1 and cut not in names else cut
    return data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(declarations())
def test_it_reads_back_what_it_writes_but_what_the_layout_cuts(declaration):
    text = write_text(declaration)
    got, _ = read_text(text, "generated.txt")
    assert [g.to_dict() for g in got] == [what_survives(declaration)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(declarations(), min_size=2, max_size=4))
def test_it_reads_several_forms_from_one_file(items):
    got, _ = read_text(write_texts(items), "generated.txt")
    assert [g.to_dict() for g in got] == [what_survives(d) for d in items]


def test_it_reads_an_annual_row_printed_alone_as_implementation(expected_declarations):
    form = expected_declarations[0].model_copy(deep=True)
    extra = Indicator(
        period="annual", level1="产出指标", level2="数量指标", name="新增指标", value="3个"
    )
    form.indicators = [*form.indicators, extra]
    got, notes = read_text(write_text(form), "extra.txt")
    row = [i for i in got[0].indicators if i.name == "新增指标"]
    assert [r.period for r in row] == ["implementation"]
    assert any(n.kind == "one_half" for n in notes)
