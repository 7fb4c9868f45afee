"""Findings across the year are worded for their reader: the declarations the reader may see
named with a link, the others counted; stored names never reach a reader."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from jixiao.accounts.models import ImplementingUnit
from jixiao.declarations import services
from jixiao.declarations.finding_text import findings_for_viewer, findings_for_viewers
from jixiao.declarations.models import Declaration
from tests.factories import OTHER_DEPARTMENT, clean_form, make_user
from tests.web.helpers import client_for

DUPLICATE = "PROJECT-DUPLICATE"


@pytest.fixture
def three(filer, outsider, expected_data):
    """保障性住房建设项目 declared by 住建局 twice (once as …项目, by another unit) and by
    交通运输局 once: each one's PROJECT-DUPLICATE refers to the two others."""
    form = clean_form(expected_data)
    housing = services.declaration_create(user=filer, data=form)
    near = dict(form, project_name=form["project_name"] + "项目", implementing_unit="上党区房管所")
    near = services.declaration_create(user=filer, data=near)
    other = dict(form)
    other["department_code"], other["department_name"] = OTHER_DEPARTMENT
    transport = services.declaration_create(user=outsider, data=other)
    for record in (housing, near, transport):
        record.refresh_from_db()
    return housing, near, transport


def duplicate_of(record, user, **kwargs) -> dict:
    return next(
        f for f in findings_for_viewer(record.findings, user, **kwargs) if f["rule"] == DUPLICATE
    )


@pytest.mark.django_db
def test_it_names_the_departments_own_project_and_counts_the_other_departments(three, filer):
    housing, near, transport = three
    shown = duplicate_of(housing, filer, html=False)
    assert shown["message"] == (
        f"「{near.project_name}」（{near.department.name}）和另外 1 个项目"
        "与本项目同名或几乎同名（同为2023年度）"
    )
    assert [r["id"] for r in shown["refs"]] == [near.pk]
    assert shown["refs"][0]["url"] == reverse("web:declaration_detail", args=[near.pk])
    assert shown["others"] == 1
    assert transport.department.name not in shown["message"]


@pytest.mark.django_db
def test_it_names_every_project_to_the_finance_bureau_with_links(three, finance_reviewer):
    housing, near, transport = three
    html = duplicate_of(housing, finance_reviewer)["message"]
    for other in (near, transport):
        url = reverse("web:declaration_detail", args=[other.pk])
        assert f'<a href="{url}">「{other.project_name}」</a>（{other.department.name}）' in html
    assert "另外" not in html


@pytest.mark.django_db
def test_it_counts_what_a_unit_bound_filer_may_not_see(three, department):
    housing, near, transport = three
    unit = ImplementingUnit.objects.get(department=department, name="上党区房管所")
    unit_filer = make_user("unit_filer", "filer", department, unit)
    shown = duplicate_of(near, unit_filer, html=False)
    assert shown["message"] == "另外 2 个项目与本项目同名或几乎同名（同为2023年度）"
    assert shown["refs"] == [] and shown["others"] == 2


@pytest.mark.django_db
def test_it_names_a_published_project_to_another_department(three, outsider_reviewer):
    housing, near, transport = three
    Declaration.objects.filter(pk=near.pk).update(status="published")
    shown = duplicate_of(transport, outsider_reviewer, html=False)
    assert [r["id"] for r in shown["refs"]] == [near.pk]
    assert shown["others"] == 1


@pytest.mark.django_db
def test_it_escapes_the_names_it_links(three, finance_reviewer):
    housing, near, transport = three
    Declaration.objects.filter(pk=near.pk).update(project_name="<b>保障性住房</b>建设项目")
    html = duplicate_of(housing, finance_reviewer)["message"]
    assert "<b>" not in html and "&lt;b&gt;保障性住房&lt;/b&gt;" in html


@pytest.mark.django_db
def test_it_reads_the_referenced_declarations_of_a_page_in_one_query(
    three, finance_reviewer, django_assert_num_queries
):
    lists = [r.findings for r in three]
    with django_assert_num_queries(1):
        worded = findings_for_viewers(lists, finance_reviewer)
    assert all(any(f["rule"] == DUPLICATE for f in found) for found in worded)


@pytest.mark.django_db
def test_it_shows_the_filer_the_worded_finding_on_the_page(three, filer):
    housing, near, transport = three
    page = client_for(filer).get(reverse("web:declaration_detail", args=[housing.pk]))
    text = page.content.decode()
    assert f'<a href="{reverse("web:declaration_detail", args=[near.pk])}">' in text
    assert "和另外 1 个项目与本项目同名或几乎同名" in text
    body = client_for(filer).get(f"/api/declarations/{housing.pk}/").json()
    (api,) = [f for f in body["review"]["findings"] if f["rule"] == DUPLICATE]
    assert [r["id"] for r in api["refs"]] == [near.pk] and api["others"] == 1
    assert "template" not in api and transport.pk not in [r["id"] for r in api["refs"]]


LEGACY = {
    "rule": DUPLICATE,
    "severity": "error",
    "field": "project_name",
    "message": "2023年已有同名或几乎同名的项目：本部门的「某局草稿项目」和其他部门的 1 个项目",
    "hint": "",
}


@pytest.mark.django_db
def test_it_never_shows_the_names_of_a_finding_stored_before_references(draft, filer):
    (shown,) = findings_for_viewer([LEGACY], filer)
    assert "某局草稿项目" not in shown["message"]
    assert shown["message"] == "同一项目重复申报（涉及同年度的其他申报表，重新审核后列出）"


@pytest.mark.django_db
def test_the_migration_takes_the_names_out_of_stored_findings(draft, filer):
    own = {**LEGACY, "rule": "FIELD-MISSING", "message": "负责人未填写"}
    Declaration.objects.filter(pk=draft.pk).update(findings=[LEGACY, own])
    migration = importlib.import_module(
        "jixiao.declarations.migrations.0002_batch_findings_by_reference"
    )
    migration.forwards(apps, None)
    stored = Declaration.objects.get(pk=draft.pk).findings
    assert "某局草稿项目" not in str(stored)
    assert stored[0]["refs"] == [] and stored[0]["severity"] == "error"
    assert stored[1] == own


@pytest.mark.django_db
def test_review_refresh_stores_a_legacy_finding_again_with_references(three):
    from django.core.management import call_command

    housing, near, transport = three
    Declaration.objects.filter(pk=housing.pk).update(findings=[LEGACY])
    call_command("review_refresh", "--year", "2023")
    housing.refresh_from_db()
    (finding,) = [f for f in housing.findings if f["rule"] == DUPLICATE]
    assert [r["id"] for r in finding["refs"]] == [near.pk, transport.pk]
    assert "某局草稿项目" not in str(housing.findings)
