"""One declaration through monitoring and self-evaluation in a real browser (Debian chromium).

The finance bureau opens the round, the filer reports and is told what is missing, the
finance bureau finds the project among the yellow ones and approves it; at year end the filer
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


def test_it_takes_one_declaration_through_the_year_in_a_browser(
    browser, live_server, filer, finance_reviewer, approved
):
    finance = signed_in(browser, live_server, finance_reviewer)
    finance.goto(f"{live_server.url}/monitoring/")
    finance.fill("#id_fiscal_year", "2023")
    finance.fill("#id_cut_off", "2023-07-31")
    finance.click("button:has-text('开启')")
    finance.wait_for_url("**/monitoring/rounds/*/")
    finance.screenshot(path=SHOTS / "1-round-opened.png", full_page=True)
    july = MonitoringRound.objects.get()

    page = signed_in(browser, live_server, filer)
    page.goto(f"{live_server.url}/monitoring/rounds/{july.pk}/reports/{approved.pk}/")
    page.fill("#id_executed", "6000000")
    fill_rows(page, approved, JULY_PROGRESS)
    page.click("button[value=submit]")
    problems = page.locator("#problems")
    assert "资金执行：出现偏差（黄灯），须选择偏差原因" in problems.inner_text()
    page.screenshot(path=SHOTS / "2-report-incomplete.png", full_page=True)

    page.select_option("#id_money_cause", "funding")
    page.fill("#id_money_measure", "资金到位后即拨付")
    fill_rows(
        page, approved, JULY_PROGRESS, 总建筑面积={"cause": "facilities", "measure": "协调厂家"}
    )
    page.click("button[value=submit]")
    page.wait_for_selector("text=已提交")
    assert MonitoringReport.objects.get().status == "submitted"

    finance.goto(f"{live_server.url}/monitoring/rounds/{july.pk}/")
    warnings = finance.locator("#warnings").inner_text()
    assert "保障性住房建设项目" in warnings and "进度比 0.69" in warnings
    finance.screenshot(path=SHOTS / "3-warnings.png", full_page=True)
    finance.click("#warnings >> text=保障性住房建设项目")
    finance.click("button[value=approve]")
    finance.wait_for_selector("text=已审核")

    page.goto(f"{live_server.url}/monitoring/self-evaluations/{approved.pk}/")
    page.fill("#id_executed", "14400000")
    fill_rows(page, approved, YEAR_END)
    # 9.6 + 49.58 + 30 + 10 = 99.18: shown as it is typed where the layout loads htmx, else
    # once saved
    if not page.evaluate("Boolean(window.htmx)"):
        page.click("button[value=save]")
    page.wait_for_selector("#score >> text=99.18")
    page.screenshot(path=SHOTS / "4-self-evaluation.png", full_page=True)
    page.click("button[value=submit]")
    page.wait_for_selector("text=已提交")
    assert SelfEvaluation.objects.get().grade == "优"
