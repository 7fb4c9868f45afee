"""What the filer typed is never lost: a save that fails (a wrong unit, text in an amount,
too long a text, a negative or huge figure, a page older than the saved report) keeps every
value and says at the field what is wrong; nothing is written.  The lights follow the form
as it is typed (htmx preview, nothing saved), and a returned record says so on top."""

import pytest
from django.urls import reverse

from jixiao.monitoring import services
from jixiao.monitoring.models import MonitoringReport, SelfEvaluation
from tests.monitoring.conftest import annual
from tests.monitoring.pages import Page
from tests.monitoring.test_views import EXPLAINED, evaluation_post, report_post

pytestmark = pytest.mark.django_db

TOO_LONG = "因" * 2001


def field(declaration, name: str, part: str) -> str:
    return f"i{annual(declaration)[name].pk}-{part}"


def typed(posted: dict) -> dict:
    return {k: v for k, v in posted.items() if k not in ("action", "version")}


def assert_kept(page: Page, posted: dict) -> None:
    for name, value in typed(posted).items():
        assert page.value(name) == value, name


WRONG_REPORTS = [
    # (what is typed wrong, where, what the field says)
    ({"总建筑面积": {"achieved": "1000公里"}}, ("总建筑面积", "achieved"),
     "「1000公里」的单位与目标 2186.74平方米 的单位「平方米」不一致"),
    ({"建设内容": {"expected": "五类"}}, ("建设内容", "expected"), "「五类」不是一个数值"),
    ({"总建筑面积": {"achieved": "9" * 40}}, ("总建筑面积", "achieved"),
     "数值过大（整数部分最多 15 位）"),
    ({"总建筑面积": {"explanation": TOO_LONG}}, ("总建筑面积", "explanation"),
     "最多 2000 字（现为 2001 字）"),
    ({"总建筑面积": {"achieved": "1" * 101}}, ("总建筑面积", "achieved"),
     "最多 100 字（现为 101 字）"),
    ({"总建筑面积": {"cause": "硬件条件保障" * 50}}, ("总建筑面积", "cause"),
     "请从列表中选择偏差原因"),
    ({"money": {"executed": "六百万元"}}, "executed", "请填写数字金额（元）"),
    ({"money": {"budget": "-15000000"}}, "budget", "金额不能为负数"),
    ({"money": {"expected": "1" * 30}}, "expected", "金额过大"),
    ({"money": {"executed": "6000000.123"}}, "executed", "金额最多保留 2 位小数"),
    ({"money": {"money_measure": TOO_LONG}}, "money_measure", "最多 2000 字（现为 2001 字）"),
]  # fmt: skip


@pytest.mark.parametrize(("wrong", "where", "message"), WRONG_REPORTS)
def test_it_keeps_every_value_of_a_first_save_that_fails(
    client, filer, approved, july, wrong, where, message
):
    client.force_login(filer)
    url = reverse("monitoring:report", args=[july.pk, approved.pk])
    rows = {name: entry for name, entry in wrong.items() if name != "money"}
    posted = report_post(
        approved, money=wrong.get("money"), 总建筑面积=EXPLAINED | rows.pop("总建筑面积", {}),
        **rows,
    )  # fmt: skip
    response = client.post(url, posted)
    assert response.status_code == 200
    page = Page(response.content.decode())
    name = where if isinstance(where, str) else field(approved, *where)
    assert message in page.said_at(name)
    if not name.endswith("-cause"):  # a choice not in the list cannot be shown as chosen
        assert_kept(page, posted)
    assert "未保存" in page.html
    assert not MonitoringReport.objects.exists()


def test_it_keeps_every_value_of_a_later_save_that_fails(client, filer, approved, july):
    client.force_login(filer)
    url = reverse("monitoring:report", args=[july.pk, approved.pk])
    client.post(url, report_post(approved))
    posted = report_post(approved, version=1, 总建筑面积={"achieved": "1000公里"},
                         建设内容={"explanation": "新的说明"})  # fmt: skip
    page = Page(client.post(url, posted).content.decode())
    assert "单位与目标 2186.74平方米 的单位「平方米」不一致" in page.said_at(
        field(approved, "总建筑面积", "achieved")
    )
    assert_kept(page, posted)
    report = MonitoringReport.objects.get()
    assert report.version == 1
    assert report.progress.get(indicator__name="建设内容").explanation == ""


WRONG_EVALUATIONS = [
    ({"executed": "一千四百四十万"}, "executed", "请填写数字金额（元）"),
    ({"budget": "-1"}, "budget", "金额不能为负数"),
    ({"achievement": TOO_LONG}, "achievement", "最多 2000 字（现为 2001 字）"),
    ({"总建筑面积": {"actual": "2186.74公里"}}, ("总建筑面积", "actual"), "单位与目标"),
    ({"总建筑面积": {"actual": "9" * 30}}, ("总建筑面积", "actual"), "数值过大"),
    ({"总建筑面积": {"weight": "很重"}}, ("总建筑面积", "weight"), "权重须为 0–100 的整数"),
    ({"改善低收入人群居住环境": {"proposed": "9" * 20}},
     ("改善低收入人群居住环境", "proposed"), "拟评分过大"),
]  # fmt: skip


@pytest.mark.parametrize(("wrong", "where", "message"), WRONG_EVALUATIONS)
def test_it_keeps_every_value_of_a_self_evaluation_that_fails(
    client, filer, approved, wrong, where, message
):
    client.force_login(filer)
    url = reverse("monitoring:self_evaluation", args=[approved.pk])
    head = {k: v for k, v in wrong.items() if isinstance(v, str)}
    rows = {k: v for k, v in wrong.items() if isinstance(v, dict)}
    posted = evaluation_post(approved, **rows) | head
    response = client.post(url, posted)
    assert response.status_code == 200
    page = Page(response.content.decode())
    name = where if isinstance(where, str) else field(approved, *where)
    assert message in page.said_at(name)
    assert_kept(page, posted)
    assert not SelfEvaluation.objects.exists()


def test_it_refuses_a_report_saved_from_an_older_tab_and_keeps_both(client, filer, approved, july):
    """#17.6: FRESH-B saved, then STALE-A from the older tab."""
    client.force_login(filer)
    url = reverse("monitoring:report", args=[july.pk, approved.pk])
    client.post(url, report_post(approved))
    tab_a = Page(client.get(url).content.decode())
    tab_b = Page(client.get(url).content.decode())
    assert tab_a.value("version") == tab_b.value("version") == "1"
    explanation = field(approved, "总建筑面积", "explanation")

    fresh = report_post(approved, version=1) | {explanation: "FRESH-B"}
    assert client.post(url, fresh)["Location"] == url
    stale = report_post(approved, version=1) | {explanation: "STALE-A"}
    response = client.post(url, stale)
    page = Page(response.content.decode())
    assert "保存失败：该监控表已被他人修改（您打开的是第 1 版，当前为第 2 版）" in page.section(
        "conflict"
    )
    assert "总建筑面积 · 偏差原因说明FRESH-BSTALE-A" in page.section("conflict")
    assert_kept(page, typed(stale))
    assert page.value("version") == "2"  # saving again is a deliberate choice
    report = MonitoringReport.objects.get()
    assert report.version == 2
    assert report.progress.get(indicator__name="总建筑面积").explanation == "FRESH-B"

    # saving again from the refused page puts STALE-A over FRESH-B, knowingly
    again = {k: page.value(k) for k in typed(stale)} | {"version": page.value("version")}
    assert client.post(url, again)["Location"] == url
    assert (
        MonitoringReport.objects.get().progress.get(indicator__name="总建筑面积").explanation
        == "STALE-A"
    )


def test_it_refuses_a_self_evaluation_saved_from_an_older_tab(client, filer, approved):
    client.force_login(filer)
    url = reverse("monitoring:self_evaluation", args=[approved.pk])
    client.post(url, evaluation_post(approved))
    client.post(url, evaluation_post(approved, version=1) | {"achievement": "FRESH-B"})
    response = client.post(url, evaluation_post(approved, version=1) | {"achievement": "STALE-A"})
    page = Page(response.content.decode())
    assert "该绩效自评表已被他人修改（您打开的是第 1 版，当前为第 2 版）" in page.section(
        "conflict"
    )
    assert page.value("achievement") == "STALE-A"
    assert SelfEvaluation.objects.get().achievement == "FRESH-B"


def test_it_recomputes_the_lights_as_the_filer_types(client, filer, outsider, approved, july):
    client.force_login(filer)
    preview = reverse("monitoring:report_preview", args=[july.pk, approved.pk])
    # 6,000,000 of 15,000,000 by 31 July: progress 0.69, yellow
    html = client.post(preview, report_post(approved), HTTP_HX_REQUEST="true").content.decode()
    assert html.startswith('<section class="sheet" id="assessment"')
    assert '预警 <span class="light light-yellow">黄灯</span>' in html
    assert "进度比 0.69（在 0.6–0.8 之间）" in html
    assert 'id="light-money" class="part-light" hx-swap-oob="true"' in html
    building = annual(approved)["总建筑面积"].pk
    oob = html[html.index(f'id="light-{building}"') :]
    assert oob[: oob.index("</div>")].count("黄灯") == 1
    # the money on track: green; 总建筑面积 expected short of the target: red, at once
    posted = report_post(approved, 总建筑面积={"expected": "2000"}) | {"executed": "9000000"}
    html = client.post(preview, posted, HTTP_HX_REQUEST="true").content.decode()
    assert "预计年底 2000平方米，达不到目标 2186.74平方米" in html
    assert 'id="p-' + field(approved, "总建筑面积", "cause") + '"' in html
    assert "出现偏差（红灯），须选择偏差原因" in html
    # a field that cannot be read: no light, a hint; nothing is ever saved
    posted = report_post(approved) | {"executed": "很多"}
    html = client.post(preview, posted, HTTP_HX_REQUEST="true").content.decode()
    assert "有填写不对的地方（见标红处），改正后显示预警" in html
    assert not MonitoringReport.objects.exists()
    client.force_login(outsider)
    assert client.post(preview, report_post(approved)).status_code == 404


def test_it_puts_the_return_on_top_and_on_the_filers_home_page(
    client, filer, dept_reviewer, approved, july
):
    client.force_login(filer)
    url = reverse("monitoring:report", args=[july.pk, approved.pk])
    money = {"money_cause": "funding", "money_measure": "到位即拨付"}
    client.post(url, report_post(approved, action="submit", money=money, 总建筑面积=EXPLAINED))
    report = MonitoringReport.objects.get()
    assert report.status == "submitted"
    services.monitoring_report_return(
        user=dept_reviewer, report=report, comment="执行数与财务账不符，请核实"
    )
    page = client.get(url).content.decode()
    notice = Page(page).section("returned")
    assert notice.startswith("已退回 · ")
    assert "部门审核人" in notice and "退回意见：执行数与财务账不符，请核实" in notice
    assert page.index('id="returned"') < page.index('id="report-form"')
    home = client.get(reverse("web:home")).content.decode()
    assert "运行监控：退回待修改" in home and url in home
    badge = home[home.index(reverse("monitoring:index")) :]
    assert '<span class="nav-count" title="待我处理的监控表、自评表">1</span>' in badge[:300]


def test_it_scores_each_row_as_the_filer_types(client, filer, approved):
    client.force_login(filer)
    preview = reverse("monitoring:self_evaluation_preview", args=[approved.pk])
    html = client.post(preview, evaluation_post(approved), HTTP_HX_REQUEST="true").content.decode()
    works = annual(approved)["工程量完成率"].pk
    # 95% of 100% on a weight of 50 ÷ 6: 7.92 of 8.33
    assert f'<div id="weight-{works}" hx-swap-oob="true">8.33</div>' in html
    assert f'<div id="points-{works}" hx-swap-oob="true">7.92</div>' in html
    posted = evaluation_post(approved, 工程量完成率={"deviation": ""})
    html = client.post(preview, posted, HTTP_HX_REQUEST="true").content.decode()
    problems = html[html.index(f'id="p-i{works}-deviation"') :]
    assert "未得满分，须填写偏差原因分析及改进措施" in problems[: problems.index("</div></div>")]
    assert not SelfEvaluation.objects.exists()
