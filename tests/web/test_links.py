"""Every download and the monitoring pages are reachable from where a user needs them: the
declaration page, the lists (with their current filters), the public pages and the top
navigation. Each link found on a page is followed and must answer with its file."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jixiao.declarations.models import Status
from tests.factories import clean_form, make_declaration
from tests.web.helpers import client_for


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def hrefs(html: str, test: str) -> list[str]:
    """The href of every link marked ``data-test="<test>"`` on the page."""
    tags = re.findall(r"<a\b[^>]*>", html)
    return [
        unescape(re.search(r'href="([^"]*)"', tag).group(1))
        for tag in tags
        if f'data-test="{test}"' in tag
    ]


def only_href(html: str, test: str) -> str:
    found = hrefs(html, test)
    assert len(found) == 1, (test, found)
    return found[0]


EXPORTS = {
    "export-pdf": "application/pdf",
    "export-xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "export-json": "application/json",
    "export-print": "text/html",
}


@pytest.mark.django_db
def test_it_links_every_download_of_a_declaration_from_its_page(draft, filer):
    client = client_for(filer)
    page = client.get(reverse("web:declaration_detail", args=[draft.pk])).content.decode()
    for test, content_type in EXPORTS.items():
        href = only_href(page, test)
        assert str(draft.pk) in href
        response = client.get(href)
        assert response.status_code == 200, href
        assert response["Content-Type"].startswith(content_type), (href, response["Content-Type"])
    # A draft is neither monitored nor self-evaluated yet.
    assert not hrefs(page, "self-evaluation") and 'id="monitoring-links"' not in page


@pytest.mark.django_db
def test_it_carries_the_list_filters_into_the_summary_and_list_downloads(
    filer, dept_reviewer, finance_reviewer, walk, expected_data
):
    housing = make_declaration(clean_form(expected_data, 0), user=filer)
    other = make_declaration(clean_form(expected_data, 1), user=filer)
    walk(housing, Status.FINANCE_APPROVED)
    client = client_for(finance_reviewer)
    query = {"status": Status.FINANCE_APPROVED, "year": "2023"}
    page = client.get(reverse("web:declaration_list"), query).content.decode()
    for test in ("summary-xlsx", "list-xlsx"):
        href = only_href(page, test)
        params = parse_qs(urlsplit(href).query)
        assert params["status"] == [Status.FINANCE_APPROVED] and params["year"] == ["2023"]
        response = client.get(href)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(EXPORTS["export-xlsx"])
    book = load_workbook(io.BytesIO(client.get(only_href(page, "list-xlsx")).content))
    titles = " ".join(str(cell.value) for ws in book.worksheets for row in ws for cell in row)
    assert housing.project_name in titles and other.project_name not in titles


@pytest.mark.django_db
def test_it_carries_the_conclusion_and_follow_up_filters_into_the_downloads(
    filer, finance_reviewer, walk, expected_data
):
    from jixiao.declarations import services

    good = make_declaration(clean_form(expected_data, 0), user=filer)
    excellent = make_declaration(clean_form(expected_data, 1), user=filer)
    walk(excellent, Status.FINANCE_APPROVED)
    walk(good, Status.DEPT_APPROVED)
    services.declaration_finance_conclude(
        declaration=good,
        user=finance_reviewer,
        conclusion="良",
        dimensions=dict.fromkeys(("完整性", "相关性", "适当性", "可行性"), True),
        comment="成本指标写明单位造价",
    )
    client = client_for(finance_reviewer)
    page = client.get(reverse("web:declaration_list"), {"follow_up": "open", "conclusion": "良"})
    book = load_workbook(
        io.BytesIO(client.get(only_href(page.content.decode(), "list-xlsx")).content)
    )
    titles = " ".join(str(cell.value) for ws in book.worksheets for row in ws for cell in row)
    assert good.project_name in titles and excellent.project_name not in titles
    summary = load_workbook(
        io.BytesIO(client.get(only_href(page.content.decode(), "summary-xlsx")).content)
    )
    printed = [[c.value for c in row] for row in summary["说明"].iter_rows()]
    assert ["审核结论", "良"] in printed and ["整改", "待整改"] in printed


@pytest.mark.django_db
def test_it_keeps_the_downloads_off_the_review_queue(draft, dept_reviewer, walk):
    # The queue is "what waits for me", not a filter of the whole list: a summary of it would
    # silently cover every declaration in scope.
    walk(draft, Status.SUBMITTED)
    page = client_for(dept_reviewer).get(reverse("web:review_queue")).content.decode()
    assert draft.project_name in page
    assert not hrefs(page, "summary-xlsx") and not hrefs(page, "list-xlsx")


@pytest.mark.django_db
def test_it_links_the_booklet_and_open_data_from_the_public_list(draft, walk):
    walk(draft, Status.PUBLISHED)
    client = client_for()
    code = draft.department.code
    page = client.get(reverse("web:public_list"), {"department": code}).content.decode()
    expected = {
        "booklet-pdf": "application/pdf",
        "opendata-json": "application/json",
        "opendata-csv": "text/csv",
    }
    for test, content_type in expected.items():
        href = only_href(page, test)
        assert parse_qs(urlsplit(href).query)["department"] == [code]
        response = client.get(href)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)


@pytest.mark.django_db
def test_it_links_an_approved_declaration_to_its_monitoring_and_self_evaluation(
    draft, filer, finance_reviewer, walk
):
    from jixiao.monitoring.services import monitoring_round_open

    walk(draft, Status.FINANCE_APPROVED)
    july = monitoring_round_open(
        user=finance_reviewer, fiscal_year=draft.fiscal_year, cut_off=date(2023, 7, 31)
    )
    client = client_for(filer)
    page = client.get(reverse("web:declaration_detail", args=[draft.pk])).content.decode()
    report = only_href(page, "monitoring-report")
    assert report == reverse("monitoring:report", args=[july.pk, draft.pk])
    evaluation = only_href(page, "self-evaluation")
    assert evaluation == reverse("monitoring:self_evaluation", args=[draft.pk])
    assert not hrefs(page, "public-page")  # approved, not yet published
    detail = reverse("web:declaration_detail", args=[draft.pk])
    for href in (report, evaluation):
        response = client.get(href)
        assert response.status_code == 200, href
        # ...and each leads back to the declaration it belongs to.
        assert only_href(response.content.decode(), "declaration") == detail


@pytest.mark.django_db
def test_it_puts_exports_and_monitoring_in_the_navigation_of_signed_in_users(filer):
    nav = re.compile(r'<nav class="mainnav".*?</nav>', re.S)
    signed_in = nav.search(client_for(filer).get(reverse("web:home")).content.decode()).group()
    assert f'href="{reverse("exports:index")}"' in signed_in
    assert f'href="{reverse("monitoring:index")}"' in signed_in
    anonymous = nav.search(client_for().get(reverse("web:home")).content.decode()).group()
    assert reverse("monitoring:index") not in anonymous
    assert f'href="{reverse("web:public_list")}"' in anonymous


@pytest.mark.django_db
def test_it_shows_which_imported_forms_it_will_not_overwrite(draft, filer, walk, expected_data):
    # The file changes a declaration that is already in review: the preview says so, with
    # the reason, instead of counting it as "unchanged".
    walk(draft, Status.SUBMITTED)
    data = clean_form(expected_data)
    data["basis"] = "更新后的立项依据"
    client = client_for(filer)
    response = client.post(
        reverse("web:import_upload"),
        {"file": SimpleUploadedFile("one.json", json.dumps(data, ensure_ascii=False).encode())},
    )
    preview = client.get(response["Location"])
    assert preview.context["locked"] == 1
    assert preview.context["counts"] == {"create": 0, "update": 0, "unchanged": 0, "skipped": 0}
    page = preview.content.decode()
    assert "不覆盖" in page and "如需修改，请在系统中发起修订" in page
    assert "确认导入（新建 0 份，更新 0 份）" in page


@pytest.mark.django_db
def test_it_answers_errors_in_chinese_with_a_way_back(filer):
    # DEBUG is off under test, as in production: these are the pages users would see.
    missing = client_for(filer).get("/public/999999/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert "页面不存在" in page and f'href="{reverse("web:home")}"' in page
    assert "Not Found" not in page

    strict = client_for(filer)
    strict.handler.enforce_csrf_checks = True
    forged = strict.post(reverse("logout"))
    assert forged.status_code == 403
    assert "页面已过期" in forged.content.decode()

    # The 500 page is rendered without a request or a user: it must not need them.
    from django.template.loader import render_to_string

    assert "系统出错" in render_to_string("500.html")


def test_it_serves_the_stylesheets_with_debug_off(settings):
    # `make run` runs with DEBUG off: whitenoise, not runserver, serves the static files.
    assert settings.DEBUG is False
    for path in ("/static/css/app.css", "/static/admin/css/base.css"):
        response = client_for().get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("text/css")


@pytest.mark.django_db
def test_it_links_a_published_declaration_to_its_public_page(draft, filer, walk):
    walk(draft, Status.PUBLISHED)
    page = client_for(filer).get(reverse("web:declaration_detail", args=[draft.pk]))
    href = only_href(page.content.decode(), "public-page")
    assert href == reverse("web:public_detail", args=[draft.pk])
    assert client_for().get(href).status_code == 200
