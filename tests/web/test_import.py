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
    assert preview.context["counts"] == {"create": 11, "update": 0, "unchanged": 0, "skipped": 0}
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
def test_it_imports_a_filers_own_forms_of_the_countys_file_and_lists_the_others(filer):
    client = client_for(filer)
    response = upload(client, "all.txt", TARGETS_TXT.read_bytes())
    preview = client.get(response["Location"])
    assert preview.context["counts"] == {"create": 6, "update": 0, "unchanged": 0, "skipped": 5}
    page = preview.content.decode()
    assert "5 份申报表属于其他主管部门" in page and "本部门的申报表照常导入" in page
    assert page.count('<span class="badge status-rejected">跳过</span>') == 5
    assert "属于主管部门 405 长治市上党区交通运输局，您只能导入本部门（403 " in page
    assert "确认导入（新建 6 份，更新 0 份，跳过 5 份）" in page
    # Formats and note kinds in Chinese, as every other word on screen.
    assert "格式 文本 · 11 份申报表" in page
    assert "<td>拆分粘连</td>" in page and "<td>恢复截断</td>" in page
    for code in ("glued", "restored", "one_half", ">cut<", ">label<", "格式 text"):
        assert code not in page

    confirmed = client.post(response["Location"], follow=True)
    assert set(Declaration.objects.values_list("department__code", flat=True)) == {"403"}
    assert Declaration.objects.count() == 6
    assert "跳过 5 份其他部门的申报表" in confirmed.content.decode()


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


@pytest.mark.django_db
def test_it_offers_no_confirmation_when_none_of_the_forms_is_the_filers(filer, expected_data):
    others = [d for d in expected_data if d["department_code"] != "403"]
    client = client_for(filer)
    response = upload(client, "others.json", json.dumps(others, ensure_ascii=False).encode())
    page = client.get(response["Location"]).content.decode()
    assert "文件中没有本部门的申报表，无可导入" in page
    assert 'data-test="confirm-import"' not in page
    refused = client.post(response["Location"])
    assert "都不属于本部门" in refused.content.decode()
    assert Declaration.objects.count() == 0
