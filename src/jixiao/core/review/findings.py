"""What a review returns: findings, the deductions they cost and the declaration's report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "hint"]
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "hint": "提示"}

# Where a message about other declarations names them: the rule writes its message with this
# placeholder (before any text of the form it quotes) and the reader's wording fills it in.
OTHERS = "{others}"
# How many other declarations a message names before counting the rest.
NAMED_AT_MOST = 3
# How many references a finding keeps (a sentence pasted into a thousand forms is counted,
# not listed a thousand times on each of them).
REFS_KEPT = 20


@dataclass(frozen=True)
class Ref:
    """Another declaration a finding is about: its index in the batch, how similar it is."""

    index: int
    similarity: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index}
        if self.similarity is not None:
            out["similarity"] = self.similarity
        return out


def others_phrase(names: Sequence[str], hidden: int = 0) -> str:
    """「甲」、「乙」、「丙」和另外 2 个项目: the first few ``names``, then a count of the rest
    (those named beyond ``NAMED_AT_MOST`` and the ``hidden`` ones the reader may not see)."""
    named = list(names[:NAMED_AT_MOST])
    rest = len(names) - len(named) + hidden
    text = "、".join(named)
    if rest:
        text += ("和" if named else "") + f"另外 {rest} 个项目"
    return text


def name_others(template: str, names: Sequence[str | None], unlisted: int = 0) -> str:
    """``template`` with its ``OTHERS`` worded for one reader: ``names[k]`` is how the k-th
    referenced declaration is named to them, ``None`` when they may not see it (counted, as
    are the ``unlisted`` ones beyond the references kept)."""
    shown = [n for n in names if n is not None]
    hidden = len(names) - len(shown) + unlisted
    return template.replace(OTHERS, others_phrase(shown, hidden), 1)


@dataclass(frozen=True)
class Finding:
    """One defect of one declaration.

    ``field`` points at the form: a top-level key (``phone``), a funds cell
    (``funds.annual.local``) or a row of ``Declaration.indicators`` (``indicators[7]``).
    ``refs``: the other declarations of the batch a rule across declarations found it with
    (the first ``REFS_KEPT``; ``unlisted`` counts the rest).
    """

    rule: str
    severity: Severity
    field: str
    message: str
    hint: str = ""
    refs: tuple[Ref, ...] = ()
    unlisted: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }
        if self.refs:
            out["refs"] = [r.to_dict() for r in self.refs]
        if self.unlisted:
            out["unlisted"] = self.unlisted
        return out


@dataclass(frozen=True)
class Deduction:
    """The points one finding costs, and why."""

    rule: str
    severity: Severity
    field: str
    points: int

    @property
    def reason(self) -> str:
        """错误 FIELD-MISSING「必填项未填写」：负责人 (worded when asked: most are never read)."""
        from jixiao.core.review.context import field_place
        from jixiao.core.review.registry import all_rules

        title = all_rules()[self.rule].title
        return f"{SEVERITY_LABELS[self.severity]} {self.rule}「{title}」：{field_place(self.field)}"

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
