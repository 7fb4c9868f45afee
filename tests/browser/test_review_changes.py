"""In a real browser: the reviewer sees what changed since the return; a refused conclusion
keeps what was typed; 良 leaves a follow-up that holds publication until closed; the admin
shows a published declaration read-only.  Screenshots in ``artifacts/screenshots/``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jixiao.declarations import services
from jixiao.declarations.models import Declaration, Status
from tests.browser.test_whole_path import log_in, log_out
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDED = "建设地点：韩店镇、西火镇。"


def admin_log_in(page, base: str) -> None:
    root = make_user("root", "admin")
    root.is_staff = root.is_superuser = True
    root.save()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_it_shows_changes_keeps_refused_input_and_tracks_the_follow_up(
    page, shoot, live_server, filer, dept_reviewer, finance_reviewer, draft, walk
):
    base = live_server.url
    walk(draft, Status.SUBMITTED)
    services.declaration_return(
        declaration=Declaration.objects.get(pk=draft.pk),
        user=dept_reviewer,
        comment="项目概况请写明建设地点。",
        field="overview",
    )

    # The filer adds the location and resubmits.
    log_in(page, base, filer.username)
    page.goto(f"{base}/declarations/{draft.pk}/edit/")
    page.fill('textarea[name="overview"]', draft.overview + ADDED)
    page.click('[data-test="save-submit"]')
    expect(page.locator(".message-success")).to_contain_text("已保存并提交")
    log_out(page)

    # The department reviewer sees the change against the version returned.
    log_in(page, base, dept_reviewer.username)
    page.goto(f"{base}/declarations/{draft.pk}/")
    since = page.locator('[data-test="since-return"]')
    expect(since).to_contain_text("自退回以来的修改（1 项）")
    expect(since.locator("td.new")).to_contain_text(ADDED)
    page.locator('[data-test="entry-changes"] summary').last.click()
    shoot("20-reviewer-sees-changes-since-return")
    page.click('[data-test="dept-approve"]')
    log_out(page)

    # The finance reviewer's 优 with a failed dimension is refused; the input stays.
    log_in(page, base, finance_reviewer.username)
    page.goto(f"{base}/declarations/{draft.pk}/")
    page.check('#conclude-form input[value="优"]')
    page.select_option('select[name="dim-适当性"]', "0")
    page.fill("#conclude-comment", "成本测算偏粗")
    page.click('[data-test="conclude"]')
    form = page.locator("#conclude-form")
    expect(form.locator('[data-test="conclude-error"]')).to_contain_text("未通过：适当性")
    expect(form.locator('input[value="优"]')).to_be_checked()
    expect(form.locator('select[name="dim-适当性"]')).to_have_value("0")
    expect(page.locator("#conclude-comment")).to_have_value("成本测算偏粗")
    form.scroll_into_view_if_needed()
    shoot("21-refused-conclusion-keeps-input", full_page=False)

    # 良 with the agreed fixes: approved, 待整改, publication waits.
    form.locator('input[value="良"]').check()
    page.fill("#conclude-comment", "成本指标改为每平方米造价≤2800元")
    page.click('[data-test="conclude"]')
    expect(page.locator('[data-test="follow-up"]')).to_contain_text("待整改")
    expect(page.locator('[data-test="publish"]')).to_be_disabled()
    shoot("22-good-conclusion-with-follow-up")
    page.goto(f"{base}/declarations/?follow_up=open")
    expect(page.locator("#declaration-table tbody tr")).to_have_count(1)
    shoot("23-list-filtered-by-follow-up")

    # The finance reviewer confirms the fixes and publishes.
    page.goto(f"{base}/declarations/{draft.pk}/")
    page.fill("#follow-up-comment", "部门已书面补正成本指标")
    page.click('[data-test="follow-up-close"]')
    expect(page.locator('[data-test="follow-up"]')).to_contain_text("整改已完成")
    page.click('[data-test="publish"]')
    expect(page.locator(".message-success")).to_contain_text("已公开")
    log_out(page)

    # In the admin the published declaration is read-only.
    admin_log_in(page, base)
    page.goto(f"{base}/admin/declarations/declaration/{draft.pk}/change/")
    expect(page.locator('textarea[name="overview"]')).to_have_count(0)
    expect(page.locator('input[name="_save"]')).to_have_count(0)
    shoot("24-admin-published-read-only")


def test_it_traces_admin_changes_field_by_field(page, shoot, live_server, filer, draft):
    base = live_server.url
    admin_log_in(page, base)

    # A draft is editable; the save is a line of its timeline with the change.
    page.goto(f"{base}/admin/declarations/declaration/{draft.pk}/change/")
    page.fill('textarea[name="basis"]', "上党区人民政府常务会议纪要2023年第3次")
    shoot("25-admin-edits-a-draft", full_page=False)
    page.click('input[name="_save"]')
    expect(page.locator(".messagelist")).to_be_visible()

    # A user's role changed: the admin's own trace keeps before and after.
    page.goto(f"{base}/admin/accounts/user/{filer.pk}/change/")
    page.select_option('select[name="role"]', "dept_reviewer")
    page.click('input[name="_save"]')
    page.goto(f"{base}/admin/declarations/adminchange/")
    page.click("#result_list tbody tr:first-child th a, #result_list tbody tr:first-child td a")
    expect(page.locator("body")).to_contain_text("部门审核人")
    shoot("26-admin-change-trace", full_page=False)

    page.goto(f"{base}/declarations/{draft.pk}/")
    entry = page.locator('[data-test="entry-changes"]').last
    entry.locator("summary").click()
    expect(entry).to_contain_text("2023年第3次")
    entry.scroll_into_view_if_needed()
    shoot("27-timeline-shows-the-admin-change", full_page=False)
