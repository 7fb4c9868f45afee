"""Named reads of declarations: who may see what, what waits for whom."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def _status():
    # The models module imports this one; the status names are looked up lazily.
    from jixiao.declarations.models import Status

    return Status


class DeclarationQuerySet(models.QuerySet):
    # -- scope ------------------------------------------------------------------------------

    def in_scope_of(self, user) -> DeclarationQuerySet:
        """What a user works on: a filer their department's (or unit's, if set), a department
        reviewer their department's, finance reviewers and administrators everything;
        an anonymous visitor nothing."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.sees_all_departments:
            return self.all()
        if user.department_id is None:
            return self.none()
        qs = self.filter(department_id=user.department_id)
        if user.is_filer and user.implementing_unit_id is not None:
            qs = qs.filter(implementing_unit_id=user.implementing_unit_id)
        return qs

    def visible_to(self, user) -> DeclarationQuerySet:
        """What a user may read: their scope, plus whatever is published (public anyway)."""
        published = Q(status=_status().PUBLISHED, revision_of__isnull=True)
        if user is None or not user.is_authenticated:
            return self.filter(published)
        if user.sees_all_departments:
            return self.all()
        scope = self.in_scope_of(user).values("pk")
        return self.filter(Q(pk__in=scope) | published)

    # -- states -----------------------------------------------------------------------------

    def published(self) -> DeclarationQuerySet:
        return self.filter(status=_status().PUBLISHED, revision_of__isnull=True)

    def originals(self) -> DeclarationQuerySet:
        """Declarations proper, without the revisions (修订稿) under way or merged."""
        return self.filter(revision_of__isnull=True)

    def revisions(self) -> DeclarationQuerySet:
        return self.filter(revision_of__isnull=False)

    def open_revisions(self) -> DeclarationQuerySet:
        from jixiao.declarations.models import CLOSED_REVISION_STATUSES

        return self.revisions().exclude(status__in=CLOSED_REVISION_STATUSES)

    def editable(self) -> DeclarationQuerySet:
        from jixiao.declarations.models import EDITABLE_STATUSES

        return self.filter(status__in=EDITABLE_STATUSES)

    def approved(self) -> DeclarationQuerySet:
        """In force: approved by the finance bureau (published or not)."""
        from jixiao.declarations.models import APPROVED_STATUSES

        return self.filter(status__in=APPROVED_STATUSES, revision_of__isnull=True)

    def awaiting_review_by(self, user) -> DeclarationQuerySet:
        """What waits for this reviewer's decision."""
        status = _status()
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_admin_role:
            wanted = Q(status=status.SUBMITTED) | Q(status=status.DEPT_APPROVED)
        elif user.is_finance_reviewer:
            wanted = Q(status=status.DEPT_APPROVED)
        elif user.is_dept_reviewer:
            wanted = Q(status=status.SUBMITTED)
        else:
            return self.none()
        return self.in_scope_of(user).filter(wanted)

    def awaiting_follow_up(self) -> DeclarationQuerySet:
        """Approved with 良: the agreed fixes (整改要求) are not done yet."""
        from jixiao.declarations.models import FollowUp

        return self.filter(follow_up=FollowUp.OPEN)

    def awaiting_action_by(self, user) -> DeclarationQuerySet:
        """The user's to-do list: reviews for reviewers; returned forms and open follow-ups
        (整改) for filers."""
        if user is not None and user.is_authenticated and user.is_filer:
            from jixiao.declarations.models import FollowUp

            wanted = Q(status=_status().RETURNED) | Q(follow_up=FollowUp.OPEN)
            return self.in_scope_of(user).filter(wanted)
        return self.awaiting_review_by(user)

    # -- filters ----------------------------------------------------------------------------

    def for_year(self, year: int) -> DeclarationQuerySet:
        return self.filter(fiscal_year=year)

    def for_department(self, department) -> DeclarationQuerySet:
        return self.filter(department=department)

    def search(self, text: str) -> DeclarationQuerySet:
        text = (text or "").strip()
        return self.filter(project_name__icontains=text) if text else self

    def with_related(self) -> DeclarationQuerySet:
        """What a list or the bridge reads besides the row, fetched in constant queries."""
        return self.select_related("department", "implementing_unit").prefetch_related("indicators")
