"""The indicator table (绩效指标) of the published text form, and what the print did to it.

The table has two halves side by side, implementation (实施期) on the left and annual (年度) on
the right, each with level2 label, name and value.  As text, one printed line holds a row of
both halves, of one half, or a level2 label alone (a label spanning rows is printed once, above
its rows, for each half).  Names that fill their cell are cut and glued to their value; the
left label column cuts ``服务对象满意度指标`` to ``服务对象满意度指``.  This module undoes that and
reports every judgement as an ``ImportNote``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from jixiao.core.errors import FormError
from jixiao.core.framework import Framework, frameworks, get_framework
from jixiao.core.importers.limits import Deadline
from jixiao.core.textform.layout import (
    HEADER_WORDS,
    LEFT_NAME_WIDTH,
    LEVEL2_WIDTH,
    RIGHT_NAME_WIDTH,
    TABLE_MARK,
)
from jixiao.core.values import COMPARATOR_WORDS, DIRECTION_WORDS, parse_value

LEFT, RIGHT = "implementation", "annual"
WIDTH = {LEFT: LEFT_NAME_WIDTH, RIGHT: RIGHT_NAME_WIDTH}
_NUMERIC_START = set("0123456789.")
_COMPARATOR_CHARS = {word[0] for word, _ in COMPARATOR_WORDS if not word[0].isalpha()}
_CN_COMPARATORS = tuple(word for word, _ in COMPARATOR_WORDS if word[0].isalpha())
_CN_COMPARATOR_FIRST = frozenset(word[0] for word in _CN_COMPARATORS)
_DIRECTIONS = frozenset(DIRECTION_WORDS)
_COMPARATOR_WORDS = frozenset(word for word, _ in COMPARATOR_WORDS)
_LONGEST_DIRECTION = max(map(len, _DIRECTIONS))
_GLUED_MAX = 100  # a name that fills its cell (12) and a value, with room to spare
_VALUE_START = re.compile(
    f"[0-9.{re.escape(''.join(sorted(_COMPARATOR_CHARS)))}]|"
    + "|".join(map(re.escape, _CN_COMPARATORS))
)


class Label(NamedTuple):
    """A level2 label as found on a line; ``printed`` is what the line showed."""

    level2: str
    printed: str


@dataclass
class Row:
    period: str
    level2: str
    name: str
    value: str
    line: int


@dataclass
class TableResult:
    framework: Framework
    rows: list[Row] = field(default_factory=list)
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (line, kind, message)


@dataclass
class _Half:
    """One half of a printed row: name and value, or one glued token still to be split."""

    name: str
    value: str | None  # None: glued, not split yet
    glued: str = ""


# -- labels ------------------------------------------------------------------------------


@cache
def _printed_labels() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Level2 labels of every framework: exact tokens, left glue forms, right glue forms."""
    exact: dict[str, str] = {}
    left: dict[str, str] = {}
    right: dict[str, str] = {}
    for fw in frameworks().values():
        for l2 in fw.level2s:
            exact[l2] = l2
            cut = l2[:LEVEL2_WIDTH]
            exact.setdefault(cut, l2)
            if len(cut) >= LEVEL2_WIDTH:
                left[cut] = l2
            if len(l2) >= LEVEL2_WIDTH:
                right[l2] = l2
    return exact, left, right


@lru_cache(maxsize=4096)
def _split_label(token: str) -> tuple[Label, str] | None:
    exact, left, right = _printed_labels()
    if token in exact:
        return Label(exact[token], token), ""
    if len(token) <= LEVEL2_WIDTH:
        return None
    # Only a label that fills its cell is glued to the name: the left half prints it cut, the
    # right half in full.  The full label is tried first, whichever half the token is in.
    for printed in _glued_forms():
        if token.startswith(printed):
            return Label(right.get(printed) or left[printed], printed), token[len(printed) :]
    return None


@cache
def _glued_forms() -> tuple[str, ...]:
    _, left, right = _printed_labels()
    return tuple(sorted({*left, *right}, key=len, reverse=True))


@cache
def _label_starts() -> frozenset[str]:
    """The first characters of every printed label, glued or not (a quick test)."""
    exact, left, right = _printed_labels()
    return frozenset(label[:LEVEL2_WIDTH] for table in (left, right) for label in table)


def _tokens(text: str) -> list[Label | str]:
    out: list[Label | str] = []
    exact = _printed_labels()[0]
    starts = _label_starts()
    for raw in text.split():
        if out and type(out[-1]) is str and out[-1] in _COMPARATOR_WORDS:
            out[-1] += raw  # "≥ 90%": a comparator printed apart from its number
            continue
        if raw not in exact and raw[:LEVEL2_WIDTH] not in starts:
            out.append(raw)
            continue
        split = _split_label(raw)
        if split is None:
            out.append(raw)
            continue
        label, rest = split
        out.append(label)
        if rest:
            out.append(rest)
    return out


def choose_framework(labels: set[str]) -> Framework:
    """The framework whose labels cover every label printed in the table (seed first)."""
    for fw, known in _framework_labels():
        if labels <= known:
            return fw
    return get_framework()


@cache
def _framework_labels() -> tuple[tuple[Framework, frozenset[str]], ...]:
    """Each framework with every label it prints, seed first (read once, not per table)."""
    ordered = sorted(frameworks().values(), key=lambda f: f.code != "seed")
    return tuple((fw, frozenset(fw.level2s) | frozenset(fw.level1s)) for fw in ordered)


def _without_level1(tokens: list[Label | str], level1s: frozenset[str]) -> list[Label | str]:
    # The level1 column, printed at the start of a line: level1 is derived from level2.  Left
    # of it, 绩/效/指/标 printed down the page, one character on some of the lines.
    if tokens and type(tokens[0]) is str and len(tokens[0]) == 1 and tokens[0] in TABLE_MARK:
        tokens = tokens[1:]
    if tokens:
        first = tokens[0]
        if (first.printed if type(first) is Label else first) in level1s:
            return tokens[1:]
    return tokens


# -- values ------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _is_value(text: str) -> bool:
    """Strictly a value: a quantity, a date, or exactly a direction word."""
    if text in _DIRECTIONS:
        return True
    return parse_value(text).kind in ("quantity", "date")


@lru_cache(maxsize=4096)
def _value_score(text: str) -> int:
    if _is_value(text):
        return 3
    return 1 if parse_value(text).ok else 0


@lru_cache(maxsize=4096)
def glued_splits(token: str) -> tuple[tuple[str, str], ...]:
    """Every way ``token`` reads as a name followed by a value, with nothing glued wrongly."""
    if len(token) > _GLUED_MAX:
        return ()  # no printed cell holds this much: not a name glued to its value
    # Where a value can start: a number or comparator (a number is taken whole: never inside
    # digits or after a comparator), a comparator word, or a direction word at the end.
    starts = {m.start() for m in _VALUE_START.finditer(token, 1)}
    starts.update(range(max(1, len(token) - _LONGEST_DIRECTION), len(token)))
    out = []
    for i in sorted(starts):
        rest = token[i:]
        ch = rest[0]
        if ch in _NUMERIC_START or ch in _COMPARATOR_CHARS:
            before = token[i - 1]
            if before in _NUMERIC_START or before == "," or before in _COMPARATOR_CHARS:
                continue
        elif not (
            rest in _DIRECTIONS or (ch in _CN_COMPARATOR_FIRST and rest.startswith(_CN_COMPARATORS))
        ):
            continue
        if _is_value(rest):
            out.append((token[:i], rest))
    return tuple(out)


def _resolve(half: _Half, period: str, other: str | None) -> tuple[str, str, str | None]:
    """Split a glued half; the other half's value and the cell width guide the split."""
    width = WIDTH[period]
    candidates = glued_splits(half.glued)
    if not candidates:
        return half.glued, "", "doubtful"
    name, value = max(
        candidates,
        key=lambda nv: (
            len(nv[0]) == width,
            nv[1] == other,
            len(nv[0]) <= width,
            len(nv[1]),
        ),
    )
    return name, value, None


# -- one line ----------------------------------------------------------------------------


def _one_half(tokens: list[str]) -> _Half:
    """The tokens as one half: name and value, or one token to split later."""
    if len(tokens) == 1:
        token = tokens[0]
        return _Half(token, None, token) if glued_splits(token) else _Half(token, "")
    return _Half(" ".join(tokens[:-1]), tokens[-1])


def _half_score(tokens: list[str], start: int, end: int) -> int:
    """How well ``tokens[start:end]`` reads as one half (computed without joining them, so
    that trying every split of a line stays linear in its length)."""
    if end - start == 1:
        return 2 if glued_splits(tokens[start]) else 0
    return _value_score(tokens[end - 1]) - 2 * (end - start - 2)


def split_halves(tokens: list[str], *, halves: int | None) -> list[_Half]:
    """The halves a line's text tokens make: one or two, as the values fit best."""
    # The usual lines, decided without trying every split (same result as the search below).
    if halves == 1 or len(tokens) == 1:
        return [_one_half(tokens)] if tokens else []
    if len(tokens) == 2 and halves != 2 and _is_value(tokens[1]):
        return [_Half(tokens[0], tokens[1])]
    if len(tokens) == 4 and halves != 1 and _is_value(tokens[1]) and _is_value(tokens[3]):
        return [_Half(tokens[0], tokens[1]), _Half(tokens[2], tokens[3])]
    if not tokens:
        return []
    n = len(tokens)
    best: tuple[int, int | None] | None = None  # (score, where the right half starts)
    if halves in (None, 1):
        best = (_half_score(tokens, 0, n), None)
    if halves in (None, 2):
        for k in range(1, n):
            low = min(_half_score(tokens, 0, k), _half_score(tokens, k, n))
            # Two halves must each read well to beat one half.
            score = low + (1 if low >= 2 else -5)
            if best is None or score > best[0]:
                best = (score, k)
    if best is None:
        return []
    k = best[1]
    return [_one_half(tokens)] if k is None else [_one_half(tokens[:k]), _one_half(tokens[k:])]


# -- the table ---------------------------------------------------------------------------


_Pending = tuple[int, str, str, _Half, "_Half | None"]  # line, period, level2, half, other


class _State:
    def __init__(self) -> None:
        self.level2 = {LEFT: None, RIGHT: None}
        # left_first | await_right | right_first | both | label_left (``L2 name value`` seen)
        self.mode = "both"
        self.left_empty = False


def read_table(lines: list[tuple[int, str]], deadline: Deadline | None = None) -> TableResult:
    """Rows of the table from its printed lines (header and footer excluded)."""
    tokenized = [(no, _tokens(text)) for no, text in lines]
    if deadline is not None:
        deadline.check(line=lines[-1][0] if lines else None)
    fw = choose_framework({t.level2 for _, ts in tokenized for t in ts if type(t) is Label})
    level1s = frozenset(l1 for l1 in fw.levels if l1 not in fw.level2s)
    result = TableResult(framework=fw)
    state = _State()
    pending: list[_Pending] = []

    def emit(line: int, period: str, half: _Half, other: _Half | None) -> None:
        level2 = state.level2[period] or state.level2[LEFT] or state.level2[RIGHT]
        if level2 is None:
            raise FormError(
                "绩效指标表的这一行在任何二级指标之前，读不出它属于哪个二级指标", line=line
            )
        if state.level2[period] is None:
            result.notes.append((line, "doubtful", f"按二级指标「{level2}」读入"))
        pending.append((line, period, level2, half, other))

    for i, (no, tokens) in enumerate(tokenized):
        if deadline is not None and i % 64 == 0:
            deadline.check(line=no)
        tokens = _without_level1(tokens, level1s)
        if not tokens or (type(tokens[0]) is str and set(tokens) <= HEADER_WORDS):
            continue  # nothing, or the rest of a header broken over two lines
        labels = [i for i, t in enumerate(tokens) if type(t) is Label]
        if labels:
            _note_cut_labels(result, no, tokens)
        if labels and len(labels) == len(tokens) == 1:
            _label_alone(state, tokens[0].level2)
            continue
        if labels:
            _labelled_line(state, result, no, tokens, labels, emit)
            continue
        texts = tokens  # no label on the line: all text
        if state.mode == "left_first":
            emit(no, LEFT, _one(texts), None)
            state.mode = "await_right"
        elif state.mode == "right_first":
            emit(no, RIGHT, _one(texts), None)
            state.mode = "both"
        elif state.mode == "await_right":
            emit(no, LEFT, _one(texts), None)
        else:
            halves = split_halves(texts, halves=None)
            if len(halves) == 2:
                emit(no, LEFT, halves[0], halves[1])
                emit(no, RIGHT, halves[1], halves[0])
            elif halves:
                period = RIGHT if state.left_empty else LEFT
                emit(no, period, halves[0], None)
                where = "实施期" if period == LEFT else "年度"
                result.notes.append((no, "one_half", f"只有一半表格有指标，按{where}指标读入"))

    for line, period, level2, half, other in pending:
        result.rows.append(_row(result, line, period, level2, half, other))
    _restore(result)
    _note_differences(result)
    return result


def _note_differences(result: TableResult) -> None:
    """Both halves of one printed row that say different things: kept as printed, reported."""
    by_line: dict[int, dict[str, Row]] = {}
    for row in result.rows:
        by_line.setdefault(row.line, {})[row.period] = row
    for line, halves in by_line.items():
        left, right = halves.get(LEFT), halves.get(RIGHT)
        if left is None or right is None or (left.name, left.value) == (right.name, right.value):
            continue
        result.notes.append(
            (
                line,
                "differ",
                f"两栏不同：实施期「{left.name} {left.value}」，"
                f"年度「{right.name} {right.value}」，均按原样保留",
            )
        )


def _one(texts: list[str]) -> _Half:
    return _one_half(texts) if texts else _Half("", "")


def _label_alone(state: _State, level2: str) -> None:
    if state.mode in ("await_right", "left_first", "label_left") and level2 == state.level2[LEFT]:
        state.level2[RIGHT] = level2
        state.left_empty = state.mode == "left_first"
        state.mode = "right_first"
    else:
        state.level2[LEFT] = level2
        state.mode = "left_first"
        state.left_empty = False


def _labelled_line(state, result, no, tokens, labels, emit) -> None:
    first = labels[0]
    if first > 0:
        # Text before the first label: a row of the left half's current level2.
        halves = split_halves([t for t in tokens[:first] if isinstance(t, str)], halves=1)
        for half in halves:
            emit(no, LEFT, half, None)
        state.level2[RIGHT] = tokens[first].level2
        right = [t for t in tokens[first + 1 :] if isinstance(t, str)]
        for half in split_halves(right, halves=1):
            emit(no, RIGHT, half, None)
        state.mode, state.left_empty = "both", False
        return
    second = labels[1] if len(labels) > 1 else None
    left_texts = [t for t in tokens[1:second] if isinstance(t, str)]
    if (
        second is None
        and state.mode in ("label_left", "await_right")
        and tokens[0].level2 == state.level2[LEFT]
    ):
        # The same label again, with one half: the right half's first row, printed on the
        # label's line (or an extraction that puts the two halves of a row on two lines).
        state.level2[RIGHT] = tokens[0].level2
        for half in split_halves(left_texts, halves=1):
            emit(no, RIGHT, half, None)
        state.mode, state.left_empty = "both", False
        return
    state.level2[LEFT] = tokens[0].level2
    if second is None:
        halves = split_halves(left_texts, halves=None)
        state.level2[RIGHT] = tokens[0].level2 if len(halves) == 2 else state.level2[RIGHT]
        lh = halves[0] if halves else None
        rh = halves[1] if len(halves) == 2 else None
    else:
        state.level2[RIGHT] = tokens[second].level2
        right_texts = [t for t in tokens[second + 1 :] if isinstance(t, str)]
        lh = _one(left_texts) if left_texts else None
        rh = _one(right_texts) if right_texts else None
        if len(labels) > 2:
            result.notes.append((no, "doubtful", "有两个以上的二级指标"))
    if lh is not None:
        emit(no, LEFT, lh, rh)
    if rh is not None:
        emit(no, RIGHT, rh, lh)
    state.mode = "label_left" if second is None and rh is None else "both"
    state.left_empty = lh is None


def _note_cut_labels(result: TableResult, no: int, tokens: list) -> None:
    for t in tokens:
        if isinstance(t, Label) and t.printed != t.level2:
            result.notes.append((no, "label", f"二级指标「{t.printed}」被截断，读作「{t.level2}」"))


def _row(result, line, period, level2, half: _Half, other: _Half | None) -> Row:
    if half.value is not None:
        if not half.value:
            where = "实施期" if period == LEFT else "年度"
            result.notes.append((line, "doubtful", f"{where}指标「{half.name}」没有指标值"))
        return Row(period, level2, half.name, half.value, line)
    guide = None
    if other is not None:
        if other.value is not None:
            guide = other.value
        else:
            # Both halves glued: split the other one by its own width first.
            other_period = RIGHT if period == LEFT else LEFT
            guide = _resolve(other, other_period, None)[1]
    name, value, problem = _resolve(half, period, guide)
    where = "实施期" if period == LEFT else "年度"
    if problem:
        result.notes.append((line, "doubtful", f"{where}指标「{half.glued}」读不出指标值"))
    else:
        result.notes.append(
            (
                line,
                "glued",
                f"{where}指标名称与指标值连在一起：「{half.glued}」拆为「{name}」和「{value}」",
            )
        )
        if len(name) >= WIDTH[period] and period == LEFT:
            result.notes.append((line, "cut", f"实施期指标名称「{name}」占满单元格，可能被截断"))
    return Row(period, level2, name, value, line)


def _restore(result: TableResult) -> None:
    """Annual names cut by the narrow right cell, restored from the implementation half."""
    impl: dict[str, list[str]] = {}
    for row in result.rows:
        if row.period == LEFT:
            impl.setdefault(row.level2, []).append(row.name)
    for row in result.rows:
        if row.period != RIGHT or len(row.name) < RIGHT_NAME_WIDTH:
            continue
        names = impl.get(row.level2, [])
        if row.name in names:
            continue
        matches = sorted({n for n in names if n.startswith(row.name)})
        if len(matches) == 1:
            result.notes.append(
                (
                    row.line,
                    "restored",
                    f"年度指标名称「{row.name}」被截断，按同一二级指标下的实施期指标恢复为「{matches[0]}」",
                )
            )
            row.name = matches[0]
        elif matches:
            result.notes.append(
                (
                    row.line,
                    "doubtful",
                    f"年度指标名称「{row.name}」被截断，可对应多个实施期指标（{'、'.join(matches)}），按原样保留",
                )
            )
        else:
            result.notes.append(
                (
                    row.line,
                    "cut",
                    f"年度指标名称「{row.name}」占满单元格，可能被截断，无可对应的实施期指标，按原样保留",
                )
            )
