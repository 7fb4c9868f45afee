"""The declaration list at 1366×768 as the finance reviewer sees it: the pager, the total, a
page past the end, the labelled 审核发现 column; screenshots in ``artifacts/screenshots/``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jixiao.web import filters
from tests.browser.test_whole_path import log_in
from tests.factories import clean_form, make_declaration

pytestmark = pytest.mark.browser


@pytest.fixture
def listed(filer, expected_data, monkeypatch):
    """Twenty-four declarations of 403, three to a page: eight pages."""
    monkeypatch.setattr(filters, "PAGE_SIZE", 3)
    for i in range(24):
        data = clean_form(expected_data, i % 2)
        data["project_name"] = f"{data['project_name']}（第{i + 1}批）"
        make_declaration(data, user=filer)


def test_it_pages_the_list_with_numbers_and_says_when_a_page_is_past_the_end(
    page, shoot, live_server, finance_reviewer, listed
):
    log_in(page, live_server.url, finance_reviewer.username)
    page.goto(f"{live_server.url}/declarations/?page=4")
    pager = page.locator('[data-test="pager"]')
    expect(pager).to_contain_text("共 24 份，8 页")
    expect(pager.locator(".current")).to_have_text("4")
    expect(page.locator("tr.sub-head th")).to_have_text(["错误", "警告", "提示"])
    # Nothing of the table runs past the window at 1366 px.
    width = page.evaluate("document.querySelector('#declaration-table table').scrollWidth")
    assert width <= 1366
    shoot("list-pager")
    pager.locator("a", has_text="8").click()
    expect(pager.locator(".current")).to_have_text("8")
    page.goto(f"{live_server.url}/declarations/?page=99")
    expect(page.locator('[data-test="query-notes"]')).to_contain_text(
        "没有第 99 页：共 24 份，只有 8 页，以下是最后一页。"
    )
    expect(pager.locator(".current")).to_have_text("8")
    shoot("list-page-past-the-end")
