"""The admin at 1366×768: a declaration's change page (fieldsets and the indicator inline)
fits the width without scrolling sideways."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_fits_the_declaration_change_page_into_1366_pixels(page, shoot, live_server, draft):
    root = make_user("root", "admin")
    root.is_staff = root.is_superuser = True
    root.save()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/declarations/declaration/{draft.pk}/change/")
    assert page.locator("#indicators-group").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    shoot("admin-declaration-change")
    assert width <= 1366
    page.goto(f"{live_server.url}/admin/accounts/user/add/")
    assert "保存后可以再填写姓名" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
