"""我的任务: the user's jobs, a job's page with its progress bar (an htmx partial polled every
second or two), and its file.  Every URL of a job fetches it through ``_job_for_user``: a job
another user started — or a public booklet, which is served by its own URL — is a 404, to an
anonymous visitor too."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from jixiao.jobs.models import Job

NOT_FOUND = "没有找到这个任务"


def _job_for_user(user, pk) -> Job:
    try:
        return Job.objects.owned_by(user).get(pk=pk)
    except (Job.DoesNotExist, ValueError):
        raise Http404(NOT_FOUND) from None


@login_required
@require_GET
def job_list(request):
    jobs = Job.objects.owned_by(request.user)[:100]
    return render(
        request,
        "jobs/job_list.html",
        {"nav": "jobs", "jobs": jobs, "keep_days": settings.JIXIAO_JOB_KEEP_DAYS},
    )


@require_GET
def job_detail(request, job_id):
    job = _job_for_user(request.user, job_id)
    return render(request, "jobs/job_detail.html", {"nav": "jobs", "job": job})


@require_GET
def job_progress(request, job_id):
    job = _job_for_user(request.user, job_id)
    return render(request, "jobs/partials/progress.html", {"job": job})


@require_GET
def job_download(request, job_id):
    job = _job_for_user(request.user, job_id)
    if not job.downloadable:
        raise Http404("任务尚未完成，或结果已过期删除")
    return result_response(job)


# A file up to this size is sent in one piece; a larger one (a province's booklet) streams.
STREAM_FROM = 16 * 1024 * 1024


def result_response(job: Job) -> HttpResponse:
    try:
        handle = job.result.open("rb")
    except FileNotFoundError:
        raise Http404("结果文件已过期删除，请重新生成") from None
    if job.result.size > STREAM_FROM:
        return FileResponse(
            handle, as_attachment=True, filename=job.result_name, content_type=job.content_type
        )
    with handle:
        response = HttpResponse(handle.read(), content_type=job.content_type)
    response["Content-Disposition"] = content_disposition_header(True, job.result_name)
    return response


@require_GET
def public_progress(request, job_id):
    """The waiting page of a public booklet: its progress, for anyone (it holds only
    what is published)."""
    try:
        job = Job.objects.filter(user=None).get(pk=job_id)
    except (Job.DoesNotExist, ValueError):
        raise Http404(NOT_FOUND) from None
    return render(request, "jobs/partials/progress.html", {"job": job, "public": True})
