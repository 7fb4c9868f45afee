"""The Django admin: every page opens in Chinese, and a save is traced like any edit."""

import pytest
from django.test import Client

from jixiao.declarations.models import AuditEntry, Declaration, Status
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


@pytest.mark.django_db
def test_it_shows_the_framework_readings_and_findings_in_chinese_not_as_codes(superuser, draft):
    Declaration.objects.filter(pk=draft.pk).update(
        finance_dimensions={"完整性": True, "相关性": False}
    )
    page = superuser.get(f"/admin/declarations/declaration/{draft.pk}/change/").content.decode()
    assert '<option value="seed" selected>申报表框架（成本指标属产出指标）</option>' in page
    first = draft.indicators.order_by("order", "id").first()
    assert first.reading["kind"] == "quantity"
    assert '"kind"' not in page and "&quot;kind&quot;" not in page
    assert "完整性 通过；相关性 未通过" in page
    # The admin's detail may name the rule; the finding reads in Chinese around it.
    finding = draft.findings[0]
    assert f"（{finding['rule']}）" in page


@pytest.mark.django_db
def test_it_explains_the_add_user_page_in_chinese(superuser):
    page = superuser.get("/admin/accounts/user/add/").content.decode()
    assert "保存后可以再填写姓名" in page
    assert "After you" not in page


@pytest.mark.django_db
def test_it_offers_roles_not_djangos_english_permissions(superuser, filer):
    page = superuser.get(f"/admin/accounts/user/{filer.pk}/change/").content.decode()
    assert "角色与单位" in page
    assert "Can add" not in page
    assert superuser.get("/admin/auth/group/").status_code == 404


def test_it_reads_a_stored_value_reading_aloud():
    from jixiao.core.values import parse_value
    from jixiao.declarations.admin_display import reading_text

    def shown(raw):
        return reading_text(parse_value(raw, year=2023).to_dict())

    assert shown("≥5类") == "数量 ≥5类"
    assert shown("≤7845.9万元") == "金额 ≤7,845.9万元（78,459,000 元）"
    assert shown("≤15000000元") == "金额 ≤15,000,000元"
    assert shown("2023年10月底前") == "日期 不晚于 2023-10-31"
    assert shown("2023年6月-11月") == "日期 2023-06-01 至 2023-11-30"
    assert shown("及时") == "定性 及时"
    assert shown("约十二公里左右").startswith("未能解读：")


@pytest.mark.django_db
def test_it_shows_an_approved_version_as_labelled_fields_not_json(superuser, draft, walk):
    walk(draft, Status.FINANCE_APPROVED)
    version = draft.versions.get()
    page = superuser.get(f"/admin/declarations/declarationversion/{version.pk}/change/")
    text = page.content.decode()
    assert "<dt>项目概况</dt>" in text and f"<dd>{draft.overview}</dd>" in text
    assert "实施期资金（元）" in text and "资金总额 " in text
    assert "&quot;overview&quot;" not in text and '"overview"' not in text
