"""Field-by-field changes (``jixiao.core.diff``) as the rows of the pages' diff tables.

One shape for every place that shows what changed: a revision against the approved version,
a resubmission against the version returned, each save in the timeline (the changes its audit
entry keeps).
"""

from __future__ import annotations

from collections.abc import Iterable
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
        out.append(
            {
                "label": data.get("label") or field_label(data.get("path", ""), rows),
                "kind": data.get("kind", "changed"),
                "before": shown(data.get("before")),
                "after": shown(data.get("after")),
            }
        )
    return out


def diff_rows(old: dict, new: dict, rows=None) -> list[dict]:
    return change_rows(diff_declarations(old, new), rows)


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "name" in value:
        return f"{value.get('name', '')}：{value.get('value', '')}"
    return str(value)
