"""The services of monitoring and self-evaluation: each write, its checks and its trace."""

from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.monitoring import services
from jixiao.monitoring.errors import ConcurrencyError, MonitoringError
from jixiao.monitoring.models import (
    IndicatorResult,
    MonitoringReport,
    MonitoringRound,
    SelfEvaluation,
)
from jixiao.monitoring.overview import round_rows, warnings_by_department
from tests.factories import clean_form, make_declaration
from tests.monitoring.conftest import JULY, JULY_PROGRESS, YEAR_END, by_id, fresh_version

pytestmark = pytest.mark.django_db

EXPLAINED = {"cause": "facilities", "explanation": "设备到货延迟", "measure": "协调厂家加快供货"}


def save_report(user, monitoring_round, declaration, executed="6000000", **changes):
    """A save from a page loaded just now (carrying the report's current version)."""
    return services.monitoring_report_save(
        user=user, monitoring_round=monitoring_round, declaration=declaration,
        budget=D(15_000_000), executed=D(executed), expected=D(15_000_000),
        progress=by_id(declaration, JULY_PROGRESS, **changes),
        expected_version=fresh_version(
            MonitoringReport, round=monitoring_round, declaration=declaration
        ),
    )  # fmt: skip


def test_it_lets_only_the_finance_bureau_open_a_round_once(filer, finance_reviewer):
    with pytest.raises(MonitoringError, match="只有财政部门可以开启监控轮次"):
        services.monitoring_round_open(user=filer, fiscal_year=2023, cut_off=JULY)
    services.monitoring_round_open(user=finance_reviewer, fiscal_year=2023, cut_off=JULY)
    with pytest.raises(MonitoringError, match="已存在"):
        services.monitoring_round_open(user=finance_reviewer, fiscal_year=2023, cut_off=JULY)
    with pytest.raises(MonitoringError, match="早于 2023 年度"):
        services.monitoring_round_open(
            user=finance_reviewer, fiscal_year=2023, cut_off=date(2022, 12, 31)
        )
    (only,) = MonitoringRound.objects.all()
    assert [e.action for e in only.audit_entries.all()] == ["open"]


def test_it_computes_the_light_when_a_report_is_saved(filer, approved, july):
    report = save_report(filer, july, approved)
    report.refresh_from_db()
    # money 6,000,000 × 12 ÷ (15,000,000 × 7) = 0.69 → yellow;
    # 总建筑面积 1000 × 12 ÷ (2186.74 × 7) = 0.78 → yellow; 建设内容 3 × 12 ÷ 35 = 1.03 green
    assert report.light == "yellow"
    assert report.reasons[0].startswith("资金执行：执行 6,000,000.00 元")
    lights = {p.indicator.name: p.light for p in report.progress.select_related("indicator")}
    assert lights["总建筑面积"] == "yellow"
    assert lights["建设内容"] == "green"
    # the two deviations still lack cause and measure: 4 problems, refused on submit
    assert report.open_problems == 4
    with pytest.raises(MonitoringError) as caught:
        services.monitoring_report_submit(user=filer, report=report)
    assert "资金执行：出现偏差（黄灯），须选择偏差原因" in str(caught.value)
    assert [p.field for p in caught.value.problems] == [
        "money_cause", "money_measure", "cause", "measure",
    ]  # fmt: skip
    assert MonitoringReport.objects.get(pk=report.pk).status == "draft"


def test_it_refuses_an_unreadable_figure_and_keeps_nothing(filer, approved, july):
    with pytest.raises(MonitoringError) as caught:
        save_report(filer, july, approved, 总建筑面积={"achieved": "一千平方米"})
    assert "「一千平方米」不是一个数值" in str(caught.value)
    assert not MonitoringReport.objects.exists()


def test_it_refuses_texts_over_their_limits_and_keeps_nothing(filer, approved, july):
    with pytest.raises(MonitoringError, match="指标执行情况填写过长：最多 100 字，现为 101 字"):
        save_report(filer, july, approved, 总建筑面积={"achieved": "1" * 101})
    with pytest.raises(MonitoringError, match="最多 2000 字，现为 2001 字"):
        save_report(filer, july, approved, 总建筑面积={"measure": "措" * 2001})
    assert not MonitoringReport.objects.exists()


def submitted_report(filer, july, approved):
    report = services.monitoring_report_save(
        user=filer, monitoring_round=july, declaration=approved,
        budget=D(15_000_000), executed=D(6_000_000), expected=D(15_000_000),
        money_cause="funding", money_explanation="上级资金 8 月到位", money_measure="到位后即拨付",
        progress=by_id(approved, JULY_PROGRESS, 总建筑面积=EXPLAINED), expected_version=0,
    )  # fmt: skip
    return services.monitoring_report_submit(user=filer, report=report)


def test_it_takes_a_report_through_the_department_and_the_finance_bureau(
    filer, dept_reviewer, finance_reviewer, outsider_reviewer, approved, july
):
    report = submitted_report(filer, july, approved)
    assert report.status == "submitted"
    # the department reviews first: neither the filer, another department nor finance may
    with pytest.raises(MonitoringError, match="只有本部门审核人可以退回监控表"):
        services.monitoring_report_return(user=filer, report=report, comment="x")
    with pytest.raises(MonitoringError, match="只有本部门审核人可以部门审核通过监控表"):
        services.monitoring_report_dept_approve(user=outsider_reviewer, report=report)
    with pytest.raises(MonitoringError, match="监控表尚待部门审核，不能审核通过"):
        services.monitoring_report_approve(user=finance_reviewer, report=report)
    with pytest.raises(MonitoringError, match="退回时须填写意见"):
        services.monitoring_report_return(user=dept_reviewer, report=report, comment=" ")
    services.monitoring_report_return(user=dept_reviewer, report=report, comment="请补充说明")
    with pytest.raises(MonitoringError, match="已退回，不能部门审核通过"):
        services.monitoring_report_dept_approve(user=dept_reviewer, report=report)
    services.monitoring_report_submit(user=filer, report=report)
    services.monitoring_report_dept_approve(user=dept_reviewer, report=report, comment="同意")
    # now it waits for the finance bureau, not the department
    with pytest.raises(MonitoringError, match="只有财政部门可以审核通过监控表"):
        services.monitoring_report_approve(user=dept_reviewer, report=report)
    services.monitoring_report_return(user=finance_reviewer, report=report, comment="执行数偏低")
    services.monitoring_report_submit(user=filer, report=report)
    services.monitoring_report_dept_approve(user=dept_reviewer, report=report)
    services.monitoring_report_approve(user=finance_reviewer, report=report)
    report.refresh_from_db()
    assert report.status == "approved"
    with pytest.raises(MonitoringError, match="已审核，不能修改"):
        save_report(filer, july, approved)
    trail = [(e.action, e.from_status, e.to_status, e.actor, e.comment)
             for e in report.audit_entries.all()]  # fmt: skip
    assert trail == [
        ("save", "draft", "draft", filer, ""),
        ("submit", "draft", "submitted", filer, ""),
        ("return", "submitted", "returned", dept_reviewer, "请补充说明"),
        ("submit", "returned", "submitted", filer, ""),
        ("dept_approve", "submitted", "dept_approved", dept_reviewer, "同意"),
        ("return", "dept_approved", "returned", finance_reviewer, "执行数偏低"),
        ("submit", "returned", "submitted", filer, ""),
        ("dept_approve", "submitted", "dept_approved", dept_reviewer, ""),
        ("approve", "dept_approved", "approved", finance_reviewer, ""),
    ]


def test_it_lets_the_finance_bureau_review_directly_without_the_department_step(
    settings, filer, dept_reviewer, finance_reviewer, approved, july
):
    settings.JIXIAO_MONITORING_DEPT_REVIEW = False
    report = submitted_report(filer, july, approved)
    with pytest.raises(MonitoringError, match="未启用部门审核"):
        services.monitoring_report_dept_approve(user=dept_reviewer, report=report)
    with pytest.raises(MonitoringError, match="只有财政部门可以退回监控表"):
        services.monitoring_report_return(user=dept_reviewer, report=report, comment="x")
    services.monitoring_report_approve(user=finance_reviewer, report=report)
    assert [e.action for e in report.audit_entries.all()] == ["save", "submit", "approve"]


def test_it_counts_what_waits_for_each_role(
    settings, filer, dept_reviewer, finance_reviewer, outsider, admin_user, approved, july
):
    def waiting():
        return {
            who: list(MonitoringReport.objects.awaiting_action_by(user))
            for who, user in [("filer", filer), ("dept", dept_reviewer),
                              ("finance", finance_reviewer), ("outsider", outsider),
                              ("admin", admin_user)]
        }  # fmt: skip

    report = submitted_report(filer, july, approved)
    report = MonitoringReport.objects.get(pk=report.pk)
    assert waiting() == {"filer": [], "dept": [report], "finance": [], "outsider": [],
                         "admin": [report]}  # fmt: skip
    services.monitoring_report_dept_approve(user=dept_reviewer, report=report)
    assert waiting() == {"filer": [], "dept": [], "finance": [report], "outsider": [],
                         "admin": [report]}  # fmt: skip
    services.monitoring_report_return(user=finance_reviewer, report=report, comment="补充")
    assert waiting() == {"filer": [report], "dept": [], "finance": [], "outsider": [],
                         "admin": []}  # fmt: skip
    services.monitoring_report_submit(user=filer, report=report)
    settings.JIXIAO_MONITORING_DEPT_REVIEW = False
    assert waiting() == {"filer": [], "dept": [], "finance": [report], "outsider": [],
                         "admin": [report]}  # fmt: skip
    # a returned report of a closed round cannot be filed again: off the filer's list
    services.monitoring_report_return(user=finance_reviewer, report=report, comment="补充")
    services.monitoring_round_close(user=finance_reviewer, monitoring_round=july)
    assert waiting()["filer"] == []


def test_it_refuses_a_save_from_an_older_page_and_keeps_the_newer_one(filer, approved, july):
    first = save_report(filer, july, approved)
    assert first.version == 1
    # two tabs opened at version 1; the second saves FRESH-B, then the first STALE-A
    fresh = save_report(filer, july, approved, 总建筑面积={"explanation": "FRESH-B"})
    assert fresh.version == 2
    with pytest.raises(ConcurrencyError) as caught:
        services.monitoring_report_save(
            user=filer, monitoring_round=july, declaration=approved, budget=D(15_000_000),
            executed=D(6_000_000), expected=D(15_000_000), expected_version=1,
            progress=by_id(approved, JULY_PROGRESS, 总建筑面积={"explanation": "STALE-A"}),
        )  # fmt: skip
    assert str(caught.value).startswith(
        "保存失败：该监控表已被他人修改（您打开的是第 1 版，当前为第 2 版）。您的修改没有保存"
    )
    kept = MonitoringReport.objects.get()
    assert kept.version == 2
    assert kept.progress.get(indicator__name="总建筑面积").explanation == "FRESH-B"
    assert [e.action for e in kept.audit_entries.all()] == ["save", "save"]


def test_it_refuses_the_second_of_two_first_saves(filer, approved, july):
    save_report(filer, july, approved)
    with pytest.raises(ConcurrencyError, match="您打开的是尚未保存时的页面，当前为第 1 版"):
        services.monitoring_report_save(
            user=filer, monitoring_round=july, declaration=approved, budget=D(1),
            executed=D(0), expected=None, progress={}, expected_version=0,
        )  # fmt: skip
    assert MonitoringReport.objects.get().budget == D(15_000_000)


def test_it_turns_a_missing_report_red_when_the_round_closes(
    filer, finance_reviewer, approved, outsider_approved, july
):
    save_report(filer, july, approved)  # a draft, never submitted
    assert {r.light for r in round_rows(july, finance_reviewer)} == {"yellow", ""}
    closed = services.monitoring_round_close(user=finance_reviewer, monitoring_round=july)
    rows = round_rows(closed, finance_reviewer)
    assert [(r.declaration.project_name, r.light, r.reasons) for r in rows] == [
        ("保障性住房建设项目", "red", ["监控表：本轮截止时未提交监控表"]),
        ("长治市上党区2023年农村公路建设项目", "red", ["监控表：本轮截止时未提交监控表"]),
    ]
    assert [d.code for d, _ in warnings_by_department(rows)] == ["403", "405"]
    # a filer sees only their department's
    assert [r.declaration for r in round_rows(closed, filer)] == [approved]
    with pytest.raises(MonitoringError, match="已关闭，不能再填报"):
        save_report(filer, july, approved)


def test_it_refuses_a_report_from_another_department_or_on_an_unapproved_declaration(
    outsider, filer, approved, july, expected_data
):
    with pytest.raises(MonitoringError, match="只有本部门经办人"):
        save_report(outsider, july, approved)
    parks = make_declaration(clean_form(expected_data, 6), user=filer)  # a draft of 403
    with pytest.raises(MonitoringError, match="「海子河游园、黎都公园提档升级工程」尚未经财政批复"):
        services.monitoring_report_save(
            user=filer, monitoring_round=july, declaration=parks, budget=D(1), executed=D(0),
            expected=None, progress={}, expected_version=0,
        )  # fmt: skip


def save_evaluation(user, declaration, executed="14400000", **changes):
    return services.self_evaluation_save(
        user=user, declaration=declaration, budget=D(15_000_000), executed=D(executed),
        achievement="完成保障性住房建设，改善低收入人群居住条件",
        results=by_id(declaration, YEAR_END, **changes),
        expected_version=fresh_version(SelfEvaluation, declaration=declaration),
    )  # fmt: skip


def test_it_scores_a_self_evaluation_when_it_is_saved(filer, approved):
    evaluation = save_evaluation(filer, approved)
    evaluation.refresh_from_db()
    # budget 14.4M ÷ 15M = 96% → 9.6; outputs 50 ÷ 6 = 8.3333 each, 工程量完成率 95% → 7.9167
    # (8.3333 × 5 + 7.9167 = 49.5833); benefits 30; satisfaction 92% ≥ 90% → 10
    # total 9.6 + 49.5833 + 30 + 10 = 99.1833 → 优
    assert evaluation.budget_score == D("9.6")
    assert evaluation.total == D("99.1833")
    assert evaluation.grade == "优"
    assert evaluation.open_problems == 0
    scores = {
        r.indicator.name: (r.computed_weight, r.score)
        for r in IndicatorResult.objects.select_related("indicator")
    }
    assert scores["工程量完成率"] == (D("8.3333"), D("7.9167"))
    assert (
        evaluation.explanation[-1] == "合计：9.60 + 49.58 + 30.00 + 10.00 = 99.18 分，等级「优」。"
    )


def test_it_refuses_a_proposed_score_outside_its_band(filer, approved):
    with pytest.raises(MonitoringError) as caught:
        save_evaluation(
            filer, approved,
            改善低收入人群居住环境={"grade": "partly", "proposed": D("25"), "deviation": "部分改善"},
        )  # fmt: skip
    # the only benefit indicator weighs 30: 部分达成 is 18–24
    assert "拟评分 25.00 分不在「部分达成」的分值区间 18.00–24.00 分" in str(caught.value)
    assert not SelfEvaluation.objects.exists()


def test_it_takes_a_self_evaluation_through_its_path(
    filer, dept_reviewer, finance_reviewer, approved
):
    evaluation = save_evaluation(filer, approved, 工程量完成率={"deviation": ""})
    with pytest.raises(MonitoringError, match="未得满分，须填写偏差原因分析及改进措施"):
        services.self_evaluation_submit(user=filer, evaluation=evaluation)
    evaluation = save_evaluation(filer, approved)
    services.self_evaluation_submit(user=filer, evaluation=evaluation)
    with pytest.raises(MonitoringError, match="已提交，不能修改"):
        save_evaluation(filer, approved)
    with pytest.raises(MonitoringError, match="绩效自评尚待部门审核，不能审核通过"):
        services.self_evaluation_approve(user=finance_reviewer, evaluation=evaluation)
    services.self_evaluation_dept_approve(user=dept_reviewer, evaluation=evaluation)
    services.self_evaluation_return(
        user=finance_reviewer, evaluation=evaluation, comment="核实执行数"
    )
    evaluation = save_evaluation(filer, approved, executed="15000000")
    services.self_evaluation_submit(user=filer, evaluation=evaluation)
    services.self_evaluation_dept_approve(user=dept_reviewer, evaluation=evaluation)
    services.self_evaluation_approve(user=finance_reviewer, evaluation=evaluation)
    evaluation.refresh_from_db()
    # full execution: 10 + 49.5833 + 30 + 10 = 99.5833
    assert (evaluation.status, evaluation.total, evaluation.version) == (
        "approved", D("99.5833"), 3,
    )  # fmt: skip
    assert [e.action for e in evaluation.audit_entries.all()] == [
        "save", "save", "submit", "dept_approve", "return", "save", "submit", "dept_approve",
        "approve",
    ]  # fmt: skip


def test_it_refuses_a_self_evaluation_saved_from_an_older_page(filer, approved):
    save_evaluation(filer, approved)
    save_evaluation(filer, approved, 工程量完成率={"deviation": "FRESH-B"})
    with pytest.raises(ConcurrencyError, match="该绩效自评表已被他人修改（您打开的是第 1 版"):
        services.self_evaluation_save(
            user=filer, declaration=approved, budget=D(15_000_000), executed=D(14_400_000),
            results=by_id(approved, YEAR_END, 工程量完成率={"deviation": "STALE-A"}),
            expected_version=1,
        )  # fmt: skip
    kept = SelfEvaluation.objects.get()
    assert kept.results.get(indicator__name="工程量完成率").deviation == "FRESH-B"


def at_once(*calls) -> list[str]:
    """Run the calls at the same moment, each in its own thread and database connection:
    "done", or the Chinese message of the ``MonitoringError`` it was refused with."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    barrier = Barrier(len(calls))

    def run(call):
        try:
            barrier.wait()
            call()
            return "done"
        except MonitoringError as exc:
            return str(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def waiting_database():
    """Threads that write at once need a database where writers wait for each other:
    PostgreSQL, or SQLite in a file (``DATABASE_TEST_NAME=/tmp/test.sqlite3``)."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite's shared in-memory test database has no waiting between writers")


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_simultaneous_saves_win(filer, approved, july):
    """Twenty pairs of saves from pages of the same version, each pair at once: one is saved,
    the other told its page is stale; no other error, nothing overwritten unseen."""
    waiting_database()
    save_report(filer, july, approved)

    def save(tag: str, version: int):
        return lambda: services.monitoring_report_save(
            user=filer, monitoring_round=july, declaration=approved,
            budget=D(15_000_000), executed=D(6_000_000), expected=D(15_000_000),
            expected_version=version,
            progress=by_id(approved, JULY_PROGRESS, 总建筑面积={"explanation": tag}),
        )  # fmt: skip

    for pair in range(20):
        version = MonitoringReport.objects.get().version
        tags = [f"{pair}-A", f"{pair}-B"]
        outcomes = at_once(*(save(tag, version) for tag in tags))
        stale = f"保存失败：该监控表已被他人修改（您打开的是第 {version} 版，当前为第 {version + 1} 版）"
        assert sorted(o[: len(stale)] for o in outcomes) == ["done", stale], outcomes
        kept = MonitoringReport.objects.get().progress.get(indicator__name="总建筑面积")
        assert kept.explanation == tags[outcomes.index("done")]
    assert MonitoringReport.objects.get().version == 21


@pytest.mark.django_db(transaction=True)
def test_it_takes_one_of_two_simultaneous_reviews(
    filer, dept_reviewer, finance_reviewer, approved, july
):
    """Twenty times a department reviewer's approval and a return at once: one is taken,
    the other refused by the state it finds; no other error."""
    waiting_database()
    report = submitted_report(filer, july, approved)
    for _ in range(20):
        outcomes = at_once(
            lambda: services.monitoring_report_dept_approve(user=dept_reviewer, report=report),
            lambda: services.monitoring_report_return(
                user=dept_reviewer, report=report, comment="请核实"
            ),
        )
        report.refresh_from_db()
        refused = {"dept_approved": "只有财政部门可以退回监控表",
                   "returned": "监控表已退回，不能部门审核通过"}[report.status]  # fmt: skip
        assert sorted(outcomes) == sorted(["done", refused]), outcomes
        if report.status == "dept_approved":
            services.monitoring_report_return(user=finance_reviewer, report=report, comment="x")
        services.monitoring_report_submit(user=filer, report=report)
