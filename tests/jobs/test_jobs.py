"""Background jobs: a large list download, an import of several files and the public booklet
run as jobs; their progress, their file (for its owner only) and their failure in Chinese."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jixiao.core.declaration import Declaration as CoreDeclaration
from jixiao.declarations.models import Declaration, Status
from jixiao.jobs import runners
from jixiao.jobs.models import Job, Kind, State
from jixiao.jobs.services import INTERNAL_ERROR, Progress, job_create, job_start
from tests.exports.test_views import client_for, pdf_text
from tests.factories import clean_form, make_declaration

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DUMMY_BACKEND = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def every_list_is_large(settings):
    settings.JIXIAO_JOB_THRESHOLD = 0


def _download(client, job) -> bytes:
    response = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
def test_it_makes_a_large_summary_in_a_job_that_only_its_owner_downloads(
    every_list_is_large, draft, outsider_draft, filer, outsider
):
    client = client_for(filer)
    response = client.get(reverse("exports:summary_xlsx"), {"year": 2023, "status": "draft"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert (job.user, job.kind, job.state, job.percent) == (filer, Kind.SUMMARY, State.DONE, 100)
    page = client.get(response["Location"]).content.decode()
    assert "已完成" in page and "汇总表.xlsx" in page
    book = load_workbook(io.BytesIO(_download(client, job)))
    details = "\n".join(str(c.value) for row in book["项目明细"].iter_rows() for c in row)
    assert draft.project_name in details and outsider_draft.project_name not in details
    # The list of my jobs links it; nobody else reaches it.
    assert (
        reverse("jobs:job_download", args=[job.pk])
        in client.get(reverse("jobs:job_list")).content.decode()
    )
    for stranger in (client_for(outsider), client_for()):
        for name in ("job_detail", "job_progress", "job_download"):
            assert stranger.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404, name
    assert str(job.pk) not in client_for(outsider).get(reverse("jobs:job_list")).content.decode()


@pytest.mark.django_db
def test_it_keeps_small_list_downloads_in_the_request(draft, filer):
    response = client_for(filer).get(reverse("exports:list_xlsx"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_it_makes_the_forms_workbook_of_a_large_list_in_a_job(every_list_is_large, draft, filer):
    client = client_for(filer)
    client.get(reverse("exports:list_xlsx"), {"q": draft.project_name[:4]})
    job = Job.objects.get(kind=Kind.LIST_XLSX)
    assert job.state == State.DONE and job.params == {
        "query": urlencode({"q": draft.project_name[:4]})
    }
    assert load_workbook(io.BytesIO(_download(client, job))).sheetnames[0].startswith("1-")


@pytest.mark.django_db
def test_it_reports_progress_in_the_polled_partial(filer):
    job = job_create(user=filer, kind=Kind.SUMMARY, title="汇总表")
    Job.objects.filter(pk=job.pk).update(state=State.RUNNING)
    job.refresh_from_db()
    progress = Progress(job)
    list(progress.each(list(range(100)), start=10, end=60, message="正在汇总申报表"))
    job.refresh_from_db()
    assert (job.percent, job.message) == (60, "正在汇总申报表（100/100）")
    partial = client_for(filer).get(reverse("jobs:job_progress", args=[job.pk])).content.decode()
    assert 'value="60"' in partial and "正在汇总申报表（100/100）" in partial
    assert 'hx-trigger="every 2s"' in partial  # polls on while it runs
    # A step without progress of its own: the bar moves by the elapsed share of its estimate.
    progress(20, "正在排版 10 份申报表", estimate=(98, 100))
    job.refresh_from_db()
    assert job.shown_percent(now=job.updated_at + timedelta(seconds=50)) == 59
    assert job.shown_percent(now=job.updated_at + timedelta(seconds=500)) == 94


@pytest.mark.django_db
def test_it_shows_a_failing_job_in_chinese_without_its_traceback(
    every_list_is_large, draft, filer, monkeypatch
):
    def broken(job, progress):
        raise RuntimeError("secret internal detail")

    monkeypatch.setitem(runners.RUNNERS, Kind.SUMMARY, broken)
    client = client_for(filer)
    page = client.get(
        reverse("exports:summary_xlsx"), {"status": "draft"}, follow=True
    ).content.decode()
    job = Job.objects.get()
    assert (job.state, job.error) == (State.FAILED, INTERNAL_ERROR)
    assert INTERNAL_ERROR in page and "失败" in page
    assert "secret internal detail" not in page and "Traceback" not in page
    assert "hx-trigger" not in page  # finished: no more polling
    assert client.get(reverse("jobs:job_download", args=[job.pk])).status_code == 404


def _upload(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/octet-stream")


@pytest.mark.django_db
def test_it_imports_several_files_in_a_job_with_a_report(filer, expected_data):
    files = [
        _upload(f"form-{i}.json", CoreDeclaration.from_dict(clean_form(expected_data, i)).to_json())
        for i in (0, 1)
    ]
    files.append(_upload("broken.json", "{not json"))
    response = client_for(filer).post(reverse("web:import_upload"), {"file": files})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert (job.kind, job.state) == (Kind.IMPORT, State.DONE)
    assert job.message == "已导入 2 个文件，1 个文件有错误未导入"
    report = _download(client_for(filer), job).decode("utf-8")
    assert "form-0.json：已导入，新建 1 份" in report and "broken.json：未导入。" in report
    names = {expected_data[i]["project_name"] for i in (0, 1)}
    assert set(Declaration.objects.values_list("project_name", flat=True)) == names


@pytest.mark.django_db
def test_it_fails_an_import_job_whose_every_file_is_bad_naming_the_files(filer):
    files = [_upload("a.json", "{"), _upload("b.txt", "这不是申报表")]
    page = client_for(filer).post(reverse("web:import_upload"), {"file": files}, follow=True)
    job = Job.objects.get()
    assert job.state == State.FAILED and job.error.startswith("没有导入任何文件")
    assert "a.json：未导入" in job.error and "b.txt：未导入" in job.error
    assert "a.json：未导入" in page.content.decode()
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_it_serves_the_public_booklet_from_its_store_until_something_is_published(
    draft, walk, filer, expected_data
):
    walk(draft, Status.PUBLISHED)
    first = client_for().get(reverse("exports:booklet_pdf"))
    assert first.status_code == 200 and "共 1 个项目" in pdf_text(first.content)
    job = Job.objects.get()
    assert (job.user, job.kind, job.state) == (None, Kind.BOOKLET, State.DONE)
    again = client_for().get(reverse("exports:booklet_pdf"))
    assert again.content == first.content and Job.objects.count() == 1  # from the store
    # The year asked for: a booklet of its own (its cover does not say "the latest year").
    chosen = client_for().get(reverse("exports:booklet_pdf"), {"year": 2023})
    assert "未指定年度" not in pdf_text(chosen.content) and Job.objects.count() == 2
    Job.objects.exclude(pk=job.pk).delete()
    # The public booklet is nobody's job: no job URL gives it out.
    assert client_for(filer).get(reverse("jobs:job_download", args=[job.pk])).status_code == 404

    other = walk(make_declaration(clean_form(expected_data, 1), user=filer), Status.PUBLISHED)
    fresh = client_for().get(reverse("exports:booklet_pdf"))
    text = pdf_text(fresh.content)
    assert "共 2 个项目" in text and other.project_name in text
    latest = Job.objects.get()  # the stale one is gone with its file
    assert latest.pk != job.pk and not job.result.storage.exists(job.result.name)


@pytest.mark.django_db
def test_it_shows_a_waiting_page_while_a_large_booklet_is_made(draft, walk, settings):
    walk(draft, Status.PUBLISHED)
    settings.JIXIAO_JOB_THRESHOLD = 0
    settings.TASKS = DUMMY_BACKEND  # queued, never run: the worker has not got to it
    page = client_for().get(reverse("exports:booklet_pdf"))
    job = Job.objects.get()
    assert page.status_code == 200 and job.state == State.QUEUED
    text = page.content.decode()
    assert "正在后台生成" in text and reverse("jobs:public_progress", args=[job.pk]) in text
    partial = client_for().get(reverse("jobs:public_progress", args=[job.pk]))
    assert "排队中" in partial.content.decode()
    # A second visitor waits for the same job.
    client_for().get(reverse("exports:booklet_pdf"))
    assert Job.objects.count() == 1
    # One left unfinished for an hour lost its worker: the next visitor starts another.
    Job.objects.update(created_at=timezone.now() - timedelta(hours=2))
    client_for().get(reverse("exports:booklet_pdf"))
    assert Job.objects.get().pk != job.pk


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_job_through_the_database_backend_and_a_worker(settings, draft, filer):
    settings.TASKS = DATABASE_BACKEND
    job = job_start(user=filer, kind=Kind.SUMMARY, title="汇总表", params={"query": "status=draft"})
    assert job.state == State.QUEUED
    call_command("db_worker", "--batch", "--interval", "0.1", "--no-startup-delay")
    job.refresh_from_db()
    assert (job.state, job.percent, job.message) == (State.DONE, 100, "共 1 份申报表")
    assert (
        load_workbook(io.BytesIO(_download(client_for(filer), job))).sheetnames[0] == "按部门汇总"
    )


@pytest.mark.django_db
def test_it_deletes_expired_jobs_with_their_files(settings, draft, filer, every_list_is_large):
    client_for(filer).get(reverse("exports:summary_xlsx"), {"status": "draft"})
    old = Job.objects.get()
    path = old.result.name
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    kept = job_create(user=filer, kind=Kind.SUMMARY, title="新的")
    out = io.StringIO()
    call_command("jobs_cleanup", stdout=out)
    assert out.getvalue().strip() == "已删除 1 个过期任务"
    assert list(Job.objects.all()) == [kept] and not old.result.storage.exists(path)
    json.dumps(kept.params)
