"""Field-by-field changes (``jixiao.core.diff``) as the rows of the pages' diff tables.

One shape for every place that shows what changed: a revision against the approved version,
a resubmission against the version returned, each save in the timeline (the changes its audit
entry keeps).
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Any

from jixiao.core.diff import Change, diff_declarations
from jixiao.web.placement import field_label


def change_rows(changes: Iterable[Change | dict | str], rows=None) -> list[dict]:
    """``changes`` (Change objects, or the dicts an audit entry keeps) as table rows:
    label, kind (changed / added / removed), before and after as shown on the form."""
    out = []
    for change in changes or ():
        if isinstance(change, str):  # an entry written before the values were kept
            out.append(
                {"label": field_label(change, rows), "kind": "changed", "before": "", "after": ""}
            )
            continue
        data = change.to_dict() if isinstance(change, Change) else change
        before, after = shown(data.get("before")), shown(data.get("after"))
        out.append(
            {
                "label": data.get("label") or field_label(data.get("path", ""), rows),
                "kind": data.get("kind", "changed"),
                "before": before,
                "after": after,
                **text_marks(before, after),
            }
        )
    return out


# Below this similarity two texts are shown as replaced whole, not as scattered edits.
_MARK_SIMILARITY = 0.4


def text_marks(before: str, after: str) -> dict:
    """Where an edited text differs, character by character: ``before_parts`` and
    ``after_parts``, lists of (text, changed), so a page can strike out only what was removed
    and mark only what was added (a clause appended to a long 项目概况)."""
    if not before or not after:
        return {}
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    if matcher.ratio() < _MARK_SIMILARITY:
        return {}
    before_parts: list[tuple[str, bool]] = []
    after_parts: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            before_parts.append((before[i1:i2], False))
            after_parts.append((after[j1:j2], False))
            continue
        if i2 > i1:
            before_parts.append((before[i1:i2], True))
        if j2 > j1:
            after_parts.append((after[j1:j2], True))
    return {"before_parts": before_parts, "after_parts": after_parts}


def diff_rows(old: dict, new: dict, rows=None) -> list[dict]:
    return change_rows(diff_declarations(old, new), rows)


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "name" in value:
        return f"{value.get('name', '')}：{value.get('value', '')}"
    return str(value)
