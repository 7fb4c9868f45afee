"""The review workflow: one function per transition (see docs/workflow.md).

Each locks the row, checks the role and the state (``permissions.allowed_actions``), changes
the state, saves only the fields it changed and writes the audit entry.  A refusal is a
``WorkflowError`` with a Chinese message and writes nothing.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from jixiao.core.declaration import FIELD_LABELS, FUND_SOURCES, PERIODS
from jixiao.core.diff import field_label
from jixiao.declarations import history, permissions
from jixiao.declarations.errors import ConcurrencyError, WorkflowError
from jixiao.declarations.models import (
    REVIEW_DIMENSIONS,
    Action,
    AuditEntry,
    Conclusion,
    Declaration,
    FollowUp,
    ReviewComment,
    Status,
)
from jixiao.declarations.reviewing import errors_of
from jixiao.declarations.services.audit import actor_of, audit_write, version_snapshot
from jixiao.declarations.services.content import check_unique, record_apply, record_create
from jixiao.declarations.services.year_review import (
    year_lock,
    year_review_recheck,
    year_reviews_after_change,
)

ACTION_LABELS = {
    permissions.SUBMIT: "提交",
    permissions.RETURN: "退回",
    permissions.DEPT_APPROVE: "部门审核",
    permissions.FINANCE_CONCLUDE: "财政审核",
    permissions.PUBLISH: "公开",
    permissions.REVISE: "修订",
    permissions.COMMENT: "填写审核意见",
    permissions.FOLLOW_UP_CLOSE: "关闭整改",
}


def _lock(declaration: Declaration, expected_version: int | None = None) -> Declaration:
    record = (
        Declaration.objects.select_for_update(of=("self",))
        .select_related("department", "implementing_unit")
        .get(pk=declaration.pk)
    )
    if expected_version is not None and record.version != expected_version:
        raise ConcurrencyError(
            declaration_id=record.pk,
            expected_version=expected_version,
            current_version=record.version,
        )
    return record


def _require(user, action: str, record: Declaration) -> None:
    if permissions.may(user, action, record):
        return
    label = ACTION_LABELS.get(action, action)
    if not permissions.in_scope(user, record):
        raise WorkflowError(f"您无权{label}该申报表")
    raise WorkflowError(
        f"申报表「{record.project_name}」当前为「{record.get_status_display()}」，"
        f"您（{user.get_role_display()}）不能{label}"
    )


def _move(
    record: Declaration,
    *,
    user,
    action: str,
    to_status: str,
    comment: str = "",
    field: str = "",
    data: dict | None = None,
    **fields,
) -> AuditEntry:
    """Change the state (and ``fields``) of a locked record, save those only, leave a trace.

    A return keeps the content returned: the version the reviewer saw, against which the
    resubmission is compared (``history.changes_since_return``)."""
    from_status = record.status
    if to_status == Status.RETURNED:
        data = {**(data or {}), "content": record.to_core().to_dict()}
    record.status = to_status
    record.version += 1
    record.updated_at = timezone.now()
    for name, value in fields.items():
        setattr(record, name, value)
    record.save(update_fields=["status", "version", "updated_at", *fields])
    return audit_write(
        declaration=record,
        user=user,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        field=field,
        data=data,
    )


_FIELD_RE = re.compile(r"^indicators\[(\d+)\]$")


def _check_field(field: str, record: Declaration) -> str:
    """A comment points at a key of declaration/1 that exists on this form, or at nothing."""
    field = (field or "").strip()
    if not field or field in FIELD_LABELS:
        return field
    parts = field.split(".")
    is_fund = parts[0] == "funds" and len(parts) in (2, 3) and parts[1] in PERIODS
    if is_fund and (len(parts) == 2 or parts[2] in ("total", *FUND_SOURCES)):
        return field
    m = _FIELD_RE.match(field)
    if m and int(m.group(1)) < record.indicators.count():
        return field
    raise WorkflowError(f"意见所指的字段「{field}」在申报表中不存在", field=field)


def _comment_required(comment: str, what: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(f"{what}必须填写意见，说明原因和修改要求", field="comment")
    return comment


# -- filer ---------------------------------------------------------------------------------


@transaction.atomic
def declaration_submit(
    *, declaration: Declaration, user, expected_version: int | None = None
) -> Declaration:
    """Draft or returned → submitted, refused while the review finds errors."""
    year_lock(declaration.fiscal_year)
    record = _lock(declaration, expected_version)
    _require(user, permissions.SUBMIT, record)
    # The review as of now: its own rules run again (the configuration may have changed
    # since the last save), the year's duplicates as they stand.
    year_review_recheck(record)
    errors = errors_of(record.findings)
    if errors:
        data = record.to_core().to_dict()
        listed = "；".join(
            f"{field_label(e.get('field') or '', data)}：{e['message']}" for e in errors[:5]
        )
        more = f"（另有 {len(errors) - 5} 处）" if len(errors) > 5 else ""
        raise WorkflowError(
            f"审核发现 {len(errors)} 处错误，修改后才能提交：{listed}{more}",
            field=errors[0].get("field"),
        )
    data = None
    since = history.changes_since_return(record)
    if since is not None:
        returned, changes = since
        data = {"since_return": returned.pk, "changes": [c.to_dict() for c in changes]}
    _move(record, user=user, action=Action.SUBMIT, to_status=Status.SUBMITTED, data=data)
    return record


# -- reviewers -----------------------------------------------------------------------------


@transaction.atomic
def declaration_return(
    *,
    declaration: Declaration,
    user,
    comment: str,
    field: str = "",
    expected_version: int | None = None,
) -> Declaration:
    """Submitted (department) or department-approved (finance) → returned, with a comment."""
    record = _lock(declaration, expected_version)
    _require(user, permissions.RETURN, record)
    comment = _comment_required(comment, "退回")
    field = _check_field(field, record)
    entry = _move(
        record,
        user=user,
        action=Action.RETURN,
        to_status=Status.RETURNED,
        comment=comment,
        field=field,
    )
    ReviewComment.objects.create(
        declaration=record, author=actor_of(user), field=field, message=comment, audit_entry=entry
    )
    return record


@transaction.atomic
def declaration_comment(
    *, declaration: Declaration, user, message: str, field: str = ""
) -> ReviewComment:
    """A reviewer's comment on a form under review, pointing at a field or at the whole."""
    record = _lock(declaration)
    _require(user, permissions.COMMENT, record)
    message = _comment_required(message, "审核意见")
    field = _check_field(field, record)
    entry = audit_write(
        declaration=record,
        user=user,
        action=Action.COMMENT,
        from_status=record.status,
        comment=message,
        field=field,
    )
    return ReviewComment.objects.create(
        declaration=record, author=actor_of(user), field=field, message=message, audit_entry=entry
    )


@transaction.atomic
def declaration_approve(
    *, declaration: Declaration, user, comment: str = "", expected_version: int | None = None
) -> Declaration:
    """The department reviewer's approval: submitted → department approved."""
    record = _lock(declaration, expected_version)
    _require(user, permissions.DEPT_APPROVE, record)
    _move(
        record,
        user=user,
        action=Action.DEPT_APPROVE,
        to_status=Status.DEPT_APPROVED,
        comment=(comment or "").strip(),
    )
    return record


def _check_dimensions(conclusion: str, dimensions: dict) -> dict[str, bool]:
    unknown = set(dimensions) - set(REVIEW_DIMENSIONS)
    if unknown:
        raise WorkflowError(f"未知的审核维度：{'、'.join(sorted(unknown))}", field="dimensions")
    missing = [d for d in REVIEW_DIMENSIONS if not isinstance(dimensions.get(d), bool)]
    if missing:
        raise WorkflowError(
            f"请对审核维度「{'、'.join(missing)}」逐项给出是否通过", field="dimensions"
        )
    if conclusion == Conclusion.EXCELLENT:
        failed = [d for d in REVIEW_DIMENSIONS if not dimensions[d]]
        if failed:
            raise WorkflowError(
                f"结论为「优」时四个维度都应通过；未通过：{'、'.join(failed)}", field="dimensions"
            )
    return {d: dimensions[d] for d in REVIEW_DIMENSIONS}


@transaction.atomic
def declaration_finance_conclude(
    *,
    declaration: Declaration,
    user,
    conclusion: str,
    dimensions: dict,
    comment: str = "",
    expected_version: int | None = None,
) -> Declaration:
    """The finance reviewer's conclusion, acted on (review-rules.md, 财预〔2015〕88号):

    优 → finance approved; 良 → finance approved with the agreed small fixes (the comment) as
    an open follow-up (整改), closed when a revision carrying them is approved or by the
    finance reviewer, and publication waits for it; 中 → returned for revision; 差 → rejected,
    it does not proceed.
    """
    if declaration.revision_of_id is not None:  # approving it merges it: content changes
        year_lock(declaration.fiscal_year)
    record = _lock(declaration, expected_version)
    _require(user, permissions.FINANCE_CONCLUDE, record)
    if conclusion not in Conclusion.values:
        raise WorkflowError(
            f"审核结论应为 优、良、中、差 之一，而不是「{conclusion}」", field="conclusion"
        )
    checked = _check_dimensions(conclusion, dimensions)
    comment = (comment or "").strip()
    if conclusion == Conclusion.GOOD:
        comment = _comment_required(comment, "结论为「良」时，商定的整改要求")
    elif conclusion in (Conclusion.FAIR, Conclusion.POOR):
        comment = _comment_required(comment, f"结论为「{conclusion}」时")
    to_status = {
        Conclusion.EXCELLENT: Status.FINANCE_APPROVED,
        Conclusion.GOOD: Status.FINANCE_APPROVED,
        Conclusion.FAIR: Status.RETURNED,
        Conclusion.POOR: Status.REJECTED,
    }[Conclusion(conclusion)]
    data = {"conclusion": conclusion, "dimensions": checked}
    follow_up = {}
    if conclusion == Conclusion.GOOD:
        data["agreed_fixes"] = comment
    if to_status == Status.FINANCE_APPROVED and record.revision_of_id is None:
        # A revision's follow-up belongs to the declaration it is carried into (_merge).
        good = conclusion == Conclusion.GOOD
        follow_up = {
            "follow_up": FollowUp.OPEN if good else FollowUp.NONE,
            "follow_up_required": comment if good else "",
        }
    entry = _move(
        record,
        user=user,
        action=Action.FINANCE_CONCLUDE,
        to_status=to_status,
        comment=comment,
        data=data,
        finance_conclusion=conclusion,
        finance_dimensions=checked,
        **follow_up,
    )
    if to_status == Status.RETURNED:
        ReviewComment.objects.create(
            declaration=record, author=actor_of(user), message=comment, audit_entry=entry
        )
    if to_status == Status.FINANCE_APPROVED:
        if record.revision_of_id is not None:
            _merge(record, user=user, agreed_fixes=data.get("agreed_fixes", ""))
        else:
            version_snapshot(declaration=record, user=user, note=f"财政批复（{conclusion}）")
    return record


@transaction.atomic
def declaration_publish(
    *, declaration: Declaration, user, expected_version: int | None = None
) -> Declaration:
    """Finance approved → published: the public can read it (phone masked).  A 良 waits
    until its follow-up is closed: the public reads the fixed targets."""
    record = _lock(declaration, expected_version)
    _require(user, permissions.PUBLISH, record)
    if record.has_open_follow_up:
        raise WorkflowError(
            "审核结论为「良」，整改要求尚未完成，不能公开：待整改的修订稿批复后，"
            "或由财政审核人确认整改完成后再公开",
            field="follow_up",
        )
    _move(
        record,
        user=user,
        action=Action.PUBLISH,
        to_status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    return record


@transaction.atomic
def declaration_follow_up_close(*, declaration: Declaration, user, comment: str) -> Declaration:
    """The finance reviewer confirms that the fixes a 良 required are done (or agreed
    otherwise), saying how; the declaration may then be published."""
    record = _lock(declaration)
    _require(user, permissions.FOLLOW_UP_CLOSE, record)
    comment = _comment_required(comment, "关闭整改")
    record.follow_up = FollowUp.DONE
    record.version += 1
    record.updated_at = timezone.now()
    record.save(update_fields=["follow_up", "version", "updated_at"])
    audit_write(
        declaration=record,
        user=user,
        action=Action.FOLLOW_UP_CLOSE,
        from_status=record.status,
        comment=comment,
        data={"required": record.follow_up_required},
    )
    return record


# -- revisions (修订) -------------------------------------------------------------------


@transaction.atomic
def declaration_revise(*, declaration: Declaration, user) -> Declaration:
    """Start a revision of an approved declaration: a draft copy that goes through review
    again while the approved declaration stays in force, unchanged."""
    year_lock(declaration.fiscal_year)
    record = _lock(declaration)
    _require(user, permissions.REVISE, record)
    open_revision = Declaration.objects.open_revisions().filter(revision_of=record).first()
    if open_revision is not None:
        raise WorkflowError(
            f"该申报表已有一份修订稿（{open_revision.get_status_display()}），请在其上继续修改"
        )
    revision = record_create(
        decl=record.to_core(),
        department=record.department,
        user=actor_of(user),
        revision_of=record,
        framework=record.framework,
    )
    audit_write(
        declaration=revision,
        user=user,
        action=Action.REVISE,
        to_status=revision.status,
        data={"revision_of": record.pk, "from_version": record.version},
    )
    audit_write(
        declaration=record,
        user=user,
        action=Action.REVISE,
        from_status=record.status,
        data={"revision": revision.pk},
    )
    year_reviews_after_change(revision)
    return revision


def _merge(revision: Declaration, *, user, agreed_fixes: str) -> None:
    """Carry an approved revision's content into the declaration it revises.

    An open follow-up of the original is done: the revision carried the fixes.  A revision
    concluded 良 opens the original's follow-up anew, with its own agreed fixes."""
    original = _lock(revision.revision_of)
    old_year = original.fiscal_year
    decl = revision.to_core()
    check_unique(decl, original.department, exclude_pk=original.pk)
    changes = record_apply(original, decl, bump=True)
    closed, closed_required = original.has_open_follow_up, original.follow_up_required
    # The content in force now is the one this conclusion approved.
    original.finance_conclusion = revision.finance_conclusion
    original.finance_dimensions = revision.finance_dimensions
    if agreed_fixes:
        original.follow_up, original.follow_up_required = FollowUp.OPEN, agreed_fixes
    elif closed:
        original.follow_up = FollowUp.DONE
    original.save(
        update_fields=[
            "finance_conclusion",
            "finance_dimensions",
            "follow_up",
            "follow_up_required",
        ]
    )
    if closed:
        audit_write(
            declaration=original,
            user=user,
            action=Action.FOLLOW_UP_CLOSE,
            from_status=original.status,
            comment=f"修订稿 #{revision.pk} 批复生效，整改要求随之完成",
            data={"revision": revision.pk, "required": closed_required},
        )
    version_snapshot(declaration=original, user=user, note=f"修订生效（修订稿 #{revision.pk}）")
    audit_write(
        declaration=original,
        user=user,
        action=Action.MERGE,
        from_status=original.status,
        data={"revision": revision.pk, "changes": [c.to_dict() for c in changes]},
    )
    _move(
        revision,
        user=user,
        action=Action.MERGE,
        to_status=Status.MERGED,
        data={"revision_of": original.pk},
    )
    year_reviews_after_change(original, revision, years=[old_year])
