"""Who may do what to one declaration: the single place the rules of docs/workflow.md live.

The services refuse what is not allowed here (``WorkflowError``); the access helper turns it
into a 404 for pages; templates ask ``allowed_actions`` which buttons to show.
"""

from __future__ import annotations

from jixiao.declarations.models import Declaration, FollowUp, Status

VIEW = "view"
EDIT = "edit"
DELETE = "delete"
SUBMIT = "submit"
RETURN = "return"
DEPT_APPROVE = "dept_approve"
FINANCE_CONCLUDE = "finance_conclude"
PUBLISH = "publish"
REVISE = "revise"
COMMENT = "comment"
FOLLOW_UP_CLOSE = "follow_up_close"

ACTIONS = (
    VIEW,
    EDIT,
    DELETE,
    SUBMIT,
    RETURN,
    DEPT_APPROVE,
    FINANCE_CONCLUDE,
    PUBLISH,
    REVISE,
    COMMENT,
    FOLLOW_UP_CLOSE,
)


def in_scope(user, declaration: Declaration) -> bool:
    """The object-level twin of ``DeclarationQuerySet.in_scope_of``."""
    if user is None or not user.is_authenticated:
        return False
    if user.sees_all_departments:
        return True
    if user.department_id is None or user.department_id != declaration.department_id:
        return False
    if user.is_filer and user.implementing_unit_id is not None:
        return declaration.implementing_unit_id == user.implementing_unit_id
    return True


def is_public(declaration: Declaration) -> bool:
    return declaration.status == Status.PUBLISHED and declaration.revision_of_id is None


def allowed_actions(user, declaration: Declaration) -> frozenset[str]:
    """Every action ``user`` may take on ``declaration`` now."""
    if not in_scope(user, declaration):
        return frozenset({VIEW}) if is_public(declaration) else frozenset()
    allowed = {VIEW}
    status = declaration.status
    admin = user.is_admin_role
    files = user.is_filer or admin
    if files and status in (Status.DRAFT, Status.RETURNED):
        allowed |= {EDIT, SUBMIT}
        if status == Status.DRAFT:
            allowed.add(DELETE)
    if (user.is_dept_reviewer or admin) and status == Status.SUBMITTED:
        allowed |= {RETURN, DEPT_APPROVE, COMMENT}
    if (user.is_finance_reviewer or admin) and status == Status.DEPT_APPROVED:
        allowed |= {RETURN, FINANCE_CONCLUDE, COMMENT}
    original = declaration.revision_of_id is None
    if (user.is_finance_reviewer or admin) and status == Status.FINANCE_APPROVED and original:
        allowed.add(PUBLISH)
    if files and original and status in (Status.FINANCE_APPROVED, Status.PUBLISHED):
        allowed.add(REVISE)
    reviews = user.is_finance_reviewer or admin
    if reviews and original and declaration.follow_up == FollowUp.OPEN:
        allowed.add(FOLLOW_UP_CLOSE)
    return frozenset(allowed)


def may(user, action: str, declaration: Declaration) -> bool:
    return action in allowed_actions(user, declaration)
