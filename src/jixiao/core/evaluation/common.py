"""What monitoring and scoring share: a target's direction, reading a reported value against
its target, the problems a report can have, and presentation rounding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Literal

from jixiao.core.declaration import Indicator
from jixiao.core.errors import JixiaoError
from jixiao.core.framework import frameworks
from jixiao.core.values import MONEY_UNITS, ValueReading, normalize, parse_value, split_comparator

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


# A reported figure has at most this many digits before the point: 10^15 is far beyond any
# project's quantity or amount, and keeps every ratio and score inside Decimal's 28 digits
# (a 28-digit figure would make the rounding for the explanation raise).
MAX_WHOLE_DIGITS = 15

_FIGURE = re.compile(r"^(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*(?P<unit>[^0-9\s][^0-9]*)?$")
_UNIT_ALIASES = {"㎡": "平方米", "m²": "平方米", "m2": "平方米", "平米": "平方米"}


def read_quantity(raw: str, target: ValueReading) -> Decimal:
    """A reported figure in the target's unit: ``6``, ``6类``, ``95%``, ``5200万元``.

    A bare number is taken in the target's unit (a bare ``5200`` against ``7845.9万元`` is
    5,200 万元).  Another unit is refused rather than guessed at.  Read as a figure first: the
    value grammar would take ``1968.07`` for a date (July 1968).
    """
    text = normalize(raw)
    comparator, _ = split_comparator(text)
    if comparator is not None:
        raise ReadError(f"「{raw.strip()}」应为实际的数值，不带比较符（≥、≤ 等）")
    m = _FIGURE.match(text)
    if not m:
        raise ReadError(f"「{raw.strip()}」不是一个数值，应填如 {target.raw} 的数")
    digits = m.group("num").replace(",", "")
    if len(digits.split(".")[0].lstrip("0")) > MAX_WHOLE_DIGITS:
        shown = raw.strip() if len(raw.strip()) <= 20 else raw.strip()[:20] + "…"
        raise ReadError(f"「{shown}」数值过大（整数部分最多 {MAX_WHOLE_DIGITS} 位）")
    number = Decimal(digits)
    unit = (m.group("unit") or "").strip() or None
    unit = _UNIT_ALIASES.get(unit, unit)
    if target.amount_yuan is not None:
        if unit in MONEY_UNITS:
            return number * MONEY_UNITS[unit]
        if unit is None:
            return number * MONEY_UNITS[target.unit or "元"]
    elif unit in (None, target.unit):
        return number
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
