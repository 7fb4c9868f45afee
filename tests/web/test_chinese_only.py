"""Users see Chinese only: every page reachable by links, walked as each demo role over the
demo data, shows no English word or code (a rule id may sit in a tooltip, not on screen)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from jixiao.declarations.demo import DEMO_PASSWORD

# Names that are Chinese users' words too: file formats and units.
ALLOWED = {"PDF", "Excel", "JSON", "CSV", "txt", "xlsx", "UTF-", "MB", "SHA-", "LED"}
WORD = re.compile(r"[A-Za-z][A-Za-z_\-]+")
# Not pages: downloads, sign-out, and the sort and page variants of one list.
SKIP = re.compile(r"logout|/pdf/|/xlsx/|/json/|/csv/|\.pdf|\.xlsx|\.json|\.csv|[?&](sort|page)=")
ROLES = ("zhujian_filer", "zhujian_reviewer", "caizheng_reviewer", "admin")


class _Screen(HTMLParser):
    """The text a user sees: no scripts or styles, attributes only where they are read."""

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self.text += [attrs[k] for k in ("placeholder", "aria-label", "alt") if attrs.get(k)]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


def english_on_screen(client: Client, start: str = "/", limit: int = 80) -> dict[str, str]:
    """{word: first page showing it} over the pages reachable from ``start``."""
    seen, queue, found = set(), [start], {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        screen = _Screen()
        screen.feed(response.content.decode())
        for word in WORD.findall(" ".join(screen.text)):
            if word not in ALLOWED:
                found.setdefault(word, url)
        for href in screen.links:
            parts = urlsplit(urljoin(url, href))
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if not parts.netloc and not SKIP.search(target) and not target.startswith("/admin"):
                queue.append(target)
    assert len(seen) > 5, seen
    return found


@pytest.mark.django_db
def test_it_shows_no_english_to_any_role_on_the_demo_data():
    call_command("load_demo", stdout=StringIO())
    call_command("load_monitoring_demo", stdout=StringIO())
    assert english_on_screen(Client()) == {}
    for username in ROLES:
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        assert english_on_screen(client) == {}, username
