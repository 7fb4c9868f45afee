"""Self-evaluation scores (财预〔2020〕10号) on the eleven shared forms, worked out by hand.

Each test gives a form's year-end figures as a filer would enter them and checks the score
against the arithmetic written beside it.
"""

from decimal import Decimal as D
from importlib.resources import files

from jixiao.core.evaluation.common import r2
from jixiao.core.evaluation.config import default_config, parse_config
from jixiao.core.evaluation.scoring import IndicatorActual, SelfEvaluationInput, evaluate

DEFAULT_TOML = files("jixiao.core.config").joinpath("evaluation.toml").read_text("utf-8")


def form(declarations, name):
    (found,) = [d for d in declarations if d.project_name == name]
    return found


def year_end(declaration, budget, executed, entries, *, indicators=None):
    """A self-evaluation: ``entries`` maps each annual indicator's name to what the filer enters."""
    indicators = indicators if indicators is not None else declaration.indicators_of("annual")
    assert {i.name for i in indicators} == set(entries), "every annual indicator is entered"
    items = []
    for ind in indicators:
        entry = entries[ind.name]
        entry = {"actual": entry} if isinstance(entry, str) else entry
        items.append(IndicatorActual(indicator=ind, **entry))
    return SelfEvaluationInput(
        fiscal_year=declaration.fiscal_year,
        budget=D(budget),
        executed=D(executed),
        indicators=items,
    )


def score_of(result, name):
    (found,) = [s for s in result.indicators if s.item.indicator.name == name]
    return found


def problems_of(result, name=None):
    return [p for p in result.problems if name is None or name in p.subject]


WHY = "偏差原因：……；改进措施：……"


def test_it_scores_a_year_that_went_well(expected_declarations):
    housing = form(expected_declarations, "保障性住房建设项目")
    result = evaluate(
        year_end(housing, 15_000_000, 14_250_000, {
            "建设内容": {"actual": "6类", "deviation": "新增1类，目标偏保守"},
            "总建筑面积": "2186.74平方米",
            "工程验收合格率": "100%",
            "工程量完成率": {"actual": "95%", "deviation": WHY},
            "工程拨款及时率": "100",
            "改善低收入人群居住环境": {"actual": "已改善", "grade": "achieved"},
            "低收入人群满意度": "93%",
        })
    )  # fmt: skip
    # budget 14,250,000 ÷ 15,000,000 = 95% → 0.95 × 10 = 9.5
    assert result.budget_score == D("9.5")
    # outputs 50 ÷ 5 = 10 each: 10 + 10 + 10 + 95 ÷ 100 × 10 = 9.5 + 10 = 49.5
    assert score_of(result, "工程量完成率").score == D("9.5")
    assert result.part_scores()["outputs"] == D("49.5")
    # benefits 30 (one indicator, 达成 → full); satisfaction 93% ≥ 90% → 10
    assert result.part_scores() == {"outputs": D("49.5"), "benefits": D(30), "satisfaction": D(10)}
    # total 9.5 + 49.5 + 30 + 10 = 99 → 优
    assert result.total == D(99)
    assert result.grade == "优"
    assert result.problems == []
    assert result.lines[-1] == "合计：9.50 + 49.50 + 30.00 + 10.00 = 99.00 分，等级「优」。"


def test_it_caps_over_achievement_at_the_weight_and_asks_why(expected_declarations):
    cemetery = form(expected_declarations, "长治市上党区公益性骨灰堂(公墓)建设项目")
    entries = {
        "建设公墓建筑面积": "2694.36",
        "拟安置骨灰数量": "30000个",
        "建设公墓数量": "1",
        "公墓工程验收合格率": "100%",
        "工程款支付及时性": {"actual": "及时", "grade": "achieved"},
        "我区骨灰安置能力": {"actual": "提升", "grade": "achieved"},
        "群众满意度": "85%",
    }
    result = evaluate(year_end(cemetery, 3_000_000, 3_000_000, entries))
    # 30000 ÷ 22400 = 133.93% of the target: full marks (50 ÷ 5 = 10), never more
    placed = score_of(result, "拟安置骨灰数量")
    assert placed.score == D(10)
    assert r2(placed.achievement) == D("1.34")
    assert "133.93%" in placed.explanation
    # 10 + 50 + 30 + 10 = 100
    assert result.total == D(100)
    # ≥ 120% asks why: the deviation analysis is required
    (problem,) = result.problems
    assert (problem.kind, problem.field, problem.index) == ("incomplete", "deviation", 1)
    assert "目标是否设置过低" in problem.message

    entries["拟安置骨灰数量"] = {"actual": "30000个", "deviation": "新增需求，目标设置偏低"}
    assert evaluate(year_end(cemetery, 3_000_000, 3_000_000, entries)).problems == []


def test_it_scores_maximum_targets_piecewise(expected_declarations):
    alleys = form(expected_declarations, "背街小巷整治及雨污分流改造工程")

    def roads(actual):
        entries = {
            "改造道路数量": {"actual": actual, "deviation": WHY},
            "是否严格执行市政设施养护": {"actual": "是", "grade": "achieved"},
            "改造道路验收合格率": "100%",
            "工程开工时间": "2023年7月10日",
            "居民出行安全性是否提高": {"actual": "提高", "grade": "achieved"},
            "提高市政设施的完好度": {"actual": "提高", "grade": "achieved"},
            "群众满意度": "100%",
        }
        return score_of(evaluate(year_end(alleys, 1_000_000, 1_000_000, entries)), "改造道路数量")

    # outputs 50 ÷ 4 = 12.5 per indicator; target ≤12条
    assert roads("10条").score == D("12.5")  # 10 ≤ 12 → full
    assert roads("12").score == D("12.5")  # at the limit → full
    # 15: (1 − (15 − 12) ÷ 12) × 12.5 = 0.75 × 12.5 = 9.375
    assert roads("15条").score == D("9.375")
    assert "(1 − (15条 − 12条) ÷ 12条) × 12.50 = 9.38 分" in roads("15条").explanation
    # 23: (1 − 11 ÷ 12) × 12.5 = 12.5 ÷ 12 = 1.0417
    assert r2(roads("23").score) == D("1.04")
    assert roads("24条").score == 0  # 2 × 12 or more → 0
    assert roads("30条").score == 0


def test_it_scores_a_cost_cap_in_yuan_whatever_unit_the_filer_uses(expected_declarations):
    roads = form(expected_declarations, "长治市上党区2023年农村公路建设项目")
    entries = {
        "设施建设公里数": "20767米",
        "农村公路建设数量": "11条",
        "工期按期完成率": "100%",
        "工程验收合格率": "100%",
        "工期开展时间": "2023年11月",
        "建设成本": {"actual": "5500万元", "deviation": WHY},
        "改善群众出行": {"actual": "改善", "grade": "achieved"},
        "综合利用率": "100%",
        "长效管理机制": {"actual": "健全", "grade": "achieved"},
        "公众满意度": {"actual": "96%", "deviation": WHY},
    }
    result = evaluate(year_end(roads, 3_000_000, 2_400_000, entries))
    cost = score_of(result, "建设成本")
    # 5500万元 = 55,000,000 元 > ≤52,800,000 元; weight 50 ÷ 6
    # (1 − 2,200,000 ÷ 52,800,000) × 8.3333… = 0.958333… × 8.3333… = 7.986…
    assert r2(cost.score) == D("7.99")
    # budget 2.4M ÷ 3M = 80% → 8; outputs 5 × 8.3333 + 7.9861 = 49.6528; benefits 30 (3 × 10)
    # satisfaction 96 ÷ 100 × 10 = 9.6; total 8 + 49.6528 + 30 + 9.6 = 97.25
    assert result.budget_score == 8
    assert r2(result.total) == D("97.25")
    assert result.grade == "优"
    # 2023年6月-11月 is met by November (its last day is the deadline)
    assert score_of(result, "工期开展时间").full


def test_it_scores_dates_met_and_missed_by_the_filers_grade(expected_declarations):
    alleys = form(expected_declarations, "背街小巷整治及雨污分流改造工程")

    def start(entry):
        entries = {
            "改造道路数量": "12条",
            "是否严格执行市政设施养护": {"actual": "是", "grade": "achieved"},
            "改造道路验收合格率": "100%",
            "工程开工时间": entry,
            "居民出行安全性是否提高": {"actual": "提高", "grade": "achieved"},
            "提高市政设施的完好度": {"actual": "提高", "grade": "achieved"},
            "群众满意度": "100%",
        }
        result = evaluate(year_end(alleys, 1_000_000, 1_000_000, entries))
        return score_of(result, "工程开工时间"), problems_of(result, "工程开工时间")

    # target 2023年7月: started on 31 July → met, 12.5
    met, problems = start("2023年7月31日")
    assert (met.score, problems) == (D("12.5"), [])
    # started in September: missed; 部分达成 band is 60–80% of 12.5 = 7.5–10 (10 excluded)
    missed, problems = start(
        {"actual": "2023年9月5日", "grade": "partly", "proposed": D("9"), "deviation": WHY}
    )
    assert (missed.score, problems) == (D(9), [])
    assert "晚于期限 2023年07月31日" in missed.explanation
    # a missed deadline is at most 部分达成
    refused, problems = start({"actual": "2023年9月", "grade": "achieved", "deviation": WHY})
    assert refused.score == 0
    assert [p.message for p in problems] == [
        "期限未按时完成，等级最高为「部分达成」，不能评为「达成」"
    ]
    # 10 is the 达成 band's floor, not inside 部分达成
    _, problems = start(
        {"actual": "2023年9月", "grade": "partly", "proposed": D(10), "deviation": WHY}
    )
    assert [(p.kind, p.field) for p in problems] == [("invalid", "proposed")]
    assert "7.50–10.00" in problems[0].message
    # 未达成: 0 – 7.5
    missed, problems = start(
        {"actual": "2023年12月", "grade": "not_achieved", "proposed": D("3"), "deviation": WHY}
    )
    assert (missed.score, problems) == (D(3), [])
    # not a date at all
    _, problems = start("开工了")
    assert [(p.kind, p.field) for p in problems if p.kind == "invalid"] == [("invalid", "actual")]


def test_it_scores_qualitative_grades_within_their_bands_and_refuses_others(expected_declarations):
    parks = form(expected_declarations, "海子河游园、黎都公园提档升级工程")

    def improved(entry):
        entries = {
            "改造公园数量": "2个",
            "工程完工率": "100%",
            "工程进度及时": {"actual": "及时", "grade": "achieved"},
            "改善美化公园环境，提": entry,
            "社会公众满意度": "96%",
        }
        return evaluate(year_end(parks, 17_000_000, 17_000_000, entries))

    # the only benefit indicator weighs 30: 达成 24–30, 部分达成 18–24, 未达成 0–18
    assert score_of(improved({"grade": "achieved"}), "改善美化公园环境，提").score == 30
    assert (
        score_of(
            improved({"grade": "achieved", "proposed": D(25), "deviation": WHY}),
            "改善美化公园环境，提",
        ).score
        == 25
    )
    partly = improved({"grade": "partly", "proposed": D("20.5"), "deviation": WHY})
    assert score_of(partly, "改善美化公园环境，提").score == D("20.5")
    # total 10 + 50 + 20.5 + 10 = 90.5 → 优
    assert (r2(partly.total), partly.grade) == (D("90.5"), "优")
    low = improved({"grade": "not_achieved", "proposed": D(12), "deviation": WHY})
    # 10 + 50 + 12 + 10 = 82 → 良
    assert (r2(low.total), low.grade) == (D(82), "良")

    refused = improved({"grade": "partly", "proposed": D(26), "deviation": WHY})
    assert score_of(refused, "改善美化公园环境，提").score == 0
    (problem,) = refused.invalid()
    assert str(problem) == (
        "社会效益指标「改善美化公园环境，提」：拟评分 26.00 分不在「部分达成」的分值区间 "
        "18.00–24.00 分（权重的 60%–80%）内"
    )
    # partly with no figure: asked for one
    (problem,) = improved({"grade": "partly", "deviation": WHY}).problems
    assert (problem.kind, problem.field) == ("incomplete", "proposed")
    # no grade at all
    ungraded = improved({"actual": "改善了"}).problems
    assert [(p.kind, p.field) for p in ungraded] == [
        ("incomplete", "grade"),
        ("incomplete", "deviation"),
    ]


def test_it_handles_a_zero_budget(expected_declarations):
    parks = form(expected_declarations, "海子河游园、黎都公园提档升级工程")
    entries = {
        "改造公园数量": "2个",
        "工程完工率": "100%",
        "工程进度及时": {"actual": "及时", "grade": "achieved"},
        "改善美化公园环境，提": {"grade": "achieved"},
        "社会公众满意度": "95%",
    }
    # nothing budgeted, nothing spent: no execution gap → 10
    nothing = evaluate(year_end(parks, 0, 0, entries))
    assert (nothing.budget_score, nothing.execution_rate, r2(nothing.total)) == (10, None, 100)
    assert "年度预算为 0 且未执行" in nothing.budget_line
    # spent with no budget: no rate, no points → 0 + 90 = 90
    spent = evaluate(year_end(parks, 0, 50_000, entries))
    assert (spent.budget_score, r2(spent.total)) == (0, 90)
    assert "执行率无法计算" in spent.budget_line
    # executed beyond the budget is capped at 100%
    assert evaluate(year_end(parks, 100, 130, entries)).budget_score == 10


def test_it_takes_the_filers_weights_only_when_they_add_up(expected_declarations):
    parks = form(expected_declarations, "海子河游园、黎都公园提档升级工程")

    def weighted(w1, w2, w3):
        entries = {
            "改造公园数量": {"actual": "1个", "weight": w1, "deviation": WHY},
            "工程完工率": {"actual": "100%", "weight": w2},
            "工程进度及时": {"actual": "及时", "grade": "achieved", "weight": w3},
            "改善美化公园环境，提": {"grade": "achieved"},
            "社会公众满意度": "95%",
        }
        return evaluate(year_end(parks, 17_000_000, 17_000_000, entries))

    # 20 + 20 + 10 = 50: 改造公园数量 1 ÷ 2 × 20 = 10; total 10 + (10 + 20 + 10) + 30 + 10 = 90
    result = weighted(D(20), D(20), D(10))
    assert [s.weight for s in result.indicators[:3]] == [20, 20, 10]
    assert (score_of(result, "改造公园数量").score, result.total, result.problems) == (10, 90, [])
    # even split (no weights): 1 ÷ 2 × 16.67 = 8.33; total 10 + 8.33 + 33.33 + 30 + 10 = 91.67
    even = weighted(None, None, None)
    assert r2(even.total) == D("91.67")

    (problem,) = weighted(D(20), D(20), D(5)).problems
    assert (problem.kind, problem.field) == ("invalid", "weight")
    assert problem.message == "产出指标下的指标权重之和 20 + 20 + 5 = 45，应为 50.00 分"
    # meanwhile scored on even weights, so the page still adds up
    assert r2(weighted(D(20), D(20), D(5)).total) == D("91.67")
    (problem,) = weighted(D(20), None, D(30)).problems
    assert "要么都填、要么都不填" in problem.message
    (problem,) = weighted(D("20.5"), D("19.5"), D(10)).problems
    assert problem.message == "产出指标下的指标权重应为非负整数"


def test_it_gives_the_satisfaction_points_to_outputs_and_benefits_in_proportion(
    expected_declarations,
):
    company = form(
        expected_declarations,
        "山西尚卓建设管理有限公司上党经开区2021年标准化厂房及经开区配套基础设施项目",
    )
    without = [i for i in company.indicators_of("annual") if i.level1 != "满意度指标"]
    entries = {
        "投资企业数": "1家",
        "资金管理规范度": {"grade": "partly", "proposed": D("15"), "deviation": WHY},
        "资金拨付及时性": {"grade": "achieved"},
        "提升园区承载能力": {"grade": "achieved"},
    }
    result = evaluate(year_end(company, 51_000_000, 51_000_000, entries, indicators=without))
    # outputs 50 + 10 × 50 ÷ 80 = 56.25; benefits 30 + 10 × 30 ÷ 80 = 33.75
    assert result.part_weights == {"outputs": D("56.25"), "benefits": D("33.75")}
    assert "无满意度指标" in result.weight_lines[0]
    # outputs 56.25 ÷ 3 = 18.75 each; 部分达成 band 11.25–15 (15 excluded) → 15 refused
    assert [p.field for p in result.invalid()] == ["proposed"]
    entries["资金管理规范度"]["proposed"] = D("14.5")
    result = evaluate(year_end(company, 51_000_000, 51_000_000, entries, indicators=without))
    # 10 + 18.75 + 14.5 + 18.75 + 33.75 = 95.75
    assert (result.total, result.problems) == (D("95.75"), [])


def test_it_needs_a_deviation_analysis_below_full_marks(expected_declarations):
    housing = form(expected_declarations, "保障性住房建设项目")
    entries = {
        "建设内容": "5类",
        "总建筑面积": "2000",
        "工程验收合格率": "100%",
        "工程量完成率": "100%",
        "工程拨款及时率": "100%",
        "改善低收入人群居住环境": {"grade": "achieved"},
        "低收入人群满意度": "90%",
    }
    result = evaluate(year_end(housing, 15_000_000, 15_000_000, entries))
    # 2000 ÷ 2186.74 × 10 = 9.146
    assert r2(score_of(result, "总建筑面积").score) == D("9.15")
    assert [(p.kind, p.field, p.index) for p in result.problems] == [("incomplete", "deviation", 1)]
    assert (
        str(result.problems[0]) == "数量指标「总建筑面积」：未得满分，须填写偏差原因分析及改进措施"
    )


def test_it_refuses_values_it_cannot_compare(expected_declarations):
    roads = form(expected_declarations, "长治市上党区2023年农村公路建设项目")
    entries = {name: "" for name in (i.name for i in roads.indicators_of("annual"))}
    entries |= {"设施建设公里数": "20.8公里", "农村公路建设数量": "≥11条", "工期按期完成率": "全部"}
    result = evaluate(year_end(roads, 3_000_000, 3_000_000, entries))
    messages = {p.subject: p.message for p in result.invalid()}
    assert messages == {
        "数量指标「设施建设公里数」": "「20.8公里」的单位与目标 20767米 的单位「米」不一致",
        "数量指标「农村公路建设数量」": "「≥11条」应为实际的数值，不带比较符（≥、≤ 等）",
        "质量指标「工期按期完成率」": "「全部」不是一个数值，应填如 100% 的数",
    }
    assert ("incomplete", "actual") in {(p.kind, p.field) for p in result.problems}


def test_it_scores_a_zero_target_as_exact(expected_declarations):
    prevention = form(expected_declarations, "人防指挥所及地下停车场")
    accidents = prevention.indicators_of("annual")[4].model_copy(
        update={"name": "安全生产事故", "value": "0起"}
    )
    others = prevention.indicators_of("annual")
    indicators = [*others[:4], accidents, *others[5:]]

    def with_accidents(actual):
        entries = {
            "人防指挥所建设面积": "11130平方米",
            "人防建设地址": "2个",
            "工程进行保密性": {"grade": "achieved"},
            "工程验收合格率": "100%",
            "安全生产事故": {"actual": actual, "deviation": WHY},
            "工程开工时间": "2023年4月",
            "提高人防指挥场所的便捷性": {"grade": "achieved"},
            "受益群众满意度": "100%",
        }
        result = evaluate(year_end(prevention, 1, 1, entries, indicators=indicators))
        return score_of(result, "安全生产事故").score

    # outputs 50 ÷ 6 each; a target of 0 is met only at 0
    assert with_accidents("0起") == D(50) / 6
    assert with_accidents("1起") == 0


def test_it_grades_by_the_configured_bands(expected_declarations):
    parks = form(expected_declarations, "海子河游园、黎都公园提档升级工程")

    def total_and_grades(executed, benefit_points):
        entries = {
            "改造公园数量": "2个",
            "工程完工率": "100%",
            "工程进度及时": {"grade": "achieved"},
            "改善美化公园环境，提": {
                "grade": "partly" if benefit_points >= 18 else "not_achieved",
                "proposed": D(benefit_points),
                "deviation": WHY,
            },
            "社会公众满意度": "95%",
        }
        data = year_end(parks, 17_000_000, executed, entries)
        provincial = parse_config(
            DEFAULT_TOML.replace('"优" = "90"', '"优" = "80"').replace('"良" = "80"', '"良" = "70"')
        )
        default, other = evaluate(data), evaluate(data, config=provincial)
        assert default.total == other.total
        return r2(default.total), default.grade, other.grade

    # 10,000,000 ÷ 17,000,000 × 10 = 5.88; 5.88 + 50 + 20 + 10 = 85.88: 良 (80–90), 优 at 80/70/60
    assert total_and_grades(10_000_000, 20) == (D("85.88"), "良", "优")
    # 0 + 50 + 20 + 10 = 80: the floor of 良; 优 at 80/70/60
    assert total_and_grades(0, 20) == (D(80), "良", "优")
    # 0 + 50 + 12 + 10 = 72: 中 (60–80); 良 at 80/70/60
    assert total_and_grades(0, 12) == (D(72), "中", "良")
    # 10 + 50 + 23 + 10 = 93: 优 either way
    assert total_and_grades(17_000_000, 23) == (D(93), "优", "优")
    assert default_config().grade_of(D("59.99")) == "差"
    assert default_config().grade_of(D("60")) == "中"


def test_it_scores_cost_as_a_ceiling_within_outputs_or_on_its_own(expected_declarations):
    hospital = form(
        expected_declarations, "长治市上党区医疗集团人民医院妇女儿童保健中心及人防急救医院"
    )
    # The 2021 framework: 成本指标 is a level1 (经济成本指标 its level2).
    indicators = [
        i.model_copy(update={"level1": "成本指标", "level2": "经济成本指标"})
        if i.level2 == "成本指标"
        else i
        for i in hospital.indicators_of("annual")
    ]
    entries = {
        "工程数量": "6406平方米",
        "规划床位数量": "156张",
        "工程绿地率": "35%",
        "工程标准达标率": "100%",
        "配套设施完成率": "100%",
        "补助资金发放及时率": "100%",
        "工程开展时间": "2023年1月",
        "工程建设成本": {"actual": "8000万元", "deviation": WHY},
        "保障我区妇女儿童保健需求": {"grade": "achieved"},
        "卫生健康领域科技实力和创": {"grade": "achieved"},
        "受益群众满意度": "92%",
    }
    data = year_end(hospital, 5_000_000, 5_000_000, entries, indicators=indicators)
    # 7845.9万元 has no comparator, but a cost is a ceiling: 8000万元 is 1,541,000 元 over
    # 1,541,000 ÷ 78,459,000 = 0.019641; by default cost sits in outputs: 50 ÷ 8 = 6.25 each
    # (1 − 0.019641) × 6.25 = 6.1272
    within = evaluate(data)
    assert set(within.part_weights) == {"outputs", "benefits", "satisfaction"}
    assert r2(score_of(within, "工程建设成本").score) == D("6.13")
    # 10 + 7 × 6.25 + 6.1272 + 30 + 10 = 99.88
    assert r2(within.total) == D("99.88")

    # configured on its own: outputs 40 (÷ 6), cost 10 (÷ 2 = 5 each)
    separate = parse_config(
        DEFAULT_TOML.replace("cost_within_outputs = true", "cost_within_outputs = false")
        .replace('outputs = "50"', 'outputs = "40"')
        .replace('cost = "0"', 'cost = "10"')
    )
    apart = evaluate(data, config=separate)
    assert apart.part_weights == {
        "outputs": D(40),
        "benefits": D(30),
        "satisfaction": D(10),
        "cost": D(10),
    }
    # (1 − 0.019641) × 5 = 4.9018; total 10 + 40 + 5 + 4.9018 + 30 + 10 = 99.90
    assert r2(score_of(apart, "工程建设成本").score) == D("4.90")
    assert r2(apart.total) == D("99.90")
    # under the cap: full
    entries["工程建设成本"] = "7600万元"
    assert (
        evaluate(year_end(hospital, 5_000_000, 5_000_000, entries, indicators=indicators)).total
        == 100
    )
