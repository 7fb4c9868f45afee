"""The review across a fiscal year, stored: a project declared by two departments is found on
both, shown on both pages, blocks both submissions and clears when one is renamed."""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from jixiao.core.importers.base import ImportResult
from jixiao.declarations import services
from jixiao.declarations.errors import WorkflowError
from jixiao.declarations.models import Declaration, Status
from jixiao.declarations.reviewing import batch_findings_for
from tests.factories import DEPARTMENT, OTHER_DEPARTMENT, PASSWORD, clean_form

DUPLICATE = "PROJECT-DUPLICATE"


def rules_of(record) -> list[str]:
    record.refresh_from_db()
    return [f["rule"] for f in record.findings]


def duplicate_message(record) -> str:
    record.refresh_from_db()
    return next(f["message"] for f in record.findings if f["rule"] == DUPLICATE)


@pytest.fixture
def housing(filer, expected_data):
    """保障性住房建设项目 of 住建局 (403), created by its filer: the review passes it."""
    return services.declaration_create(user=filer, data=clean_form(expected_data))


@pytest.fixture
def same_in_transport(outsider, expected_data):
    """The very same project declared by 交通运输局 (405)."""
    form = clean_form(expected_data)
    form["department_code"], form["department_name"] = OTHER_DEPARTMENT
    return services.declaration_create(user=outsider, data=form)


@pytest.mark.django_db
def test_it_stores_a_duplicate_across_departments_on_both_declarations(housing, same_in_transport):
    assert DUPLICATE in rules_of(housing)
    assert DUPLICATE in rules_of(same_in_transport)
    for record in (housing, same_in_transport):
        assert record.review_errors == sum(f["severity"] == "error" for f in record.findings) > 0
        assert duplicate_message(record) == "另外 1 个项目与本项目同名或几乎同名（同为2023年度）"
    (finding,) = [f for f in housing.findings if f["rule"] == DUPLICATE]
    assert finding["refs"] == [{"id": same_in_transport.pk}]


@pytest.mark.django_db
def test_it_tells_a_department_nothing_of_the_other_departments_declaration(
    housing, same_in_transport
):
    # The finding says there is one; not whose, nor anything of it beyond the name it shares.
    message = duplicate_message(housing)
    assert "交通运输局" not in message and "405" not in message
    assert "住房和城乡建设局" not in duplicate_message(same_in_transport)


@pytest.mark.django_db
def test_it_shows_the_duplicate_on_the_declaration_page(housing, same_in_transport, outsider):
    client = Client()
    assert client.login(username=outsider.username, password=PASSWORD)
    page = client.get(reverse("web:declaration_detail", args=[same_in_transport.pk]))
    assert page.status_code == 200
    assert "另外 1 个项目与本项目同名或几乎同名" in page.content.decode()


@pytest.mark.django_db
def test_it_refuses_to_submit_a_duplicate(housing, same_in_transport, filer):
    with pytest.raises(WorkflowError, match="同名或几乎同名"):
        services.declaration_submit(declaration=housing, user=filer)
    housing.refresh_from_db()
    assert housing.status == Status.DRAFT


@pytest.mark.django_db
def test_it_clears_both_when_one_is_renamed(housing, same_in_transport, outsider, filer):
    data = same_in_transport.to_core().to_dict()
    data["project_name"] = "长治市上党区2023年公交站台改造项目"
    services.declaration_update(
        declaration=same_in_transport,
        data=data,
        user=outsider,
        expected_version=same_in_transport.version,
    )
    assert DUPLICATE not in rules_of(same_in_transport)
    assert DUPLICATE not in rules_of(housing)
    assert housing.review_errors == 0
    services.declaration_submit(declaration=housing, user=filer)


@pytest.mark.django_db
def test_it_clears_the_other_when_one_is_deleted(housing, same_in_transport, outsider):
    services.declaration_delete(declaration=same_in_transport, user=outsider)
    assert DUPLICATE not in rules_of(housing)


@pytest.mark.django_db
def test_it_finds_a_duplicate_brought_by_an_import(housing, finance_reviewer):
    copy = housing.to_core().model_copy(
        update={"department_code": OTHER_DEPARTMENT[0], "department_name": OTHER_DEPARTMENT[1]}
    )
    outcome = services.declaration_import(
        result=ImportResult("transport.json", "json", "0" * 64, [copy], []), user=finance_reviewer
    )
    (imported,) = outcome.created
    assert DUPLICATE in rules_of(imported)
    assert DUPLICATE in rules_of(housing)


@pytest.mark.django_db
def test_it_does_not_take_a_revision_for_a_duplicate_of_what_it_revises(housing, walk, filer):
    approved = walk(housing, Status.FINANCE_APPROVED)
    revision = services.declaration_revise(declaration=approved, user=filer)
    assert revision.project_name == approved.project_name
    assert DUPLICATE not in rules_of(revision)
    assert DUPLICATE not in rules_of(approved)


@pytest.mark.django_db
def test_it_keeps_other_years_out_of_the_batch(housing, outsider, expected_data):
    form = clean_form(expected_data)
    form["department_code"], form["department_name"] = OTHER_DEPARTMENT
    form["fiscal_year"] = 2024
    later = services.declaration_create(user=outsider, data=form)
    assert DUPLICATE not in rules_of(later)
    assert DUPLICATE not in rules_of(housing)


@pytest.mark.django_db
def test_review_refresh_recomputes_every_stored_review(housing, same_in_transport, capsys):
    Declaration.objects.update(findings=[], review_errors=0, review_score=100, review_grade="")
    call_command("review_refresh", "--year", "2023")
    assert "2023 年度：2 份申报表的审核结果有变化" in capsys.readouterr().out
    assert DUPLICATE in rules_of(housing) and DUPLICATE in rules_of(same_in_transport)
    assert housing.review_errors > 0 and housing.review_grade
    call_command("review_refresh")
    assert "2023 年度：0 份申报表" in capsys.readouterr().out


def test_it_stores_the_others_by_pk_and_names_none_of_them(expected_declarations):
    housing = expected_declarations[0]
    near = housing.model_copy(update={"project_name": housing.project_name + "项目"})
    # 住建局 declares the project twice, nearly; 交通运输局 declares it once more.
    found = batch_findings_for([housing, near, housing], [11, 12, 13])
    first = next(f for f in found[0] if f["rule"] == DUPLICATE)
    assert first["refs"] == [{"id": 12}, {"id": 13}]
    assert first["message"] == "另外 2 个项目与本项目同名或几乎同名（同为2023年度）"
    assert first["template"] == "{others}与本项目同名或几乎同名（同为2023年度）"
    assert near.project_name not in json.dumps(found, ensure_ascii=False)
    # Reworded, not reclassified: the severity is the configured one, as in the core.
    assert {f["severity"] for fs in found for f in fs if f["rule"] == DUPLICATE} == {"error"}


@pytest.mark.django_db(transaction=True)
def test_it_finds_a_duplicate_created_by_two_departments_at_once(filer, outsider, expected_data):
    """Each save compares with the year as committed: without the year's lock, two saves at
    once would each miss the other's declaration."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(2)
    errors = []

    def create(user, department) -> None:
        form = clean_form(expected_data)
        form["department_code"], form["department_name"] = department
        barrier.wait()
        try:
            services.declaration_create(user=user, data=form)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=create, args=(filer, DEPARTMENT)),
        threading.Thread(target=create, args=(outsider, OTHER_DEPARTMENT)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    both = Declaration.objects.all()
    assert len(both) == 2
    assert all(DUPLICATE in [f["rule"] for f in d.findings] for d in both)


@pytest.mark.django_db
def test_it_keeps_the_duplicate_when_an_edit_changes_only_what_the_year_rules_ignore(
    housing, same_in_transport, outsider
):
    data = same_in_transport.to_core().to_dict()
    data["phone"] = "13512345678"
    data["funds"]["annual"]["other"] = 0
    services.declaration_update(
        declaration=same_in_transport,
        data=data,
        user=outsider,
        expected_version=same_in_transport.version,
    )
    assert DUPLICATE in rules_of(same_in_transport)
    assert DUPLICATE in rules_of(housing)
    assert same_in_transport.review_errors == sum(
        f["severity"] == "error" for f in same_in_transport.findings
    )


@pytest.mark.django_db
def test_it_tells_which_changes_can_matter_across_the_year():
    from jixiao.declarations.services.year_review import touches_batch

    assert not touches_batch(["phone", "funds.annual.local", "responsible_person"])
    assert touches_batch(["overview"]) and touches_batch(["indicators[3]"])
    assert touches_batch(["project_name"]) and touches_batch(["goal_annual"])
