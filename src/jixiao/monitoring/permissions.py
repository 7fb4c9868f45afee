"""Who may do what in monitoring and self-evaluation (docs/evaluation.md).

The finance bureau (finance reviewers and administrators) opens and closes rounds and gives
the last review of reports and self-evaluations of every department; a department's filer
fills in those of the approved declarations in their scope.  With
``JIXIAO_MONITORING_DEPT_REVIEW`` (the default) the department's reviewer reviews first, as
for declarations: submitted → department approved → approved, either reviewer may return.
Everyone else in the department may read them.
"""

from __future__ import annotations

from django.conf import settings

from jixiao.declarations.permissions import in_scope

DEPT = "dept"
FINANCE = "finance"
STEP_LABELS = {DEPT: "部门审核", FINANCE: "财政审核"}


def dept_review_required() -> bool:
    return bool(getattr(settings, "JIXIAO_MONITORING_DEPT_REVIEW", True))


def is_finance(user) -> bool:
    return bool(user and user.is_authenticated and user.sees_all_departments)


def may_open_round(user) -> bool:
    return is_finance(user)


def may_fill(user, declaration) -> bool:
    return in_scope(user, declaration) and (user.is_filer or user.is_admin_role)


def step_of(record) -> str | None:
    """Whose review a report or self-evaluation waits for: ``DEPT``, ``FINANCE`` or ``None``."""
    if record is None:
        return None
    if record.status == "submitted":
        return DEPT if dept_review_required() else FINANCE
    if record.status == "dept_approved":
        return FINANCE
    return None


def may_take_step(user, step: str | None, declaration) -> bool:
    if step == DEPT:
        return in_scope(user, declaration) and (user.is_dept_reviewer or user.is_admin_role)
    if step == FINANCE:
        return is_finance(user)
    return False


def review_step_for(user, record) -> str | None:
    """The review step ``user`` may take on ``record`` now (for the page's buttons)."""
    step = step_of(record)
    return step if may_take_step(user, step, record.declaration) else None
