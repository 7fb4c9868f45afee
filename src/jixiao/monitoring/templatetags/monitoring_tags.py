"""Small template helpers of the monitoring pages."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """``{{ problems|get:field.name }}``: a dict's value, or an empty list."""
    return (mapping or {}).get(key, [])


@register.filter
def points(value):
    """A score as presented: two decimals, half up."""
    if value is None or value == "":
        return "—"
    return Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
