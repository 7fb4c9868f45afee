"""The reads behind the finance bureau's pages: a round's lights by department, and the
summary of scores and warnings by department for a year."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.evaluation.common import r2
from jixiao.core.evaluation.monitoring import assess_missing
from jixiao.monitoring.models import FILED, MonitoringReport, SelfEvaluation


@dataclass
class RoundRow:
    declaration: object
    report: MonitoringReport | None
    light: str  # green / yellow / red, or "" when not known yet
    reasons: list[str]

    @property
    def department(self):
        return self.declaration.department


def _declarations(user, year: int):
    from jixiao.declarations.models import Declaration

    return (
        Declaration.objects.in_scope_of(user)
        .approved()
        .for_year(year)
        .select_related("department")
        .order_by("department__code", "project_name")
    )


def round_rows(monitoring_round, user) -> list[RoundRow]:
    """Every approved declaration of the round's year in the user's scope, with its light.

    A submitted report has its computed light; once the round is closed a declaration with no
    submitted report is red; while it is open, a draft shows its provisional light.
    """
    reports = {
        r.declaration_id: r
        for r in MonitoringReport.objects.filter(round=monitoring_round).visible_to(user)
    }
    rows = []
    for declaration in _declarations(user, monitoring_round.fiscal_year):
        report = reports.get(declaration.pk)
        submitted = report is not None and report.status in FILED
        if submitted:
            light, reasons = report.light, report.reasons
        elif not monitoring_round.is_open:
            missing = assess_missing()
            light, reasons = missing.light, missing.reasons
        elif report is not None:
            light, reasons = report.light, report.reasons
        else:
            light, reasons = "", []
        rows.append(RoundRow(declaration, report, light, reasons))
    return rows


def warnings_by_department(rows: list[RoundRow]) -> list[tuple[object, list[RoundRow]]]:
    """Red and yellow declarations grouped by department, red first within each."""
    groups: dict[object, list[RoundRow]] = defaultdict(list)
    for row in rows:
        if row.light in ("red", "yellow"):
            groups[row.department].append(row)
    ordered = sorted(groups.items(), key=lambda item: item[0].code)
    return [(dept, sorted(items, key=lambda r: r.light != "red")) for dept, items in ordered]


@dataclass
class DepartmentSummary:
    department: object
    declarations: int = 0
    lights: Counter = field(default_factory=Counter)
    scores: list[Decimal] = field(default_factory=list)
    grades: Counter = field(default_factory=Counter)

    @property
    def average(self) -> Decimal | None:
        return r2(sum(self.scores, Decimal(0)) / len(self.scores)) if self.scores else None


def year_summary(user, year: int, monitoring_round=None) -> list[DepartmentSummary]:
    """Per department: the lights of ``monitoring_round`` and the self-evaluation scores."""
    by_department: dict[int, DepartmentSummary] = {}
    for declaration in _declarations(user, year):
        summary = by_department.setdefault(
            declaration.department_id, DepartmentSummary(declaration.department)
        )
        summary.declarations += 1
    if monitoring_round is not None:
        for row in round_rows(monitoring_round, user):
            by_department[row.declaration.department_id].lights[row.light or "none"] += 1
    evaluations = (
        SelfEvaluation.objects.visible_to(user).for_year(year).with_related()
        .filter(status__in=FILED)
    )  # fmt: skip
    for evaluation in evaluations:
        summary = by_department.get(evaluation.declaration.department_id)
        if summary is not None and evaluation.total is not None:
            summary.scores.append(evaluation.total)
            summary.grades[evaluation.grade] += 1
    return sorted(by_department.values(), key=lambda s: s.department.code)


def chart_data(summaries: list[DepartmentSummary]) -> dict:
    """What the ECharts bar charts plot (JSON-ready)."""
    return {
        "departments": [s.department.name for s in summaries],
        "red": [s.lights["red"] for s in summaries],
        "yellow": [s.lights["yellow"] for s in summaries],
        "green": [s.lights["green"] for s in summaries],
        "average": [float(s.average) if s.average is not None else None for s in summaries],
    }
