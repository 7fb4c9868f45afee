"""Running the rules: one declaration (``review``) or a batch (``review_batch``), and the score."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from jixiao.core.declaration import Declaration
from jixiao.core.review.batch import BatchContext
from jixiao.core.review.config import ReviewConfig, load_config
from jixiao.core.review.context import Context, field_place
from jixiao.core.review.findings import SEVERITY_LABELS, Deduction, Finding, Report
from jixiao.core.review.registry import Rule, all_rules

DeclarationLike = Declaration | Mapping[str, Any]


def _as_declaration(item: DeclarationLike) -> Declaration:
    return item if isinstance(item, Declaration) else Declaration.from_dict(item)


def _enabled(config: ReviewConfig, scope: str) -> list[Rule]:
    return [r for r in all_rules().values() if r.scope == scope and config.is_enabled(r.id)]


def _finding(rule: Rule, hit, config: ReviewConfig) -> Finding:
    severity = config.severity_of(rule.id, rule.severity)
    return Finding(rule.id, severity, hit.field, hit.message, hit.hint)


def declaration_findings(declaration: Declaration, config: ReviewConfig) -> list[Finding]:
    """Findings of the per-declaration rules, in rule order."""
    ctx = Context(declaration, config, config.indicator_framework)
    return [
        _finding(rule, hit, config)
        for rule in _enabled(config, "declaration")
        for hit in rule.check(ctx)
    ]


def batch_findings(
    declarations: list[Declaration], config: ReviewConfig
) -> list[tuple[int, Finding]]:
    """Findings of the cross-declaration rules: ``(index into the batch, finding)``."""
    batch = BatchContext(declarations, config)
    return [
        (index, _finding(rule, hit, config))
        for rule in _enabled(config, "batch")
        for index, hit in rule.check(batch)
    ]


def score_report(declaration: Declaration, findings: list[Finding], config: ReviewConfig) -> Report:
    """The report: each finding deducts by its severity; the score stops at the floor."""
    rules = all_rules()
    deductions = tuple(
        Deduction(
            rule=f.rule,
            severity=f.severity,
            field=f.field,
            points=-config.deduction(f.severity),
            reason=f"{SEVERITY_LABELS[f.severity]} {f.rule}「{rules[f.rule].title}」：{field_place(f.field)}",
        )
        for f in findings
    )
    score = max(config.score.floor, config.score.start + sum(d.points for d in deductions))
    grade = config.grade_for(score)
    return Report(
        project_name=declaration.project_name,
        fiscal_year=declaration.fiscal_year,
        department_code=declaration.department_code,
        department_name=declaration.department_name,
        findings=tuple(findings),
        score=score,
        grade=grade.grade,
        conclusion=grade.conclusion,
        deductions=deductions,
    )


def review(declaration: DeclarationLike, *, config: ReviewConfig | None = None) -> Report:
    """Review one declaration with the per-declaration rules."""
    config = config or load_config()
    declaration = _as_declaration(declaration)
    return score_report(declaration, declaration_findings(declaration, config), config)


def review_batch(
    declarations: Iterable[DeclarationLike], *, config: ReviewConfig | None = None
) -> list[Report]:
    """Review declarations together: per-declaration rules, then the rules across the batch.
    Reports come in the order of the input."""
    config = config or load_config()
    items = [_as_declaration(d) for d in declarations]
    findings = [declaration_findings(d, config) for d in items]
    for index, finding in batch_findings(items, config):
        findings[index].append(finding)
    return [score_report(d, f, config) for d, f in zip(items, findings, strict=True)]
