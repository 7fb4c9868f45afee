"""Measures and labels of the published form (项目支出绩效目标申报表) as text.

The widths were measured on the published forms: a character of a CJK font counts 1, an
ASCII character about half of one.  The printed cells cut and wrap text at these widths, so
the reader needs them to undo what the print did, and the writer to do it again.
"""

from __future__ import annotations

import re
import unicodedata

TITLE_MARK = "绩效目标申报表"

# Cells of the indicator table, in characters: a longer name is cut, a name that fills its
# cell is printed with its value glued to it (no space).
LEFT_NAME_WIDTH = 12
RIGHT_NAME_WIDTH = 8
# The left level2 cell shows at most this many characters (服务对象满意度指标 → 服务对象满意度指);
# a label that fills it is glued to the name after it.
LEVEL2_WIDTH = 8

# Wrapping widths in display units (see ``display_width``).
TEXT_WIDTH = 47.0  # 项目概况 … 项目实施计划
GOAL_LEFT_WIDTH = 36.0  # 实施期目标
GOAL_RIGHT_WIDTH = 22.0  # 年度目标

TEXT_LABELS = {
    "overview": "项目概况",
    "basis": "立项依据",
    "necessity": "项目设立必要性",
    "safeguards": "保证项目实施的制度、措施",
    "plan": "项目实施计划",
}
GOAL_HEADER = "实施期目标 年度目标"
GOAL_LABEL = "总体目标"
TABLE_HEADER = "一级指标 二级指标 三级指标 指标值 二级指标 三级指标 指标值"
TABLE_MARK = "绩效指标"  # printed vertically, one character a line, before the table

FUND_TOTAL_LABELS = {"implementation": "实施期资金总额", "annual": "年度资金总额"}
FUND_SOURCE_LABELS = {
    "central": "中央财政资金",
    "provincial": "省级财政资金",
    "local": "市县（区）财政资金",
    "self_raised": "单位自筹",
    "other": "其他资金",
}
# Where the published form cuts the local-funds label (the rest goes on a line of its own).
LOCAL_LABEL_CUT = 8

_SPACES = re.compile(r"[\u3000\u00a0\u2002-\u200b\f\t\v]")


def clean_line(text: str) -> str:
    """A line with full-width, non-breaking and other odd spaces made plain, right-stripped."""
    return _SPACES.sub(" ", text).rstrip()


# ASCII prints proportionally: digits a little wider than half a CJK character, stops and
# brackets narrower (measured on where the published lines break).
NARROW_WIDTH = 0.5
_ASCII_WIDTHS = {**dict.fromkeys("0123456789", 0.57), **dict.fromkeys(".,;:'!|", 0.3)}
_ASCII_WIDTHS |= dict.fromkeys("()[]{}", 0.33) | {"m": 0.45}
# Never at the start of a printed line: these stay with the character before them.
CLOSING = frozenset("，。、；：？！）》」』】〕”’,.;:?!)]}%")
_UNITS = re.compile(r"[\x21-\x7e]+[^\x00-\x7f]?|.", re.S)


def char_width(ch: str) -> float:
    if ch < "\u1100":
        return _ASCII_WIDTHS.get(ch, NARROW_WIDTH)
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else NARROW_WIDTH


def display_width(text: str) -> float:
    """Width as printed: a wide (CJK, full-width) character 1, an ASCII one about half."""
    return sum(char_width(ch) for ch in text)


def _units(text: str) -> list[str]:
    # What the print never breaks: a run of ASCII (a number, ``m2``) with the character after
    # it, and any character with the closing punctuation that follows it.
    units: list[str] = []
    for unit in _UNITS.findall(text):
        if units and unit[0] in CLOSING:
            units[-1] += unit
        else:
            units.append(unit)
    return units


def wrap(text: str, width: float) -> list[str]:
    """Text cut into printed lines no wider than ``width``, as the form's print does."""
    lines: list[str] = []
    current = ""
    used = 0.0
    for unit in _units(text):
        w = display_width(unit)
        if current and used + w > width + 1e-9:
            lines.append(current)
            current, used = "", 0.0
        current += unit
        used += w
    if current:
        lines.append(current)
    return lines


def is_full(line: str, width: float) -> bool:
    """Whether a printed line filled its cell (so its text may go on, or was cut)."""
    return display_width(line) > width - 1.0


def format_amount(value) -> str:
    """An amount as the form prints it: thousands commas, no unit (``15,000,000``)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}".rstrip("0").rstrip(".")
