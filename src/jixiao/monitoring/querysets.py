"""Named reads of rounds, reports and self-evaluations: who may see what."""

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


class MonitoringReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> MonitoringReportQuerySet:
        """Reports on the declarations in the user's scope (a department's own; finance all)."""
        return self.filter(declaration__in=_declarations_in_scope(user))

    def warnings(self) -> MonitoringReportQuerySet:
        """Red and yellow reports, worst first."""
        return self.filter(light__in=("red", "yellow")).order_by(
            "-light", "declaration__department__code", "declaration__project_name"
        )

    def submitted(self) -> MonitoringReportQuerySet:
        return self.filter(status__in=("submitted", "approved"))

    def with_related(self) -> MonitoringReportQuerySet:
        return self.select_related("round", "declaration", "declaration__department")


class SelfEvaluationQuerySet(models.QuerySet):
    def visible_to(self, user) -> SelfEvaluationQuerySet:
        return self.filter(declaration__in=_declarations_in_scope(user))

    def for_year(self, year: int) -> SelfEvaluationQuerySet:
        return self.filter(declaration__fiscal_year=year)

    def with_related(self) -> SelfEvaluationQuerySet:
        return self.select_related("declaration", "declaration__department")
