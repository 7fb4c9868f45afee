"""Every write of monitoring and self-evaluation: one function each, one transaction.

A save stores what the filer entered and what the core computes from it (the light and its
reasons; the scores and their explanation).  A figure that cannot be right (an unreadable
value, a proposed score outside its band, weights that do not add up) is refused on saving;
what is merely missing (a cause, a measure, a deviation analysis) is refused on submitting.
Each transition checks its precondition, changes the state and writes an audit entry.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jixiao.core.evaluation.config import EvaluationConfig, load_config
from jixiao.core.evaluation.monitoring import assess
from jixiao.core.evaluation.scoring import evaluate
from jixiao.monitoring import permissions
from jixiao.monitoring.bridge import (
    PROGRESS_FIELDS,
    annual_indicators,
    report_input,
    self_evaluation_input,
)
from jixiao.monitoring.errors import ConcurrencyError, MonitoringError
from jixiao.monitoring.models import (
    EDITABLE,
    SHORT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    AuditAction,
    IndicatorProgress,
    IndicatorResult,
    MonitoringReport,
    MonitoringRound,
    ReportAuditEntry,
    ReportStatus,
    RoundStatus,
    SelfEvaluation,
    SelfEvaluationAuditEntry,
)

# What the filer types, by its limit (models.SHORT_MAX_LENGTH, models.TEXT_MAX_LENGTH).
SHORT_FIELDS = {"achieved", "expected", "actual"}
TEXT_FIELDS = {"explanation", "measure", "deviation", "money_explanation", "money_measure",
               "achievement"}  # fmt: skip


def evaluation_config() -> EvaluationConfig:
    """The deployment's thresholds (``JIXIAO_EVALUATION_CONFIG``), else the built-in ones."""
    return load_config(settings.JIXIAO_EVALUATION_CONFIG or None)


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def _refuse(message: str) -> MonitoringError:
    return MonitoringError(message)


def _require_approved(declaration) -> None:
    if not declaration.is_approved or declaration.is_revision:
        raise _refuse(f"「{declaration.project_name}」尚未经财政批复，不能填报监控或自评")


def _invalid(problems, what: str) -> None:
    bad = [p for p in problems if p.kind == "invalid"]
    if bad:
        raise MonitoringError(f"{what}未保存：" + "；".join(str(p) for p in bad), problems=bad)


def _check_lengths(values: dict, where: str) -> None:
    """The columns' limits, checked here too: the services are not only called by the forms."""
    for name, value in values.items():
        if name not in SHORT_FIELDS | TEXT_FIELDS:
            continue
        limit = SHORT_MAX_LENGTH if name in SHORT_FIELDS else TEXT_MAX_LENGTH
        if len(value or "") > limit:
            raise _refuse(f"{where}填写过长：最多 {limit} 字，现为 {len(value)} 字")


def _claim(model, *, noun: str, lookup: dict, expected_version: int, defaults: dict):
    """The record as of the version the page was loaded at (0: not saved yet), or refuse.

    One ``UPDATE … WHERE version = expected`` takes the row before anything is read from
    it, so of two saves from pages of the same version the second is refused whatever the
    database; a first save that meets another first save fails on the unique constraint.
    """
    if expected_version:
        bumped = model.objects.filter(**lookup, version=expected_version).update(
            version=F("version") + 1
        )
        record = model.objects.filter(**lookup).first()  # the update holds it until commit
        if not bumped or record is None:
            current = record.version if record is not None else 0
            raise ConcurrencyError(
                noun=noun, expected_version=expected_version, current_version=current
            )
        return record, False
    try:
        with transaction.atomic():
            return model.objects.create(**lookup, **defaults, version=1), True
    except IntegrityError:
        current = model.objects.filter(**lookup).values_list("version", flat=True).first()
        raise ConcurrencyError(
            noun=noun, expected_version=0, current_version=current or 0
        ) from None


# -- rounds --------------------------------------------------------------------------------


@transaction.atomic
def monitoring_round_open(*, user, fiscal_year: int, cut_off: date) -> MonitoringRound:
    if not permissions.may_open_round(user):
        raise _refuse("只有财政部门可以开启监控轮次")
    if cut_off.year < fiscal_year:
        raise _refuse(f"数据截止日期 {cut_off:%Y-%m-%d} 早于 {fiscal_year} 年度")
    if MonitoringRound.objects.filter(fiscal_year=fiscal_year, cut_off=cut_off).exists():
        raise _refuse(f"{fiscal_year} 年度截至 {cut_off:%Y-%m-%d} 的监控轮次已存在")
    try:
        with transaction.atomic():
            monitoring_round = MonitoringRound.objects.create(
                fiscal_year=fiscal_year, cut_off=cut_off, opened_by=user
            )
    except IntegrityError:
        raise _refuse(f"{fiscal_year} 年度截至 {cut_off:%Y-%m-%d} 的监控轮次已存在") from None
    ReportAuditEntry.objects.create(
        round=monitoring_round, actor=_actor(user), action=AuditAction.OPEN,
        to_status=RoundStatus.OPEN,
    )  # fmt: skip
    return monitoring_round


@transaction.atomic
def monitoring_round_close(*, user, monitoring_round: MonitoringRound) -> MonitoringRound:
    """Close a round: no more reports; a declaration without a submitted one turns red."""
    if not permissions.may_open_round(user):
        raise _refuse("只有财政部门可以关闭监控轮次")
    monitoring_round = MonitoringRound.objects.select_for_update().get(pk=monitoring_round.pk)
    if not monitoring_round.is_open:
        raise _refuse("该监控轮次已关闭")
    monitoring_round.status = RoundStatus.CLOSED
    monitoring_round.closed_at = timezone.now()
    monitoring_round.save(update_fields=["status", "closed_at"])
    ReportAuditEntry.objects.create(
        round=monitoring_round, actor=_actor(user), action=AuditAction.CLOSE,
        from_status=RoundStatus.OPEN, to_status=RoundStatus.CLOSED,
    )  # fmt: skip
    return monitoring_round


# -- monitoring reports --------------------------------------------------------------------


def _assess_report(report: MonitoringReport):
    rows = list(report.progress.select_related("indicator"))
    return assess(report_input(report, rows), config=evaluation_config()), rows


def _store_assessment(report: MonitoringReport) -> list:
    assessment, rows = _assess_report(report)
    report.light = assessment.light
    report.reasons = assessment.reasons
    report.open_problems = len(assessment.problems)
    report.save(update_fields=["light", "reasons", "open_problems"])
    for row, part in zip(rows, assessment.indicators, strict=True):
        if row.light != part.light:
            row.light = part.light
            row.save(update_fields=["light"])
    return assessment.problems


@transaction.atomic
def monitoring_report_save(
    *,
    user,
    monitoring_round: MonitoringRound,
    declaration,
    budget: Decimal,
    executed: Decimal,
    expected: Decimal | None,
    money_cause: str = "",
    money_explanation: str = "",
    money_measure: str = "",
    progress: dict[int, dict],
    expected_version: int,
) -> MonitoringReport:
    """Store a draft report; ``progress`` maps each annual indicator's id to its fields.

    ``expected_version`` is the report's version the filer's page was loaded at (0: none
    saved yet); a save over a newer version is refused with ``ConcurrencyError``.
    """
    # Nothing is read before the claim below: on SQLite a transaction that reads first and
    # writes later cannot wait for another writer, it fails ("database is locked").
    if not monitoring_round.is_open:
        raise _refuse("该监控轮次已关闭，不能再填报")
    if not permissions.may_fill(user, declaration):
        raise _refuse("只有本部门经办人可以填报监控表")
    _require_approved(declaration)
    if declaration.fiscal_year != monitoring_round.fiscal_year:
        raise _refuse("申报表年度与监控轮次年度不一致")
    for label, amount in (
        ("年度预算数", budget),
        ("执行数", executed),
        ("全年预计执行数", expected),
    ):
        if amount is not None and amount < 0:
            raise _refuse(f"{label}不能为负数")
    _check_lengths({"money_explanation": money_explanation, "money_measure": money_measure},
                   "资金执行")  # fmt: skip
    for entry in progress.values():
        _check_lengths(entry, "指标执行情况")

    report, created = _claim(
        MonitoringReport, noun="监控表", expected_version=expected_version,
        lookup={"round": monitoring_round, "declaration": declaration},
        defaults={"budget": budget, "executed": executed},
    )  # fmt: skip
    if not MonitoringRound.objects.filter(pk=monitoring_round.pk).open().exists():
        raise _refuse("该监控轮次已关闭，不能再填报")  # closed since the page was loaded
    if report.status not in EDITABLE:
        raise _refuse(f"监控表{report.get_status_display()}，不能修改")
    report.budget, report.executed, report.expected = budget, executed, expected
    report.money_cause = money_cause or ""
    report.money_explanation, report.money_measure = money_explanation, money_measure
    report.updated_by, report.updated_at = _actor(user), timezone.now()
    report.save()

    indicators = {i.pk: i for i in annual_indicators(declaration)}
    unknown = set(progress) - set(indicators)
    if unknown:
        raise _refuse("监控表含有不属于该申报表年度指标的行")
    for pk, indicator in indicators.items():
        values = {f: (progress.get(pk, {}).get(f) or "") for f in PROGRESS_FIELDS}
        IndicatorProgress.objects.update_or_create(
            report=report, indicator=indicator, defaults=values
        )

    problems = _store_assessment(report)
    _invalid(problems, "监控表")
    _audit(
        report, user=user, action=AuditAction.SAVE, from_status=report.status,
        to_status=report.status,
        data={"light": report.light, "created": created, "version": report.version},
    )  # fmt: skip
    return report


def _audit(record, *, user, action, from_status, to_status, comment="", data=None) -> None:
    """The trace of a write on a report or a self-evaluation."""
    fields = {
        "actor": _actor(user), "action": action, "from_status": from_status,
        "to_status": to_status, "comment": comment, "data": data or {},
    }  # fmt: skip
    if isinstance(record, MonitoringReport):
        ReportAuditEntry.objects.create(round=record.round, report=record, **fields)
    else:
        SelfEvaluationAuditEntry.objects.create(self_evaluation=record, **fields)


def _transition(record, *, user, action, to_status, comment="", data=None):
    from_status = record.status
    record.status = to_status
    record.updated_at = timezone.now()
    record.save(update_fields=["status", "updated_at"])
    _audit(record, user=user, action=action, from_status=from_status, to_status=to_status,
           comment=comment, data=data)  # fmt: skip
    return record


STEP_VERBS = {
    AuditAction.RETURN: "退回",
    AuditAction.DEPT_APPROVE: "部门审核通过",
    AuditAction.APPROVE: "审核通过",
}
STEP_REVIEWERS = {permissions.DEPT: "本部门审核人", permissions.FINANCE: "财政部门"}


def _review(record, *, user, noun: str, action: str, comment: str):
    """One review step on a submitted record: the department's (approve to the finance
    bureau, or return), then the finance bureau's (approve, or return)."""
    step, verb = permissions.step_of(record), STEP_VERBS[action]
    fits = {
        AuditAction.RETURN: step is not None,
        AuditAction.DEPT_APPROVE: step == permissions.DEPT,
        AuditAction.APPROVE: step == permissions.FINANCE,
    }[action]
    if not fits:
        if step == permissions.DEPT:
            raise _refuse(f"{noun}尚待部门审核，不能{verb}")
        if action == AuditAction.DEPT_APPROVE and not permissions.dept_review_required():
            raise _refuse(f"未启用部门审核，{noun}由财政部门直接审核")
        raise _refuse(f"{noun}{record.get_status_display()}，不能{verb}")
    if not permissions.may_take_step(user, step, record.declaration):
        raise _refuse(f"只有{STEP_REVIEWERS[step]}可以{verb}{noun}")
    returning = action == AuditAction.RETURN
    if returning and not comment.strip():
        raise _refuse("退回时须填写意见")
    if len(comment) > TEXT_MAX_LENGTH:
        raise _refuse(f"意见最多 {TEXT_MAX_LENGTH} 字，现为 {len(comment)} 字")
    to_status = {
        AuditAction.RETURN: ReportStatus.RETURNED,
        AuditAction.DEPT_APPROVE: ReportStatus.DEPT_APPROVED,
        AuditAction.APPROVE: ReportStatus.APPROVED,
    }[action]
    return _transition(
        record, user=user, action=action, to_status=to_status, comment=comment.strip(),
        data={"step": step},
    )  # fmt: skip


def _taken(model, pk: int, *related: str):
    """The row as it is now, held until commit.  Written first (an update that changes
    nothing): on SQLite the transaction then holds the write lock before it reads, so a
    second writer waits for it instead of failing; on PostgreSQL it is the row lock of
    ``SELECT … FOR UPDATE``."""
    model.objects.filter(pk=pk).update(version=F("version"))
    return model.objects.select_related(*related).get(pk=pk)


def _locked_report(report: MonitoringReport) -> MonitoringReport:
    return _taken(MonitoringReport, report.pk, "round", "declaration")


@transaction.atomic
def monitoring_report_submit(*, user, report: MonitoringReport) -> MonitoringReport:
    report = _locked_report(report)
    if not permissions.may_fill(user, report.declaration):
        raise _refuse("只有本部门经办人可以提交监控表")
    _require_approved(report.declaration)
    if not report.round.is_open:
        raise _refuse("该监控轮次已关闭，不能再提交")
    if report.status not in EDITABLE:
        raise _refuse(f"监控表{report.get_status_display()}，不能提交")
    problems = _store_assessment(report)
    if problems:
        raise MonitoringError(
            "监控表尚不完整，未提交：" + "；".join(str(p) for p in problems), problems=problems
        )
    return _transition(
        report, user=user, action=AuditAction.SUBMIT, to_status=ReportStatus.SUBMITTED,
        data={"light": report.light},
    )  # fmt: skip


@transaction.atomic
def monitoring_report_return(*, user, report: MonitoringReport, comment: str) -> MonitoringReport:
    report = _locked_report(report)
    return _review(report, user=user, noun="监控表", action=AuditAction.RETURN, comment=comment)


@transaction.atomic
def monitoring_report_dept_approve(
    *, user, report: MonitoringReport, comment: str = ""
) -> MonitoringReport:
    """The department reviewer passes a submitted report on to the finance bureau."""
    report = _locked_report(report)
    return _review(
        report, user=user, noun="监控表", action=AuditAction.DEPT_APPROVE, comment=comment
    )


@transaction.atomic
def monitoring_report_approve(
    *, user, report: MonitoringReport, comment: str = ""
) -> MonitoringReport:
    """The finance bureau's approval (after the department's, when that step is on)."""
    report = _locked_report(report)
    return _review(report, user=user, noun="监控表", action=AuditAction.APPROVE, comment=comment)


# -- self-evaluation -----------------------------------------------------------------------


def _score(evaluation: SelfEvaluation):
    rows = list(evaluation.results.select_related("indicator"))
    data = self_evaluation_input(evaluation, rows)
    return evaluate(data, config=evaluation_config()), rows


def _store_score(evaluation: SelfEvaluation):
    result, rows = _score(evaluation)
    evaluation.budget_score = result.budget_score.quantize(Decimal("0.0001"))
    evaluation.total = result.total.quantize(Decimal("0.0001"))
    evaluation.grade = result.grade
    evaluation.explanation = result.lines
    evaluation.open_problems = len(result.problems)
    evaluation.save(
        update_fields=["budget_score", "total", "grade", "explanation", "open_problems"]
    )
    for row, scored in zip(rows, result.indicators, strict=True):
        row.computed_weight = scored.weight.quantize(Decimal("0.0001"))
        row.score = scored.score.quantize(Decimal("0.0001"))
        row.save(update_fields=["computed_weight", "score"])
    return result


@transaction.atomic
def self_evaluation_save(
    *,
    user,
    declaration,
    budget: Decimal,
    executed: Decimal,
    achievement: str = "",
    results: dict[int, dict],
    expected_version: int,
) -> SelfEvaluation:
    """Store a draft self-evaluation; ``results`` maps each annual indicator's id to its fields.

    ``expected_version`` as for ``monitoring_report_save``.
    """
    if not permissions.may_fill(user, declaration):
        raise _refuse("只有本部门经办人可以填报绩效自评")
    _require_approved(declaration)
    if budget < 0 or executed < 0:
        raise _refuse("全年预算数和全年执行数不能为负数")
    _check_lengths({"achievement": achievement}, "年度总体目标实际完成情况")
    for entry in results.values():
        _check_lengths(entry, "指标自评结果")
    evaluation, created = _claim(
        SelfEvaluation, noun="绩效自评表", expected_version=expected_version,
        lookup={"declaration": declaration}, defaults={"budget": budget, "executed": executed},
    )  # fmt: skip
    if evaluation.status not in EDITABLE:
        raise _refuse(f"绩效自评{evaluation.get_status_display()}，不能修改")
    evaluation.budget, evaluation.executed, evaluation.achievement = budget, executed, achievement
    evaluation.updated_by, evaluation.updated_at = _actor(user), timezone.now()
    evaluation.save()

    indicators = {i.pk: i for i in annual_indicators(declaration)}
    if set(results) - set(indicators):
        raise _refuse("自评表含有不属于该申报表年度指标的行")
    for pk, indicator in indicators.items():
        entered = results.get(pk, {})
        values = {
            "actual": entered.get("actual") or "",
            "weight": entered.get("weight"),
            "grade": entered.get("grade") or "",
            "proposed": entered.get("proposed"),
            "deviation": entered.get("deviation") or "",
        }
        IndicatorResult.objects.update_or_create(
            self_evaluation=evaluation, indicator=indicator, defaults=values
        )
    result = _store_score(evaluation)
    _invalid(result.problems, "绩效自评")
    _audit(
        evaluation, user=user, action=AuditAction.SAVE, from_status=evaluation.status,
        to_status=evaluation.status,
        data={"total": str(evaluation.total), "created": created, "version": evaluation.version},
    )  # fmt: skip
    return evaluation


def _locked_evaluation(evaluation: SelfEvaluation) -> SelfEvaluation:
    return _taken(SelfEvaluation, evaluation.pk, "declaration")


@transaction.atomic
def self_evaluation_submit(*, user, evaluation: SelfEvaluation) -> SelfEvaluation:
    evaluation = _locked_evaluation(evaluation)
    if not permissions.may_fill(user, evaluation.declaration):
        raise _refuse("只有本部门经办人可以提交绩效自评")
    if evaluation.status not in EDITABLE:
        raise _refuse(f"绩效自评{evaluation.get_status_display()}，不能提交")
    result = _store_score(evaluation)
    if result.problems:
        raise MonitoringError(
            "绩效自评尚不完整，未提交：" + "；".join(str(p) for p in result.problems),
            problems=result.problems,
        )
    return _transition(
        evaluation, user=user, action=AuditAction.SUBMIT, to_status=ReportStatus.SUBMITTED,
        data={"total": str(evaluation.total), "grade": evaluation.grade},
    )  # fmt: skip


@transaction.atomic
def self_evaluation_return(*, user, evaluation: SelfEvaluation, comment: str) -> SelfEvaluation:
    evaluation = _locked_evaluation(evaluation)
    return _review(
        evaluation, user=user, noun="绩效自评", action=AuditAction.RETURN, comment=comment
    )


@transaction.atomic
def self_evaluation_dept_approve(
    *, user, evaluation: SelfEvaluation, comment: str = ""
) -> SelfEvaluation:
    """The department reviewer passes a submitted self-evaluation on to the finance bureau."""
    evaluation = _locked_evaluation(evaluation)
    return _review(
        evaluation, user=user, noun="绩效自评", action=AuditAction.DEPT_APPROVE, comment=comment
    )


@transaction.atomic
def self_evaluation_approve(
    *, user, evaluation: SelfEvaluation, comment: str = ""
) -> SelfEvaluation:
    """The finance bureau's approval (after the department's, when that step is on)."""
    evaluation = _locked_evaluation(evaluation)
    return _review(
        evaluation, user=user, noun="绩效自评", action=AuditAction.APPROVE, comment=comment
    )
