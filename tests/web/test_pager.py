"""The lists' pager: page numbers with the first, the last and the neighbours, the total, and
a page past the end that says so; the 审核发现 column's three numbers labelled."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jixiao.declarations.models import Declaration, Status
from jixiao.web import filters
from tests.factories import clean_form, make_declaration
from tests.web.helpers import client_for

COUNT = 12


@pytest.fixture
def many(filer, expected_data, monkeypatch):
    """Twelve declarations of 403, one per page."""
    monkeypatch.setattr(filters, "PAGE_SIZE", 1)
    out = []
    for i in range(COUNT):
        data = clean_form(expected_data)
        data["project_name"] = f"分页测试项目{i:02d}"
        out.append(make_declaration(data, user=filer))
    return out


def pager_of(html: str) -> str:
    match = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
    assert match, "no pager"
    return match.group(0)


def numbers(pager: str) -> list[str]:
    return re.findall(r">(\d+|…)</(?:a|span)>", pager)


@pytest.mark.django_db
def test_it_links_the_first_the_last_and_the_neighbours_with_the_total(filer, many):
    html = client_for(filer).get(reverse("web:declaration_list"), {"page": 6}).content.decode()
    pager = pager_of(html)
    assert f"共 {COUNT} 份，{COUNT} 页" in pager
    assert numbers(pager) == ["1", "…", "4", "5", "6", "7", "8", "…", "12"]
    assert '<span class="current" aria-current="page">6</span>' in pager
    assert "page=5" in pager and "page=7" in pager  # previous / next
    first = numbers(
        pager_of(client_for(filer).get(reverse("web:declaration_list")).content.decode())
    )
    assert first == ["1", "2", "3", "…", "12"]


@pytest.mark.django_db
def test_it_keeps_the_filters_in_the_page_links(filer, many):
    html = (
        client_for(filer)
        .get(reverse("web:declaration_list"), {"q": "分页测试", "sort": "name", "page": 2})
        .content.decode()
    )
    links = re.findall(r'href="\?([^"]*page=3)"', pager_of(html))
    assert links and "sort=name" in links[0] and "q=" in links[0]


@pytest.mark.django_db
def test_it_says_a_page_past_the_end_does_not_exist_and_shows_the_last(filer, many):
    client = client_for(filer)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(
            reverse("web:declaration_list"), {"page": 99, "sort": "name"}, **headers
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert f"没有第 99 页：共 {COUNT} 份，只有 {COUNT} 页，以下是最后一页。" in html
        assert (
            f"分页测试项目{COUNT - 1:02d}" in html
        )  # sorted by name: the last is on the last page
        assert "回到第 1 页" in html


@pytest.mark.django_db
def test_it_says_so_when_nothing_matches_and_a_page_was_asked(filer, many):
    html = (
        client_for(filer)
        .get(reverse("web:declaration_list"), {"page": 3, "q": "没有这个项目"})
        .content.decode()
    )
    assert "没有第 3 页：没有符合条件的记录。" in html
    assert "没有符合条件的申报表" in html


@pytest.mark.django_db
def test_it_pages_the_public_list_the_same_way(client, many):
    Declaration.objects.filter(pk__in=[d.pk for d in many]).update(status=Status.PUBLISHED)
    html = client.get(reverse("web:public_list"), {"page": 2}).content.decode()
    assert numbers(pager_of(html)) == ["1", "2", "3", "4", "…", "12"]
    html = client.get(reverse("web:public_list"), {"page": 50}).content.decode()
    assert "没有第 50 页" in html and '<span class="current" aria-current="page">12</span>' in html


@pytest.mark.django_db
def test_it_labels_the_three_numbers_of_the_findings_column(filer, draft):
    html = client_for(filer).get(reverse("web:declaration_list")).content.decode()
    head = re.search(r"<thead>.*?</thead>", html, re.S).group(0)
    assert re.search(r'colspan="3"[^>]*>审核发现</th>', head)
    assert [
        re.sub(r"<.*?>", "", h) for h in re.findall(r'<th class="sev-col"[^>]*>.*?</th>', head)
    ] == ["错误", "警告", "提示"]
    draft.refresh_from_db()
    assert f'title="警告 {draft.review_warnings} 条"' in html
