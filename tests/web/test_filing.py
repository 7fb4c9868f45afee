"""Filing through the pages: create, edit, nothing lost on a validation error, the stale save,
and the htmx fragments of the indicator table."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from jixiao.declarations import services
from jixiao.declarations.models import Declaration, Status
from tests.factories import clean_form
from tests.web.helpers import client_for, form_post, reload


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_of_the_new_form_to_login():
    response = client_for().get(reverse("web:declaration_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_it_does_not_show_the_new_form_to_a_reviewer(dept_reviewer, finance_reviewer):
    for user in (dept_reviewer, finance_reviewer):
        assert client_for(user).get(reverse("web:declaration_create")).status_code == 404


@pytest.mark.django_db
def test_it_creates_a_draft_from_the_printed_form(filer, expected_data):
    data = clean_form(expected_data)
    response = client_for(filer).post(reverse("web:declaration_create"), form_post(data))
    record = Declaration.objects.get(project_name=data["project_name"])
    assert response.status_code == 302
    assert response["Location"] == reverse("web:declaration_edit", args=[record.pk])
    assert (record.status, record.department.code, record.created_by) == ("draft", "403", filer)
    stored = record.to_core().to_dict()
    assert stored["funds"] == data["funds"]
    assert stored["overview"] == data["overview"]
    # The rows come back in the form's order: the implementation half, then the annual half.
    assert stored["indicators"] == data["indicators"]


@pytest.mark.django_db
def test_it_keeps_everything_typed_when_an_amount_is_not_a_number(filer, expected_data):
    data = clean_form(expected_data)
    post = form_post(data)
    post["funds_annual_local"] = "一千五百万"
    post["overview"] = "新写的项目概况，不能丢"
    response = client_for(filer).post(reverse("web:declaration_create"), post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写金额" in page
    assert "新写的项目概况，不能丢" in page
    assert "一千五百万" in page
    for ind in data["indicators"]:
        assert f'value="{ind["name"]}"' in page
    assert not Declaration.objects.filter(project_name=data["project_name"]).exists()


@pytest.mark.django_db
def test_it_says_the_review_waits_for_the_errors_after_a_refused_save(filer, draft):
    data = draft.to_core().to_dict()
    post = form_post(data, version=draft.version)
    post["funds_annual_local"] = "一千五百万"
    response = client_for(filer).post(reverse("web:declaration_edit", args=[draft.pk]), post)
    panel = response.content.decode().split('id="findings-panel"', 1)[1].split("</div>\n", 1)[0]
    assert response.status_code == 200
    assert "未发现问题" not in panel
    assert "智能审核要等这些错误改正后才能进行" in panel and "请填写金额" in panel


@pytest.mark.django_db
def test_it_names_an_incomplete_indicator_row_and_keeps_it(filer, expected_data):
    data = clean_form(expected_data)
    post = form_post(data)
    post["ind-annual-level2"] = [*post["ind-annual-level2"], ""]
    post["ind-annual-level1"] = [*post["ind-annual-level1"], ""]
    post["ind-annual-name"] = [*post["ind-annual-name"], "新增的指标"]
    post["ind-annual-value"] = [*post["ind-annual-value"], "≥3个"]
    response = client_for(filer).post(reverse("web:declaration_create"), post)
    page = response.content.decode()
    assert response.status_code == 200
    assert "年度第 9 行：请选择二级指标" in page
    assert 'value="新增的指标"' in page
    assert not Declaration.objects.filter(project_name=data["project_name"]).exists()


@pytest.mark.django_db
def test_it_saves_an_edit_with_the_loaded_version(draft, filer):
    data = draft.to_core().to_dict()
    data["basis"] = "政府会议纪要2022年第30次"
    post = form_post(data, version=draft.version)
    response = client_for(filer).post(reverse("web:declaration_edit", args=[draft.pk]), post)
    assert response.status_code == 302
    fresh = reload(draft)
    assert fresh.basis == "政府会议纪要2022年第30次"
    assert fresh.version == draft.version + 1


@pytest.mark.django_db
def test_it_refuses_a_stale_save_and_shows_both_versions(draft, filer):
    """Two editors load version 1; the first saves; the second is refused, sees what the first
    saved beside what they typed, and nothing of the first is overwritten."""
    loaded = draft.version
    first = draft.to_core().to_dict()
    first["basis"] = "第一位编辑保存的立项依据"
    client_for(filer).post(
        reverse("web:declaration_edit", args=[draft.pk]), form_post(first, version=loaded)
    )
    second = draft.to_core().to_dict()
    second["basis"] = "第二位编辑输入的立项依据"
    response = client_for(filer).post(
        reverse("web:declaration_edit", args=[draft.pk]), form_post(second, version=loaded)
    )
    page = response.content.decode()
    fresh = reload(draft)
    assert response.status_code == 200
    assert "已被他人修改" in page
    assert "第一位编辑保存的立项依据" in page  # theirs, in the comparison
    assert "第二位编辑输入的立项依据" in page  # mine, kept in the form
    assert fresh.basis == "第一位编辑保存的立项依据"
    assert fresh.version == loaded + 1
    # The form now carries the saved version: saving again is a deliberate overwrite.
    assert response.context["form"]["version"].value() == str(fresh.version)


@pytest.mark.django_db
def test_it_saves_after_the_conflict_when_the_filer_saves_again(draft, filer):
    loaded = draft.version
    services.declaration_update(
        declaration=draft, data=draft.to_core(), user=filer, expected_version=loaded
    )
    data = draft.to_core().to_dict()
    data["plan"] = "核对后决定保存的实施计划"
    client = client_for(filer)
    url = reverse("web:declaration_edit", args=[draft.pk])
    conflict = client.post(url, form_post(data, version=loaded))
    again = client.post(
        url, form_post(data, version=int(conflict.context["form"]["version"].value()))
    )
    assert again.status_code == 302
    assert reload(draft).plan == "核对后决定保存的实施计划"


@pytest.mark.django_db
def test_it_saves_and_submits_in_one_step(draft, filer):
    post = form_post(draft.to_core().to_dict(), version=draft.version)
    post["then"] = "submit"
    response = client_for(filer).post(reverse("web:declaration_edit", args=[draft.pk]), post)
    assert response.status_code == 302
    assert reload(draft).status == Status.SUBMITTED


@pytest.mark.django_db
def test_it_sends_the_filer_of_a_submitted_form_back_to_its_page(draft, filer, walk):
    walk(draft, Status.SUBMITTED)
    response = client_for(filer).get(reverse("web:declaration_edit", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:declaration_detail", args=[draft.pk])


@pytest.mark.django_db
def test_it_does_not_let_a_reviewer_edit(draft, dept_reviewer):
    post = form_post(draft.to_core().to_dict(), version=draft.version)
    post["basis"] = "审核人不能改"
    response = client_for(dept_reviewer).post(
        reverse("web:declaration_edit", args=[draft.pk]), post
    )
    assert response.status_code == 302
    assert reload(draft).basis != "审核人不能改"


# -- the indicator table's fragments ----------------------------------------------------------


def _rows(response, period):
    names = response.context["halves"][0 if period == "implementation" else 1]["rows"]
    return [item["row"].name for item in names]


@pytest.mark.django_db
def test_it_adds_removes_and_moves_rows_in_place(filer, expected_data):
    post = form_post(clean_form(expected_data))
    client = client_for(filer)
    url = reverse("web:indicator_table")
    before = post["ind-implementation-name"]

    added = client.post(url, {**post, "op": "add", "period": "implementation", "position": 0})
    assert _rows(added, "implementation") == [before[0], "", *before[1:]]
    assert added.templates[0].name == "web/partials/indicator_table.html"

    removed = client.post(url, {**post, "op": "remove", "period": "implementation", "position": 1})
    assert _rows(removed, "implementation") == [before[0], *before[2:]]

    moved = client.post(url, {**post, "op": "down", "period": "implementation", "position": 0})
    assert _rows(moved, "implementation") == [before[1], before[0], *before[2:]]
    assert _rows(moved, "annual") == post["ind-annual-name"]


@pytest.mark.django_db
def test_it_copies_the_implementation_half_into_the_annual_half(filer, expected_data):
    data = copy.deepcopy(clean_form(expected_data))
    data["indicators"] = [i for i in data["indicators"] if i["period"] == "implementation"]
    post = form_post(data)
    response = client_for(filer).post(
        reverse("web:indicator_table"), {**post, "op": "copy", "period": "annual"}
    )
    assert _rows(response, "annual") == post["ind-implementation-name"]
    annual = [item["row"] for item in response.context["halves"][1]["rows"]]
    assert [r.value for r in annual] == post["ind-implementation-value"]


@pytest.mark.django_db
def test_it_offers_indicator_names_used_before_under_that_level2(
    filer, draft, outsider_draft, expected_data
):
    response = client_for(filer).get(
        reverse("web:indicator_names"), {"ind-annual-level2": "数量指标", "ind-annual-name": ""}
    )
    names = response.context["names"]
    assert "建设内容" in names  # from the filer's own declaration
    assert names == sorted(set(names), key=names.index)
    # Another department's unpublished indicators are not offered.
    outsider_names = {i.name for i in outsider_draft.indicators.filter(level2="数量指标")}
    own_names = {i.name for i in draft.indicators.filter(level2="数量指标")}
    assert not (outsider_names - own_names) & set(names)


@pytest.mark.django_db
def test_it_filters_the_offered_names_by_what_is_typed(filer, draft):
    response = client_for(filer).get(
        reverse("web:indicator_names"), {"ind-implementation-level2": "数量指标", "name": "面积"}
    )
    assert response.context["names"] == ["总建筑面积"]


@pytest.mark.django_db
def test_it_checks_the_form_without_saving(filer, draft):
    data = draft.to_core().to_dict()
    data["responsible_person"] = ""
    response = client_for(filer).post(
        reverse("web:declaration_check"), form_post(data, version=draft.version)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="findings-panel"' in page
    assert 'id="fs-responsible_person" hx-swap-oob="true"' in page
    # The rule by its Chinese title; its id only in the tooltip.
    assert '<span class="rule" title="FIELD-MISSING">必填项未填写</span>' in page
    assert ">FIELD-MISSING<" not in page
    assert reload(draft).responsible_person == "王建国"


@pytest.mark.django_db
def test_it_lets_an_administrator_choose_the_department(
    admin_user, other_department, expected_data
):
    client = client_for(admin_user)
    assert (
        "owner_department" in client.get(reverse("web:declaration_create")).context["form"].fields
    )
    data = clean_form(expected_data)
    missing = client.post(reverse("web:declaration_create"), form_post(data))
    assert missing.status_code == 200
    assert not Declaration.objects.exists()
    post = {**form_post(data), "owner_department": str(other_department.pk)}
    client.post(reverse("web:declaration_create"), post)
    assert Declaration.objects.get().department == other_department


@pytest.mark.django_db
def test_it_does_not_check_against_another_departments_declaration(draft, outsider):
    post = {**form_post(draft.to_core().to_dict()), "declaration": str(draft.pk)}
    response = client_for(outsider).post(reverse("web:declaration_check"), post)
    assert response.status_code == 404


@pytest.mark.django_db
def test_it_keeps_the_fragments_from_reviewers_and_anonymous_visitors(dept_reviewer, draft):
    post = form_post(draft.to_core().to_dict())
    for name in ("web:indicator_table", "web:declaration_check"):
        assert client_for(dept_reviewer).post(reverse(name), post).status_code == 404
        anonymous = client_for().post(reverse(name), post)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("login"))
