"""Every query parameter of every page, tried with hostile values.

Every URL of the resolver (see ``test_every_url``) is asked for by an anonymous visitor and by
each role, with each parameter name any view reads (the fields of every ``QueryForm``, plus
Django's ``next``) set to hostile values: superscript digits, 5,000 digits, negative, ``1e9``,
NUL, 5,000 characters, repeated parameters, other scripts.  No answer is a server error; a
refusal is a 400 page (or JSON error) that says in Chinese what was wrong; a page that ignores a
value says so on the page.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from jixiao.declarations.models import Status
from jixiao.web import params
from tests.web.test_every_url import ALL_URLS, DECLARATION_KWARGS, OTHER_KWARGS

SRC = Path(__file__).resolve().parents[2] / "src"

HOSTILE = [
    "²",
    "9" * 5000,
    "-1",
    "1e9",
    "\x00",
    "x" * 5000,
    "2023.5",
    "0",
    "١٢٣",
    "🙂年度",
    "<script>alert(1)</script>",
    "99999999999999999999999",
    " ",
    "%00",
]
# Names read by Django itself, not through a QueryForm.
OTHER_NAMES = {"next"}


def query_forms(cls=params.QueryForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from query_forms(sub)


def parameter_names() -> set[str]:
    import jixiao.declarations.api  # noqa: F401  (the forms are declared on import)
    import jixiao.exports.views  # noqa: F401
    import jixiao.monitoring.views.summary  # noqa: F401
    import jixiao.web.views.filing  # noqa: F401
    import jixiao.web.views.lists  # noqa: F401
    import jixiao.web.views.public  # noqa: F401

    names = set(OTHER_NAMES)
    for form in query_forms():
        names |= set(form.base_fields)
    # The indicator-name lookup reads a row's inputs under their row names too.
    names |= {"ind-annual-level2", "ind-implementation-name"}
    return names


@pytest.fixture
def world(filer, dept_reviewer, finance_reviewer, admin_user, outsider, walk, expected_data):
    """A published declaration of 403, a draft, a monitoring round: every URL resolves to
    something real for someone."""
    from jixiao.monitoring.services import monitoring_round_open
    from tests.factories import clean_form, make_declaration

    published = walk(make_declaration(clean_form(expected_data), user=filer), Status.PUBLISHED)
    make_declaration(clean_form(expected_data, 1), user=filer)
    round_ = monitoring_round_open(
        user=finance_reviewer, fiscal_year=2023, cut_off=date(2023, 7, 31)
    )
    users = [None, filer, dept_reviewer, finance_reviewer, admin_user, outsider]
    return {"declaration": published, "round": round_, "users": users}


def url_of(name: str, kwargs: frozenset, world) -> str:
    values = {}
    for key in kwargs:
        if key in DECLARATION_KWARGS:
            values[key] = world["declaration"].pk
        elif key == "round_id":
            values[key] = world["round"].pk
        else:
            values[key] = OTHER_KWARGS.get(key, 1)
    return reverse(name, kwargs=values)


class Recorder:
    """The query forms built while answering one request."""

    def __init__(self, monkeypatch):
        self.forms: list[params.QueryForm] = []
        original = params.QueryForm.__init__

        def init(form, *args, **kwargs):
            original(form, *args, **kwargs)
            self.forms.append(form)

        monkeypatch.setattr(params.QueryForm, "__init__", init)


def rotation(names: list[str], k: int) -> dict:
    """Request ``k`` of a Latin square: over ``len(HOSTILE)`` requests every name gets every
    value once, so one URL costs ``len(HOSTILE)`` requests, not names × values."""
    return {name: HOSTILE[(i + k) % len(HOSTILE)] for i, name in enumerate(names)}


def check(response, url, query, recorder):
    where = (url, {k: v[:30] for k, v in query.items()})
    assert response.status_code in (200, 302, 400, 404, 405), where
    if response.status_code == 400:
        body = response.content.decode()
        assert re.search(r"[\u4e00-\u9fff]", body), where  # a Chinese message, not a bare 400
        assert "查询参数有误" in body or "error" in body, where
    for form in recorder.forms:
        for name, value in form.values.items():
            # What a page applies fits its field: the bounds held.
            if name == "year":
                assert params.YEAR_MIN <= value <= params.YEAR_MAX, where
            elif name == "page":
                assert 1 <= value <= params.PAGE_MAX, where
            elif isinstance(value, str):
                assert "\x00" not in value and len(value) <= 300, where


@pytest.mark.django_db
def test_it_answers_every_url_with_hostile_query_values_without_a_server_error(world, monkeypatch):
    names = sorted(parameter_names())
    assert {"year", "page", "department", "status", "grade", "sort", "q", "round"} <= set(names)
    recorder = Recorder(monkeypatch)
    tried = 0
    for user in world["users"]:
        client = Client()
        if user is not None:
            client.force_login(user)
        for name, kwargs in ALL_URLS:
            url = url_of(name, kwargs, world)
            recorder.forms.clear()
            client.get(url)
            # A view that builds no query form reads no parameter: one hostile request shows
            # it does not care; the others get every value for every name.
            reads = bool(recorder.forms) or name == "login"
            rounds = range(len(HOSTILE)) if reads else range(1)
            for k in rounds:
                query = rotation(names, k)
                recorder.forms.clear()
                response = client.get(url, query)
                check(response, url, query, recorder)
                tried += 1
            if reads:
                # Repeated parameters: the last counts, nothing breaks.
                query = {n: ["2023", HOSTILE[1]] for n in names}
                recorder.forms.clear()
                check(client.get(url, query), url, {}, recorder)
                tried += 1
    assert tried > len(ALL_URLS) * len(world["users"])


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["²", "9" * 5000, "-1", "1e9", "\x00", "20231"])
def test_it_refuses_a_bad_year_on_the_public_files_with_a_page_that_says_why(client, world, year):
    for name in ("booklet_pdf", "opendata_json", "opendata_csv"):
        response = client.get(reverse(f"exports:{name}"), {"year": year})
        assert response.status_code == 400
        text = response.content.decode()
        assert "查询参数有误" in text and "年度" in text and "2000–2100" in text


@pytest.mark.django_db
def test_it_still_serves_the_public_files_for_a_good_year(client, world):
    response = client.get(reverse("exports:opendata_json"), {"year": "2023"})
    assert response.status_code == 200
    assert world["declaration"].project_name in response.content.decode()


@pytest.mark.django_db
def test_it_ignores_a_bad_year_on_a_page_and_says_so(client, world, filer):
    client.force_login(filer)
    for url in (reverse("web:declaration_list"), reverse("web:public_list")):
        response = client.get(url, {"year": "²", "q": world["declaration"].project_name})
        assert response.status_code == 200
        text = response.content.decode()
        assert "年度「²」应为 2000–2100 之间的年份，已忽略" in text
        # The other filter still applies.
        assert world["declaration"].project_name in text
    response = client.get(reverse("monitoring:summary"), {"year": "9" * 5000}, follow=True)
    assert response.status_code == 200
    assert "之间的年份，已忽略" in response.content.decode()


@pytest.mark.django_db
def test_it_answers_the_api_with_a_400_naming_the_parameter(client, world, filer):
    client.force_login(filer)
    response = client.get(reverse("api:declaration-list"), {"year": "²"})
    assert response.status_code == 400
    assert "年度「²」" in response.json()["error"]
    response = client.get(reverse("api:declaration-list"), {"page": "9" * 5000})
    assert response.status_code == 400
    assert "页码" in response.json()["error"]


def test_it_reads_every_query_parameter_through_a_query_form():
    """Every ``request.GET`` in the code is handed to a QueryForm (or a row's inputs to one)."""
    allowed = re.compile(r"(\w*Query|\w*Form|_row_query)\(request\.GET")
    offenders = []
    for path in SRC.rglob("*.py"):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if "request.GET" in line and not allowed.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []
