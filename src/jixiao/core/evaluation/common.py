"""What monitoring and scoring share: a target's direction, reading a reported value against
its target, the problems a report can have, and presentation rounding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Literal

from jixiao.core.declaration import Indicator
from jixiao.core.errors import JixiaoError
from jixiao.core.framework import frameworks
from jixiao.core.values import MONEY_UNITS, PERCENT_UNITS, ValueReading, parse_value

Direction = Literal["min", "max", "zero", "deadline", "qualitative", "unknown"]
ProblemKind = Literal["invalid", "incomplete"]

CENT = Decimal("0.01")


class EvaluationError(JixiaoError):
    """A monitoring report or self-evaluation that cannot be accepted, with every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("；".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with what the filer entered.

    ``invalid`` is refused on saving (a figure that cannot be right); ``incomplete`` only on
    submitting (something still to fill in).  ``index`` is the indicator's position among the
    declaration's annual indicators, ``None`` for the form's own fields.
    """

    kind: ProblemKind
    field: str
    message: str
    index: int | None = None
    subject: str = ""

    def __str__(self) -> str:
        return f"{self.subject}：{self.message}" if self.subject else self.message


def money(value: Decimal) -> str:
    """元 with thousands separators and two decimals, as the forms print money."""
    return f"{value.quantize(CENT, ROUND_HALF_UP):,}"


def r2(value: Decimal) -> Decimal:
    """A score or ratio as presented: two decimals, half up."""
    return value.quantize(CENT, ROUND_HALF_UP)


def pct(ratio: Decimal) -> str:
    return f"{r2(ratio * 100)}%"


def subject_of(indicator: Indicator) -> str:
    return f"{indicator.level2}「{indicator.name}」"


def target_reading(indicator: Indicator, *, year: int) -> ValueReading:
    return parse_value(indicator.value, year=year)


@cache
def _cost_labels() -> frozenset[str]:
    labels = set()
    for fw in frameworks().values():
        labels.update(fw.cost_level2)
        if fw.cost_level1:
            labels.add(fw.cost_level1)
    return frozenset(labels)


def is_cost(indicator: Indicator) -> bool:
    """A cost indicator (成本指标, as level2 or as the 2021 framework's level1)."""
    return indicator.level2 in _cost_labels() or indicator.level1 in _cost_labels()


def direction_of(reading: ValueReading, *, cost: bool = False) -> Direction:
    """How a target is met: a minimum, a maximum, exactly zero, a deadline, a grade.

    A quantity printed with no comparator is a minimum (a positive measure), except a cost,
    which is a ceiling: spending more than the declared cost is not doing better.
    """
    if reading.kind == "quantity":
        if reading.comparator in ("<=", "<"):
            return "max"
        if cost and not reading.explicit_comparator and target_number(reading) > 0:
            return "max"
        if reading.comparator == "=" and target_number(reading) == 0:
            return "zero"
        return "min"  # ≥, >, and = or no comparator on a positive target (spec: "as ≥")
    if reading.kind == "date":
        return "deadline"
    if reading.kind == "qualitative":
        return "qualitative"
    return "unknown"


def target_number(reading: ValueReading) -> Decimal:
    """A quantity target in the unit actual values are compared in (money in 元)."""
    if reading.amount_yuan is not None:
        return reading.amount_yuan
    assert reading.number is not None
    return reading.number


class ReadError(ValueError):
    """A reported value that cannot be compared with its target (message in Chinese)."""


def read_quantity(raw: str, target: ValueReading) -> Decimal:
    """A reported figure in the target's unit: ``6``, ``6类``, ``95%``, ``5200万元``.

    A bare number is taken in the target's unit (a bare ``5200`` against ``7845.9万元`` is
    5,200 万元).  Another unit is refused rather than guessed at.
    """
    reading = parse_value(raw)
    if reading.kind != "quantity" or reading.number is None:
        raise ReadError(f"「{raw.strip()}」不是一个数值，应填如 {target.raw} 的数")
    if reading.explicit_comparator:
        raise ReadError(f"「{raw.strip()}」应为实际的数值，不带比较符（≥、≤ 等）")
    if target.amount_yuan is not None:
        if reading.amount_yuan is not None:
            return reading.amount_yuan
        if reading.unit is None:
            return reading.number * MONEY_UNITS[target.unit or "元"]
    elif target.unit in PERCENT_UNITS:
        if reading.unit in (None, target.unit):
            return reading.number
    elif reading.unit in (None, target.unit):
        return reading.number
    raise ReadError(
        f"「{raw.strip()}」的单位与目标 {target.raw} 的单位「{target.unit or '无'}」不一致"
    )


def read_date(raw: str, *, year: int) -> date:
    """A reported date (``2023年7月15日``, ``2023年10月底``, ``2023-07-15``): its last day."""
    reading = parse_value(raw, year=year)
    if reading.kind != "date" or reading.end is None:
        raise ReadError(f"「{raw.strip()}」不是日期，应填如 2023年7月15日")
    return reading.end


def show_quantity(value: Decimal, target: ValueReading) -> str:
    """A figure in the target's unit for the explanation (money in 元, the others as given)."""
    if target.amount_yuan is not None:
        return f"{money(value)}元"
    text = format(value.normalize(), "f")
    return f"{text}{target.unit or ''}"
