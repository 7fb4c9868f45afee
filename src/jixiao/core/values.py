"""The value grammar (指标值): a target value as printed, read into a structured reading.

Three kinds (``shared/spec/declaration.md``):

- quantity: an optional comparator, a number and a unit (``≥5类``, ``7845.9万元``, ``100%``);
  money is normalised to 元 as ``Decimal``;
- date or period: ``2023年7月``, ``2023年10月底``, ``2023年6月-11月``, ``12月底前``;
- qualitative: a direction word (``是``, ``及时``, ``提高`` …).

A value that fits none is read as kind ``unknown`` with a message; parsing never raises.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

Kind = Literal["quantity", "date", "qualitative", "unknown"]
Comparator = Literal[">=", "<=", "=", ">", "<"]

# Longest first, so that "不低于" wins over "低于" and "≥" over ">".
COMPARATOR_WORDS: tuple[tuple[str, Comparator], ...] = (
    ("大于等于", ">="),
    ("大于或等于", ">="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("至少", ">="),
    ("达到", ">="),
    ("小于等于", "<="),
    ("小于或等于", "<="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("控制在", "<="),
    ("至多", "<="),
    (">=", ">="),
    ("=>", ">="),
    ("≥", ">="),
    ("≧", ">="),
    ("⩾", ">="),
    ("<=", "<="),
    ("=<", "<="),
    ("≤", "<="),
    ("≦", "<="),
    ("⩽", "<="),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    (">", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("<", "<"),
    ("等于", "="),
    ("==", "="),
    ("=", "="),
)

# Money units and their factor to 元.
MONEY_UNITS = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}
PERCENT_UNITS = ("%", "‰")

# Direction words: a qualitative target.  Longer phrases are accepted when they end in one.
DIRECTION_WORDS = (
    "是",
    "否",
    "有",
    "无",
    "及时",
    "按时",
    "准时",
    "改善",
    "提高",
    "提升",
    "稳步提高",
    "稳定提高",
    "稳步提升",
    "逐步提高",
    "有效提升",
    "明显改善",
    "显著提升",
    "进一步提高",
    "增强",
    "增加",
    "降低",
    "减少",
    "下降",
    "健全",
    "完善",
    "规范",
    "保密",
    "确定",
    "达标",
    "合格",
    "优良",
    "良好",
    "较好",
    "好",
    "优秀",
    "有效",
    "持续",
    "长期",
    "稳定",
    "安全",
    "满意",
    "完成",
    "达到",
    "符合",
    "落实",
    "促进",
    "保障",
    "显著",
)

_NUMBER = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+"
_QUANTITY_RE = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<unit>[^0-9\s].*)?$")
_YMD = re.compile(
    r"^(?:(?P<y>\d{4})\s*年)?\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?"
    r"(?P<tail>底|末|初|中旬|上旬|下旬|前|底前|末前|以前|之前)?$"
)
_ISO = re.compile(r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})(?:[-/](?P<d>\d{1,2}))?(?P<tail>前|以前|之前)?$")
# With dots a full date only: "1968.07" is a number, not July 1968.
_DOTTED = re.compile(r"^(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?P<tail>前|以前|之前)?$")
_YEAR_ONLY = re.compile(r"^(?P<y>\d{4})\s*年(?P<tail>底|末|内|年底|年内|度)?(?:前|以前|之前)?$")
_RANGE_SEP = re.compile(r"\s*(?:-|－|—|–|~|～|至|到)\s*")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"[0-9]")
_UNIT_ALIASES = {"㎡": "平方米", "m²": "平方米", "m2": "平方米", "平米": "平方米"}
# The comparator words by their first character, each list longest first as above: a value
# is tried against the few words it can start with, not all of them.
_COMPARATORS_BY_FIRST: dict[str, tuple[tuple[str, Comparator], ...]] = {}
for _word, _comparator in COMPARATOR_WORDS:
    _COMPARATORS_BY_FIRST[_word[0]] = (
        *_COMPARATORS_BY_FIRST.get(_word[0], ()),
        (_word, _comparator),
    )
# Direction words a short phrase may end in, longest first.
_PHRASE_ENDINGS = tuple(w for w in sorted(DIRECTION_WORDS, key=len, reverse=True) if len(w) >= 2)


@dataclass(frozen=True)
class ValueReading:
    """What a printed value means."""

    raw: str
    kind: Kind
    comparator: Comparator | None = None
    number: Decimal | None = None
    unit: str | None = None
    amount_yuan: Decimal | None = None
    start: date | None = None
    end: date | None = None
    direction: str | None = None
    explicit_comparator: bool = False
    error: str | None = None

    @property
    def is_money(self) -> bool:
        return self.amount_yuan is not None

    @property
    def is_percent(self) -> bool:
        return self.kind == "quantity" and self.unit in PERCENT_UNITS

    @property
    def is_date(self) -> bool:
        return self.kind == "date"

    @property
    def is_quantity(self) -> bool:
        return self.kind == "quantity"

    @property
    def is_qualitative(self) -> bool:
        return self.kind == "qualitative"

    @property
    def ok(self) -> bool:
        return self.kind != "unknown"

    def to_dict(self) -> dict:
        """A JSON-ready form (Decimals as strings, dates ISO) for storage and the API."""
        return {
            "kind": self.kind,
            "comparator": self.comparator,
            "number": str(self.number) if self.number is not None else None,
            "unit": self.unit,
            "amount_yuan": str(self.amount_yuan) if self.amount_yuan is not None else None,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "direction": self.direction,
            "error": self.error,
        }


def normalize(text: str) -> str:
    """Full-width forms to ASCII (NFKC), spaces folded; ``≥`` and ``≤`` survive NFKC."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text).strip()


def split_comparator(text: str) -> tuple[Comparator | None, str]:
    for word, comparator in _COMPARATORS_BY_FIRST.get(text[:1], ()):
        if text.startswith(word):
            return comparator, text[len(word) :].strip()
    return None, text


def parse_value(raw: str | None, *, year: int | None = None) -> ValueReading:
    """Read a printed value.  ``year`` is the fiscal year, for dates printed without one."""
    if raw is None or not raw.strip():
        return ValueReading(raw=raw or "", kind="unknown", error="指标值为空")
    text = normalize(raw)
    comparator, rest = split_comparator(text)

    reading = _parse_date(rest, year=year)
    if reading is not None:
        start, end = reading
        return ValueReading(
            raw=raw, kind="date", comparator=comparator, start=start, end=end,
            explicit_comparator=comparator is not None,
        )  # fmt: skip

    quantity = _parse_quantity(rest)
    if quantity is not None:
        number, unit = quantity
        amount = None
        if unit in MONEY_UNITS:
            amount = number * MONEY_UNITS[unit]
            if amount == amount.to_integral_value():
                amount = amount.quantize(Decimal(1))
        return ValueReading(
            raw=raw,
            kind="quantity",
            comparator=comparator or "=",
            number=number,
            unit=unit,
            amount_yuan=amount,
            explicit_comparator=comparator is not None,
        )

    direction = _direction(rest)
    if direction is not None and comparator is None:
        return ValueReading(raw=raw, kind="qualitative", direction=direction)

    return ValueReading(
        raw=raw,
        kind="unknown",
        comparator=comparator,
        error=f"指标值「{raw}」不是数量（如 ≥90%、12条、7845.9万元）、日期（如 2023年10月底）或方向词（如 是、及时、提高）",
    )


def _parse_quantity(text: str) -> tuple[Decimal, str | None] | None:
    m = _QUANTITY_RE.match(text)
    if not m:
        return None
    try:
        number = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:
        return None
    unit = (m.group("unit") or "").strip() or None
    if unit is not None:
        if _DIGIT.search(unit):
            return None  # "1-3月" and the like are not one quantity
        unit = _UNIT_ALIASES.get(unit, unit)
        if len(unit) > 8:
            return None
    return number, unit


def _parse_date(text: str, *, year: int | None) -> tuple[date | None, date | None] | None:
    text = text.replace(" ", "")
    single = _single_date(text, year=year)
    if single is not None:
        return single
    parts = _RANGE_SEP.split(text)
    if len(parts) == 2 and all(parts):
        first = _single_date(parts[0], year=year)
        if first is None:
            return None
        start_year = first[0].year if first[0] else year
        second_text = parts[1]
        # "2023年6月-11月": the second part borrows the first one's year.
        second = _single_date(second_text, year=start_year)
        if second is None:
            return None
        return first[0], second[1]
    return None


def _single_date(text: str, *, year: int | None) -> tuple[date | None, date | None] | None:
    for pattern in (_YMD, _ISO, _DOTTED):
        m = pattern.match(text)
        if m:
            break
    else:
        m = _YEAR_ONLY.match(text)
        if m:
            y = int(m.group("y"))
            return date(y, 1, 1), date(y, 12, 31)
        return None
    y = int(m.group("y")) if m.group("y") else year
    month = int(m.group("m"))
    if not 1 <= month <= 12:
        return None
    if y is None:
        return None, None  # "12月底前" with no fiscal year known: a date, but not placed
    last = calendar.monthrange(y, month)[1]
    if m.group("d"):
        day = int(m.group("d"))
        if not 1 <= day <= last:
            return None
        start = end = date(y, month, day)
    else:
        start, end = date(y, month, 1), date(y, month, last)
    tail = m.group("tail") or ""
    if tail in ("底", "末"):
        start = end
    elif tail in ("前", "以前", "之前", "底前", "末前"):
        start = None  # a deadline: anything up to the end
    return start, end


def _direction(text: str) -> str | None:
    if text in DIRECTION_WORDS:
        return text
    # A short phrase ending in a direction word ("稳步提高", "明显改善") reads as that word.
    if len(text) <= 8 and not _DIGIT.search(text) and text.endswith(_PHRASE_ENDINGS):
        return text
    return None


def is_value_like(text: str, *, year: int | None = None) -> bool:
    """Whether text reads as a value (for splitting names from values glued together)."""
    return parse_value(text, year=year).ok
