"""Downloads as each member of the cast gets them: in scope, outsider, anonymous."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jixiao.declarations.models import Declaration, Status

ONE = ("declaration_pdf", "declaration_xlsx", "declaration_json", "declaration_print")
LISTS = ("summary_xlsx", "list_xlsx")
PUBLIC_FILES = ("booklet_pdf", "opendata_json", "opendata_csv")


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True)
    return done.stdout.decode()


@pytest.mark.django_db
def test_it_gives_the_filer_every_format_of_their_declaration(draft, filer):
    client = client_for(filer)
    pdf = client.get(reverse("exports:declaration_pdf", args=[draft.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert draft.phone and draft.phone in pdf_text(pdf.content)
    data = json.loads(client.get(reverse("exports:declaration_json", args=[draft.pk])).content)
    assert data["project_name"] == draft.project_name and data["phone"] == draft.phone
    sheet = client.get(reverse("exports:declaration_xlsx", args=[draft.pk])).content
    assert load_workbook(io.BytesIO(sheet)).worksheets[0]["B3"].value == draft.project_name
    page = client.get(reverse("exports:declaration_print", args=[draft.pk])).content.decode()
    assert "@page" in page and draft.project_name in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", ONE)
def test_it_hides_a_declaration_from_another_department(name, draft, outsider):
    assert client_for(outsider).get(reverse(f"exports:{name}", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", (*ONE, "public_pdf"))
def test_it_gives_anonymous_visitors_nothing_unpublished(name, draft):
    assert client_for().get(reverse(f"exports:{name}", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_it_gives_everyone_a_published_declaration_with_the_phone_masked(
    draft, walk, outsider, filer
):
    walk(draft, Status.PUBLISHED)
    phone = draft.phone
    for user in (None, outsider):
        response = client_for(user).get(reverse("exports:public_pdf", args=[draft.pk]))
        assert response.status_code == 200
        text = pdf_text(response.content)
        assert phone not in text and phone[-4:] in text
        data = json.loads(
            client_for(user).get(reverse("exports:declaration_json", args=[draft.pk])).content
        )
        assert data["phone"] == phone[:3] + "****" + phone[-4:]
        assert data["handler"] is None
    own = json.loads(
        client_for(filer).get(reverse("exports:declaration_json", args=[draft.pk])).content
    )
    assert own["phone"] == phone


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_it_sends_anonymous_visitors_to_sign_in_for_list_exports(name):
    response = client_for().get(reverse(f"exports:{name}"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_it_summarises_only_what_the_user_may_see_with_the_list_filters(
    draft, outsider_draft, filer, finance_reviewer
):
    def projects(user, query=""):
        data = client_for(user).get(reverse("exports:summary_xlsx") + query).content
        ws = load_workbook(io.BytesIO(data))["项目明细"]
        return [row[2] for row in ws.iter_rows(min_row=4, values_only=True)]

    drafts = f"?status={Status.DRAFT}"
    assert projects(filer, drafts) == [draft.project_name]
    assert sorted(projects(finance_reviewer, drafts)) == sorted(
        [draft.project_name, outsider_draft.project_name]
    )
    assert projects(finance_reviewer, drafts + "&q=农村公路") == [outsider_draft.project_name]
    assert projects(finance_reviewer, f"?status={Status.SUBMITTED}") == []
    # Without a status, drafts are not added up.
    assert projects(finance_reviewer) == []
    forms = client_for(filer).get(reverse("exports:list_xlsx")).content
    assert load_workbook(io.BytesIO(forms)).sheetnames[0].startswith("1-")


@pytest.mark.django_db
def test_it_summarises_one_year_and_says_which_filters_it_used_on_every_sheet(
    two_years, finance_reviewer
):
    draft = two_years
    data = client_for(finance_reviewer).get(reverse("exports:summary_xlsx")).content
    wb = load_workbook(io.BytesIO(data))
    names = [row[2] for row in wb["项目明细"].iter_rows(min_row=4, values_only=True)]
    assert names == [draft.project_name]
    total = list(wb["按部门汇总"].iter_rows(min_row=4, values_only=True))[-1]
    assert (total[0], total[2]) == ("合计", 1)
    for ws in wb.worksheets:
        caption = ws["A1"].value
        assert caption.startswith(f"筛选条件：年度 {draft.fiscal_year}（未选年度，默认最新年度）")
        assert "主管部门 全部；状态 已提交、部门已审核、财政已批复、已公开" in caption
    older = f"?year={draft.fiscal_year - 1}"
    data = client_for(finance_reviewer).get(reverse("exports:summary_xlsx") + older).content
    caption = load_workbook(io.BytesIO(data))["按部门汇总"]["A1"].value
    assert caption.startswith(f"筛选条件：年度 {draft.fiscal_year - 1}；")


@pytest.mark.django_db
def test_it_publishes_only_published_declarations_in_the_public_files(draft, outsider_draft, walk):
    walk(draft, Status.PUBLISHED)
    for name in PUBLIC_FILES:
        response = client_for().get(reverse(f"exports:{name}"), {"year": draft.fiscal_year})
        assert response.status_code == 200, name
    data = json.loads(client_for().get(reverse("exports:opendata_json")).content)
    assert [d["project_name"] for d in data] == [draft.project_name]
    assert data[0]["phone"] != draft.phone
    csv_text = client_for().get(reverse("exports:opendata_csv")).content.decode("utf-8-sig")
    assert outsider_draft.project_name not in csv_text and draft.phone not in csv_text
    booklet = pdf_text(client_for().get(reverse("exports:booklet_pdf")).content)
    assert "共 1 个项目" in booklet and draft.project_name in booklet
    assert outsider_draft.project_name not in booklet


@pytest.mark.django_db
def test_it_shows_the_download_page(filer):
    assert "公开汇编" in client_for().get(reverse("exports:index")).content.decode()
    page = client_for(filer).get(reverse("exports:index")).content.decode()
    assert "汇总表" in page and "质量等级" in page


@pytest.mark.django_db
def test_it_gives_the_public_pdf_in_its_public_form_to_the_filer_too(draft, walk, filer):
    walk(draft, Status.PUBLISHED)
    text = pdf_text(client_for(filer).get(reverse("exports:public_pdf", args=[draft.pk])).content)
    assert draft.phone not in text and draft.phone[-4:] in text
    assert draft.handler not in text


@pytest.mark.django_db
def test_it_lists_in_the_list_downloads_only_the_users_scope(draft, outsider_draft, walk, outsider):
    walk(draft, Status.PUBLISHED)
    # The published form of 住建局 is public, but its score and grade are not.
    for query in ({}, {"status": Status.PUBLISHED}):
        data = client_for(outsider).get(reverse("exports:summary_xlsx"), query).content
        ws = load_workbook(io.BytesIO(data))["项目明细"]
        assert [row[2] for row in ws.iter_rows(min_row=4, values_only=True)] == [], query
    data = client_for(outsider).get(reverse("exports:summary_xlsx"), {"status": "draft"}).content
    ws = load_workbook(io.BytesIO(data))["项目明细"]
    assert [row[2] for row in ws.iter_rows(min_row=4, values_only=True)] == [
        outsider_draft.project_name
    ]


@pytest.mark.django_db
def test_it_chooses_the_public_files_by_what_is_published_not_by_the_review(draft, walk):
    walk(draft, Status.PUBLISHED)
    grade = Declaration.objects.get(pk=draft.pk).review_grade
    other = next(g for g in ("优", "良", "中", "差") if g != grade)
    for query in ({"grade": other}, {"status": Status.DRAFT}):
        data = json.loads(client_for().get(reverse("exports:opendata_json"), query).content)
        assert [d["project_name"] for d in data] == [draft.project_name], query


@pytest.mark.django_db
def test_it_says_on_the_booklets_cover_and_link_that_it_holds_the_latest_year(draft, walk):
    walk(draft, Status.PUBLISHED)
    year = draft.fiscal_year
    page = client_for().get(reverse("web:public_list")).content.decode()
    assert f"公开汇编（PDF，最新年度 {year}年度）" in page
    cover = pdf_text(client_for().get(reverse("exports:booklet_pdf")).content).split("\f")[0]
    assert f"未指定年度，收录最新年度（{year}年度）已公开的申报表" in cover
    chosen = client_for().get(reverse("web:public_list"), {"year": year}).content.decode()
    assert f"公开汇编（PDF，{year}年度）" in chosen
    cover = pdf_text(client_for().get(reverse("exports:booklet_pdf"), {"year": year}).content)
    assert "未指定年度" not in cover.split("\f")[0]
