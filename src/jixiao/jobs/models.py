"""A background job as its user sees it: what it makes, how far it is, its file or its error.

The task framework (django-tasks, database backend) only carries the job's id to a worker;
everything the pages show lives here, so that the pages never depend on the backend."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    BOOKLET = "booklet", "公开手册（PDF）"
    SUMMARY = "summary", "汇总表（Excel）"
    LIST_XLSX = "list_xlsx", "申报表（Excel）"
    IMPORT = "import", "批量导入"


class State(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


FINISHED = (State.DONE, State.FAILED)
UNFINISHED = (State.QUEUED, State.RUNNING)


def result_path(job: Job, filename: str) -> str:
    # The job's id in the path: a file is never reached by guessing a name.
    return f"jobs/{job.pk}/{filename}"


class JobQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The jobs ``user`` started (a public booklet has no owner: nobody's)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def public_booklets(self, key: str):
        return self.filter(user=None, kind=Kind.BOOKLET, public_key=key)

    def expired(self, now=None):
        now = now or timezone.now()
        return self.filter(created_at__lt=now - timedelta(days=settings.JIXIAO_JOB_KEEP_DAYS))


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None: a public booklet, made for anyone and served only through the booklet's URL.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name="发起人",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    params = models.JSONField("参数", default=dict, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    percent = models.PositiveSmallIntegerField("进度", default=0)
    message = models.CharField("进度说明", max_length=200, blank=True)
    error = models.TextField("失败原因", blank=True)
    # A step with no progress of its own (laying out a booklet): its expected end, from which
    # the page moves the bar towards ``estimate_percent`` (see ``shown_percent``).
    estimate_until = models.DateTimeField(null=True, blank=True)
    estimate_percent = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    result = models.FileField("结果文件", upload_to=result_path, blank=True, max_length=300)
    result_name = models.CharField("下载文件名", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # A public booklet: its selection (year, department, search) and what it was made from
    # (number of declarations and their latest publication), to tell whether it is still fresh.
    public_key = models.CharField(max_length=200, blank=True, db_index=True)
    fingerprint = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="job_user_created")]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def downloadable(self) -> bool:
        return self.state == State.DONE and bool(self.result)

    def shown_percent(self, now=None) -> int:
        """The bar: the stored percent, moved on by the elapsed share of an estimated step
        (never to its end: the step's real end sets the next percent)."""
        if self.state == State.DONE:
            return 100
        if self.state != State.RUNNING or self.estimate_until is None:
            return self.percent
        total = (self.estimate_until - self.updated_at).total_seconds()
        elapsed = ((now or timezone.now()) - self.updated_at).total_seconds()
        share = min(0.95, elapsed / total) if total > 0 else 0.95
        return self.percent + int((self.estimate_percent - self.percent) * share)
