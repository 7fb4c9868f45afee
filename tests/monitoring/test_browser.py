"""One declaration through monitoring and self-evaluation in a real browser (Debian chromium).

The finance bureau opens the round; the filer reports, sees the lights change as they type
and is told what is missing; every choice shows whole at 1366 × 768; the department reviewer
returns the report, the filer sees why on top and submits again; the department passes it on
and the finance bureau finds it among the yellow ones and approves it; at year end the filer
sees the score as they type and submits.  Screenshots of each step go to
``artifacts/screenshots/monitoring/``.
"""

from pathlib import Path

import pytest
from django.test import Client

from jixiao.monitoring.models import MonitoringReport, MonitoringRound, SelfEvaluation
from tests.monitoring.conftest import JULY_PROGRESS, YEAR_END, annual

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "monitoring"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make browser)"),
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM))
        yield instance
        instance.close()


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def fill_rows(page, declaration, entries, **changes):
    for name, indicator in annual(declaration).items():
        for field, value in (entries[name] | changes.get(name, {})).items():
            target = page.locator(f'[name="i{indicator.pk}-{field}"]')
            if target.evaluate("e => e.tagName") == "SELECT":
                target.select_option(value)
            else:
                target.fill(value)


# Whether each select shows its chosen label whole: the label's width in the select's font
# plus the arrow fits in the select.
SELECTS_CUT = """() => {
  const ctx = document.createElement("canvas").getContext("2d");
  return [...document.querySelectorAll("table.entry select")].filter(sel => {
    const style = getComputedStyle(sel);
    ctx.font = `${style.fontSize} ${style.fontFamily}`;
    const label = sel.options[sel.selectedIndex].text;
    return ctx.measureText(label).width + 20 > sel.getBoundingClientRect().width;
  }).map(sel => sel.name + ":" + sel.options[sel.selectedIndex].text);
}"""


def test_it_takes_one_declaration_through_the_year_in_a_browser(
    browser, live_server, filer, dept_reviewer, finance_reviewer, approved
):
    finance = signed_in(browser, live_server, finance_reviewer)
    finance.goto(f"{live_server.url}/monitoring/")
    finance.fill("#id_fiscal_year", "2023")
    finance.fill("#id_cut_off", "2023-07-31")
    finance.click("button:has-text('开启')")
    finance.wait_for_url("**/monitoring/rounds/*/")
    finance.screenshot(path=SHOTS / "1-round-opened.png", full_page=True)
    july = MonitoringRound.objects.get()
    report_url = f"{live_server.url}/monitoring/rounds/{july.pk}/reports/{approved.pk}/"

    page = signed_in(browser, live_server, filer)
    page.goto(report_url)
    page.fill("#id_executed", "6000000")
    fill_rows(page, approved, JULY_PROGRESS)
    # the lights follow the typing, before anything is saved
    page.wait_for_selector("#assessment >> text=进度比 0.69")
    assert "黄灯" in page.locator("#light-money").inner_text()
    assert not MonitoringReport.objects.exists()
    page.fill("#id_executed", "9000000")  # 9 of 15 million by July: on track
    page.wait_for_selector("#light-money >> text=绿灯")
    page.fill("#id_executed", "6000000")
    page.wait_for_selector("#light-money >> text=黄灯")
    page.screenshot(path=SHOTS / "2-report-live-lights.png", full_page=True)
    page.click("button[value=submit]")
    problems = page.locator("#problems")
    assert "资金执行：出现偏差（黄灯），须选择偏差原因" in problems.inner_text()
    page.screenshot(path=SHOTS / "3-report-incomplete.png", full_page=True)

    page.select_option("#id_money_cause", "funding")
    page.fill("#id_money_measure", "资金到位后即拨付")
    fill_rows(
        page, approved, JULY_PROGRESS, 总建筑面积={"cause": "facilities", "measure": "协调厂家"}
    )
    # at 1366 × 768 the longest choices show whole and the page does not scroll sideways
    building = annual(approved)["总建筑面积"].pk
    page.select_option(f'[name="i{building}-likelihood"]', "impossible")
    assert page.evaluate(SELECTS_CUT) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.locator(f'[name="i{building}-cause"]').scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "4-report-choices-1366.png")
    page.select_option(f'[name="i{building}-likelihood"]', "possible")
    page.click("button[value=submit]")
    page.wait_for_selector(".page-head >> text=已提交")
    assert MonitoringReport.objects.get().status == "submitted"

    # the department reviewer finds it on the home page and returns it
    reviewer = signed_in(browser, live_server, dept_reviewer)
    reviewer.goto(f"{live_server.url}/")
    assert "1" in reviewer.locator("nav .nav-count").last.inner_text()
    reviewer.click("#monitoring-todo >> text=保障性住房建设项目")
    reviewer.fill("#id_comment", "执行数与财务账不符，请核实后重报")
    reviewer.click("button[value=return]")
    reviewer.wait_for_selector(".page-head >> text=已退回")

    page.goto(f"{live_server.url}/")
    page.click("#monitoring-todo >> text=保障性住房建设项目")
    notice = page.locator("#returned").inner_text()
    assert "已退回" in notice and "执行数与财务账不符，请核实后重报" in notice
    page.screenshot(path=SHOTS / "5-report-returned.png")
    page.click("button[value=submit]")
    page.wait_for_selector(".page-head >> text=已提交")
    reviewer.goto(report_url)
    reviewer.click("button[value=dept_approve]")
    reviewer.wait_for_selector(".page-head >> text=部门已审核")

    finance.goto(f"{live_server.url}/monitoring/rounds/{july.pk}/")
    warnings = finance.locator("#warnings").inner_text()
    assert "保障性住房建设项目" in warnings and "进度比 0.69" in warnings
    finance.screenshot(path=SHOTS / "6-warnings.png", full_page=True)
    finance.click("#warnings >> text=保障性住房建设项目")
    finance.click("button[value=approve]")
    finance.wait_for_selector(".page-head >> text=已审核")

    page.goto(f"{live_server.url}/monitoring/self-evaluations/{approved.pk}/")
    page.fill("#id_executed", "14400000")
    fill_rows(page, approved, YEAR_END)
    # 9.6 + 49.58 + 30 + 10 = 99.18, shown as it is typed
    page.wait_for_selector("#score >> text=99.18")
    assert page.evaluate(SELECTS_CUT) == []
    page.screenshot(path=SHOTS / "7-self-evaluation.png", full_page=True)
    page.click("button[value=submit]")
    page.wait_for_selector(".page-head >> text=已提交")
    assert SelfEvaluation.objects.get().grade == "优"
    for each in (page, reviewer, finance):  # no request left running when the server stops
        each.wait_for_load_state("networkidle")
        each.context.close()
