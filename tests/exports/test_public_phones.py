"""Full phone numbers planted in a published declaration appear in no public output."""

from __future__ import annotations

import html
import io
import json
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jixiao.declarations.models import Status
from tests.factories import clean_form, make_declaration
from tests.phones import clear_windows

# Where a filer typed each number, how, and the number itself (its digits).
PLANTED = {
    "phone": ("13812345678/0355-8551234转6、一三九一二三四五六七八", None),
    "project_name": ("（咨询 137-1234-5678）", "suffix"),
    "overview": ("联系人张三，手机１３６１２３４５６７８，座机(0351)7123456。", "suffix"),
    "goal_annual": ("咨询请拨 +86 135 1234 5678", "suffix"),
    "responsible_person": ("王五15912345678", None),
    "handler": ("李四 189-1234-5678", None),
}
NUMBERS = [
    "13812345678",
    "03558551234",
    "13912345678",
    "13712345678",
    "13612345678",
    "03517123456",
    "13512345678",
    "15912345678",
    "18912345678",
    "03557654321",
]
INDICATOR_NAME = "（服务热线0355－7654321）"


def pdf_texts(data: bytes) -> str:
    """The PDF's text in reading order and as laid out (a wrapped number shows in one)."""
    out = []
    for args in ([], ["-layout"]):
        done = subprocess.run(["pdftotext", *args, "-", "-"], input=data, capture_output=True)
        assert done.returncode == 0
        out.append(done.stdout.decode())
    return "\n".join(out)


def xlsx_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell.value) for ws in wb.worksheets for row in ws.iter_rows() for cell in row
    )


def leaks(text: str) -> dict[str, list[str]]:
    return {n: w for n in NUMBERS if (w := clear_windows(text, n))}


@pytest.fixture
def planted(walk, filer, expected_data, settings):
    settings.JIXIAO_PUBLIC_SHOW_HANDLER = True  # the filer's name is published: masked too
    form = clean_form(expected_data, 0)
    for key, (text, how) in PLANTED.items():
        form[key] = (form[key] or "") + text if how == "suffix" else text
    form["indicators"][0]["name"] += INDICATOR_NAME
    record = make_declaration(form, user=filer)
    return walk(record, Status.PUBLISHED)


def public_outputs(record) -> dict[str, str]:
    anonymous = Client()

    def get(url: str):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        disposition = response.get("Content-Disposition", "")
        return response.content, disposition

    out = {}
    for name, url in {
        "public page": reverse("web:public_detail", args=[record.pk]),
        "public list": reverse("web:public_list"),
        "print view": reverse("exports:declaration_print", args=[record.pk]),
    }.items():
        body, _ = get(url)
        out[name] = html.unescape(body.decode())
    for name, url in {
        "public pdf": reverse("exports:public_pdf", args=[record.pk]),
        "declaration pdf": reverse("exports:declaration_pdf", args=[record.pk]),
        "booklet": reverse("exports:booklet_pdf"),
    }.items():
        body, disposition = get(url)
        out[name] = pdf_texts(body) + disposition
    body, disposition = get(reverse("exports:declaration_xlsx", args=[record.pk]))
    out["xlsx"] = xlsx_text(body) + disposition
    body, disposition = get(reverse("exports:declaration_json", args=[record.pk]))
    out["json"] = body.decode() + disposition
    for name in ("opendata_json", "opendata_csv"):
        out[name] = get(reverse(f"exports:{name}"))[0].decode()
    for name, url in {
        "api detail": reverse("api:declaration-detail", args=[record.pk]),
        "api list": reverse("api:declaration-list"),
    }.items():
        # The API answers Chinese as it is; decode \\u escapes anyway.
        out[name] = json.dumps(json.loads(get(url)[0]), ensure_ascii=False)
    return out


@pytest.mark.django_db
def test_it_publishes_no_planted_number_in_clear_anywhere(planted):
    outputs = public_outputs(planted)
    assert {name: found for name, text in outputs.items() if (found := leaks(text))} == {}
    # … and the masked numbers are there: the outputs hold the fields searched.
    for name in ("public page", "print view", "json", "api detail", "opendata_csv", "xlsx"):
        text = outputs[name]
        assert "138****5678" in text and "0355-***1234" in text, name
        assert "137-****-5678" in text and "１３６****５６７８" in text, name
        assert "一三九****五六七八" in text, name
    for name in ("public pdf", "booklet"):
        assert "138****5678" in outputs[name], name
    assert "137-****-5678" in outputs["public list"]


@pytest.mark.django_db
def test_it_keeps_the_numbers_for_the_filer(planted, filer):
    client = Client()
    client.force_login(filer)
    data = client.get(reverse("exports:declaration_json", args=[planted.pk])).json()
    assert data["phone"] == PLANTED["phone"][0]
    assert data["overview"].endswith(PLANTED["overview"][0])


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "html", "pdf", "booklet"])
def test_it_masks_every_public_export_of_the_command_line(planted, fmt, tmp_path):
    out = tmp_path / f"export.{fmt}"
    call_command("export", format=fmt, public=True, year=planted.fiscal_year, out=str(out))
    data = out.read_bytes()
    if fmt in ("pdf", "booklet"):
        text = pdf_texts(data)
    elif fmt == "xlsx":
        text = xlsx_text(data)
    else:
        text = data.decode("utf-8")
    assert "138****5678" in text
    assert leaks(text) == {}
