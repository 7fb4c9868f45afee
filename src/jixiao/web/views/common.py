"""Small pieces the views share."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_page_or_partial(request, page: str, partial: str, context: dict):
    """The full page, or for an htmx request only the partial the page includes."""
    response = render(request, partial if is_htmx(request) else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def posted_version(request) -> int | None:
    """The version the user's page showed (optimistic lock); ``None`` if not sent."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None
