"""The rules across a batch, on batches built from the interchange format."""

import copy
import json
from pathlib import Path

from jixiao.benchmarks.review import batch_corpus
from jixiao.core.review import load_config, review, review_batch
from jixiao.core.review.engine import batch_findings

CLEAN = json.loads((Path(__file__).parent / "data" / "clean_declaration.json").read_text("utf-8"))

OTHER = {
    "project_name": "上党区第三中学教学楼抗震加固工程",
    "overview": "对第三中学1号教学楼进行抗震加固，加固面积4200平方米，同步更换门窗和消防设施。",
    "basis": "上党区教育局关于中小学校舍安全排查整改工作的通知（上教发〔2022〕18号）",
    "necessity": "第三中学1号教学楼建于1995年，经鉴定抗震等级不满足现行标准，存在安全隐患。",
    "safeguards": "成立校舍加固工作专班，委托有资质的第三方全程监理，每周检查施工安全。",
    "plan": "2023年暑假期间集中施工，8月底前完成加固并通过验收，确保秋季开学使用。",
    "goal_implementation": "完成1号教学楼4200平方米抗震加固，校舍安全达标率100%，保障1800名师生安全。",
    "goal_annual": "完成1号教学楼4200平方米抗震加固，校舍安全达标率100%，保障1800名师生安全。",
}
OTHER_NAMES = ["加固面积", "更换门窗数量", "加固验收合格率", "竣工时间", "加固成本",
               "校舍安全达标率", "教学楼使用年限延长", "师生满意度"]  # fmt: skip


def declaration(**changes) -> dict:
    data = copy.deepcopy(CLEAN)
    data.update(changes)
    return data


def another_project(**changes) -> dict:
    """A clean declaration of a different project (other name, overview and indicators)."""
    data = declaration(**OTHER)
    for i, row in enumerate(data["indicators"]):
        row["name"] = OTHER_NAMES[i % 8]
    data.update(changes)
    return data


def rules_by_report(batch: list[dict]) -> list[list[tuple[str, str]]]:
    return [[(f.rule, f.field) for f in r.findings] for r in review_batch(batch)]


def test_it_finds_nothing_across_a_batch_of_different_projects():
    assert rules_by_report([declaration(), another_project()]) == [[], []]


def test_it_reports_the_same_project_declared_by_two_departments():
    batch = [declaration(), declaration(department_code="405", department_name="交通运输局")]
    reports = review_batch(batch)
    assert [[(f.rule, f.field) for f in r.findings] for r in reports] == [
        [("PROJECT-DUPLICATE", "project_name")],
        [("PROJECT-DUPLICATE", "project_name")],
    ]
    assert "「2023年城区路灯改造工程」（交通运输局）" in reports[0].findings[0].message
    assert reports[0].findings[0].severity == "error"


def test_it_reports_near_identical_names_but_not_numbered_batches():
    near = another_project(project_name="2023年城区路灯改造工程项目")
    assert rules_by_report([declaration(), near]) == [
        [("PROJECT-DUPLICATE", "project_name")],
        [("PROJECT-DUPLICATE", "project_name")],
    ]
    first = another_project(project_name="上党区农村道路硬化工程（第一批）")
    second = declaration(project_name="上党区农村道路硬化工程（第二批）")
    assert rules_by_report([first, second]) == [[], []]


def test_it_does_not_compare_declarations_of_different_years():
    later = declaration(fiscal_year=2024, filled_at="2024-03-01T09:00:00")
    for row in later["indicators"]:
        row["value"] = row["value"].replace("2023", "2024")
    assert rules_by_report([declaration(), later]) == [[], []]


def test_it_reports_two_names_for_one_project_as_similar():
    renamed = declaration(project_name="主城区照明设施提升工程")
    assert rules_by_report([declaration(), renamed, another_project()]) == [
        [("PROJECT-SIMILAR", "overview")],
        [("PROJECT-SIMILAR", "overview")],
        [],
    ]


def test_it_reports_a_passage_reused_verbatim_in_many_declarations():
    passage = "严格执行《招标投标法》和政府采购有关规定，实行项目法人责任制、工程监理制和合同管理制，确保工程质量和资金安全"
    third = {
        "project_name": "韩店镇污水管网延伸工程",
        "overview": "新建污水主管网12公里，接入韩店镇区3个村，配套检查井120座。",
        "basis": "韩店镇人民政府关于镇区污水治理的请示及区政府批复",
        "necessity": "镇区生活污水直排河道，夏季异味明显，群众反映强烈。",
        "plan": "4月开工，9月主管网贯通，11月完成入户接驳。",
        "goal_implementation": "镇区生活污水收集率达到90%，河道水质明显好转。",
        "goal_annual": "镇区生活污水收集率达到90%，河道水质明显好转。",
    }
    batch = [
        declaration(safeguards=passage),
        another_project(safeguards=OTHER["safeguards"] + "。" + passage),
        another_project(**third, safeguards=passage + "；按月报告进度。"),
    ]
    assert rules_by_report(batch) == [[("TEXT-BOILERPLATE", "safeguards")]] * 3
    assert rules_by_report(batch[:2]) == [[], []]


def test_it_keeps_the_order_of_the_input_and_agrees_with_review():
    batch = [another_project(), declaration(responsible_person=None)]
    reports = review_batch(batch)
    assert [r.project_name for r in reports] == [OTHER["project_name"], "2023年城区路灯改造工程"]
    assert reports[1].to_dict() == review(batch[1]).to_dict()


def test_it_finds_every_planted_pair_in_a_generated_batch():
    corpus, planted = batch_corpus(3000)
    found = batch_findings(corpus, load_config())
    for rule, expected in planted.items():
        flagged = {i for i, f in found if f.rule == rule}
        assert flagged == expected, rule


def test_it_refers_to_the_others_by_index_and_names_them_to_the_reader_of_the_files():
    renamed = declaration(project_name="主城区照明设施提升工程")
    batch = [declaration(), renamed, another_project()]
    (finding,) = review_batch(batch)[0].findings
    assert [r.index for r in finding.refs] == [1]
    assert 0.8 <= finding.refs[0].similarity <= 1
    assert finding.message.startswith("项目概况和绩效指标与「主城区照明设施提升工程」（")
    assert finding.to_dict()["refs"] == [{"index": 1, "similarity": finding.refs[0].similarity}]


def test_it_counts_the_others_where_the_reader_may_not_see_them():
    from jixiao.core.review.findings import OTHERS, name_others

    template = f"项目概况和绩效指标与{OTHERS}高度相似"
    assert name_others(template, [None, None, None]) == "项目概况和绩效指标与另外 3 个项目高度相似"
    assert name_others(template, ["「甲」", None], unlisted=2) == (
        "项目概况和绩效指标与「甲」和另外 3 个项目高度相似"
    )
    named = ["「甲」", "「乙」", "「丙」", "「丁」"]
    assert (
        name_others(template, named)
        == "项目概况和绩效指标与「甲」、「乙」、「丙」和另外 1 个项目高度相似"
    )


def test_it_counts_a_passage_pasted_everywhere_without_listing_its_forms():
    from jixiao.core.review.findings import REFS_KEPT

    corpus, _ = batch_corpus(60)
    passage = "严格执行《招标投标法》和政府采购有关规定，实行项目法人责任制、工程监理制和合同管理制，确保工程质量和资金安全"
    corpus = [d.model_copy(update={"safeguards": passage}) for d in corpus]
    found = [f for _, f in batch_findings(corpus, load_config()) if f.rule == "TEXT-BOILERPLATE"]
    assert len(found) == 60
    # A template in that many forms is not listed, and one form more changes no finding.
    assert all(not f.refs and not f.unlisted for f in found)
    assert f"在本年度另外 {REFS_KEPT} 多份申报表中逐字出现" in found[0].message
    more = [*corpus, corpus[0].model_copy(update={"project_name": "又一个项目"})]
    again = [f for _, f in batch_findings(more, load_config()) if f.rule == "TEXT-BOILERPLATE"]
    assert again[:60] == found


def test_it_names_every_form_sharing_a_passage_when_they_are_few():
    corpus, _ = batch_corpus(60)
    passage = "严格执行《招标投标法》和政府采购有关规定，实行项目法人责任制、工程监理制和合同管理制，确保工程质量和资金安全"
    corpus = [
        d.model_copy(update={"safeguards": passage}) if i in (3, 9, 27, 40) else d
        for i, d in enumerate(corpus)
    ]
    found = {
        i: f
        for i, f in batch_findings(corpus, load_config())
        if f.rule == "TEXT-BOILERPLATE" and "严格执行" in f.message
    }
    assert set(found) == {3, 9, 27, 40}
    assert [r.index for r in found[9].refs] == [3, 27, 40]
    assert found[9].message.startswith("「保证项目实施的制度、措施」中有一段文字与")
