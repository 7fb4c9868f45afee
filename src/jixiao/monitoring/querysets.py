"""Named reads of rounds, reports and self-evaluations: who may see what, what waits for whom."""

from __future__ import annotations

from django.db import models


def _declarations_in_scope(user):
    from jixiao.declarations.models import Declaration

    return Declaration.objects.in_scope_of(user).values("pk")


class MonitoringRoundQuerySet(models.QuerySet):
    def open(self) -> MonitoringRoundQuerySet:
        return self.filter(status="open")

    def for_year(self, year: int) -> MonitoringRoundQuerySet:
        return self.filter(fiscal_year=year)


class FiledQuerySet(models.QuerySet):
    """What monitoring reports and self-evaluations share."""

    def visible_to(self, user):
        """Records on the declarations in the user's scope (a department's own; finance all)."""
        return self.filter(declaration__in=_declarations_in_scope(user))

    def submitted(self):
        """Filed by the filer and not returned (waiting for review, or approved)."""
        return self.filter(status__in=("submitted", "dept_approved", "approved"))

    def _refilable(self):
        return self

    def awaiting_action_by(self, user):
        """The user's to-do list: returned records for filers; reviews for reviewers (the
        step each waits for follows ``permissions.step_of``)."""
        from jixiao.monitoring import permissions

        if user is None or not user.is_authenticated:
            return self.none()
        dept_step = "submitted" if permissions.dept_review_required() else None
        finance_step = ["dept_approved"] + ([] if dept_step else ["submitted"])
        if user.is_filer:
            return self.visible_to(user)._refilable().filter(status="returned")
        if user.is_admin_role:
            statuses = [*finance_step, *([dept_step] if dept_step else [])]
        elif user.is_finance_reviewer:
            statuses = finance_step
        elif user.is_dept_reviewer and dept_step:
            statuses = [dept_step]
        else:
            return self.none()
        return self.visible_to(user).filter(status__in=statuses)


class MonitoringReportQuerySet(FiledQuerySet):
    def warnings(self) -> MonitoringReportQuerySet:
        """Red and yellow reports, worst first."""
        return self.filter(light__in=("red", "yellow")).order_by(
            "-light", "declaration__department__code", "declaration__project_name"
        )

    def _refilable(self) -> MonitoringReportQuerySet:
        # A returned report of a closed round can no longer be filed again.
        return self.filter(round__status="open")

    def with_related(self) -> MonitoringReportQuerySet:
        return self.select_related("round", "declaration", "declaration__department")


class SelfEvaluationQuerySet(FiledQuerySet):
    def for_year(self, year: int) -> SelfEvaluationQuerySet:
        return self.filter(declaration__fiscal_year=year)

    def with_related(self) -> SelfEvaluationQuerySet:
        return self.select_related("declaration", "declaration__department")
