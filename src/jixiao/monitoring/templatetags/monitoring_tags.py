"""Small template helpers of the monitoring pages, and what the home page and the navigation
show of monitoring: the reports and self-evaluations waiting for this user."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()
HOME_ROWS = 8


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


def _awaiting(user):
    from jixiao.monitoring.models import MonitoringReport, SelfEvaluation

    return (
        MonitoringReport.objects.awaiting_action_by(user),
        SelfEvaluation.objects.awaiting_action_by(user),
    )


@register.simple_tag
def monitoring_todo_count(user) -> int:
    """How many reports and self-evaluations wait for this user (the badge on 运行监控)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    reports, evaluations = _awaiting(user)
    return reports.count() + evaluations.count()


@register.inclusion_tag("monitoring/_home_todo.html")
def monitoring_todo(user):
    """The home page's list of the reports and self-evaluations waiting for this user."""
    reports, evaluations = _awaiting(user)
    return {
        "user": user,
        "reports": list(reports.with_related().order_by("-updated_at")[:HOME_ROWS]),
        "evaluations": list(evaluations.with_related().order_by("-updated_at")[:HOME_ROWS]),
    }
