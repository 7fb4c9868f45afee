"""What every per-declaration rule reads: the declaration, its parsed values, the framework
and the configuration, computed once per review."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache

from jixiao.core.declaration import (
    FIELD_LABELS,
    FUND_LABELS,
    PERIOD_LABELS,
    Declaration,
    Indicator,
    Period,
)
from jixiao.core.framework import Framework
from jixiao.core.review.config import ReviewConfig
from jixiao.core.review.similarity import clean
from jixiao.core.values import MONEY_UNITS, ValueReading, parse_value

_UNIT_PRICE = re.compile(r"^(?:" + "|".join(MONEY_UNITS) + r")(?:/|每)")


@lru_cache(maxsize=65536)
def read_value(raw: str, year: int) -> ValueReading:
    """``parse_value`` memoised: forms repeat the same few hundred values endlessly."""
    return parse_value(raw, year=year)


@lru_cache(maxsize=32)
def any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled expression matching any of the configured regular expressions."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=32)
def _marks(placeholders: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    marks = frozenset(p.upper() for p in placeholders)
    return marks, frozenset(m for m in marks if len(m) == 1)


def is_placeholder(value: str | None, placeholders: tuple[str, ...]) -> bool:
    """Empty, one of the placeholders, or made only of one-character placeholders (``***``)."""
    text = (value or "").strip().upper()
    if not text:
        return True
    marks, singles = _marks(placeholders)
    return text in marks or set(text) <= singles


@lru_cache(maxsize=32)
def contains_any(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled expression finding any of the words (literally): a quick test before a
    rule looks for which word, in the configured order."""
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


@dataclass
class Context:
    declaration: Declaration
    config: ReviewConfig
    framework: Framework
    readings: list[ValueReading] = field(init=False)
    indicators: list[Indicator] = field(init=False)
    _shingles: dict[str, set] = field(init=False, default_factory=dict)
    _cleaned: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        year = self.declaration.fiscal_year
        self.indicators = self.declaration.indicators
        self.readings = [read_value(ind.value or "", year) for ind in self.indicators]

    # -- the indicator table --------------------------------------------------------------

    @cached_property
    def categories(self) -> dict[Period, set[tuple[str, str]]]:
        """The (level1, level2) pairs each half has rows under."""
        out: dict[Period, set[tuple[str, str]]] = {"implementation": set(), "annual": set()}
        for ind in self.indicators:
            out[ind.period].add((ind.level1, ind.level2))
        return out

    @cached_property
    def level2s(self) -> dict[Period, set[str]]:
        """The level2s each half has rows under."""
        return {p: {l2 for _, l2 in pairs} for p, pairs in self.categories.items()}

    @cached_property
    def cost_rows(self) -> list[bool]:
        return [self.is_cost_category(ind.level1, ind.level2) for ind in self.indicators]

    @cached_property
    def halves(self) -> dict[Period, list[int]]:
        """Indicator indices of each half, in form order."""
        out: dict[Period, list[int]] = {"implementation": [], "annual": []}
        for i, ind in enumerate(self.indicators):
            out[ind.period].append(i)
        return out

    @cached_property
    def placeholder(self) -> list[bool]:
        """Whether each row's value is empty or a placeholder."""
        marks = self.config.values.placeholders
        return [is_placeholder(ind.value, marks) for ind in self.indicators]

    @cached_property
    def judged(self) -> list[tuple[int, Indicator, ValueReading]]:
        """Rows whose value reads and is no placeholder: the rows value rules judge."""
        return [
            (i, ind, self.readings[i])
            for i, ind in enumerate(self.indicators)
            if self.readings[i].ok and not self.placeholder[i]
        ]

    @cached_property
    def names(self) -> list[str]:
        """Each row's name cleaned (no punctuation or spaces, full-width folded), for comparing."""
        return [clean(ind.name) for ind in self.indicators]

    def cleaned(self, name: str) -> str:
        """A top-level text field reduced by ``similarity.clean``, computed once per review."""
        found = self._cleaned.get(name)
        if found is None:
            found = self._cleaned[name] = clean(getattr(self.declaration, name))
        return found

    def shingles_of(self, text: str) -> set:
        """The n-grams of a cleaned text, as tuples of characters (quicker to build than
        slices), computed once per review."""
        found = self._shingles.get(text)
        if found is None:
            n = self.config.text.shingle_size
            if len(text) <= n:
                found = {tuple(text)} if text else set()
            else:
                found = set(zip(*(text[i:] for i in range(n)), strict=False))
            self._shingles[text] = found
        return found

    def rows(self, *, level2: tuple[str, ...] | None = None):
        """``(index, indicator, reading)`` for every row, or the rows under some level2s."""
        for i, ind in enumerate(self.indicators):
            if level2 is None or ind.level2 in level2:
                yield i, ind, self.readings[i]

    def is_cost_category(self, level1: str, level2: str) -> bool:
        """Whether a (level1, level2) holds cost indicators in this framework."""
        fw = self.framework
        return fw.is_cost(level2) or (fw.cost_level1 is not None and level1 == fw.cost_level1)

    def is_cost(self, ind: Indicator) -> bool:
        return self.is_cost_category(ind.level1, ind.level2)

    def is_satisfaction(self, ind: Indicator) -> bool:
        return self.framework.is_satisfaction(ind.level2)

    def is_money(self, reading: ValueReading) -> bool:
        """An amount of money, or a unit price (``300元/平方米``)."""
        return reading.is_money or bool(
            reading.is_quantity and reading.unit and _UNIT_PRICE.match(reading.unit)
        )


def indicator_field(index: int) -> str:
    return f"indicators[{index}]"


def row_label(ind: Indicator) -> str:
    """How a message names a row: 实施期「数量指标」中的「改造道路数量」."""
    return f"{PERIOD_LABELS[ind.period]}{ind.level2}「{ind.name}」"


def halves_label(periods) -> str:
    return "、".join(PERIOD_LABELS[p] for p in periods)


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def field_place(field: str) -> str:
    """Where a finding's field is, for a reader: 负责人, 年度资金, 绩效指标第 8 行."""
    if field.startswith("indicators["):
        return f"绩效指标第 {int(field[11:-1]) + 1} 行"
    if field.startswith("funds.") and field.count(".") == 2:
        half, source = field.split(".")[1:]
        return f"{FIELD_LABELS['funds.' + half]}·{FUND_LABELS[source]}"
    return field_label(field)


def yuan(amount: Decimal | int | None) -> str:
    """An amount as the form prints it: ``17,000,000 元``."""
    if amount is None:
        return "（空）"
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"{int(amount):,} 元"
    return f"{amount.normalize():,f} 元"


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def short(text: str, limit: int = 30) -> str:
    """A text quoted in a message, cut with an ellipsis when long."""
    return text if len(text) <= limit else text[:limit] + "…"
