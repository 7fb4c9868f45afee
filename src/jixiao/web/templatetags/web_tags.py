"""Template helpers of the web pages: amounts, slots for findings."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

from jixiao.core.disclosure import mask_phones_in_text
from jixiao.core.review import rule_title
from jixiao.web.placement import SEVERITY_LABELS, field_label, slot_dom_id

register = template.Library()


@register.filter
def money(value) -> str:
    """15000000 → 15,000,000; 1234.5 → 1,234.50; empty cell → ''."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        return value  # what the user typed, shown back as typed
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


@register.filter
def wan(value) -> str:
    """An amount in 万元 for lists: 15000000 → 1,500.00."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) / 10000:,.2f}"


@register.filter
def public_text(value) -> str:
    """Free text as the public sees it: phone-shaped numbers masked (the public list)."""
    return mask_phones_in_text(value) or ""


@register.filter
def severity_label(value) -> str:
    return SEVERITY_LABELS.get(value, value)


@register.simple_tag
def rule_tag(rule_id: str) -> str:
    """A finding's rule as users see it: the Chinese title, the id in the tooltip only."""
    return format_html('<span class="rule" title="{}">{}</span>', rule_id, rule_title(rule_id))


@register.filter
def flag(placement, slot: str) -> str:
    """The class marking a cell that has findings: a red or amber bar at its left."""
    if placement is None:
        return ""
    worst = placement.worst_at(slot)
    if worst == "error":
        return "flagged"
    if worst == "warning":
        return "flagged-warning"
    return ""


@register.simple_tag
def slot(placement, name: str, oob: bool = False) -> str:
    """The findings and comments beside one field; the element an htmx check swaps."""
    if placement is None:
        return ""
    return render_to_string(
        "web/partials/slot.html",
        {
            "dom_id": slot_dom_id(name),
            "findings": placement.at(name),
            "comments": placement.comments_at(name),
            "oob": oob,
        },
    )


@register.simple_tag
def status_badge(declaration) -> str:
    """The state, and 待整改 beside it while the fixes a 良 conclusion required are open."""
    badge = format_html(
        '<span class="badge status-{}">{}</span>',
        declaration.status,
        declaration.get_status_display(),
    )
    if getattr(declaration, "has_open_follow_up", False):
        badge += format_html(
            ' <span class="badge status-returned" title="{}">待整改</span>',
            "审核结论为「良」：商定的整改要求尚未完成",
        )
    return badge


@register.filter(name="change_rows")
def change_rows_filter(changes) -> list[dict]:
    """The changes an audit entry keeps, as rows to show (label, kind, before, after)."""
    from jixiao.web.changes import change_rows

    return change_rows(changes)


@register.filter
def attr_of(obj, name: str):
    return getattr(obj, name, None)


@register.filter
def field_name(key: str) -> str:
    """The Chinese name of a key of declaration/1 (``funds.annual.local`` → 年度市县（区）财政资金)."""
    return field_label(key or "")


@register.filter
def slot_anchor(key: str, placement) -> str:
    return placement.dom_id_of(key) if placement is not None else ""


@register.simple_tag
def todo_count(user) -> int:
    """How many declarations wait for this user (the badge on 审核): one COUNT query."""
    from jixiao.declarations.models import Declaration

    if not getattr(user, "is_authenticated", False):
        return 0
    return Declaration.objects.awaiting_action_by(user).count()
