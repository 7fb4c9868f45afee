"""Import in the browser: upload, preview, confirm; limits and clear messages on bad files."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from jixiao.declarations.models import Declaration, ImportRecord
from tests.conftest import TARGETS_TXT
from tests.factories import clean_form
from tests.web.helpers import client_for


def upload(client, name: str, data: bytes, **kwargs):
    return client.post(
        reverse("web:import_upload"),
        {"file": SimpleUploadedFile(name, data)},
        **kwargs,
    )


@pytest.mark.django_db
def test_it_previews_the_shared_forms_and_imports_them_on_confirmation(finance_reviewer):
    client = client_for(finance_reviewer)
    response = upload(client, "shangdang-2023-targets.txt", TARGETS_TXT.read_bytes())
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.context["counts"] == {"create": 11, "update": 0, "unchanged": 0}
    assert len(preview.context["result"].notes) > 0
    assert "导入说明" in preview.content.decode()
    assert Declaration.objects.count() == 0  # nothing written before confirmation

    confirmed = client.post(response["Location"])
    assert confirmed.status_code == 302
    assert Declaration.objects.count() == 11
    record = ImportRecord.objects.get()
    assert (record.file_name, record.created_count, record.imported_by) == (
        "shangdang-2023-targets.txt",
        11,
        finance_reviewer,
    )
    # The confirmation is spent: posting it again imports nothing more.
    assert client.post(response["Location"]).status_code == 404


@pytest.mark.django_db
def test_it_shows_an_update_when_the_file_changes_a_draft(filer, draft, expected_data):
    data = clean_form(expected_data)
    data["basis"] = "更新后的立项依据"
    client = client_for(filer)
    response = upload(client, "one.json", json.dumps(data, ensure_ascii=False).encode())
    preview = client.get(response["Location"])
    (item,) = preview.context["plan"]
    assert item.action == "update"
    assert [c.path for c in item.changes] == ["basis"]


@pytest.mark.django_db
def test_it_refuses_a_filer_importing_another_departments_forms(filer):
    client = client_for(filer)
    response = upload(client, "all.txt", TARGETS_TXT.read_bytes())
    preview = client.get(response["Location"])
    assert "您只能导入本部门" in preview.content.decode()
    assert client.post(response["Location"]).status_code == 200
    assert Declaration.objects.count() == 0


@pytest.mark.django_db
def test_it_gives_the_importers_message_for_a_bad_file(finance_reviewer):
    response = upload(client_for(finance_reviewer), "empty.txt", b"   \n")
    assert response.status_code == 200
    page = response.content.decode()
    assert "文件 empty.txt" in page and "文件为空" in page


@pytest.mark.django_db
def test_it_refuses_a_file_of_another_type(finance_reviewer):
    response = upload(client_for(finance_reviewer), "forms.docx", b"PK\x03\x04 not a form")
    assert "不支持的文件类型" in response.content.decode()


@pytest.mark.django_db
@override_settings(JIXIAO_UPLOAD_MAX_BYTES=1000)
def test_it_refuses_a_file_over_the_size_limit(finance_reviewer):
    response = upload(client_for(finance_reviewer), "big.txt", TARGETS_TXT.read_bytes())
    assert "超过上限" in response.content.decode()


@pytest.mark.django_db
def test_it_confirms_only_a_file_this_session_uploaded(finance_reviewer, admin_user):
    response = upload(client_for(finance_reviewer), "t.txt", TARGETS_TXT.read_bytes())
    assert client_for(admin_user).post(response["Location"]).status_code == 404
    assert Declaration.objects.count() == 0


@pytest.mark.django_db
def test_it_does_not_let_a_department_reviewer_import(dept_reviewer):
    assert client_for(dept_reviewer).get(reverse("web:import_upload")).status_code == 404
