"""What the web tests share: a logged-in client, the filing form's POST data."""

from __future__ import annotations

from django.test import Client

from jixiao.core.declaration import FUND_SOURCES, PERIODS, TEXT_FIELDS
from jixiao.declarations.models import Declaration


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def reload(declaration) -> Declaration:
    return Declaration.objects.get(pk=declaration.pk)


def form_post(data: dict, *, version: int | None = None) -> dict:
    """The filing page's POST for a declaration/1 dict, as the browser sends it."""
    post: dict[str, list[str] | str] = {
        "title": data.get("title") or "",
        "fiscal_year": str(data["fiscal_year"]),
        "project_name": data["project_name"],
        "implementing_unit": data.get("implementing_unit") or "",
        "project_type": data.get("project_type") or "",
        "period_years": str(data.get("period_years") or ""),
        "goal_implementation": data.get("goal_implementation") or "",
        "goal_annual": data.get("goal_annual") or "",
        "responsible_person": data.get("responsible_person") or "",
        "handler": data.get("handler") or "",
        "phone": data.get("phone") or "",
        "filled_at": data.get("filled_at") or "",
        "framework": "seed",
    }
    if version is not None:
        post["version"] = str(version)
    for name in TEXT_FIELDS:
        post[name] = data.get(name) or ""
    for period in PERIODS:
        half = data["funds"][period]
        for key in ("total", *FUND_SOURCES):
            value = half.get(key)
            post[f"funds_{period}_{key}"] = "" if value is None else f"{value:,}"
        rows = [i for i in data["indicators"] if i["period"] == period]
        for field in ("level1", "level2", "name", "value"):
            post[f"ind-{period}-{field}"] = [row[field] for row in rows]
    return post
