"""The pages as each member of the cast sees them: home, lists, the declaration's page, the
workflow buttons, versions and revisions, and the public pages."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from jixiao.declarations.models import Declaration, ReviewComment, Status
from tests.factories import clean_form, make_declaration
from tests.web.helpers import client_for, reload

ALL_PASS = {"dim-完整性": "1", "dim-相关性": "1", "dim-适当性": "1", "dim-可行性": "1"}


# -- home and lists ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_shows_the_public_home_to_anonymous_visitors(draft, walk):
    walk(draft, Status.PUBLISHED)
    page = client_for().get(reverse("web:home")).content.decode()
    assert draft.project_name in page
    assert "工作人员登录" in page


@pytest.mark.django_db
def test_it_shows_a_filer_their_drafts_and_returned_forms(draft, filer, dept_reviewer, walk):
    page = client_for(filer).get(reverse("web:home")).content.decode()
    assert "我的草稿" in page and draft.project_name in page
    walk(draft, Status.SUBMITTED)
    from jixiao.declarations import services

    services.declaration_return(declaration=draft, user=dept_reviewer, comment="请补充成本指标")
    response = client_for(filer).get(reverse("web:home"))
    assert [d.pk for d in response.context["todo"]] == [draft.pk]


@pytest.mark.django_db
def test_it_shows_each_reviewer_what_waits_for_them(draft, dept_reviewer, finance_reviewer, walk):
    walk(draft, Status.SUBMITTED)
    assert [d.pk for d in client_for(dept_reviewer).get("/").context["todo"]] == [draft.pk]
    assert list(client_for(finance_reviewer).get("/").context["todo"]) == []
    walk(draft, Status.DEPT_APPROVED)
    assert [d.pk for d in client_for(finance_reviewer).get("/").context["todo"]] == [draft.pk]


@pytest.mark.django_db
def test_it_lists_only_the_users_department(draft, outsider_draft, filer, finance_reviewer):
    own = client_for(filer).get(reverse("web:declaration_list")).context["page"].object_list
    assert [d.pk for d in own] == [draft.pk]
    everything = client_for(finance_reviewer).get(reverse("web:declaration_list"))
    assert {d.pk for d in everything.context["page"].object_list} == {draft.pk, outsider_draft.pk}


@pytest.mark.django_db
def test_it_filters_searches_and_sorts_the_list(finance_reviewer, filer, expected_data):
    for data in expected_data:
        make_declaration(data, user=None)
    client = client_for(finance_reviewer)
    url = reverse("web:declaration_list")

    def names(**params):
        response = client.get(url, params)
        return [d.project_name for d in response.context["page"].object_list]

    assert names(q="公园") == ["海子河游园、黎都公园提档升级工程"]
    assert names(year=2022) == []
    assert len(names(year=2023)) == len(expected_data)
    by_amount = Declaration.objects.order_by("-implementation_total", "-id")
    assert names(sort="-amount") == [d.project_name for d in by_amount]
    assert names(sort="name") == sorted(names(sort="name"))
    assert names(status="submitted") == []
    grade = Declaration.objects.exclude(review_grade="").values_list("review_grade", flat=True)
    for g in set(grade):
        expected = Declaration.objects.filter(review_grade=g).count()
        assert len(names(grade=g)) == expected


@pytest.mark.django_db
def test_it_renders_only_the_table_for_htmx(finance_reviewer, draft):
    response = client_for(finance_reviewer).get(
        reverse("web:declaration_list"), HTTP_HX_REQUEST="true"
    )
    assert [t.name for t in response.templates][0] == "web/partials/declaration_table.html"
    assert b"<html" not in response.content
    assert "HX-Request" in response["Vary"]


def _many(expected_data, count: int, start: int = 0):
    for i in range(start, start + count):
        data = clean_form(expected_data, i % len(expected_data))
        data["project_name"] = f"{data['project_name']}-{i}"
        make_declaration(data, user=None)


@pytest.mark.django_db
def test_it_lists_many_rows_in_a_constant_number_of_queries(
    finance_reviewer, expected_data, django_assert_max_num_queries
):
    client = client_for(finance_reviewer)
    url = reverse("web:declaration_list")
    _many(expected_data, 3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _many(expected_data, 27, start=3)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 30


# -- the declaration's page -------------------------------------------------------------------


@pytest.mark.django_db
def test_it_shows_the_declaration_as_printed_with_its_actions(draft, filer):
    response = client_for(filer).get(reverse("web:declaration_detail", args=[draft.pk]))
    page = response.content.decode()
    assert "项目资金" in page and "实施期资金总额" in page and "年度资金总额" in page
    assert "15,000,000" in page
    assert "建设内容" in page and "≥5类" in page
    assert {"edit", "submit", "delete"} <= response.context["allowed"]
    assert 'data-test="submit"' in page
    assert 'data-test="return"' not in page


@pytest.mark.django_db
def test_it_sends_an_outsider_of_a_published_declaration_to_the_public_page(draft, outsider, walk):
    walk(draft, Status.PUBLISHED)
    response = client_for(outsider).get(reverse("web:declaration_detail", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:public_detail", args=[draft.pk])


@pytest.mark.django_db
def test_it_refuses_to_return_without_a_comment(draft, dept_reviewer, walk):
    walk(draft, Status.SUBMITTED)
    client = client_for(dept_reviewer)
    response = client.post(
        reverse("web:declaration_return", args=[draft.pk]), {"comment": " "}, follow=True
    )
    assert "必须填写意见" in response.content.decode()
    assert reload(draft).status == Status.SUBMITTED


@pytest.mark.django_db
def test_it_returns_with_a_comment_the_filer_sees_beside_the_field(
    draft, filer, dept_reviewer, walk
):
    walk(draft, Status.SUBMITTED)
    client_for(dept_reviewer).post(
        reverse("web:declaration_return", args=[draft.pk]),
        {"comment": "请写明资金来源的文件依据", "field": "basis", "version": reload(draft).version},
    )
    assert reload(draft).status == Status.RETURNED
    assert ReviewComment.objects.get(declaration=draft).field == "basis"
    edit = client_for(filer).get(reverse("web:declaration_edit", args=[draft.pk]))
    assert [c.message for c in edit.context["placement"].comments_at("basis")] == [
        "请写明资金来源的文件依据"
    ]
    assert "请写明资金来源的文件依据" in edit.content.decode()


@pytest.mark.django_db
def test_it_refuses_a_replayed_approval_of_a_changed_form(draft, dept_reviewer, walk):
    walk(draft, Status.SUBMITTED)
    seen = reload(draft).version
    client = client_for(dept_reviewer)
    url = reverse("web:declaration_approve", args=[draft.pk])
    client.post(url, {"version": seen})
    assert reload(draft).status == Status.DEPT_APPROVED
    replay = client.post(url, {"version": seen}, follow=True)
    assert reload(draft).status == Status.DEPT_APPROVED
    assert reload(draft).version == seen + 1
    assert "messages" in replay.context and list(replay.context["messages"])


@pytest.mark.django_db
def test_it_walks_the_workflow_through_the_buttons(draft, filer, dept_reviewer, finance_reviewer):
    def post(user, name, data=None):
        data = {"version": reload(draft).version, **(data or {})}
        return client_for(user).post(reverse(f"web:{name}", args=[draft.pk]), data)

    post(filer, "declaration_submit")
    assert reload(draft).status == Status.SUBMITTED
    post(dept_reviewer, "declaration_approve")
    assert reload(draft).status == Status.DEPT_APPROVED
    post(finance_reviewer, "declaration_conclude", {"conclusion": "优", **ALL_PASS})
    fresh = reload(draft)
    assert (fresh.status, fresh.finance_conclusion) == (Status.FINANCE_APPROVED, "优")
    post(finance_reviewer, "declaration_publish")
    assert reload(draft).status == Status.PUBLISHED
    page = client_for(filer).get(reverse("web:declaration_detail", args=[draft.pk]))
    timeline = [e.action for e in page.context["entries"]]
    assert timeline == ["create", "submit", "dept_approve", "finance_conclude", "publish"]
    assert "部门审核通过" in page.content.decode()


@pytest.mark.django_db
def test_it_returns_a_form_the_finance_reviewer_rates_fair(draft, finance_reviewer, walk):
    walk(draft, Status.DEPT_APPROVED)
    client_for(finance_reviewer).post(
        reverse("web:declaration_conclude", args=[draft.pk]),
        {"conclusion": "中", "comment": "指标不够具体", **ALL_PASS, "dim-可行性": "0"},
    )
    fresh = reload(draft)
    assert (fresh.status, fresh.finance_conclusion) == (Status.RETURNED, "中")
    assert fresh.finance_dimensions["可行性"] is False


@pytest.mark.django_db
def test_it_revises_an_approved_form_and_shows_the_changes(draft, filer, walk):
    from jixiao.declarations import services

    walk(draft, Status.FINANCE_APPROVED)
    client = client_for(filer)
    response = client.post(reverse("web:declaration_revise", args=[draft.pk]))
    revision = Declaration.objects.get(revision_of=draft)
    assert response["Location"] == reverse("web:declaration_edit", args=[revision.pk])
    data = revision.to_core().model_copy(update={"basis": "修订后的立项依据"})
    services.declaration_update(
        declaration=revision, data=data, user=filer, expected_version=revision.version
    )
    changes = client.get(reverse("web:declaration_changes", args=[revision.pk]))
    rows = changes.context["changes"]
    assert [(c["label"], c["before"], c["after"]) for c in rows] == [
        ("立项依据", draft.basis, "修订后的立项依据")
    ]
    assert reload(draft).basis == draft.basis  # the approved version stays in force
    version = client.get(reverse("web:declaration_version", args=[draft.pk, 1]))
    assert version.status_code == 200
    assert version.context["changes"] == []


# -- public pages -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_publishes_only_published_declarations(draft, outsider_draft, walk):
    walk(draft, Status.PUBLISHED)
    client = client_for()
    listed = client.get(reverse("web:public_list")).context["page"].object_list
    assert [d.pk for d in listed] == [draft.pk]
    assert client.get(reverse("web:public_detail", args=[outsider_draft.pk])).status_code == 404


@pytest.mark.django_db
def test_it_masks_the_phone_and_hides_the_handler_on_the_public_page(draft, walk):
    walk(draft, Status.PUBLISHED)
    page = client_for().get(reverse("web:public_detail", args=[draft.pk])).content.decode()
    assert "180****2232" in page
    assert "18003452232" not in page
    assert draft.handler not in page


@pytest.mark.django_db
@override_settings(JIXIAO_PUBLIC_SHOW_HANDLER=True)
def test_it_shows_the_handler_where_the_bureau_publishes_it(draft, walk):
    walk(draft, Status.PUBLISHED)
    page = client_for().get(reverse("web:public_detail", args=[draft.pk])).content.decode()
    assert draft.handler in page
    assert "18003452232" not in page


@pytest.mark.django_db
def test_it_filters_by_department_code(finance_reviewer, draft, outsider_draft):
    response = client_for(finance_reviewer).get(
        reverse("web:declaration_list"), {"department": "405"}
    )
    assert [d.pk for d in response.context["page"].object_list] == [outsider_draft.pk]
