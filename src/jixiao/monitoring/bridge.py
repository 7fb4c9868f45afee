"""From the database rows to the core's plain inputs (``core.evaluation``), and back."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core import declaration as core
from jixiao.core.evaluation.monitoring import (
    Cause,
    IndicatorReport,
    MoneyReport,
    MonitoringReportInput,
)
from jixiao.core.evaluation.scoring import IndicatorActual, SelfEvaluationInput


def annual_indicators(declaration) -> list:
    """The declaration's annual indicators (the ones monitored and scored), in form order."""
    return [i for i in declaration.indicators.all() if i.period == "annual"]


def core_indicator(row) -> core.Indicator:
    return core.Indicator(
        period=row.period, level1=row.level1, level2=row.level2, name=row.name, value=row.value
    )


def report_input(report, progress_rows) -> MonitoringReportInput:
    """``progress_rows``: the report's ``IndicatorProgress`` in the declaration's order."""
    money = MoneyReport(
        budget=report.budget,
        executed=report.executed,
        expected=report.expected,
        deviation=Cause(report.money_cause or None, report.money_explanation, report.money_measure),
    )
    items = [
        IndicatorReport(
            indicator=core_indicator(row.indicator),
            achieved=row.achieved,
            expected=row.expected,
            likelihood=row.likelihood or None,
            deviation=Cause(row.cause or None, row.explanation, row.measure),
        )
        for row in progress_rows
    ]
    return MonitoringReportInput(
        fiscal_year=report.declaration.fiscal_year,
        cut_off=report.round.cut_off,
        money=money,
        indicators=items,
    )


def self_evaluation_input(evaluation, result_rows) -> SelfEvaluationInput:
    items = [
        IndicatorActual(
            indicator=core_indicator(row.indicator),
            actual=row.actual,
            weight=None if row.weight is None else Decimal(row.weight),
            grade=row.grade or None,
            proposed=row.proposed,
            deviation=row.deviation,
        )
        for row in result_rows
    ]
    return SelfEvaluationInput(
        fiscal_year=evaluation.declaration.fiscal_year,
        budget=evaluation.budget,
        executed=evaluation.executed,
        indicators=items,
    )
