"""Bombs, damaged files and deep JSON through the browser import and the API: a message,
never a server error; the import limits are the settings'."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jixiao.declarations.models import Declaration
from tests.importers.inputs import many_page_pdf, xlsx_dimension_bomb, zip_bomb
from tests.web.helpers import client_for

API_IMPORT = "/api/declarations/import/"
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
BAD = {
    "xlsx-dimension": ("bomb.xlsx", xlsx_dimension_bomb, "超过上限 2,000 行"),
    "zip-bomb": ("bomb.xlsx", lambda: zip_bomb(64 * 1024 * 1024), "超过上限 20.0 MB"),
    "pdf-pages": ("long.pdf", lambda: many_page_pdf(150), "PDF 有 150 页，超过上限 100 页"),
    "deep-json": ("deep.json", lambda: DEEP_JSON, "嵌套过深"),
    "huge-amount": (
        "amount.json",
        lambda: (
            b'{"fiscal_year": 2023, "project_name": "x", '
            b'"funds": {"annual": {"total": ' + b"9" * 100_000 + b"}}}"
        ),
        "位数或指数过大",
    ),
    "broken-zip": (
        "broken.xlsx",
        lambda: xlsx_dimension_bomb("A3")[:-200],
        "不是有效的 Excel 工作簿",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_it_answers_a_bad_upload_with_its_message(filer, bad):
    name, make, says = bad
    client = client_for(filer)
    response = client.post(reverse("web:import_upload"), {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and errors[0].startswith(f"文件 {name}") and says in errors[0]
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_it_applies_the_limits_of_the_settings(filer, settings):
    settings.JIXIAO_IMPORT_LIMITS = {**settings.JIXIAO_IMPORT_LIMITS, "pages": 10}
    client = client_for(filer)
    data = many_page_pdf(20)
    response = client.post(
        reverse("web:import_upload"), {"file": SimpleUploadedFile("p.pdf", data)}
    )
    assert "超过上限 10 页" in response.context["form"].errors["file"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "says"),
    [(DEEP_JSON, "嵌套过深"), (b"[" + b"9" * 5000 + b"]", "位数或指数过大")],
    ids=["deep", "long-number"],
)
def test_it_answers_bad_json_in_the_api_with_a_400_and_its_message(filer, body, says):
    client = client_for(filer)
    response = client.post(API_IMPORT, body, content_type="application/json")
    assert response.status_code == 400
    assert says in response.json()["error"]
