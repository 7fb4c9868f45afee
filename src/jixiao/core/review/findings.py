"""What a review returns: findings, the deductions they cost and the declaration's report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "hint"]
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "hint": "提示"}


@dataclass(frozen=True)
class Finding:
    """One defect of one declaration.

    ``field`` points at the form: a top-level key (``phone``), a funds cell
    (``funds.annual.local``) or a row of ``Declaration.indicators`` (``indicators[7]``).
    """

    rule: str
    severity: Severity
    field: str
    message: str
    hint: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Deduction:
    """The points one finding costs, and why."""

    rule: str
    severity: Severity
    field: str
    points: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "field": self.field,
            "points": self.points,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Report:
    """One declaration's review: its findings and the score they leave."""

    project_name: str
    fiscal_year: int
    department_code: str | None
    department_name: str | None
    findings: tuple[Finding, ...]
    score: int
    grade: str
    conclusion: str
    deductions: tuple[Deduction, ...] = field(default=())

    @property
    def counts(self) -> dict[str, int]:
        """Findings by severity, every severity present (0 when none)."""
        counted = Counter(f.severity for f in self.findings)
        return {s: counted.get(s, 0) for s in SEVERITY_LABELS}

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    def findings_for(self, field_name: str) -> list[Finding]:
        """Findings that point at a field (``funds.annual`` also gets ``funds.annual.local``)."""
        return [
            f
            for f in self.findings
            if f.field == field_name or f.field.startswith((field_name + ".", field_name + "["))
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "project_name": self.project_name,
            "fiscal_year": self.fiscal_year,
            "department_code": self.department_code,
            "department_name": self.department_name,
            "score": self.score,
            "grade": self.grade,
            "conclusion": self.conclusion,
            "counts": self.counts,
            "findings": [f.to_dict() for f in self.findings],
            "deductions": [d.to_dict() for d in self.deductions],
        }
