"""The reviewer's conclusion (财预〔2015〕88号): the four dimensions a reviewer signs off
(完整性, 相关性, 适当性, 可行性), which rules fall under each, and a summary of a report's
findings by dimension to put beside the reviewer's decision (优/良/中/差)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from jixiao.core.review.config import ReviewConfig, load_config
from jixiao.core.review.findings import SEVERITY_LABELS, Finding
from jixiao.core.review.registry import all_rules


def dimension_of(rule_id: str, config: ReviewConfig | None = None) -> str:
    """The dimension a rule's findings count against."""
    config = config or load_config()
    return config.dimension_of(rule_id, all_rules()[rule_id].group)


def rules_by_dimension(config: ReviewConfig | None = None) -> dict[str, list[str]]:
    """Every rule id under its dimension, dimensions in the configured order."""
    config = config or load_config()
    out: dict[str, list[str]] = {d: [] for d in config.dimensions.order}
    for rule in all_rules().values():
        out.setdefault(config.dimension_of(rule.id, rule.group), []).append(rule.id)
    return out


@dataclass(frozen=True)
class DimensionSummary:
    dimension: str
    counts: dict[str, int]
    findings: tuple[Finding, ...] = field(default=())

    @property
    def passed(self) -> bool:
        """No error and no warning: the reviewer can sign this dimension off as it stands."""
        return not (self.counts["error"] or self.counts["warning"])

    @property
    def summary(self) -> str:
        if not self.findings:
            return "未发现问题"
        parts = [f"{SEVERITY_LABELS[s]} {n} 项" for s, n in self.counts.items() if n]
        return "，".join(parts)

    def to_dict(self) -> dict:
        return {
            "dimension": self.dimension,
            "passed": self.passed,
            "counts": self.counts,
            "summary": self.summary,
            "rules": sorted({f.rule for f in self.findings}),
        }


def summarise_dimensions(
    findings: Iterable[Finding], *, config: ReviewConfig | None = None
) -> list[DimensionSummary]:
    """Findings grouped by the reviewer's four dimensions, in the configured order."""
    config = config or load_config()
    grouped: dict[str, list[Finding]] = {d: [] for d in config.dimensions.order}
    for f in findings:
        grouped.setdefault(dimension_of(f.rule, config), []).append(f)
    return [
        DimensionSummary(
            dimension=dim,
            counts={s: sum(f.severity == s for f in items) for s in SEVERITY_LABELS},
            findings=tuple(items),
        )
        for dim, items in grouped.items()
    ]
