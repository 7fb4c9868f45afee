"""Every URL of the app, tried as the wrong user and without a CSRF token.

The URLs are enumerated from the resolver, so a page added later is walked too.  Every URL
that takes a declaration's pk (the web app's, and the exports' and monitoring's) is tried by
each department role of department 403 against a declaration of department 405 in each
unpublished state, by GET and by POST: the answer is 404, never 403 and never data, and the
declaration is unchanged.  Anonymous visitors are sent to the login page (or get a 404).
Every URL refuses a POST without a CSRF token.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jixiao.declarations.models import Declaration, Status

# URL keyword arguments that name a declaration.
DECLARATION_KWARGS = {"pk", "declaration_pk", "declaration_id"}
# Django's admin has its own permission system (staff only) and is tested by Django.
SKIPPED_NAMESPACES = {"admin"}


def walk_patterns(resolvers=None, namespace=""):
    """(name with namespace, keyword argument names) of every named URL."""
    for entry in get_resolver().url_patterns if resolvers is None else resolvers:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {}) or {}
            kwargs = set(converters) or set(entry.pattern.regex.groupindex)
            yield f"{namespace}{entry.name}", frozenset(kwargs)


ALL_URLS = sorted(set(walk_patterns()))
OBJECT_URLS = [(name, kw) for name, kw in ALL_URLS if kw & DECLARATION_KWARGS]


# Values for the other keyword arguments a URL may take (a version number, an upload's hash,
# a file format); anything else gets 1.
OTHER_KWARGS = {
    "number": 1,
    "sha": "0" * 64,
    "fmt": "pdf",
    "format": "pdf",
    "job_id": "00000000-0000-4000-8000-000000000000",
}


def url_for(name: str, kwargs: frozenset, pk: int) -> str:
    values = {}
    for key in kwargs:
        values[key] = pk if key in DECLARATION_KWARGS else OTHER_KWARGS.get(key, 1)
    return reverse(name, kwargs=values)


def test_it_finds_the_declaration_urls_of_the_web_app():
    names = {name for name, _ in OBJECT_URLS}
    for expected in (
        "web:declaration_detail",
        "web:declaration_edit",
        "web:declaration_submit",
        "web:declaration_return",
        "web:declaration_conclude",
        "web:declaration_publish",
        "web:declaration_revise",
        "web:public_detail",
    ):
        assert expected in names


@pytest.fixture
def foreign_declarations(outsider, outsider_reviewer, expected_data):
    """A declaration of department 405 in each state short of published."""
    from tests.factories import clean_form, make_declaration

    out = []
    states = [Status.DRAFT, Status.SUBMITTED, Status.DEPT_APPROVED, Status.RETURNED]
    states += [Status.FINANCE_APPROVED]
    for i, status in enumerate(states):
        data = clean_form(expected_data, 2)
        data["project_name"] = f"{data['project_name']}（{i}）"
        out.append(make_declaration(data, user=outsider, status=status))
    return out


def _snapshot(declarations):
    return {
        d.pk: (d.status, d.version, d.audit_entries.count(), d.comments.count())
        for d in Declaration.objects.filter(pk__in=[x.pk for x in declarations])
    }


@pytest.mark.django_db
def test_it_answers_404_to_every_department_role_on_another_departments_declaration(
    filer, dept_reviewer, department, foreign_declarations
):
    from tests.factories import make_user

    unit_filer = make_user("unit_filer", "filer", department)
    before = _snapshot(foreign_declarations)
    tried = 0
    for user in (filer, dept_reviewer, unit_filer):
        client = Client()
        client.force_login(user)
        for declaration in foreign_declarations:
            for name, kwargs in OBJECT_URLS:
                url = url_for(name, kwargs, declaration.pk)
                for method in (client.get, client.post):
                    response = method(url, {"comment": "x", "conclusion": "优", "version": 1})
                    if response.status_code == 405:
                        # The method is wrong for every pk alike (a POST-only action asked
                        # by GET): the answer does not depend on the declaration.
                        missing = method(url_for(name, kwargs, 10**9))
                        assert missing.status_code == 405, (user.username, url)
                        continue
                    assert response.status_code == 404, (user.username, method, url)
                    assert declaration.project_name.encode() not in response.content
                    tried += 1
    assert tried >= len(OBJECT_URLS) * 3 * len(foreign_declarations)
    assert _snapshot(foreign_declarations) == before


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_login_or_404(foreign_declarations):
    client = Client()
    before = _snapshot(foreign_declarations)
    for declaration in foreign_declarations:
        for name, kwargs in OBJECT_URLS:
            url = url_for(name, kwargs, declaration.pk)
            for method in (client.get, client.post):
                response = method(url)
                assert response.status_code in (302, 404), (method, url)
                if response.status_code == 302:
                    assert response["Location"].startswith(reverse("login"))
                assert declaration.project_name.encode() not in response.content
    assert _snapshot(foreign_declarations) == before


@pytest.mark.django_db
def test_it_refuses_every_post_without_a_csrf_token(filer, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(filer)
    before = _snapshot([draft])
    for name, kwargs in ALL_URLS:
        url = url_for(name, kwargs, draft.pk)
        response = client.post(url, {"comment": "x", "version": draft.version})
        assert response.status_code == 403, url
    assert _snapshot([draft]) == before


@pytest.mark.django_db
def test_it_accepts_the_same_post_with_the_token(filer, draft):
    """The CSRF test above fails for the right reason: with the token the submit goes through."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(filer)
    page = client.get(reverse("web:declaration_detail", args=[draft.pk]))
    token = page.context["csrf_token"]
    url = reverse("web:declaration_submit", args=[draft.pk])
    client.post(url, {"csrfmiddlewaretoken": str(token), "version": draft.version})
    assert Declaration.objects.get(pk=draft.pk).status == Status.SUBMITTED
