"""Running the rules: one declaration (``review``) or a batch (``review_batch``), and the score."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from jixiao.core.declaration import Declaration
from jixiao.core.review.batch import BatchContext, describe
from jixiao.core.review.config import ReviewConfig, load_config
from jixiao.core.review.context import Context
from jixiao.core.review.findings import Deduction, Finding, Report, name_others
from jixiao.core.review.registry import Hit, Rule, all_rules

DeclarationLike = Declaration | Mapping[str, Any]


def _as_declaration(item: DeclarationLike) -> Declaration:
    return item if isinstance(item, Declaration) else Declaration.from_dict(item)


def _enabled(config: ReviewConfig, scope: str) -> tuple[Rule, ...]:
    return _enabled_rules(config.disabled, scope)


@lru_cache(maxsize=64)
def _enabled_rules(disabled: tuple[str, ...], scope: str) -> tuple[Rule, ...]:
    return tuple(r for r in all_rules().values() if r.scope == scope and r.id not in disabled)


def _finding(rule: Rule, hit, config: ReviewConfig, message: str | None = None) -> Finding:
    severity = config.severity_of(rule.id, rule.severity)
    return Finding(
        rule.id,
        severity,
        hit.field,
        hit.message if message is None else message,
        hit.hint,
        hit.refs,
        hit.unlisted,
    )


def declaration_findings(declaration: Declaration, config: ReviewConfig) -> list[Finding]:
    """Findings of the per-declaration rules, in rule order."""
    ctx = Context(declaration, config, config.indicator_framework)
    return [
        _finding(rule, hit, config)
        for rule in _enabled(config, "declaration")
        for hit in rule.check(ctx)
    ]


def batch_hits(
    declarations: list[Declaration], config: ReviewConfig
) -> Iterator[tuple[int, Rule, Hit]]:
    """What the enabled rules across the batch found: ``(index, rule, hit)``, the others a hit
    is about by reference (``hit.refs``) and not yet named in its message."""
    batch = BatchContext(declarations, config)
    for rule in _enabled(config, "batch"):
        for index, hit in rule.check(batch):
            yield index, rule, hit


def batch_findings(
    declarations: list[Declaration], config: ReviewConfig
) -> list[tuple[int, Finding]]:
    """Findings of the cross-declaration rules: ``(index into the batch, finding)``, each
    message naming the other declarations (the reader holds the whole batch)."""
    return [
        (
            index,
            _finding(
                rule,
                hit,
                config,
                name_others(
                    hit.message, [describe(declarations[r.index]) for r in hit.refs], hit.unlisted
                ),
            ),
        )
        for index, rule, hit in batch_hits(declarations, config)
    ]


def score_report(declaration: Declaration, findings: list[Finding], config: ReviewConfig) -> Report:
    """The report: each finding deducts by its severity; the score stops at the floor."""
    deductions = tuple(
        Deduction(f.rule, f.severity, f.field, -config.deduction(f.severity)) for f in findings
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
