"""The review engine (智能审核): the rules of ``shared/spec/review-rules.md`` over one
declaration or a batch, explained findings and a quality score.  No Django here.

    from jixiao.core.review import review, review_batch
    report = review(declaration)          # per-declaration rules
    reports = review_batch(declarations)  # plus the rules across the batch, same order
    report.to_dict()  # {"project_name", "score", "grade", "findings": [...], "deductions": [...]}
"""

from jixiao.core.review.conclusion import (
    DimensionSummary,
    dimension_of,
    rules_by_dimension,
    summarise_dimensions,
)
from jixiao.core.review.config import ConfigError, ReviewConfig, load_config
from jixiao.core.review.context import field_place
from jixiao.core.review.engine import review, review_batch
from jixiao.core.review.findings import SEVERITY_LABELS, Deduction, Finding, Report
from jixiao.core.review.registry import Rule, all_rules, rule_title

__all__ = [
    "SEVERITY_LABELS",
    "ConfigError",
    "Deduction",
    "DimensionSummary",
    "Finding",
    "Report",
    "ReviewConfig",
    "Rule",
    "all_rules",
    "dimension_of",
    "field_place",
    "load_config",
    "review",
    "review_batch",
    "rule_title",
    "rules_by_dimension",
    "summarise_dimensions",
]
