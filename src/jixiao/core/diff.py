"""Field-by-field differences between two declarations (declaration/1 dicts).

Used to show what a revision (修订) changes against the approved version, and to record what
an edit changed.  Indicators are matched by period, level2 and name, not by position, so that
inserting a row shows as one addition rather than every later row changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from jixiao.core.declaration import (
    FIELD_LABELS,
    FUND_LABELS,
    FUND_SOURCES,
    PERIOD_LABELS,
    PERIODS,
)

ChangeKind = Literal["changed", "added", "removed"]

# Keys compared one by one, in the form's order (funds and indicators are handled apart).
SCALAR_KEYS = (
    "title",
    "fiscal_year",
    "project_name",
    "department_code",
    "department_name",
    "implementing_unit",
    "project_type",
    "project_type_label",
    "period_years",
    "overview",
    "basis",
    "necessity",
    "safeguards",
    "plan",
    "goal_implementation",
    "goal_annual",
    "responsible_person",
    "handler",
    "phone",
    "filled_at",
)


@dataclass(frozen=True)
class Change:
    """One difference: ``path`` is a key of the form (``overview``, ``funds.annual.local``,
    ``indicators[3]`` — the index in the new version, or the old one for a removal)."""

    path: str
    label: str
    kind: ChangeKind
    before: Any = None
    after: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "label": self.label,
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
        }


def diff_declarations(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every difference between ``old`` and ``new``, in the form's order."""
    changes: list[Change] = []
    for key in SCALAR_KEYS:
        before, after = old.get(key), new.get(key)
        if before != after:
            changes.append(Change(key, FIELD_LABELS.get(key, key), "changed", before, after))
    changes.extend(_diff_funds(old.get("funds") or {}, new.get("funds") or {}))
    changes.extend(_diff_indicators(old.get("indicators") or [], new.get("indicators") or []))
    return changes


def _diff_funds(old: dict, new: dict) -> list[Change]:
    changes = []
    for period in PERIODS:
        before_half, after_half = old.get(period) or {}, new.get(period) or {}
        for source in ("total", *FUND_SOURCES):
            before, after = before_half.get(source), after_half.get(source)
            if not _same_amount(before, after):
                label = f"{PERIOD_LABELS[period]}{FUND_LABELS[source]}"
                changes.append(Change(f"funds.{period}.{source}", label, "changed", before, after))
    return changes


def _same_amount(a: Any, b: Any) -> bool:
    # 15000000 and Decimal("15000000.00") are the same amount.
    if a is None or b is None:
        return a is b
    return a == b


def _indicator_key(ind: dict) -> tuple[str, str, str]:
    return (ind.get("period", ""), ind.get("level2", ""), ind.get("name", ""))


def _indicator_label(ind: dict) -> str:
    period = PERIOD_LABELS.get(ind.get("period", ""), ind.get("period", ""))
    return f"{period}·{ind.get('level2', '')}·{ind.get('name', '')}"


def _diff_indicators(old: list[dict], new: list[dict]) -> list[Change]:
    # Same key twice in one half (IND-DUPLICATE) pairs up in order of appearance.
    unmatched: dict[tuple, list[int]] = defaultdict(list)
    for i, ind in enumerate(old):
        unmatched[_indicator_key(ind)].append(i)
    changes = []
    for j, ind in enumerate(new):
        slots = unmatched.get(_indicator_key(ind))
        if not slots:
            changes.append(Change(f"indicators[{j}]", _indicator_label(ind), "added", None, ind))
            continue
        before = old[slots.pop(0)]
        if before.get("value") != ind.get("value") or before.get("level1") != ind.get("level1"):
            changes.append(
                Change(f"indicators[{j}]", _indicator_label(ind), "changed", before, ind)
            )
    removed = sorted(i for slots in unmatched.values() for i in slots)
    for i in removed:
        changes.append(
            Change(f"indicators[{i}]", _indicator_label(old[i]), "removed", old[i], None)
        )
    return changes
