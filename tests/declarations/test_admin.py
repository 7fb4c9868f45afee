"""The Django admin: every page opens in Chinese, and a save is traced like any edit."""

import pytest
from django.test import Client

from jixiao.declarations.models import AuditEntry, Declaration
from tests.factories import PASSWORD, make_user


@pytest.fixture
def superuser(db):
    user = make_user("root", "admin")
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.login(username="root", password=PASSWORD)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/declarations/declaration/",
        "/admin/declarations/declaration/?q=保障&status__exact=draft",
        "/admin/declarations/importrecord/",
        "/admin/declarations/auditentry/",
        "/admin/declarations/declarationversion/",
        "/admin/accounts/user/",
        "/admin/accounts/department/",
        "/admin/accounts/implementingunit/",
    ],
)
def test_it_opens_every_list_in_chinese(superuser, draft, url):
    response = superuser.get(url)
    assert response.status_code == 200
    assert "绩效目标管理系统" in response.content.decode()


@pytest.mark.django_db
def test_it_shows_a_declaration_with_its_funds_grouped_and_indicators_inline(superuser, draft):
    page = superuser.get(f"/admin/declarations/declaration/{draft.pk}/change/").content.decode()
    for heading in ("实施期资金（元）", "年度资金（元）", "绩效指标", "操作记录（只读）"):
        assert heading in page


@pytest.mark.django_db
def test_it_traces_an_admin_save_and_raises_the_version(draft):
    from jixiao.declarations.services.editing import declaration_admin_saved

    admin_user = make_user("root", "admin")
    Declaration.objects.filter(pk=draft.pk).update(basis="管理员更正")
    declaration_admin_saved(declaration=draft, user=admin_user, created=False)
    fresh = Declaration.objects.get(pk=draft.pk)
    assert (fresh.basis, fresh.version) == ("管理员更正", 2)
    entry = AuditEntry.objects.filter(declaration=draft).last()
    assert (entry.action, entry.actor, entry.data["via"]) == ("update", admin_user, "admin")
