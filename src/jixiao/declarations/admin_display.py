"""How the admin shows the stored JSON (a value's reading, the finance dimensions, findings,
import notes): read-only, in Chinese, not as raw JSON."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.html import format_html, format_html_join

from jixiao.core.declaration import (
    FIELD_LABELS,
    FUND_LABELS,
    FUND_SOURCES,
    PERIOD_LABELS,
    PERIODS,
    PROJECT_TYPE_LABELS,
)
from jixiao.core.importers.base import note_kind_label
from jixiao.core.review import SEVERITY_LABELS, field_place, rule_title

_COMPARATORS = {">=": "≥", "<=": "≤", ">": "＞", "<": "＜", "=": ""}


def _number(text: str | None) -> str:
    try:
        amount = Decimal(text or "")
    except InvalidOperation:
        return text or ""
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,}"


def reading_text(reading: dict | None) -> str:
    """``{"kind": "quantity", "comparator": ">=", "number": "5", "unit": "类"}`` → 数量 ≥5类."""
    reading = reading or {}
    kind = reading.get("kind")
    if kind == "quantity":
        comparator = _COMPARATORS.get(reading.get("comparator") or "=", "")
        unit = reading.get("unit") or ""
        shown = f"{comparator}{_number(reading.get('number'))}{unit}"
        if reading.get("amount_yuan") is None:
            return f"数量 {shown}"
        if unit == "元":
            return f"金额 {shown}"
        return f"金额 {shown}（{_number(reading['amount_yuan'])} 元）"
    if kind == "date":
        start, end = reading.get("start"), reading.get("end")
        if not start:
            return f"日期 不晚于 {end}"
        if not end:
            return f"日期 不早于 {start}"
        return f"日期 {start}" if start == end else f"日期 {start} 至 {end}"
    if kind == "qualitative":
        return f"定性 {reading.get('direction') or ''}"
    if kind == "unknown":
        return f"未能解读：{reading.get('error') or '不是数量、日期或方向词'}"
    return "—"


def dimensions_text(dimensions: dict | None) -> str:
    """``{"完整性": true, "相关性": false}`` → 完整性 通过；相关性 未通过."""
    if not dimensions:
        return "—"
    return "；".join(f"{name} {'通过' if ok else '未通过'}" for name, ok in dimensions.items())


def _numbered(item: str, rows: list[tuple]) -> str:
    """Rows as a numbered list, each row's values filled into ``item`` (escaped); 无 when none."""
    if not rows:
        return "无"
    return format_html(
        '<ol class="stored-list">{}</ol>', format_html_join("", f"<li>{item}</li>", rows)
    )


def findings_html(findings: list | None) -> str:
    """One line per finding: severity, the rule's title and id (the admin keeps the id), where,
    and the message."""
    rows = [
        (
            SEVERITY_LABELS.get(f.get("severity"), f.get("severity")),
            rule_title(f.get("rule", "")),
            f.get("rule", ""),
            field_place(f.get("field") or ""),
            f.get("message", ""),
        )
        for f in findings or []
    ]
    return _numbered("{}「{}」（{}）{}：{}", rows)


def notes_html(notes: list | None) -> str:
    rows = [
        (
            f"第 {n['line']} 行 " if n.get("line") else "",
            note_kind_label(n.get("kind", "")),
            f"（{n['project_name']}）" if n.get("project_name") else "",
            n.get("message", ""),
        )
        for n in notes or []
    ]
    return _numbered("{}{}{}：{}", rows)


def lines_html(lines: list | None) -> str:
    """A stored list of sentences (warning reasons, the score's explanation) as a list."""
    return _numbered("{}", [(str(line),) for line in lines or []])


_NOT_SHOWN = {"project_type_label", "funds", "funds.implementation", "funds.annual", "indicators"}


def declaration_html(data: dict | None) -> str:
    """A stored declaration/1 snapshot (an approved version) as labelled lines."""
    data = data or {}
    lines: list[tuple[str, str]] = []
    for key, label in FIELD_LABELS.items():
        if key in _NOT_SHOWN or key not in data:
            continue
        value = data[key]
        if key == "project_type":
            value = PROJECT_TYPE_LABELS.get(value, value)
        lines.append((label, "" if value is None else str(value)))
    funds = data.get("funds") or {}
    for period in PERIODS:
        half = funds.get(period) or {}
        amounts = [
            f"{FUND_LABELS[key]} {_number(str(half[key]))}"
            for key in ("total", *FUND_SOURCES)
            if half.get(key) is not None
        ]
        lines.append((f"{PERIOD_LABELS[period]}资金（元）", "；".join(amounts) or "—"))
    for i, ind in enumerate(data.get("indicators") or [], start=1):
        where = "·".join(
            [PERIOD_LABELS.get(ind.get("period"), ""), ind.get("level1", ""), ind.get("level2", "")]
        )
        lines.append((f"绩效指标 {i}", f"{where}「{ind.get('name', '')}」{ind.get('value', '')}"))
    return format_html(
        '<dl class="stored-list">{}</dl>',
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", lines),
    )
