"""What the public may see of a declaration: phone numbers masked, the filer optional.

``public_declaration`` is the one definition of the public copy; every public output (the
public page and its print view, PDF, Excel and JSON, the API for the public, the booklet, the
open-data files) is made from it.

Masking policy (the same in 联系电话 and in free text):

- mobile (``1[3-9]`` + 9 digits, with or without ``+86`` / ``0086`` / a leading 0): the first
  three and the last four digits are kept, the middle four hidden: ``138****5678``;
- landline with area code (``010``/``02x`` + 8 digits, ``0xxx`` + 7 or 8 digits, or the area
  code without its 0 after ``+86``): the area code and the local number's last four digits are
  kept: ``0355-***1234``, ``010-****5678``; a local number without area code keeps its last
  four: ``***1234``; service numbers ``400``/``800`` + 7 digits keep ``400`` and the last four;
- anything else in 联系电话: a number of seven digits or more keeps only its last four, a
  shorter one (an extension after 转/分机/-, a fragment) is hidden completely.

Digits are found whatever their script: ASCII, full-width (``１３８…``) or Chinese numerals
(``一三八…``, ``〇``/``零``, ``幺``, 壹贰叁…; Chinese numerals count only as a run of seven or
more, so 张三 and 二〇二三年 are words); a masked digit is always ``*`` and everything that is
not a hidden digit (separators, the text around, the digits' own script) is kept.
A number may be written in groups joined by spaces, hyphens, dashes or brackets
(``138 1234 5678``, ``(0355)855-1234``); any other character ends it, so ``/ 、 , ;`` and
``转`` separate numbers.  Already masked digits (``*``) count as digits, so masking twice
changes nothing.

In free text (project name, 项目概况, indicators, names …) only what is shaped like a Chinese
phone number is masked: a mobile, a landline with area code or a 400/800 number as above and
the extension after it (``转6``, ``-806``, hidden), and after a phone word (电话, 手机, 座机,
传真, 热线, 联系方式, tel …) also a bare local number of 7–8 digits.
Amounts, years, dates, counts and codes are left alone: a candidate inside a decimal
(``13812345678.00``), followed by a unit of money or a percentage (元, 万, 亿, %), or shaped
otherwise (``2023-2025``, ``≥10000人次``, ``GB/T 35273-2020``) is not a phone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jixiao.core.declaration import Declaration

MASK = "*"

_CHINESE_DIGITS = {
    **dict.fromkeys("〇零", "0"),
    **dict.fromkeys("一幺壹", "1"),
    **dict.fromkeys("二贰貳", "2"),
    **dict.fromkeys("三叁", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"),
    **dict.fromkeys("七柒", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}
_MASKS = frozenset("*＊")
# What may stand between the groups of one number (138 1234 5678, (0355)855-1234).
_JOINERS = frozenset(" \u00a0\u3000-‐‑‒–—―－()（）")
_MAX_JOINER = 3
_MAX_DIGITS = 15  # 0086 + an 11-digit mobile
_MIN_IN_WORDS = 7  # the shortest local number, the shortest phone shape

_CC = r"(?:(?:00)?86)"
_MOBILE = re.compile(rf"((?:{_CC}|0)?1[3-9]\d)\d{{4}}\d{{4}}")
_LANDLINE = re.compile(
    rf"((?:{_CC}0?|0)(?:10|2\d))[2-9]\d{{7}}"  # 3-digit area codes: 8-digit local numbers
    rf"|((?:{_CC}0?|0)[3-9]\d\d)[2-9]\d{{6,7}}"  # 4-digit area codes: 7 or 8 digits
)
_SERVICE = re.compile(r"([48]00)\d{7}")
_LOCAL = re.compile(r"[2-9]\d{6,7}")


def _prefix_pattern() -> re.Pattern[str]:
    """What the start of a phone written in several groups may be: the groups of 1 1 1 1 …
    are given up at the second, not tried fifteen digits deep."""
    d = "[0-9]"
    shapes = [[*head, "1", "[3-9]", *[d] * 9] for head in ("", "0", "86", "0086")]
    for head in ("0", "86", "860", "0086", "00860"):
        shapes.append([*head, "1", "0", "[2-9]", *[d] * 7])
        shapes.append([*head, "2", d, "[2-9]", *[d] * 7])
        shapes.append([*head, "[3-9]", d, d, "[2-9]", *[d] * 7])
    shapes.append(["[48]", "0", "0", *[d] * 7])

    def prefixes(classes: list[str]) -> str:
        return classes[0] + (f"(?:{prefixes(classes[1:])})?" if classes[1:] else "")

    return re.compile("|".join(prefixes(shape) for shape in shapes))


_PREFIX = _prefix_pattern()

_PHONE_WORD = re.compile(r"电话|手机|座机|传真|热线|联系方式|联系号码|tel|phone|fax|mobile", re.I)
_WORD_REACH = 8  # characters between a phone word and its number (联系电话（办公室）：…)
_UNIT_AFTER = re.compile(r"\s*(?:元|万|亿|千元|百万|%|％|‰)")
_CURRENCY_BEFORE = re.compile(r"[¥￥$]\s*$")
_EXTENSION = re.compile(r"\s*(?:转分机|转|分机|ext\.?|x|#|-|－|—)\s*", re.I)
_MAX_EXTENSION = 6
_NEAR = 8  # characters around a number that tell whether it is a quantity


def _digit(ch: str) -> str | None:
    """The digit ``ch`` writes ('0'–'9'), ``*`` for an already masked digit, else None."""
    if ch in _MASKS:
        return MASK
    if ch.isascii():
        return ch if ch.isdigit() else None
    value = unicodedata.decimal(ch, None)  # full-width and other decimal digits, not ² or ①
    return str(value) if value is not None else _CHINESE_DIGITS.get(ch)


@dataclass(frozen=True)
class _Group:
    """A run of consecutive digits: where it is and what it says."""

    start: int
    end: int
    digits: str
    in_words: bool  # written in Chinese numerals only (三, 一三八…)


@dataclass(frozen=True)
class _Number:
    groups: tuple[_Group, ...]
    kind: str  # mobile, landline, service, local, other
    keep_head: int  # digits kept visible at the start (country code, area code, 138)
    keep_tail: int  # digits kept visible at the end

    @property
    def start(self) -> int:
        return self.groups[0].start

    @property
    def end(self) -> int:
        return self.groups[-1].end

    @property
    def digits(self) -> str:
        return "".join(g.digits for g in self.groups)


def _groups(text: str) -> list[_Group]:
    out: list[_Group] = []
    start, digits, in_words = None, [], False
    for i, ch in enumerate(text + "\n"):
        d = _digit(ch) if i < len(text) else None
        word = ch in _CHINESE_DIGITS
        # 王五13712345678: numerals and digits are groups of their own (joined if need be).
        if start is not None and (d is None or word != in_words):
            out.append(_Group(start, i, "".join(digits), in_words))
            start, digits = None, []
        if d is not None:
            if start is None:
                start, in_words = i, word
            digits.append(d)
    return out


def _plain(digits: str) -> str:
    return digits.replace(MASK, "5")  # a masked digit may have been any digit


def _shape(digits: str) -> tuple[str, int, int] | None:
    """(kind, digits kept at the start, digits kept at the end) of a phone-shaped number."""
    plain = _plain(digits)
    if m := _MOBILE.fullmatch(plain):
        return "mobile", len(m.group(1)), 4
    if m := _LANDLINE.fullmatch(plain):
        return "landline", len(m.group(1) or m.group(2)), 4
    if m := _SERVICE.fullmatch(plain):
        return "service", 3, 4
    if _LOCAL.fullmatch(plain):
        return "local", 0, 4
    return None


def _joined(text: str, left: _Group, right: _Group) -> bool:
    between = text[left.end : right.start]
    return len(between) <= _MAX_JOINER and all(ch in _JOINERS for ch in between)


def _numbers(text: str) -> list[_Number]:
    """Every number in ``text``: groups joined into the shortest phone shape they make,
    any other group on its own (kind ``other``)."""
    groups = _groups(text)
    out, i = [], 0
    while i < len(groups):
        digits, found = "", None
        for j in range(i, len(groups)):
            if j > i and not _joined(text, groups[j - 1], groups[j]):
                break
            digits += groups[j].digits
            if len(digits) > _MAX_DIGITS or (j > i and not _PREFIX.fullmatch(_plain(digits))):
                break
            shape = _shape(digits) if len(digits) >= _MIN_IN_WORDS else None
            # A bare local number is one group: 86 20 8123 4567 is not 86208123 + 4567.
            if shape and (shape[0] != "local" or j == i):
                found = _Number(tuple(groups[i : j + 1]), *shape)
                break
        if found is None:
            found = _Number((groups[i],), "other", 0, 4 if len(groups[i].digits) >= 7 else 0)
        # 张三, 第一, 二〇二三年: Chinese numerals are a number only at a phone's length.
        if not (all(g.in_words for g in found.groups) and len(found.digits) < _MIN_IN_WORDS):
            out.append(found)
        i += len(found.groups)
    return out


def _hide(chars: list[str], number: _Number) -> None:
    """Replace the hidden digits of ``number`` in ``chars`` by the mask."""
    total = len(number.digits)
    seen = 0
    for group in number.groups:
        for pos in range(group.start, group.end):
            if number.keep_head <= seen < total - number.keep_tail and chars[pos] not in _MASKS:
                chars[pos] = MASK
            seen += 1


def mask_phone(phone: str | None) -> str | None:
    """联系电话 as published: every number in it masked by the policy above.

    ``13812345678/0355-8551234转6`` → ``138****5678/0355-***1234转*``.
    """
    if not phone:
        return phone
    chars = list(phone)
    for number in _numbers(phone):
        _hide(chars, number)
    return "".join(chars)


def _is_quantity(text: str, number: _Number) -> bool:
    """A decimal, an amount or a percentage, not a phone number."""
    # Only a few characters either side: a long text must not be copied for every number.
    before = text[max(0, number.start - _NEAR) : number.start]
    after = text[number.end : number.end + _NEAR]
    in_decimal = (before.endswith((".", "．")) and before[:-1][-1:].isdigit()) or (
        after[:1] in (".", "．") and _digit(after[1:2] or "x") not in (None, MASK)
    )
    return in_decimal or bool(_UNIT_AFTER.match(after) or _CURRENCY_BEFORE.search(before))


def _after_phone_word(text: str, number: _Number) -> bool:
    return bool(_PHONE_WORD.search(text[max(0, number.start - _WORD_REACH - 6) : number.start]))


def mask_phones_in_text(text: str | None) -> str | None:
    """Free text as published: phone-shaped numbers masked, every other number left alone."""
    if not text or not any(_digit(ch) for ch in text):
        return text
    chars = list(text)
    masked_end = None  # where the last masked number ended: an extension may follow
    for number in _numbers(text):
        if (
            masked_end is not None
            and len(number.digits) <= _MAX_EXTENSION
            and _EXTENSION.fullmatch(text[masked_end : number.start])
        ):
            _hide(chars, _Number(number.groups, "extension", 0, 0))
            masked_end = number.end
            continue
        masked_end = None
        phone = number.kind in ("mobile", "landline", "service")
        local = (
            number.kind in ("local", "other")
            and len(number.groups) == 1
            and 7 <= len(number.digits) <= 8
            and _after_phone_word(text, number)
        )
        if (phone or local) and not _is_quantity(text, number):
            _hide(chars, number if phone else _Number(number.groups, "local", 0, 4))
            masked_end = number.end
    return "".join(chars)


# Fields of the interchange format that are not free text: codes, enumerations.
_NOT_TEXT = frozenset({"schema_", "department_code", "project_type", "phone"})


def public_declaration(decl: Declaration, *, show_handler: bool = False) -> Declaration:
    """A copy fit for publication: 联系电话 masked, phone-shaped numbers masked in every text
    field and indicator, the filer's name only if ``show_handler``."""
    update: dict = {
        name: mask_phones_in_text(value)
        for name, value in decl
        if name not in _NOT_TEXT and isinstance(value, str)
    }
    update["phone"] = mask_phone(decl.phone)
    update["handler"] = mask_phones_in_text(decl.handler) if show_handler else None
    update["indicators"] = [
        ind.model_copy(
            update={
                "level1": mask_phones_in_text(ind.level1),
                "level2": mask_phones_in_text(ind.level2),
                "name": mask_phones_in_text(ind.name),
                "value": mask_phones_in_text(ind.value),
            }
        )
        for ind in decl.indicators
    ]
    return decl.model_copy(update=update)
