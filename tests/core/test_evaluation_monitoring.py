"""Monitoring warnings on the eleven shared forms: the August round (data as of 31 July).

Each test reports a form's progress as a filer would and checks the light and its reasons
against the arithmetic written beside it.
"""

from datetime import date
from decimal import Decimal as D

from jixiao.core.evaluation.common import r2
from jixiao.core.evaluation.monitoring import (
    Cause,
    IndicatorReport,
    MoneyReport,
    MonitoringReportInput,
    assess,
    assess_missing,
    months_elapsed,
)

JULY = date(2023, 7, 31)  # 7 months of 12 elapsed
EXPLAINED = Cause(cause="funding", explanation="资金未及时到位", measure="加快资金拨付")


def form(declarations, name):
    (found,) = [d for d in declarations if d.project_name == name]
    return found


def report(declaration, executed, entries, *, expected=None, cut_off=JULY, money_cause=None):
    """A report: ``entries`` maps each annual indicator's name to (achieved, expected[, …])."""
    indicators = declaration.indicators_of("annual")
    assert {i.name for i in indicators} == set(entries), "every annual indicator is reported"
    items = []
    for ind in indicators:
        entry = entries[ind.name]
        achieved, year_end, *rest = entry
        extra = rest[0] if rest else {}
        items.append(
            IndicatorReport(
                indicator=ind,
                achieved=achieved,
                expected=year_end,
                likelihood=extra.get("likelihood", "certain"),
                deviation=extra.get("deviation", Cause()),
            )
        )
    budget = declaration.funds.annual.total
    return MonitoringReportInput(
        fiscal_year=declaration.fiscal_year,
        cut_off=cut_off,
        money=MoneyReport(
            budget=budget,
            executed=D(executed),
            expected=D(expected) if expected is not None else budget,
            deviation=money_cause or Cause(),
        ),
        indicators=items,
    )


def part(assessment, subject):
    (found,) = [p for p in assessment.parts if subject in p.subject]
    return found


def housing_entries(**changes):
    entries = {
        "建设内容": ("3类", "5类"),
        "总建筑面积": ("1500平方米", "2186.74平方米"),
        "工程验收合格率": ("100%", "100%"),
        "工程量完成率": ("60%", "100%"),
        "工程拨款及时率": ("100%", "100%"),
        "改善低收入人群居住环境": ("逐步改善", "改善"),
        "低收入人群满意度": ("92%", "95%"),
    }
    return entries | changes


def test_it_counts_the_months_elapsed_to_the_cut_off():
    assert months_elapsed(JULY, 2023) == 7
    assert months_elapsed(date(2023, 6, 30), 2023) == 6
    # 15 July: 6 whole months and 15 of July's 31 days
    assert months_elapsed(date(2023, 7, 15), 2023) == 6 + D(15) / D(31)
    assert months_elapsed(date(2022, 12, 31), 2023) == 0
    assert months_elapsed(date(2024, 1, 10), 2023) == 12


def test_it_bands_money_progress_against_the_time_elapsed(expected_declarations):
    housing = form(expected_declarations, "保障性住房建设项目")  # budget 15,000,000

    def money_light(executed):
        assessed = assess(report(housing, executed, housing_entries(), money_cause=EXPLAINED))
        return assessed.money.light, r2(assessed.money.ratio)

    # 7,000,000 ÷ 15,000,000 = 46.67%; ÷ (7 ÷ 12 = 58.33%) = 0.80 → green (0.8 is green)
    assert money_light(7_000_000) == ("green", D("0.80"))
    # 6,000,000: 6 × 12 ÷ (15 × 7) = 72 ÷ 105 = 0.69 → yellow
    assert money_light(6_000_000) == ("yellow", D("0.69"))
    # 5,250,000: 5.25 × 12 ÷ 105 = 0.60 → yellow (0.6 is not below 0.6)
    assert money_light(5_250_000) == ("yellow", D("0.60"))
    # 5,000,000: 60 ÷ 105 = 0.57 → red
    assert money_light(5_000_000) == ("red", D("0.57"))
    assessed = assess(report(housing, 5_000_000, housing_entries(), money_cause=EXPLAINED))
    assert assessed.light == "red"
    assert assessed.reasons[0] == (
        "资金执行：执行 5,000,000.00 元 ÷ 预算 15,000,000.00 元 = 33.33%，时间进度 7.00 ÷ 12 = "
        "58.33%，进度比 0.57（低于 0.6）"
    )


def test_it_lists_an_expected_shortfall_in_money_as_a_note(expected_declarations):
    housing = form(expected_declarations, "保障性住房建设项目")
    assessed = assess(report(housing, 9_000_000, housing_entries(), expected=14_000_000))
    # 9 × 12 ÷ 105 = 1.03 → green; the shortfall is listed without a colour by default
    assert assessed.light == "green"
    assert assessed.reasons == [
        "资金执行：预计全年执行 14,000,000.00 元，低于预算 15,000,000.00 元（93.33%）"
    ]


def test_it_bands_cumulative_indicators_and_not_rates(expected_declarations):
    housing = form(expected_declarations, "保障性住房建设项目")
    assessed = assess(report(housing, 9_000_000, housing_entries()))
    # 建设内容 3 of 5 by July: 3 × 12 ÷ (5 × 7) = 36 ÷ 35 = 1.03 → green
    assert (part(assessed, "建设内容").light, r2(part(assessed, "建设内容").ratio)) == (
        "green",
        D("1.03"),
    )
    # 总建筑面积 1500 of 2186.74: 1500 × 12 ÷ (2186.74 × 7) = 18000 ÷ 15307.18 = 1.18 → green
    assert r2(part(assessed, "总建筑面积").ratio) == D("1.18")
    # 工程量完成率 is a rate: 60% by July is not pro-rated, only the year-end 100% counts
    assert part(assessed, "工程量完成率").ratio is None
    assert assessed.light == "green"
    assert assessed.problems == []

    behind = assess(report(housing, 9_000_000, housing_entries(总建筑面积=("900", "2186.74"))))
    # 900 × 12 ÷ 15307.18 = 0.71 → yellow; the deviation wants a cause and a measure
    assert part(behind, "总建筑面积").light == "yellow"
    assert behind.light == "yellow"
    assert [(p.field, p.index) for p in behind.problems] == [("cause", 1), ("measure", 1)]
    assert str(behind.problems[0]) == "数量指标「总建筑面积」：出现偏差（黄灯），须选择偏差原因"

    far_behind = assess(
        report(
            housing,
            9_000_000,
            housing_entries(总建筑面积=("700", "2186.74", {"deviation": EXPLAINED})),
        )
    )
    # 700 × 12 ÷ 15307.18 = 0.55 → red, explained: no problem left
    assert (far_behind.light, far_behind.problems) == ("red", [])


def test_it_turns_red_when_the_year_end_misses_the_target_whatever_the_ratio(
    expected_declarations,
):
    estates = form(expected_declarations, "上党区人民银行家属楼等10个老旧小区改造项目")
    entries = {
        "改造小区户数": ("140户", "226户"),
        "改造建筑面积": ("18000", "28919.55"),
        "改造小区数量": ("6个", "9个"),
        "老旧小区改造验收合格率": ("100%", "100%"),
        "老旧小区改造完成率": ("55%", "100%"),
        "老旧小区改造资金拨付及时": ("及时", "及时"),
        "群众居住条件是否改善": ("是", "是"),
        "老旧小区居民满意度": ("100%", "100%"),
    }
    assessed = assess(report(estates, 1_000_000, entries))
    count = part(assessed, "改造小区数量")
    # 6 × 12 ÷ (10 × 7) = 1.03 → green by the ratio, but 9 expected < 10 → red
    assert r2(count.ratio) == D("1.03")
    assert count.light == "red"
    assert "数量指标「改造小区数量」：预计年底 9个，达不到目标 10个" in assessed.reasons
    # 140 × 12 ÷ (226 × 7) = 1.06 → green
    assert part(assessed, "改造小区户数").light == "green"
    assert assessed.light == "red"


def test_it_reads_maximum_targets_as_ceilings(expected_declarations):
    coal = form(expected_declarations, "上党革命老区散煤清零工程")

    def plants(achieved, expected):
        entries = {
            "计划建设热源厂数量": (achieved, expected),
            "工程完成量": ("70%", "100%"),
            "工程验收合格率": ("100%", "100%"),
            "工程开展时间": ("", "2023年10月"),
            "资金拨付及时性": ("及时", "及时"),
            "保证群众温暖过冬": ("", "确定"),
            "社会群众满意度": ("", "100%"),
        }
        return assess(report(coal, 12_000_000, entries))

    # ≤5座 is never pro-rated: 2 built by July and 5 expected is green
    assert plants("2座", "5座").light == "green"
    assert part(plants("2座", "5座"), "热源厂").ratio is None
    # 6 expected > 5 → red
    assert part(plants("3座", "6座"), "热源厂").light == "red"
    # already 6 built: over the ceiling now
    assert "已完成 6座，已超过上限 ≤5座" in str(part(plants("6", "6"), "热源厂").signals[0])


def test_it_reads_dates_as_deadlines(expected_declarations):
    shelter = form(expected_declarations, "人防指挥所及地下停车场")

    def start(achieved, expected, cut_off=JULY):
        entries = {
            "人防指挥所建设面积": ("6000平方米", "11130平方米"),
            "人防建设地址": ("2个", "2个"),
            "工程进行保密性": ("保密", "保密"),
            "工程验收合格率": ("", "100%"),
            "工程按期完成率": ("", "100%"),
            "工程开工时间": (achieved, expected),
            "提高人防指挥场所的便捷性": ("", "提高"),
            "受益群众满意度": ("", "100%"),
        }
        return part(assess(report(shelter, 20_000_000, entries, cut_off=cut_off)), "工程开工时间")

    # target 2023年4月: started 20 April → green
    assert start("2023年4月20日", "2023年4月20日").light == "green"
    # started in May: late
    late = start("2023年5月", "2023年5月")
    assert late.light == "red"
    assert "晚于期限 2023年04月30日" in str(late.signals[0])
    # nothing started by 31 July: the deadline has passed
    passed = start("", "2023年9月")
    assert [s.message for s in passed.signals] == [
        "期限 2023年04月30日 已过，截至 2023年07月31日 尚未完成",
        "预计 2023年09月30日 完成，晚于期限 2023年04月30日",
    ]
    # a round in March: not yet due, but expected too late → red; expected in time → green
    march = date(2023, 3, 31)
    assert start("", "2023年6月", cut_off=march).light == "red"
    assert start("", "2023年4月", cut_off=march).light == "green"


def test_it_flags_a_target_possibly_set_too_low_without_a_colour(expected_declarations):
    cemetery = form(expected_declarations, "长治市上党区公益性骨灰堂(公墓)建设项目")
    entries = {
        "建设公墓建筑面积": ("1800", "2694.36"),
        "拟安置骨灰数量": ("27000个", "30000个"),
        "建设公墓数量": ("1个", "1个"),
        "公墓工程验收合格率": ("100%", "100%"),
        "工程款支付及时性": ("及时", "及时"),
        "我区骨灰安置能力": ("提升", "提升"),
        "群众满意度": ("97%", "97%"),
    }
    assessed = assess(report(cemetery, 2_000_000, entries))
    # 27000 ÷ 22400 = 120.54% ≥ 120%; 97% ÷ 80% = 121.25% ≥ 120%
    assert [r for r in assessed.reasons if "目标可能设置过低" in r] == [
        "数量指标「拟安置骨灰数量」：已完成 27000个，达到目标 22400个 的 120.54%，目标可能设置过低",
        "服务对象满意度指标「群众满意度」：已完成 97%，达到目标 ≥80% 的 121.25%，目标可能设置过低",
    ]
    # 1800 × 12 ÷ (2694.36 × 7) = 1.15; 1 × 12 ÷ 7 = 1.71; money 2 × 12 ÷ 21 = 1.14: all green
    assert assessed.light == "green"
    assert assessed.problems == []


def test_it_needs_a_cause_and_a_measure_for_every_deviation(expected_declarations):
    parks = form(expected_declarations, "海子河游园、黎都公园提档升级工程")

    def with_cause(cause, money_cause=None):
        entries = {
            "改造公园数量": ("0个", "2个", {"deviation": cause}),
            "工程完工率": ("30%", "100%"),
            "工程进度及时": ("及时", "及时"),
            "改善美化公园环境，提": ("", "改善"),
            "社会公众满意度": ("", "95%"),
        }
        # 3,000,000 × 12 ÷ (17,000,000 × 7) = 0.30 → red money too
        return assess(report(parks, 3_000_000, entries, money_cause=money_cause))

    missing = with_cause(Cause())
    assert [(p.field, p.index) for p in missing.problems] == [
        ("money_cause", None),
        ("money_measure", None),
        ("cause", 0),
        ("measure", 0),
    ]
    other = with_cause(Cause(cause="other", measure="调整施工组织"), money_cause=EXPLAINED)
    assert [str(p) for p in other.problems] == [
        "数量指标「改造公园数量」：偏差原因为「其他」，须说明具体原因"
    ]
    explained = with_cause(Cause(cause="facilities", measure="协调设备进场"), money_cause=EXPLAINED)
    assert (explained.light, explained.problems) == ("red", [])


def test_it_takes_the_filers_word_when_a_target_cannot_be_reached(expected_declarations):
    company = form(
        expected_declarations,
        "山西尚卓建设管理有限公司上党经开区2021年标准化厂房及经开区配套基础设施项目",
    )
    entries = {
        "投资企业数": ("1家", "1家"),
        "资金管理规范度": ("规范", "规范"),
        "资金拨付及时性": ("及时", "及时"),
        "提升园区承载能力": ("", "", {"likelihood": "impossible", "deviation": EXPLAINED}),
        "入驻企业满意度": ("", "90%", {"likelihood": None}),
    }
    assessed = assess(report(company, 40_000_000, entries))
    assert assessed.light == "red"
    assert "社会效益指标「提升园区承载能力」：经办人判断年底完全不可能完成目标" in assessed.reasons
    # what is still to fill in: the expected value and the likelihood
    assert [(p.kind, p.field, p.index) for p in assessed.problems] == [
        ("incomplete", "expected", 3),
        ("incomplete", "likelihood", 4),
    ]


def test_it_refuses_figures_it_cannot_compare(expected_declarations):
    roads = form(expected_declarations, "长治市上党区2023年农村公路建设项目")
    entries = {i.name: ("", "") for i in roads.indicators_of("annual")}
    entries |= {"设施建设公里数": ("12公里", "20767米"), "建设成本": ("很多", "5000万元")}
    assessed = assess(report(roads, 2_000_000, entries))
    assert [(p.field, p.message) for p in assessed.problems if p.kind == "invalid"] == [
        ("achieved", "「12公里」的单位与目标 20767米 的单位「米」不一致"),
        ("achieved", "「很多」不是一个数值，应填如 ≤52800000元 的数"),
    ]


def test_it_refuses_figures_too_large_to_compare_instead_of_failing(expected_declarations):
    housing = form(expected_declarations, "保障性住房建设项目")
    fifteen, sixteen = "9" * 15, "1" + "0" * 15
    entries = housing_entries(
        总建筑面积=(f"{sixteen}平方米", "2186.74"), 工程量完成率=(f"{'9' * 40}%", "100%")
    )
    entries |= {"建设内容": (fifteen, "5类")}
    assessed = assess(report(housing, 6_000_000, entries))
    assert [(p.field, p.index, p.message) for p in assessed.problems if p.kind == "invalid"] == [
        ("achieved", 1, "「1000000000000000平方米」数值过大（整数部分最多 15 位）"),
        ("achieved", 3, "「99999999999999999999…」数值过大（整数部分最多 15 位）"),
    ]
    # 15 digits are still read: far above the target, a note that it may be set too low
    assert "目标可能设置过低" in str(part(assessed, "建设内容").signals)


def test_it_turns_a_missing_report_red():
    missing = assess_missing()
    assert (missing.light, missing.reasons) == ("red", ["监控表：本轮截止时未提交监控表"])


def test_it_reads_a_declared_cost_as_a_ceiling_in_monitoring(expected_declarations):
    ward = form(expected_declarations, "长治市上党区医疗集团人民医院感染疾病诊疗区")

    def with_cost(achieved, expected, beds=("40张", "60张")):
        entries = {
            "规划设置床位": beds,
            "建筑标准达标率": ("100%", "100%"),
            "工程验收合格率": ("", "100%"),
            "配套设施完成率": ("50%", "100%"),
            "工程建设成本": (achieved, expected),
            "卫生健康领域科技实力和创": ("", "稳步提升"),
            "提升感染疾病诊断水平": ("", "稳步提高"),
            "医务人员满意度": ("", "85%"),
        }
        return assess(report(ward, 1_200_000, entries, money_cause=EXPLAINED))

    # 3271.86万元 has no comparator, but a cost is not a minimum: spending 2000万元 by July
    # and 3200万元 by year end is within it; and it is not pro-rated
    within = with_cost("2000万元", "3200万元")
    assert part(within, "工程建设成本").light == "green"
    assert part(within, "工程建设成本").ratio is None
    # expected 3400万元 > 3271.86万元 → red
    over = part(with_cost("2000万元", "3400万元"), "工程建设成本")
    assert over.light == "red"
    assert str(over.signals[0]) == (
        "成本指标「工程建设成本」：预计年底 34,000,000.00元，超过上限 3271.86万元"
    )
    # beds: 40 × 12 ÷ (60 × 7) = 1.14 → green; 24 × 12 ÷ 420 = 0.69 → yellow
    assert r2(part(within, "规划设置床位").ratio) == D("1.14")
    assert (
        part(with_cost("2000万元", "3200万元", beds=("24张", "60张")), "规划设置床位").light
        == "yellow"
    )
    # money 1,200,000 × 12 ÷ (2,000,000 × 7) = 1.03 → green
    assert within.money.light == "green"
    assert within.light == "green"
