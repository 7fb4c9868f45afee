"""Two people writing at the same moment, against a live server on the configured database.

Each pair is two browsers (two sessions, their own connections) that loaded the same page and
then send their writes at once: a reviewer's approve against another's return, two saves of
the same draft, two saves of the same monitoring report.  On SQLite this failed as
``database is locked`` (a 500) in 48 of 80 pairs.  Now no answer is a server error, one write
of each pair wins, and the other is told the page was stale.
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from http.cookies import SimpleCookie

import pytest
from django.test import Client

from jixiao.declarations.models import AuditEntry, Declaration, Status
from tests.factories import clean_form, make_declaration, make_user
from tests.monitoring.conftest import JULY_PROGRESS
from tests.web.helpers import form_post

pytestmark = pytest.mark.django_db(transaction=True)

PAIRS = 20
STALE = "已被他人修改"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One signed-in browser: its own cookies (session, CSRF, messages)."""

    def __init__(self, base: str, user):
        client = Client()
        client.force_login(user)
        self.base = base
        self.cookies = SimpleCookie()
        self.cookies["sessionid"] = client.cookies["sessionid"].value
        self.opener = urllib.request.build_opener(NoRedirect)
        self.token = ""

    def get(self, path: str) -> tuple[int, str]:
        status, body = self._open(urllib.request.Request(self.base + path))
        if match := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body):
            self.token = match.group(1)
        return status, body

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token}, doseq=True)
        request = urllib.request.Request(
            self.base + path, data=body.encode(), headers={"Referer": self.base + path}
        )
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        request.add_header("Cookie", "; ".join(f"{k}={m.value}" for k, m in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as exc:  # 3xx (not followed), 4xx, 5xx
            response = exc
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(header)
            status = getattr(response, "status", None) or response.code
            return status, response.read().decode(errors="replace")


def at_once(*writes):
    """Run the writes (``(function, *arguments)``) in threads released together; their
    answers in order."""
    barrier = threading.Barrier(len(writes))
    answers: list = [None] * len(writes)

    def run(i, write):
        function, *arguments = write
        barrier.wait()
        answers[i] = function(*arguments)

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(writes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return answers


def version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


@pytest.fixture
def second_reviewer(department):
    return make_user("dept_reviewer_2", "dept_reviewer", department)


def test_it_settles_approve_against_return_without_a_server_error(
    live_server, filer, dept_reviewer, second_reviewer, expected_data
):
    declarations = []
    for i in range(PAIRS):
        data = clean_form(expected_data)
        data["project_name"] = f"并发审核{i:02d}"
        declarations.append(make_declaration(data, user=filer, status=Status.SUBMITTED))
    one, other = Browser(live_server.url, dept_reviewer), Browser(live_server.url, second_reviewer)
    errors, stale = 0, 0
    for declaration in declarations:
        page = f"/declarations/{declaration.pk}/"
        version = version_on(one.get(page)[1])
        other.get(page)
        answers = at_once(
            (one.post, f"{page}approve/", {"version": version, "comment": ""}),
            (other.post, f"{page}return/", {"version": version, "comment": "请补充依据"}),
        )
        errors += sum(status >= 500 for status, _ in answers)
        if errors:
            continue
        assert [status for status, _ in answers] == [302, 302]
        # Each sees the page it is sent to, with what happened to its own action.
        said = one.get(page)[1] + other.get(page)[1]
        stale += said.count(STALE)
        declaration.refresh_from_db()
        assert declaration.status in (Status.DEPT_APPROVED, Status.RETURNED)
        moves = AuditEntry.objects.filter(
            declaration=declaration, action__in=["dept_approve", "return"]
        )
        assert moves.count() == 1  # one won; the other wrote nothing
    assert errors == 0
    assert stale == PAIRS  # every loser was told the page was stale


def test_it_settles_two_saves_of_one_draft_without_a_server_error(
    live_server, filer, expected_data
):
    drafts = []
    for i in range(PAIRS):
        data = clean_form(expected_data)
        data["project_name"] = f"并发保存{i:02d}"
        drafts.append(make_declaration(data, user=filer))
    one, other = Browser(live_server.url, filer), Browser(live_server.url, filer)
    errors = 0
    for draft in drafts:
        page = f"/declarations/{draft.pk}/edit/"
        version = int(version_on(one.get(page)[1]))
        other.get(page)
        data = draft.to_core().to_dict()
        mine = form_post({**data, "project_name": data["project_name"] + "（甲）"}, version=version)
        theirs = form_post(
            {**data, "project_name": data["project_name"] + "（乙）"}, version=version
        )
        answers = at_once((one.post, page, mine), (other.post, page, theirs))
        errors += sum(status >= 500 for status, _ in answers)
        if errors:
            continue
        statuses = sorted(status for status, _ in answers)
        # One saved (redirect), the other got the conflict page with both versions side by side.
        assert statuses == [200, 302], statuses
        loser = next(body for status, body in answers if status == 200)
        assert "他人已修改此申报表" in loser and STALE in loser
        saved = Declaration.objects.get(pk=draft.pk)
        assert saved.version == version + 1
        assert saved.project_name.endswith(("（甲）", "（乙）"))
    assert errors == 0


def test_it_saves_one_monitoring_report_twice_at_once_without_a_server_error(
    live_server, filer, finance_reviewer, expected_data
):
    from jixiao.monitoring.models import MonitoringReport
    from jixiao.monitoring.services import monitoring_round_open

    declaration = make_declaration(
        clean_form(expected_data), user=filer, status=Status.FINANCE_APPROVED
    )
    july = monitoring_round_open(user=finance_reviewer, fiscal_year=2023, cut_off=date(2023, 7, 31))
    indicators = declaration.indicators.filter(period="annual")
    page = f"/monitoring/rounds/{july.pk}/reports/{declaration.pk}/"
    one, other = Browser(live_server.url, filer), Browser(live_server.url, filer)
    errors = 0
    for i in range(PAIRS):
        before = one.get(page)[1]
        other.get(page)
        # The report's version, once the page carries one (the optimistic lock).
        version = re.search(r'name="version" value="(\d+)"', before)
        data = {"budget": "15000000", "executed": "6000000", "expected": "15000000"}
        data |= {"action": "save"} | ({"version": version.group(1)} if version else {})
        for indicator in indicators:
            for field, value in JULY_PROGRESS[indicator.name].items():
                data[f"i{indicator.pk}-{field}"] = value
        mine = data | {"money_explanation": f"甲{i}"}
        theirs = data | {"money_explanation": f"乙{i}"}
        answers = at_once((one.post, page, mine), (other.post, page, theirs))
        errors += sum(status >= 500 for status, _ in answers)
        assert all(status in (200, 302, 500) for status, _ in answers), [s for s, _ in answers]
    assert errors == 0
    assert MonitoringReport.objects.filter(round=july, declaration=declaration).count() == 1
