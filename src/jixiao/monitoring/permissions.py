"""Who may do what in monitoring and self-evaluation (docs/evaluation.md).

The finance bureau (finance reviewers and administrators) opens and closes rounds and reviews
reports and self-evaluations of every department; a department's filer fills in those of the
approved declarations in their scope.  Everyone else in the department may read them.
"""

from __future__ import annotations

from jixiao.declarations.permissions import in_scope


def is_finance(user) -> bool:
    return bool(user and user.is_authenticated and user.sees_all_departments)


def may_open_round(user) -> bool:
    return is_finance(user)


def may_fill(user, declaration) -> bool:
    return in_scope(user, declaration) and (user.is_filer or user.is_admin_role)


def may_review(user) -> bool:
    return is_finance(user)
