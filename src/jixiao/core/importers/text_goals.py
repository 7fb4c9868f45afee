"""The overall goals (总体目标) of the published text form: two cells side by side.

The implementation goal (left) wraps at 36, the annual goal (right) at 22.  As text, both fit
on one line (``总体目标 A B``), or A's lines come first and B's after them.  Where the two
halves read the same text (the usual case) that decides the split; else the printed widths do.
"""

from __future__ import annotations

import re

from jixiao.core.textform.layout import (
    GOAL_LABEL,
    GOAL_LEFT_WIDTH,
    GOAL_RIGHT_WIDTH,
    display_width,
    is_full,
)

Note = tuple[int, str, str]  # line, kind, message
_COLUMN_HEADS = re.compile(r"^(?:实施期目标\s*)?(?:年度目标\s*)?")


def read_goals(
    lines: list[tuple[int, str]],
) -> tuple[str | None, str | None, list[Note]]:
    """(implementation goal, annual goal, notes) from the lines from ``总体目标`` on."""
    lines = [(no, text) for no, text in lines if not text.startswith("实施期目标")]
    if not lines:
        return None, None, []
    first = (
        lines[0][1][len(GOAL_LABEL) :].strip()
        if lines[0][1].startswith(GOAL_LABEL)
        else lines[0][1]
    )
    first = _COLUMN_HEADS.sub("", first).strip()  # 总体目标 实施期目标 年度目标 on one line
    parts = ([(lines[0][0], first)] if first else []) + lines[1:]
    if not parts:
        return None, None, []
    if len(parts) == 1:
        return _one_line(*parts[0])
    texts = [text for _, text in parts]
    candidates = []
    for k in range(1, len(texts)):
        left, right = texts[:k], texts[k:]
        fits = (
            all(is_full(t, GOAL_LEFT_WIDTH) for t in left[:-1])
            and display_width(left[-1]) <= GOAL_LEFT_WIDTH
            and all(is_full(t, GOAL_RIGHT_WIDTH) for t in right[:-1])
            and all(display_width(t) <= GOAL_RIGHT_WIDTH for t in right)
        )
        same = "".join(left) == "".join(right)
        candidates.append(((same, fits, -k), k))
    (same, fits, _), k = max(candidates)
    notes: list[Note] = []
    if not fits and not same:
        no = parts[k][0]
        notes.append(
            (
                no,
                "doubtful",
                f"总体目标的实施期目标与年度目标分界不明，按第 {no} 行起为年度目标读入",
            )
        )
    return "".join(texts[:k]), "".join(texts[k:]), notes


def _one_line(no: int, text: str) -> tuple[str | None, str | None, list[Note]]:
    spaces = [m.start() for m in re.finditer(r" +", text)]
    if not spaces:
        return text, None, [(no, "one_half", "总体目标只印了一栏，按实施期目标读入")]
    splits = []
    for pos in spaces:
        left, right = text[:pos].strip(), text[pos:].strip()
        fits = display_width(left) <= GOAL_LEFT_WIDTH and display_width(right) <= GOAL_RIGHT_WIDTH
        splits.append(((left == right, fits, -pos), left, right))
    (same, _, _), left, right = max(splits)
    notes = [] if same else [(no, "goals", f"总体目标分为两栏：实施期「{left}」，年度「{right}」")]
    return left, right, notes
