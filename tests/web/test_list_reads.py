"""What the lists read: a constant number of queries, only the columns a row shows, the
department typed with suggestions, the name search, the kept counts (docs/performance.md)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jixiao.declarations.models import Declaration, Status
from jixiao.web import filters
from tests.factories import make_declaration
from tests.web.helpers import client_for

# Columns a list row never shows: the findings, the texts, the year index's.
WIDE_COLUMNS = ("findings", "overview", "basis", "necessity", "plan", "batch_partners")


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def _store_all(expected_data, *, status=None) -> list[Declaration]:
    """Each of the eleven shared forms stored (several departments)."""
    return [make_declaration(item, status=status) for item in expected_data]


def _queries(client, url, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def _selected_columns(sql: str) -> str:
    return sql.split(" FROM ", 1)[0]


LISTS = [
    ("web:declaration_list", {"year": 2023}),
    ("web:declaration_list", {"sort": "-amount", "status": Status.PUBLISHED}),
    ("web:declaration_list", {"q": "项目"}),
    ("web:review_queue", {}),
    ("web:public_list", {}),
    ("api:declaration-list", {"year": 2023}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "params"), LISTS)
def test_it_lists_with_the_same_number_of_queries_for_one_row_or_eleven(
    name, params, expected_data, finance_reviewer
):
    client = client_for(None if name == "web:public_list" else finance_reviewer)
    status = Status.DEPT_APPROVED if name == "web:review_queue" else Status.PUBLISHED
    first = make_declaration(expected_data[0], status=status)
    one = _queries(client, reverse(name), params)
    assert first.project_name in client.get(reverse(name), params).content.decode()
    for item in expected_data[1:]:
        make_declaration(item, status=status)
    cache.clear()
    eleven = _queries(client, reverse(name), params)
    assert len(eleven) == len(one), "\n".join(eleven)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["web:declaration_list", "web:review_queue", "web:public_list"])
def test_it_reads_only_the_columns_a_list_row_shows(name, expected_data, finance_reviewer):
    _store_all(expected_data, status=Status.PUBLISHED)
    Declaration.objects.filter(pk__in=Declaration.objects.values("pk")[:3]).update(
        status=Status.DEPT_APPROVED
    )
    client = client_for(None if name == "web:public_list" else finance_reviewer)
    page = client.get(reverse(name)).content.decode()
    assert "<tbody>" in page
    sqls = [s for s in _queries(client, reverse(name)) if '"declarations_declaration"' in s]
    assert sqls
    for sql in sqls:
        columns = _selected_columns(sql)
        for wide in WIDE_COLUMNS:
            assert f'"declarations_declaration"."{wide}"' not in columns, sql


@pytest.mark.django_db
def test_it_reads_the_api_list_without_the_findings(expected_data, finance_reviewer):
    _store_all(expected_data)
    client = client_for(finance_reviewer)
    sqls = _queries(client, reverse("api:declaration-list"))
    rows = [s for s in sqls if s.startswith('SELECT "declarations_declaration"."id", ')]
    assert rows
    for sql in rows:
        assert '"declarations_declaration"."findings"' not in _selected_columns(sql)
    body = client.get(reverse("api:declaration-list")).json()
    assert body["count"] == len(expected_data)
    assert all(d["declaration"]["overview"] for d in body["declarations"])


@pytest.mark.django_db
def test_it_keeps_the_sort_order_when_reading_a_page_by_id(expected_data, finance_reviewer):
    _store_all(expected_data)
    client = client_for(finance_reviewer)
    for sort in ("-amount", "name", "score", "-date"):
        response = client.get(reverse("web:declaration_list"), {"sort": sort})
        shown = [d.pk for d in response.context["page"].object_list]
        ordering = filters.ListFilterForm({"sort": sort}).ordering()
        expected = list(Declaration.objects.order_by(*ordering).values_list("pk", flat=True))
        assert shown == expected


@pytest.mark.django_db
def test_it_finds_a_name_by_two_characters_or_by_more(expected_data, finance_reviewer):
    records = _store_all(expected_data)
    client = client_for(finance_reviewer)
    for typed in ("公路", "农村公路", "农村公路建设"):
        wanted = sorted(r.pk for r in records if typed in r.project_name)
        response = client.get(reverse("web:declaration_list"), {"q": typed})
        assert wanted, typed
        assert sorted(d.pk for d in response.context["page"].object_list) == wanted


@pytest.mark.django_db
def test_it_finds_latin_letters_of_a_name_in_either_case(expected_data, finance_reviewer):
    data = dict(expected_data[0], project_name="5G基站建设项目")
    record = make_declaration(data)
    client = client_for(finance_reviewer)
    for typed in ("5g", "5G基站", "g基"):
        response = client.get(reverse("web:declaration_list"), {"q": typed})
        assert [d.pk for d in response.context["page"].object_list] == [record.pk], typed


@pytest.mark.django_db
def test_it_renders_the_department_as_a_typed_code_not_every_department(
    expected_data, finance_reviewer
):
    _store_all(expected_data)
    page = client_for(finance_reviewer).get(reverse("web:declaration_list")).content.decode()
    field = re.search(r'<input type="text" name="department"[^>]*>', page).group(0)
    assert 'list="department-options"' in field
    assert reverse("web:department_options") in field
    assert '<select name="department"' not in page
    assert '<datalist id="department-options"></datalist>' in page


@pytest.mark.django_db
def test_it_suggests_departments_by_code_or_name(expected_data, finance_reviewer):
    _store_all(expected_data)
    client = client_for(finance_reviewer)
    by_code = client.get(reverse("web:department_options"), {"department": "40"}).content
    codes = re.findall(r'<option value="([^"]+)">', by_code.decode())
    assert codes and all(c.startswith("40") for c in codes)
    assert codes == sorted(codes)
    by_name = client.get(reverse("web:department_options"), {"department": "交通"}).content
    assert re.findall(r'<option value="([^"]+)">', by_name.decode()) == ["405"]
    assert "405 长治市上党区交通运输局" in by_name.decode()


@pytest.mark.django_db
def test_it_suggests_at_most_twenty_departments(finance_reviewer):
    from tests.factories import make_department

    for n in range(30):
        make_department(f"9{n:02d}", f"测试部门{n}")
    page = client_for(finance_reviewer).get(reverse("web:department_options")).content.decode()
    assert page.count("<option ") == filters.DEPARTMENT_OPTIONS


@pytest.mark.django_db
def test_it_suggests_only_their_own_department_to_a_department_reviewer(
    expected_data, dept_reviewer, department
):
    _store_all(expected_data)
    page = client_for(dept_reviewer).get(reverse("web:department_options")).content.decode()
    assert re.findall(r'<option value="([^"]+)">', page) == [department.code]


@pytest.mark.django_db
def test_it_sends_an_anonymous_visitor_of_the_suggestions_to_the_login_page():
    response = client_for().get(reverse("web:department_options"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_it_suggests_on_the_public_list_only_departments_that_published(expected_data):
    records = _store_all(expected_data)
    published = records[2]
    Declaration.objects.filter(pk=published.pk).update(status=Status.PUBLISHED)
    page = client_for().get(reverse("web:public_department_options")).content.decode()
    assert re.findall(r'<option value="([^"]+)">', page) == [published.department.code]
    listed = client_for().get(reverse("web:public_list"), {"department": published.department.code})
    assert [d.pk for d in listed.context["page"].object_list] == [published.pk]
    unpublished = records[0].department.code
    if unpublished != published.department.code:
        refused = client_for().get(reverse("web:public_list"), {"department": unpublished})
        assert "没有这个部门" in refused.content.decode()


@pytest.mark.django_db
def test_it_keeps_a_slow_count_for_a_short_while(expected_data, finance_reviewer, monkeypatch):
    records = _store_all(expected_data)
    client = client_for(finance_reviewer)
    url = reverse("web:declaration_list")
    monkeypatch.setattr(filters, "COUNT_SLOW_SECONDS", -1)  # every count is "slow"
    assert client.get(url).context["page"].paginator.count == len(records)
    Declaration.objects.filter(pk=records[0].pk).delete()
    response = client.get(url)
    assert response.context["page"].paginator.count == len(records)  # kept
    assert len(response.context["page"].object_list) == len(records) - 1  # the rows are fresh
    cache.clear()
    assert client.get(url).context["page"].paginator.count == len(records) - 1


@pytest.mark.django_db
def test_it_counts_a_fast_list_afresh_every_time(expected_data, finance_reviewer):
    records = _store_all(expected_data)
    client = client_for(finance_reviewer)
    url = reverse("web:declaration_list")
    assert client.get(url).context["page"].paginator.count == len(records)
    Declaration.objects.filter(pk=records[0].pk).delete()
    assert client.get(url).context["page"].paginator.count == len(records) - 1


@pytest.mark.django_db
def test_it_has_the_trigram_index_on_postgresql_only():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'declaration_name_trgm'")
            assert cursor.fetchone() == (1,)
        else:
            tables = connection.introspection.get_constraints(cursor, "declarations_declaration")
            assert "declaration_name_trgm" not in tables
            assert "declaration_year_updated" in tables
