"""The Django admin: every page opens in Chinese, and a save is traced like any edit."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from jixiao.declarations.models import AdminChange, AuditEntry, Declaration, Status
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


# -- approved content is read-only; every change is traced ------------------------------------


class _FormFields(HTMLParser):
    """The values a browser would post from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def posted_form(client, url) -> dict[str, list[str]]:
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    # A textarea's content starts after one newline the browser drops.
    return {k: [v.removeprefix("\n") for v in vs] for k, vs in parser.data.items()}


def change_url(record) -> str:
    return f"/admin/declarations/declaration/{record.pk}/change/"


@pytest.mark.django_db
def test_it_refuses_to_change_a_published_declaration_in_the_admin(superuser, draft, walk):
    published = walk(draft, Status.PUBLISHED)
    page = superuser.get(change_url(published)).content.decode()
    assert 'name="overview"' not in page and "_save" not in page  # read-only, no save button
    assert "内容只读：如需修改，请在系统中发起修订" in page
    data = posted_form(superuser, change_url(draft))
    data["overview"] = ["管理员绕过流程改写的项目概况"]
    response = superuser.post(change_url(published), data)
    assert response.status_code == 403
    fresh = Declaration.objects.get(pk=published.pk)
    assert (fresh.overview, fresh.version) == (published.overview, published.version)
    public = Client().get(f"/public/{published.pk}/").content.decode()
    assert published.overview[:20] in public
    assert "绕过流程" not in public
    assert (
        superuser.post(
            f"/admin/declarations/declaration/{published.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert Declaration.objects.filter(pk=published.pk).exists()


@pytest.mark.django_db
def test_it_traces_an_admin_change_to_a_draft_with_its_diff(superuser, draft):
    data = posted_form(superuser, change_url(draft))
    assert data["loaded_version"] == [str(draft.version)]
    data["overview"] = ["管理员更正：新建保障性住房 120 套"]
    value_field = next(k for k in data if k.startswith("indicators-0-value"))
    data[value_field] = ["≥150套"]
    response = superuser.post(change_url(draft), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    fresh = Declaration.objects.get(pk=draft.pk)
    assert fresh.overview == "管理员更正：新建保障性住房 120 套"
    assert fresh.version == draft.version + 1
    entry = AuditEntry.objects.filter(declaration=draft).last()
    assert (entry.action, entry.actor.username, entry.data["via"]) == ("update", "root", "admin")
    changes = {c["path"]: c for c in entry.data["changes"]}
    assert (changes["overview"]["before"], changes["overview"]["after"]) == (
        draft.overview,
        "管理员更正：新建保障性住房 120 套",
    )
    (indicator,) = [c for p, c in changes.items() if p.startswith("indicators")]
    assert indicator["after"]["value"] == "≥150套"
    page = Client()
    page.force_login(entry.actor)
    detail = page.get(f"/declarations/{draft.pk}/").content.decode()
    assert "在管理后台修改" in detail and "管理员更正：新建保障性住房 120 套" in detail


@pytest.mark.django_db
def test_it_leaves_no_trace_when_an_admin_saves_without_changes(superuser, draft):
    before = AuditEntry.objects.filter(declaration=draft).count()
    response = superuser.post(change_url(draft), posted_form(superuser, change_url(draft)))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(declaration=draft).count() == before
    assert Declaration.objects.get(pk=draft.pk).version == draft.version


@pytest.mark.django_db
def test_it_refuses_an_admin_save_over_a_newer_save(superuser, draft, filer):
    from jixiao.declarations import services

    data = posted_form(superuser, change_url(draft))
    newer = draft.to_core().model_copy(update={"basis": "经办人刚保存的依据"})
    services.declaration_update(declaration=draft, data=newer, user=filer, expected_version=1)
    data["overview"] = ["管理员的旧页面"]
    response = superuser.post(change_url(draft), data)
    assert response.status_code == 200 and "已被修改" in response.content.decode()
    fresh = Declaration.objects.get(pk=draft.pk)
    assert (fresh.basis, fresh.overview) == ("经办人刚保存的依据", draft.overview)


@pytest.mark.django_db
def test_it_deletes_a_draft_through_the_service_and_keeps_a_trace(superuser, draft):
    response = superuser.post(
        f"/admin/declarations/declaration/{draft.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Declaration.objects.filter(pk=draft.pk).exists()
    trace = AdminChange.objects.get(kind="delete")
    assert trace.object_repr == str(draft)
    assert {"label": "项目名称", "before": draft.project_name} in [
        {k: c[k] for k in ("label", "before")} for c in trace.changes
    ]


@pytest.mark.django_db
def test_it_traces_an_admin_change_to_a_user_with_before_and_after(superuser, filer, dept_reviewer):
    url = f"/admin/accounts/user/{filer.pk}/change/"
    data = posted_form(superuser, url)
    data["role"] = ["dept_reviewer"]
    data["first_name"] = ["王"]
    response = superuser.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    trace = AdminChange.objects.get(kind="change", object_id=str(filer.pk))
    assert trace.actor.username == "root"
    changes = {c["field"]: (c["before"], c["after"]) for c in trace.changes}
    assert changes["role"] == ("经办人", "部门审核人")
    assert changes["first_name"] == (None, "王")


@pytest.mark.django_db
def test_it_traces_a_password_reset_without_keeping_the_password(superuser, filer):
    url = f"/admin/accounts/user/{filer.pk}/password/"
    data = {"password1": "Neue-Passwort-2026", "password2": "Neue-Passwort-2026"}
    response = superuser.post(url, {**data, "usable_password": "true"})
    assert response.status_code == 302
    trace = AdminChange.objects.get(kind="change", object_id=str(filer.pk))
    assert trace.changes and "Neue-Passwort-2026" not in str(trace.changes)


@pytest.mark.django_db
def test_it_traces_a_department_added_with_its_units(superuser):
    form = posted_form(superuser, "/admin/accounts/department/add/")
    prefix = next(k for k in form if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data = {
        **form,
        "code": "409",
        "name": "长治市上党区水利局",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-name": "上党区水利工程站",
    }
    response = superuser.post("/admin/accounts/department/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    trace = AdminChange.objects.get(kind="add")
    assert (trace.model, trace.object_repr) == ("主管部门", "409-长治市上党区水利局")
    changes = [(c["label"], c["before"], c["after"]) for c in trace.changes]
    assert ("部门代码", None, "409") in changes
    assert ("部门名称", None, "长治市上党区水利局") in changes
    assert ("新增实施单位", None, "上党区水利工程站") in changes


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
