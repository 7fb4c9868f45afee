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


def test_it_marks_over_long_fields_of_the_filing_form_at_each_field(
    page, shoot, live_server, filer, draft
):
    log_in(page, live_server.url, filer.username)
    page.goto(f"{live_server.url}/declarations/{draft.pk}/edit/")
    # The browser stops typing at maxlength; a pasted or scripted value longer still is
    # refused at its field.
    for name in ("phone", "handler", "implementing_unit"):
        limit = int(page.locator(f'input[name="{name}"]').get_attribute("maxlength"))
        page.eval_on_selector(
            f'input[name="{name}"]',
            "(el, v) => { el.removeAttribute('maxlength'); el.value = v; }",
            "9" * (limit + 12),
        )
    page.click('[data-test="save"]')
    for name, label in (
        ("phone", "联系电话"),
        ("handler", "经办人"),
        ("implementing_unit", "实施单位"),
    ):
        expect(page.locator(f"#id_{name}_error")).to_contain_text(f"{label}最多")
    page.locator("#id_phone").scroll_into_view_if_needed()
    shoot("form-field-errors", full_page=False)
