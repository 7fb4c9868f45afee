"""From the database rows, or from what is on a form, to the core's plain inputs
(``core.evaluation``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jixiao.core import declaration as core
from jixiao.core.evaluation.monitoring import (
    Cause,
    IndicatorReport,
    MoneyReport,
    MonitoringReportInput,
)
from jixiao.core.evaluation.scoring import IndicatorActual, SelfEvaluationInput

MONEY_FIELDS = ("budget", "executed", "expected", "money_cause", "money_explanation",
                "money_measure")  # fmt: skip
PROGRESS_FIELDS = ("achieved", "expected", "likelihood", "cause", "explanation", "measure")
RESULT_FIELDS = ("actual", "weight", "grade", "proposed", "deviation")


def annual_indicators(declaration) -> list:
    """The declaration's annual indicators (the ones monitored and scored), in form order."""
    return [i for i in declaration.indicators.all() if i.period == "annual"]


def core_indicator(row) -> core.Indicator:
    return core.Indicator(
        period=row.period, level1=row.level1, level2=row.level2, name=row.name, value=row.value
    )


def _fields(record, names) -> dict:
    return {name: getattr(record, name) for name in names}


def monitoring_input(
    *, fiscal_year: int, cut_off: date, money: dict, rows: list[tuple[object, dict]]
) -> MonitoringReportInput:
    """``money``: the form's own fields; ``rows``: (indicator row, its fields) in form order."""
    return MonitoringReportInput(
        fiscal_year=fiscal_year,
        cut_off=cut_off,
        money=MoneyReport(
            budget=money["budget"],
            executed=money["executed"],
            expected=money.get("expected"),
            deviation=Cause(
                money.get("money_cause") or None,
                money.get("money_explanation") or "",
                money.get("money_measure") or "",
            ),
        ),
        indicators=[
            IndicatorReport(
                indicator=core_indicator(indicator),
                achieved=entry.get("achieved") or "",
                expected=entry.get("expected") or "",
                likelihood=entry.get("likelihood") or None,
                deviation=Cause(
                    entry.get("cause") or None,
                    entry.get("explanation") or "",
                    entry.get("measure") or "",
                ),
            )
            for indicator, entry in rows
        ],
    )


def report_input(report, progress_rows) -> MonitoringReportInput:
    """``progress_rows``: the report's ``IndicatorProgress`` in the declaration's order."""
    return monitoring_input(
        fiscal_year=report.declaration.fiscal_year,
        cut_off=report.round.cut_off,
        money=_fields(report, MONEY_FIELDS),
        rows=[(row.indicator, _fields(row, PROGRESS_FIELDS)) for row in progress_rows],
    )


def evaluation_input(
    *, fiscal_year: int, budget: Decimal, executed: Decimal, rows: list[tuple[object, dict]]
) -> SelfEvaluationInput:
    """``rows``: (indicator row, its entered fields) in form order."""
    return SelfEvaluationInput(
        fiscal_year=fiscal_year,
        budget=budget,
        executed=executed,
        indicators=[
            IndicatorActual(
                indicator=core_indicator(indicator),
                actual=entry.get("actual") or "",
                weight=None if entry.get("weight") is None else Decimal(entry["weight"]),
                grade=entry.get("grade") or None,
                proposed=entry.get("proposed"),
                deviation=entry.get("deviation") or "",
            )
            for indicator, entry in rows
        ],
    )


def self_evaluation_input(evaluation, result_rows) -> SelfEvaluationInput:
    return evaluation_input(
        fiscal_year=evaluation.declaration.fiscal_year,
        budget=evaluation.budget,
        executed=evaluation.executed,
        rows=[(row.indicator, _fields(row, RESULT_FIELDS)) for row in result_rows],
    )
