"""The pages: who may see what (another department's declaration is a 404), and one
declaration taken through monitoring and self-evaluation in the test client."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jixiao.monitoring import services
from jixiao.monitoring.models import MonitoringReport, MonitoringRound, SelfEvaluation
from tests.factories import clean_form, make_declaration
from tests.monitoring.conftest import JULY_PROGRESS, YEAR_END, annual

pytestmark = pytest.mark.django_db

EXPLAINED = {"cause": "facilities", "explanation": "设备到货延迟", "measure": "协调厂家加快供货"}


def report_post(declaration, *, action="save", version=0, money=None, **changes):
    """What the report's page posts; ``version``: the report's version the page showed."""
    data = {"budget": "15000000", "executed": "6000000", "expected": "15000000", "action": action,
            "version": str(version)}  # fmt: skip
    data |= money or {}
    for name, indicator in annual(declaration).items():
        for field, value in (JULY_PROGRESS[name] | changes.get(name, {})).items():
            data[f"i{indicator.pk}-{field}"] = value
    return data


def evaluation_post(declaration, *, action="save", executed="14400000", version=0, **changes):
    data = {
        "budget": "15000000",
        "executed": executed,
        "achievement": "住房建成交付",
        "action": action,
        "version": str(version),
    }
    for name, indicator in annual(declaration).items():
        for field, value in (YEAR_END[name] | changes.get(name, {})).items():
            data[f"i{indicator.pk}-{field}"] = value
    return data


def urls(monitoring_round, declaration):
    r, d = monitoring_round.pk, declaration.pk
    return [
        reverse("monitoring:report", args=[r, d]),
        reverse("monitoring:report_download", args=[r, d, "pdf"]),
        reverse("monitoring:self_evaluation", args=[d]),
        reverse("monitoring:self_evaluation_download", args=[d, "xlsx"]),
    ]


def test_it_sends_anonymous_visitors_to_log_in(client, settings, approved, july):
    settings.LOGIN_URL = "/accounts/login/"
    pages = [
        reverse("monitoring:index"),
        reverse("monitoring:round", args=[july.pk]),
        reverse("monitoring:self_evaluations"),
        reverse("monitoring:summary"),
        reverse("monitoring:report_preview", args=[july.pk, approved.pk]),
        reverse("monitoring:report_review", args=[july.pk, approved.pk]),
        *urls(july, approved),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_it_hides_another_departments_declaration(client, outsider, filer, approved, july):
    services.monitoring_report_save(
        user=filer, monitoring_round=july, declaration=approved, budget=D(15_000_000),
        executed=D(9_000_000), expected=None, progress={}, expected_version=0,
    )  # fmt: skip
    services.self_evaluation_save(
        user=filer,
        declaration=approved,
        budget=D(15_000_000),
        executed=D(0),
        results={},
        expected_version=0,
    )
    client.force_login(outsider)
    for url in urls(july, approved):
        assert client.get(url).status_code == 404, url
    assert client.post(urls(july, approved)[0], report_post(approved)).status_code == 404
    assert client.post(urls(july, approved)[2], evaluation_post(approved)).status_code == 404
    preview = reverse("monitoring:self_evaluation_preview", args=[approved.pk])
    assert client.post(preview, evaluation_post(approved)).status_code == 404
    review = reverse("monitoring:report_review", args=[july.pk, approved.pk])
    assert client.post(review, {"action": "approve"}).status_code == 404
    # the round page lists only the outsider's own department
    page = client.get(reverse("monitoring:round", args=[july.pk])).content.decode()
    assert "保障性住房建设项目" not in page
    assert (
        "保障性住房建设项目"
        not in client.get(reverse("monitoring:summary") + "?year=2023").content.decode()
    )


def test_it_lets_the_finance_bureau_see_every_department(
    client, finance_reviewer, approved, outsider_approved, july
):
    client.force_login(finance_reviewer)
    page = client.get(reverse("monitoring:round", args=[july.pk])).content.decode()
    assert "保障性住房建设项目" in page and "长治市上党区2023年农村公路建设项目" in page
    assert client.get(urls(july, approved)[0]).status_code == 200
    assert client.get(urls(july, outsider_approved)[2]).status_code == 200
    # with no ?year, the lists open on the latest year with approved declarations
    page = client.get(reverse("monitoring:self_evaluations")).content.decode()
    assert "2023 年度绩效自评" in page and "长治市上党区2023年农村公路建设项目" in page


def test_it_lets_only_the_finance_bureau_open_a_round(client, filer):
    client.force_login(filer)
    response = client.post(
        reverse("monitoring:round_open"),
        {"fiscal_year": "2023", "cut_off": "2023-07-31"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["只有财政部门可以开启监控轮次"]
    assert not MonitoringRound.objects.exists()


def test_it_takes_one_declaration_through_monitoring_and_self_evaluation(
    client, filer, dept_reviewer, finance_reviewer, approved
):
    # the finance bureau opens the August round
    client.force_login(finance_reviewer)
    response = client.post(
        reverse("monitoring:round_open"), {"fiscal_year": "2023", "cut_off": "2023-07-31"}
    )
    july = MonitoringRound.objects.get()
    assert response["Location"] == reverse("monitoring:round", args=[july.pk])

    # the filer fills in the report: the form starts from the declared budget
    client.force_login(filer)
    report_url = reverse("monitoring:report", args=[july.pk, approved.pk])
    page = client.get(report_url).content.decode()
    assert 'value="15000000.00"' in page
    assert client.post(report_url, report_post(approved))["Location"] == report_url
    report = MonitoringReport.objects.get()
    assert (report.status, report.light) == ("draft", "yellow")

    # submitting without cause and measure is refused, each beside its field
    response = client.post(report_url, report_post(approved, action="submit", version=1))
    message = [str(m) for m in response.context["messages"]][-1]
    assert message.startswith(
        "已保存，但未能提交：监控表尚不完整，未提交：资金执行：出现偏差（黄灯），须选择偏差原因"
    )
    page = response.content.decode()
    assert page.count("须填写改进措施") >= 2
    report.refresh_from_db()
    assert report.status == "draft"

    money = {
        "money_cause": "funding",
        "money_explanation": "上级资金8月到位",
        "money_measure": "到位即拨付",
    }
    client.post(
        report_url,
        report_post(approved, action="submit", version=2, money=money, 总建筑面积=EXPLAINED),
    )
    report.refresh_from_db()
    assert (report.status, report.version) == ("submitted", 3)

    # the department reviewer passes it on; it waits for them on their home page first
    client.force_login(dept_reviewer)
    home = client.get(reverse("web:home")).content.decode()
    assert "运行监控：待我审核" in home and report_url in home
    page = client.get(report_url).content.decode()
    assert "部门审核" in page and 'value="dept_approve"' in page
    client.post(
        reverse("monitoring:report_review", args=[july.pk, approved.pk]),
        {"action": "dept_approve"},
    )
    report.refresh_from_db()
    assert report.status == "dept_approved"

    # the finance bureau sees it among the yellow ones of department 403, with the reasons
    client.force_login(finance_reviewer)
    page = client.get(reverse("monitoring:round", args=[july.pk])).content.decode()
    warnings = page[page.index('id="warnings"') :]
    assert "403-长治市上党区住房和城乡建设局" in warnings
    assert "进度比 0.69（在 0.6–0.8 之间）" in warnings
    client.post(
        reverse("monitoring:report_review", args=[july.pk, approved.pk]), {"action": "approve"}
    )
    report.refresh_from_db()
    assert report.status == "approved"
    pdf = client.get(reverse("monitoring:report_download", args=[july.pk, approved.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    # year end: the filer's self-evaluation, scored as they type (htmx), then saved and submitted
    client.force_login(filer)
    evaluation_url = reverse("monitoring:self_evaluation", args=[approved.pk])
    assert (
        "保障性住房建设项目"
        in client.get(reverse("monitoring:self_evaluations") + "?year=2023").content.decode()
    )
    preview = client.post(
        reverse("monitoring:self_evaluation_preview", args=[approved.pk]),
        evaluation_post(approved), HTTP_HX_REQUEST="true",
    ).content.decode()  # fmt: skip
    # 9.6 + (5 × 8.3333 + 7.9167) + 30 + 10 = 99.18
    assert preview.startswith('<div id="score">')
    assert "99.18" in preview and "等级「优」" in preview
    assert not SelfEvaluation.objects.exists()
    assert (
        client.post(evaluation_url, evaluation_post(approved, action="submit"))["Location"]
        == evaluation_url
    )
    evaluation = SelfEvaluation.objects.get()
    assert (evaluation.status, evaluation.total, evaluation.grade) == (
        "submitted",
        D("99.1833"),
        "优",
    )
    page = client.get(evaluation_url).content.decode()
    assert "工程量完成率" in page and "7.92" in page

    review = reverse("monitoring:self_evaluation_review", args=[approved.pk])
    client.force_login(dept_reviewer)
    client.post(review, {"action": "dept_approve"})
    client.force_login(finance_reviewer)
    client.post(review, {"action": "approve"})
    evaluation.refresh_from_db()
    assert evaluation.status == "approved"
    xlsx = client.get(reverse("monitoring:self_evaluation_download", args=[approved.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "项目支出绩效自评表"
    summary = client.get(
        reverse("monitoring:summary") + f"?year=2023&round={july.pk}"
    ).content.decode()
    table = summary[summary.index('id="summary-table"') :]
    assert "403-长治市上党区住房和城乡建设局" in table and "99.18" in table
    assert "vendor/echarts.min.js" in summary


def test_it_refuses_an_out_of_band_score_and_keeps_what_was_typed(client, filer, approved):
    client.force_login(filer)
    url = reverse("monitoring:self_evaluation", args=[approved.pk])
    posted = evaluation_post(
        approved,
        改善低收入人群居住环境={"grade": "partly", "proposed": "25", "deviation": "部分改善"},
    )
    page = client.post(url, posted).content.decode()
    assert "拟评分 25.00 分不在「部分达成」的分值区间 18.00–24.00 分" in page
    assert 'value="14400000"' in page  # nothing typed is lost
    assert not SelfEvaluation.objects.exists()


def test_it_reads_the_round_and_summary_pages_in_constant_queries(
    client, filer, finance_reviewer, approved, july, expected_data
):
    client.force_login(finance_reviewer)
    pages = [
        reverse("monitoring:round", args=[july.pk]),
        reverse("monitoring:summary") + "?year=2023",
        reverse("monitoring:self_evaluations") + "?year=2023",
    ]

    def counts():
        out = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            out.append(len(queries))
        return out

    before = counts()
    for index in (6, 7, 8, 9):  # four more approved declarations of department 403
        make_declaration(clean_form(expected_data, index), user=filer, status="finance_approved")
    assert counts() == before


def test_it_shows_each_reviewer_only_their_step(
    client, filer, dept_reviewer, finance_reviewer, outsider_reviewer, approved, july
):
    client.force_login(filer)
    url = reverse("monitoring:report", args=[july.pk, approved.pk])
    review = reverse("monitoring:report_review", args=[july.pk, approved.pk])
    money = {"money_cause": "funding", "money_measure": "到位即拨付"}
    client.post(url, report_post(approved, action="submit", money=money, 总建筑面积=EXPLAINED))
    response = client.post(review, {"action": "approve"}, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == "监控表尚待部门审核，不能审核通过"

    def review_buttons(user):
        client.force_login(user)
        page = client.get(url).content.decode()
        return [b for b in ("dept_approve", "approve", "return") if f'value="{b}"' in page]

    assert review_buttons(finance_reviewer) == []
    assert review_buttons(dept_reviewer) == ["dept_approve", "return"]
    client.force_login(outsider_reviewer)
    assert client.post(review, {"action": "dept_approve"}).status_code == 404
    client.force_login(dept_reviewer)
    response = client.post(review, {"action": "dept_approve", "comment": "同意"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["监控表已通过部门审核，报财政审核"]
    assert review_buttons(dept_reviewer) == []
    assert review_buttons(finance_reviewer) == ["approve", "return"]
    assert MonitoringReport.objects.get().status == "dept_approved"
