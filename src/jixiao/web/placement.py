"""Where on the page a finding or a comment goes.

Findings and comments point at a key of declaration/1 (``overview``, ``funds.annual.local``,
``indicators[7]``).  The page has one slot per field of the printed form, one per half of the
funds table and one per indicator row; this module maps each key to its slot, so the page shows
a finding beside the cell it is about.  What fits no slot (a rule about the whole form) goes to
the side panel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.core.declaration import FIELD_LABELS, PERIOD_LABELS, PERIODS
from jixiao.web.indicator_rows import IndicatorRow

SEVERITY_ORDER = {"error": 0, "warning": 1, "hint": 2}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "hint": "提示"}

# Slots of the printed form, in the page's order.
FORM_SLOTS = (
    "title",
    "fiscal_year",
    "project_name",
    "department_name",
    "implementing_unit",
    "project_type",
    "period_years",
    "funds",
    "funds.implementation",
    "funds.annual",
    "overview",
    "basis",
    "necessity",
    "safeguards",
    "plan",
    "goal_implementation",
    "goal_annual",
    "indicators",
    "responsible_person",
    "handler",
    "phone",
    "filled_at",
)
_ALIASES = {
    "department_code": "department_name",
    "project_type_label": "project_type",
}
_INDICATOR = re.compile(r"^indicators\[(\d+)\]")


def row_slot(period: str, position: int) -> str:
    """The slot of the ``position``-th row (from 0) of one half of the indicator table."""
    return f"ind-{period}-{position}"


def slot_dom_id(slot: str) -> str:
    return "fs-" + slot.replace(".", "-")


def row_slots(rows: list[IndicatorRow]) -> dict[int, str]:
    """Index in the declaration's indicator list → the slot of its row on the page."""
    out = {}
    for period in PERIODS:
        position = 0
        for row in rows:
            if row.period != period:
                continue
            if row.index is not None:
                out[row.index] = row_slot(period, position)
            position += 1
    return out


def slot_of(key: str, indicator_slots: dict[int, str]) -> str | None:
    key = (key or "").strip()
    if not key:
        return None
    match = _INDICATOR.match(key)
    if match:
        return indicator_slots.get(int(match.group(1)), "indicators")
    key = _ALIASES.get(key, key)
    if key.startswith("funds."):
        parts = key.split(".")
        return f"funds.{parts[1]}" if parts[1] in PERIODS else "funds"
    return key if key in FORM_SLOTS else None


def field_label(key: str, rows: list[IndicatorRow] | None = None) -> str:
    """A Chinese name for a key: 项目概况, 年度资金·市县（区）财政资金, 实施期·数量指标·建设内容."""
    from jixiao.core.declaration import FUND_LABELS

    if not key:
        return "全表"
    match = _INDICATOR.match(key)
    if match:
        index = int(match.group(1))
        for row in rows or ():
            if row.index == index:
                return f"{PERIOD_LABELS[row.period]}指标·{row.level2}·{row.name}"
        return f"第 {index + 1} 个绩效指标"
    parts = key.split(".")
    if parts[0] == "funds" and len(parts) == 3:
        return f"{PERIOD_LABELS.get(parts[1], parts[1])}{FUND_LABELS.get(parts[2], parts[2])}"
    return FIELD_LABELS.get(key, key)


@dataclass
class Placement:
    """Findings and comments sorted into the page's slots."""

    findings: list[dict]
    by_slot: dict[str, list[dict]] = field(default_factory=dict)
    comments_by_slot: dict[str, list] = field(default_factory=dict)
    unplaced: list[dict] = field(default_factory=list)
    unplaced_comments: list = field(default_factory=list)
    slots: list[str] = field(default_factory=list)
    indicator_slots: dict[int, str] = field(default_factory=dict)

    def dom_id_of(self, key: str) -> str:
        """The element beside the field ``key`` points at, for a link to it ('' if none)."""
        slot = slot_of(key, self.indicator_slots)
        return slot_dom_id(slot) if slot else ""

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "hint": 0}
        for finding in self.findings:
            out[finding.get("severity", "hint")] = out.get(finding.get("severity", "hint"), 0) + 1
        return out

    def at(self, slot: str) -> list[dict]:
        return self.by_slot.get(slot, [])

    def comments_at(self, slot: str) -> list:
        return self.comments_by_slot.get(slot, [])

    def worst_at(self, slot: str) -> str:
        found = self.at(slot)
        return found[0].get("severity", "") if found else ""


def place(
    findings: list[dict] | None,
    rows: list[IndicatorRow],
    comments=(),
) -> Placement:
    indicator_slots = row_slots(rows)
    ordered = sorted(findings or [], key=lambda f: SEVERITY_ORDER.get(f.get("severity"), 9))
    placement = Placement(findings=ordered, indicator_slots=indicator_slots)
    placement.slots = [*FORM_SLOTS, *indicator_slots.values()]
    placement.slots += [
        row_slot(r.period, i)
        for period in PERIODS
        for i, r in enumerate(x for x in rows if x.period == period)
        if r.index is None
    ]
    for finding in ordered:
        finding = {
            **finding,
            "label": field_label(finding.get("field") or "", rows),
            "slot_id": "",
        }
        slot = slot_of(finding.get("field") or "", indicator_slots)
        if slot is None:
            placement.unplaced.append(finding)
            continue
        finding["slot_id"] = slot_dom_id(slot)
        placement.by_slot.setdefault(slot, []).append(finding)
    for comment in comments:
        slot = slot_of(comment.field, indicator_slots)
        if slot is None:
            placement.unplaced_comments.append(comment)
        else:
            placement.comments_by_slot.setdefault(slot, []).append(comment)
    # Findings the panel lists link to their slot; keep the decorated copies in order.
    placement.findings = [f for s in placement.by_slot.values() for f in s] + placement.unplaced
    placement.findings.sort(key=lambda f: SEVERITY_ORDER.get(f.get("severity"), 9))
    return placement


def field_choices(rows: list[IndicatorRow]) -> list[tuple[str, str]]:
    """What a reviewer's comment may point at: every field of the form and every indicator."""
    choices = [("", "全表（不指定字段）")]
    for key in FORM_SLOTS:
        if key in ("funds", "indicators"):
            continue
        choices.append((key, field_label(key)))
    for row in rows:
        if row.index is not None:
            choices.append((row.field, field_label(row.field, rows)))
    return choices
