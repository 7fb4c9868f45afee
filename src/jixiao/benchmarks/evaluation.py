"""Monitoring lights and self-evaluation scores per second, on the eleven shared forms.

The finance bureau's summary recomputes nothing (lights and scores are stored on save), so
this measures the cost of one save's computation and of a bulk recomputation after a
configuration change.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from jixiao.core.declaration import loads
from jixiao.core.evaluation.monitoring import (
    IndicatorReport,
    MoneyReport,
    MonitoringReportInput,
    assess,
)
from jixiao.core.evaluation.scoring import IndicatorActual, SelfEvaluationInput, evaluate

EXPECTED = Path(__file__).resolve().parents[3].parent / "shared/data/shangdang-2023-expected.json"


def _inputs():
    declarations = loads(EXPECTED.read_text("utf-8"))
    reports, evaluations = [], []
    for d in declarations:
        budget = d.funds.annual.total or Decimal(0)
        annual = d.indicators_of("annual")
        # A plausible year: each target reported as its own value (comparator dropped).
        values = [i.value.lstrip("≥≤") for i in annual]
        reports.append(MonitoringReportInput(
            fiscal_year=d.fiscal_year, cut_off=date(2023, 7, 31),
            money=MoneyReport(budget=budget, executed=budget / 2, expected=budget),
            indicators=[IndicatorReport(i, v, v, "certain") for i, v in zip(annual, values, strict=True)],
        ))  # fmt: skip
        evaluations.append(SelfEvaluationInput(
            fiscal_year=d.fiscal_year, budget=budget, executed=budget * Decimal("0.95"),
            indicators=[IndicatorActual(i, v, grade="achieved") for i, v in zip(annual, values, strict=True)],
        ))  # fmt: skip
    return reports, evaluations


def _rate(function, items, seconds: float = 1.0) -> float:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for item in items:
            function(item)
        done += len(items)
    return done / (time.perf_counter() - start)


def run() -> list[str]:
    if not EXPECTED.exists():
        return [f"skipped: {EXPECTED} not found"]
    reports, evaluations = _inputs()
    return [
        f"monitoring lights: {_rate(assess, reports):,.0f} reports/s (one core)",
        f"self-evaluation scores: {_rate(evaluate, evaluations):,.0f} evaluations/s (one core)",
    ]
