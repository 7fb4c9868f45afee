"""Starting a job, reporting its progress, storing its end.  The task itself
(``jobs.tasks.run_job``) only carries the job's id; ``job_execute`` does the work."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from jixiao.core.errors import JixiaoError
from jixiao.jobs.models import FINISHED, Job, Kind, State

logger = logging.getLogger(__name__)

# What a user reads when something other than their input broke the job: the traceback
# goes to the log, never to the page.
INTERNAL_ERROR = "任务执行时发生系统内部错误，已记录日志。请稍后重试；仍然失败请联系系统管理员。"


class JobFailed(JixiaoError):
    """A job that cannot finish for a reason its user can act on (the message says which)."""


class Progress:
    """The job's progress as the worker reports it: a short write per change, so that the
    page's poll sees it while the job goes on."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, percent: int, message: str, *, estimate: tuple[int, float] | None = None):
        """``estimate=(percent, seconds)``: the next step has no progress of its own and
        should reach ``percent`` in about ``seconds``; the page moves the bar meanwhile."""
        now = timezone.now()
        fields = {"percent": max(0, min(99, percent)), "message": message[:200], "updated_at": now}
        if estimate:
            fields["estimate_percent"] = max(fields["percent"], min(99, estimate[0]))
            fields["estimate_until"] = now + timedelta(seconds=max(1.0, estimate[1]))
        else:
            fields["estimate_until"] = None
        Job.objects.filter(pk=self.job.pk).update(**fields)
        for name, value in fields.items():
            setattr(self.job, name, value)

    def each(self, items, *, start: int, end: int, message: str, every: int = 50):
        """Iterate ``items`` (a sized sequence), reporting ``start``…``end`` percent as it goes."""
        total = len(items) or 1
        for i, item in enumerate(items):
            if i % every == 0:
                self(start + (end - start) * i // total, f"{message}（{i}/{len(items)}）")
            yield item
        self(end, f"{message}（{len(items)}/{len(items)}）")


def job_create(*, user, kind: str, title: str, params: dict | None = None, **fields) -> Job:
    return Job.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        kind=kind,
        title=title[:200],
        params=params or {},
        **fields,
    )


def job_start(*, user, kind: str, title: str, params: dict | None = None, **fields) -> Job:
    """A job queued for the worker (django-tasks' backend in settings.TASKS; the immediate
    backend of the tests runs it at once)."""
    from jixiao.jobs.tasks import run_job

    job = job_create(user=user, kind=kind, title=title, params=params, **fields)
    # The database backend's queue row is written in the same transaction as the job's:
    # the worker sees both or neither.
    run_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def job_start_import(*, user, files: list[tuple[str, bytes]]) -> Job:
    """An import of several files: the files are kept under MEDIA_ROOT for the worker (and
    deleted as it reads them), each imported in its own transaction."""
    from jixiao.jobs.tasks import run_job

    job = job_create(user=user, kind=Kind.IMPORT, title=f"批量导入 {len(files)} 个文件")
    kept = []
    for i, (name, data) in enumerate(files):
        path = default_storage.save(
            f"jobs/{job.pk}/input/{i:04d}{Path(name).suffix}", ContentFile(data)
        )
        kept.append([path, name])
    Job.objects.filter(pk=job.pk).update(params={"files": kept})
    run_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def job_execute(job_id) -> None:
    """Run the job: mark it running, call its kind's runner, store the file or the error."""
    from jixiao.jobs.runners import RUNNERS

    job = Job.objects.get(pk=job_id)
    if job.finished:
        return
    Job.objects.filter(pk=job.pk).update(
        state=State.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    job.state = State.RUNNING
    try:
        data, filename, content_type, message = RUNNERS[Kind(job.kind)](job, Progress(job))
    except JixiaoError as exc:
        _finish(job, state=State.FAILED, error=str(exc))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, state=State.FAILED, error=INTERNAL_ERROR)
    else:
        job.result.save(filename, ContentFile(data), save=False)
        _finish(
            job,
            state=State.DONE,
            result=job.result.name,
            result_name=filename,
            content_type=content_type,
            message=message,
            percent=100,
        )


def _finish(job: Job, **fields) -> None:
    fields.update(finished_at=timezone.now(), updated_at=timezone.now(), estimate_until=None)
    if fields["state"] == State.FAILED:
        fields["message"] = "任务失败"
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        if name != "result":
            setattr(job, name, value)
    job.refresh_from_db()


def job_discard(jobs) -> int:
    """Delete these jobs (their stored files and inputs too) unless still running (or started
    within the hour: an older unfinished one lost its worker); the number deleted."""
    lost = timezone.now() - timedelta(hours=1)
    finished = list(jobs.filter(Q(state__in=FINISHED) | Q(created_at__lt=lost)))
    for job in finished:
        if job.result:
            job.result.delete(save=False)
        for path, _name in job.params.get("files", []):
            default_storage.delete(path)
    Job.objects.filter(pk__in=[job.pk for job in finished]).delete()
    return len(finished)


def job_cleanup(*, now=None) -> int:
    """Delete the finished jobs older than JIXIAO_JOB_KEEP_DAYS with their files."""
    return job_discard(Job.objects.expired(now))
