"""Monitoring rounds and reports (运行监控) and year-end self-evaluations (绩效自评).

What the filer enters is stored as entered; what the core computes from it (the traffic light
and its reasons, the scores and their explanation) is stored beside it for lists and summaries,
and recomputed by the services on every save.  Writes go through ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from jixiao.core.evaluation.config import GRADE_LABELS
from jixiao.core.evaluation.monitoring import CAUSES, LIGHT_LABELS, LIKELIHOODS
from jixiao.monitoring.querysets import (
    MonitoringReportQuerySet,
    MonitoringRoundQuerySet,
    SelfEvaluationQuerySet,
)

# What the filer types: a figure or a date (achieved, expected, actual) and a text (a cause's
# explanation, a measure, a deviation analysis).  The forms and the services both hold to them.
SHORT_MAX_LENGTH = 100
TEXT_MAX_LENGTH = 2000


def _money(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **kwargs)


class RoundStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已关闭"


class ReportStatus(models.TextChoices):
    """The path of a monitoring report and of a self-evaluation alike."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    DEPT_APPROVED = "dept_approved", "部门已审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已审核"


EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# Submitted by the filer and not returned: what counts as filed in a round's lights.
FILED = (ReportStatus.SUBMITTED, ReportStatus.DEPT_APPROVED, ReportStatus.APPROVED)


class Light(models.TextChoices):
    GREEN = "green", LIGHT_LABELS["green"]
    YELLOW = "yellow", LIGHT_LABELS["yellow"]
    RED = "red", LIGHT_LABELS["red"]


# The core's vocabularies, as choices (the keys are what is stored).
LIKELIHOOD_CHOICES = list(LIKELIHOODS.items())
CAUSE_CHOICES = list(CAUSES.items())
GRADE_CHOICES = list(GRADE_LABELS.items())


class AuditAction(models.TextChoices):
    OPEN = "open", "开启"
    CLOSE = "close", "关闭"
    SAVE = "save", "保存"
    SUBMIT = "submit", "提交"
    RETURN = "return", "退回"
    DEPT_APPROVE = "dept_approve", "部门审核通过"
    APPROVE = "approve", "审核通过"


class Filed(models.Model):
    """What a monitoring report and a self-evaluation share: the filer's path and last edit.

    ``version`` counts the saves of the content: the form carries the version it was loaded
    at, and a save from an older page is refused (``errors.ConcurrencyError``).  0 is "not
    saved yet", so that two first saves of the same record are told apart as well.
    """

    status = models.CharField(
        "状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField("版本", default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="填报人",
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def return_entry(self):
        """The return the record is in now (who, when, why), or ``None`` if it is not returned."""
        if self.status != ReportStatus.RETURNED:
            return None
        return (
            self.audit_entries.filter(action=AuditAction.RETURN)
            .select_related("actor")
            .order_by("-created_at", "-id")
            .first()
        )


class MonitoringRound(models.Model):
    fiscal_year = models.PositiveSmallIntegerField("年度", db_index=True)
    cut_off = models.DateField("数据截止日期")
    status = models.CharField(
        "状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="开启人"
    )
    opened_at = models.DateTimeField("开启时间", default=timezone.now)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)

    objects = MonitoringRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "-cut_off"]
        verbose_name = "监控轮次"
        verbose_name_plural = "监控轮次"
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "cut_off"], name="round_unique_cut_off")
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度运行监控（数据截至{self.cut_off:%m月%d日}）"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class MonitoringReport(Filed):
    """绩效监控表: one declaration in one round."""

    round = models.ForeignKey(
        MonitoringRound, on_delete=models.CASCADE, related_name="reports", verbose_name="轮次"
    )
    declaration = models.ForeignKey(
        "declarations.Declaration",
        on_delete=models.CASCADE,
        related_name="monitoring_reports",
        verbose_name="申报表",
    )
    budget = _money("年度预算数")
    executed = _money("截至截止日期执行数")
    expected = _money("全年预计执行数", null=True, blank=True)
    money_cause = models.CharField("资金偏差原因", max_length=20, choices=CAUSE_CHOICES, blank=True)
    money_explanation = models.TextField("资金偏差说明", blank=True)
    money_measure = models.TextField("资金改进措施", blank=True)
    # Computed by the services from what is entered (core.evaluation.monitoring).
    light = models.CharField("预警", max_length=10, choices=Light.choices, blank=True)
    reasons = models.JSONField("预警原因", default=list, blank=True)
    open_problems = models.PositiveSmallIntegerField("待补充项", default=0)

    objects = MonitoringReportQuerySet.as_manager()

    class Meta:
        ordering = ["round", "declaration__department__code", "declaration__project_name"]
        verbose_name = "绩效监控表"
        verbose_name_plural = "绩效监控表"
        constraints = [
            models.UniqueConstraint(fields=["round", "declaration"], name="report_unique_in_round")
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.declaration.project_name}"


class IndicatorProgress(models.Model):
    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="progress", verbose_name="监控表"
    )
    indicator = models.ForeignKey(
        "declarations.Indicator", on_delete=models.CASCADE, related_name="+", verbose_name="指标"
    )
    achieved = models.CharField("截至截止日期完成值", max_length=SHORT_MAX_LENGTH, blank=True)
    expected = models.CharField("预计年底完成值", max_length=SHORT_MAX_LENGTH, blank=True)
    likelihood = models.CharField(
        "完成目标可能性", max_length=20, choices=LIKELIHOOD_CHOICES, blank=True
    )
    cause = models.CharField("偏差原因", max_length=20, choices=CAUSE_CHOICES, blank=True)
    explanation = models.TextField("偏差原因说明", blank=True)
    measure = models.TextField("改进措施", blank=True)
    light = models.CharField("预警", max_length=10, choices=Light.choices, blank=True)

    class Meta:
        ordering = ["report", "indicator__order", "indicator_id"]
        verbose_name = "指标执行情况"
        verbose_name_plural = "指标执行情况"
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}：{self.achieved or '—'} / {self.expected or '—'}"


class SelfEvaluation(Filed):
    """项目支出绩效自评表: one per declaration (a declaration is one project's year)."""

    declaration = models.OneToOneField(
        "declarations.Declaration",
        on_delete=models.CASCADE,
        related_name="self_evaluation",
        verbose_name="申报表",
    )
    budget = _money("全年预算数")
    executed = _money("全年执行数")
    achievement = models.TextField("年度总体目标实际完成情况", blank=True)
    # Computed by the services (core.evaluation.scoring); exact figures, rounded when shown.
    budget_score = models.DecimalField("预算执行得分", max_digits=9, decimal_places=4, null=True)
    total = models.DecimalField("总分", max_digits=9, decimal_places=4, null=True)
    grade = models.CharField("等级", max_length=2, blank=True, db_index=True)
    explanation = models.JSONField("评分说明", default=list, blank=True)
    open_problems = models.PositiveSmallIntegerField("待补充项", default=0)

    objects = SelfEvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["declaration__department__code", "declaration__project_name"]
        verbose_name = "绩效自评表"
        verbose_name_plural = "绩效自评表"

    def __str__(self) -> str:
        return f"{self.declaration} 绩效自评"


class IndicatorResult(models.Model):
    self_evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="results", verbose_name="自评表"
    )
    indicator = models.ForeignKey(
        "declarations.Indicator", on_delete=models.CASCADE, related_name="+", verbose_name="指标"
    )
    actual = models.CharField("实际完成值", max_length=SHORT_MAX_LENGTH, blank=True)
    weight = models.PositiveSmallIntegerField("权重（分）", null=True, blank=True)
    grade = models.CharField("完成等级", max_length=20, choices=GRADE_CHOICES, blank=True)
    proposed = models.DecimalField("拟评分", max_digits=6, decimal_places=2, null=True, blank=True)
    deviation = models.TextField("偏差原因分析及改进措施", blank=True)
    computed_weight = models.DecimalField("分值", max_digits=9, decimal_places=4, null=True)
    score = models.DecimalField("得分", max_digits=9, decimal_places=4, null=True)

    class Meta:
        ordering = ["self_evaluation", "indicator__order", "indicator_id"]
        verbose_name = "指标自评结果"
        verbose_name_plural = "指标自评结果"
        constraints = [
            models.UniqueConstraint(fields=["self_evaluation", "indicator"], name="result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}：{self.actual or '—'}"


class AuditFields(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    comment = models.TextField("意见", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.from_label}→{self.to_label}"

    @staticmethod
    def _label(status: str) -> str:
        for choices in (ReportStatus, RoundStatus):
            if status in choices.values:
                return choices(status).label
        return status

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)


class ReportAuditEntry(AuditFields):
    """One line of a monitoring report's timeline (or of its round's, for open and close)."""

    round = models.ForeignKey(
        MonitoringRound, on_delete=models.CASCADE, related_name="audit_entries"
    )
    report = models.ForeignKey(
        MonitoringReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_entries",
    )

    class Meta(AuditFields.Meta):
        verbose_name = "监控操作记录"
        verbose_name_plural = "监控操作记录"


class SelfEvaluationAuditEntry(AuditFields):
    self_evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="audit_entries"
    )

    class Meta(AuditFields.Meta):
        verbose_name = "自评操作记录"
        verbose_name_plural = "自评操作记录"
