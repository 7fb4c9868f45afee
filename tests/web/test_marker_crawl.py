"""Nothing unpublished reaches anyone outside its scope: a marker crawl of every URL.

Every text a declaration short of publication holds (its text fields, indicator names and
values, comments, audit entries, approved versions, monitoring reports and self-evaluations,
and the revision under way of a published one) carries a marker of its own, ``MKAABQ``, in
two departments.  Published declarations of the same projects (marker-free, their content is
public) are duplicates of the unpublished ones, so the year's review refers from them to the
unpublished ones.  Then every URL of the resolver is asked (every id filled from every object,
the list pages and downloads with their filters, as a page and as an htmx partial) by an
anonymous visitor, by each role of each department and by a filer bound to another
implementing unit; no answer (HTML, JSON, CSV, the text of PDF and Excel files) may hold a
marker of something outside the asker's scope, nor a link to such a declaration.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from jixiao.core.declaration import GOAL_FIELDS, TEXT_FIELDS
from jixiao.declarations.models import (
    AuditEntry,
    Declaration,
    DeclarationVersion,
    ReviewComment,
    Status,
)
from tests.factories import DEPARTMENT, FINANCE, OTHER_DEPARTMENT, make_department, make_user
from tests.web.test_every_url import walk_patterns

YEAR = 2023
# One long name in both departments, so that every declaration (its name ending in a marker)
# is a near-identical duplicate of every other, across the departments too.
BASE_NAME = (
    "长治市上党区年度城镇保障性住房及配套基础设施建设项目"
    "（含小区道路、供排水管网、供热管网和绿化改造提升工程）"
)
FORM_OF = {DEPARTMENT[0]: 0, OTHER_DEPARTMENT[0]: 2}
UNIT = "上党区房屋征收服务中心"  # the implementing unit of the unit-bound filers
UNPUBLISHED = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.DEPT_APPROVED,
    Status.RETURNED,
    Status.FINANCE_APPROVED,
    Status.REJECTED,
)
# Every text of the form but the department's and the unit's (they decide who sees it).
TEXT_KEYS = (
    *("title", "project_name", "project_type_label"),
    *TEXT_FIELDS,
    *GOAL_FIELDS,
    *("responsible_person", "handler", "phone"),
)
MARKER = re.compile(r"MK[A-Z]{4}")
DECLARATION_LINK = re.compile(r"/declarations/(\d+)/")
# Query strings the list pages and the downloads are asked with.
QUERIES = [
    {},
    {"year": str(YEAR), "department": DEPARTMENT[0]},
    {"department": OTHER_DEPARTMENT[0]},
    *({"status": s} for s in (*UNPUBLISHED, Status.PUBLISHED)),
    {"grade": "差", "q": "MK"},
]


@dataclass(frozen=True)
class Owner:
    """Whose a marker is: a department, and within it an implementing unit."""

    department: str
    unit: str


@dataclass
class Viewer:
    name: str
    user: object | None  # None: anonymous

    def may_see(self, owner: Owner) -> bool:
        user = self.user
        if user is None or user.department is None:
            return False
        if user.department.code != owner.department:
            return False
        return user.implementing_unit is None or user.implementing_unit.name == owner.unit


class Markers:
    """Unique markers, each remembering whose it is and where it was put."""

    def __init__(self):
        self.owner: dict[str, Owner] = {}
        self.where: dict[str, str] = {}
        self._count = itertools.count(1)

    def new(self, owner: Owner, where: str) -> str:
        # Letters, not digits: names that differ only in digits are different projects
        # (第一批 / 第二批), these must stay duplicates of each other.
        n = next(self._count)
        marker = "MK" + "".join(chr(65 + n // 26**k % 26) for k in (3, 2, 1, 0))
        self.owner[marker] = owner
        self.where[marker] = where
        return marker

    def mark_form(self, data: dict, owner: Owner, what: str) -> dict:
        """The form with a marker in every text field and every indicator name and value."""
        data = {**data, "indicators": [dict(row) for row in data["indicators"]]}
        for key in TEXT_KEYS:
            data[key] = f"{data.get(key) or ''}{self.new(owner, f'{what} {key}')}"
        for i, row in enumerate(data["indicators"]):
            row["name"] += self.new(owner, f"{what} indicators[{i}].name")
            row["value"] += self.new(owner, f"{what} indicators[{i}].value")
        return data


@dataclass
class World:
    markers: Markers
    viewers: list[Viewer]
    owners: dict[int, Owner]  # declaration pk → whose it is, for the unpublished ones
    urls: list[str]


def _form(expected_data, code: str, name: str, unit: str | None = None) -> dict:
    from tests.factories import clean_form

    data = clean_form(expected_data, FORM_OF[code])
    data["department_code"] = code
    data["department_name"] = dict([DEPARTMENT, OTHER_DEPARTMENT])[code]
    data["project_name"] = name
    if unit:
        data["implementing_unit"] = unit
    return data


def _plant_history(record, markers: Markers, owner: Owner, reviewer, what: str) -> None:
    """A comment, an audit entry and an approved version, each with markers."""
    entry = AuditEntry.objects.create(
        declaration=record,
        actor=reviewer,
        action="return",
        comment=markers.new(owner, f"{what} audit comment"),
        data={"note": markers.new(owner, f"{what} audit data")},
    )
    ReviewComment.objects.create(
        declaration=record,
        author=reviewer,
        field="overview",
        message=markers.new(owner, f"{what} review comment"),
        audit_entry=entry,
    )
    DeclarationVersion.objects.create(
        declaration=record,
        number=1,
        status=record.status,
        data=record.to_core().to_dict(),
        note=markers.new(owner, f"{what} version note"),
    )


def _plant_monitoring(record, round_, markers: Markers, owner: Owner, what: str) -> None:
    from jixiao.monitoring.models import (
        IndicatorProgress,
        IndicatorResult,
        MonitoringReport,
        ReportAuditEntry,
        SelfEvaluation,
        SelfEvaluationAuditEntry,
    )

    def mark(where: str) -> str:
        return markers.new(owner, f"{what} {where}")

    report = MonitoringReport.objects.create(
        round=round_,
        declaration=record,
        status="submitted",
        budget=record.annual_total,
        executed=0,
        expected=record.annual_total,
        money_explanation=mark("monitoring money_explanation"),
        money_measure=mark("monitoring money_measure"),
    )
    evaluation = SelfEvaluation.objects.create(
        declaration=record,
        status="submitted",
        budget=record.annual_total,
        executed=record.annual_total,
        achievement=mark("self-evaluation achievement"),
    )
    for indicator in record.indicators.filter(period="annual"):
        IndicatorProgress.objects.create(
            report=report,
            indicator=indicator,
            achieved=mark(f"progress {indicator.pk} achieved"),
            expected=mark(f"progress {indicator.pk} expected"),
            explanation=mark(f"progress {indicator.pk} explanation"),
            measure=mark(f"progress {indicator.pk} measure"),
        )
        IndicatorResult.objects.create(
            self_evaluation=evaluation,
            indicator=indicator,
            actual=mark(f"result {indicator.pk} actual"),
            deviation=mark(f"result {indicator.pk} deviation"),
        )
    ReportAuditEntry.objects.create(
        round=round_, report=report, action="submit", comment=mark("monitoring audit")
    )
    SelfEvaluationAuditEntry.objects.create(
        self_evaluation=evaluation, action="submit", comment=mark("self-evaluation audit")
    )


def _build(expected_data) -> World:
    from jixiao.declarations import services
    from jixiao.declarations.services import declaration_year_review_refresh
    from jixiao.monitoring.models import MonitoringRound
    from tests.factories import make_declaration

    markers = Markers()
    finance = make_user("crawl_finance", "finance_reviewer")
    make_department(*FINANCE, is_finance=True)
    round_ = MonitoringRound.objects.create(
        fiscal_year=YEAR, cut_off=date(YEAR, 7, 31), opened_by=finance
    )
    viewers = [Viewer("anonymous", None)]
    owners: dict[int, Owner] = {}
    for code, dept_name in (DEPARTMENT, OTHER_DEPARTMENT):
        department = make_department(code, dept_name)
        filer = make_user(f"crawl_filer_{code}", "filer", department)
        reviewer = make_user(f"crawl_reviewer_{code}", "dept_reviewer", department)
        base = BASE_NAME
        # Published, marker-free: the public twin the unpublished ones duplicate.
        twin = make_declaration(_form(expected_data, code, base), user=filer)
        for n, status in enumerate(UNPUBLISHED):
            unit = UNIT if n == 0 else None  # the first one belongs to the unit filers' unit
            form = _form(expected_data, code, base, unit)
            owner = Owner(code, form.get("implementing_unit") or "")
            what = f"{status} of {code}" + (" (unit)" if unit else "")
            record = make_declaration(markers.mark_form(form, owner, what), user=filer)
            Declaration.objects.filter(pk=record.pk).update(status=status)
            record.refresh_from_db()
            owners[record.pk] = owner
            _plant_history(record, markers, owner, reviewer, what)
            if status == Status.FINANCE_APPROVED:
                _plant_monitoring(record, round_, markers, owner, what)
        # The twin is published; its monitoring and its revision under way are internal.
        Declaration.objects.filter(pk=twin.pk).update(status=Status.PUBLISHED)
        twin.refresh_from_db()
        owner = Owner(code, twin.implementing_unit_name)
        _plant_monitoring(twin, round_, markers, owner, f"published of {code}")
        revision = services.declaration_revise(declaration=twin, user=filer)
        data = markers.mark_form(revision.to_core().to_dict(), owner, f"revision of {code}")
        revision = services.declaration_update(
            declaration=revision, data=data, user=filer, expected_version=revision.version
        )
        owners[revision.pk] = owner
        _plant_history(revision, markers, owner, reviewer, f"revision of {code}")

        unit = department.units.get(name=UNIT)
        unit_filer = make_user(f"crawl_unit_filer_{code}", "filer", department, unit)
        viewers += [
            Viewer(f"filer of {code}", filer),
            Viewer(f"department reviewer of {code}", reviewer),
            Viewer(f"filer of {code} bound to {UNIT}", unit_filer),
        ]
    declaration_year_review_refresh(fiscal_year=YEAR, recheck=True)
    # Every declaration's review is about the others, the published twins' too: their
    # findings refer to drafts of both departments, what must not leak.
    for record in Declaration.objects.originals():
        assert "PROJECT-DUPLICATE" in {f["rule"] for f in record.findings}, record
    return World(markers, viewers, owners, _urls())


def _urls() -> list[str]:
    """Every URL of the resolver with every id filled from every object, the ones without
    ids with every query string."""
    from jixiao.jobs.models import Job
    from jixiao.monitoring.models import MonitoringRound

    values = {
        "job_id": [str(pk) for pk in Job.objects.values_list("pk", flat=True)]
        or ["00000000-0000-4000-8000-000000000000"],
        "pk": list(Declaration.objects.values_list("pk", flat=True)),
        "round_id": list(MonitoringRound.objects.values_list("pk", flat=True)),
        "number": [1],
        "sha": ["0" * 64],
        "fmt": ["pdf", "xlsx"],
    }
    values["declaration_id"] = values["pk"]
    urls = []
    for name, kwargs in sorted(set(walk_patterns())):
        keys = sorted(kwargs)
        if not keys:
            base = reverse(name)
            urls += [base + ("?" + urlencode(query) if query else "") for query in QUERIES]
            continue
        for combination in itertools.product(*(values[k] for k in keys)):
            urls.append(reverse(name, kwargs=dict(zip(keys, combination, strict=True))))
    return urls


def _text(response) -> str:
    """The text a person could read in the answer, whatever its format."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        return _pdf_text(body)
    if "spreadsheetml" in content_type:
        return _xlsx_text(body)
    return body.decode("utf-8", errors="replace")


def _pdf_text(body: bytes) -> str:
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-q", "-", "-"], input=body, capture_output=True, check=True
        )
        text = done.stdout.decode("utf-8", errors="replace")
    else:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(body)) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    # A marker may be wrapped across two lines of the page.
    return re.sub(r"\s+", "", text)


def _xlsx_text(body: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body), read_only=True)
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    return "\n".join(cells)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, expected_data):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield _build(expected_data)
        transaction.set_rollback(True)


def _leaks(world: World, viewer: Viewer) -> tuple[list[str], int]:
    client = Client()
    if viewer.user is not None:
        client.force_login(viewer.user)
    leaks, asked = [], 0
    hidden_pks = {pk for pk, owner in world.owners.items() if not viewer.may_see(owner)}
    for url in world.urls:
        response = client.get(url)
        answers = [(url, response)]
        # A page that answers htmx with its partial says so (Vary: HX-Request).
        if "HX-Request" in response.get("Vary", ""):
            answers.append((f"{url} (htmx)", client.get(url, headers={"HX-Request": "true"})))
        for via, answer in answers:
            asked += 1
            text = _text(answer)
            for marker in sorted(set(MARKER.findall(text))):
                owner = world.markers.owner.get(marker)
                if owner is not None and not viewer.may_see(owner):
                    leaks.append(f"{marker} ({world.markers.where[marker]}) via {via}")
            for pk in sorted({int(pk) for pk in DECLARATION_LINK.findall(text)} & hidden_pks):
                leaks.append(f"a link to declaration {pk} via {via}")
    return leaks, asked


# The two departments are alike: each role of 405 and a unit-bound filer of 403 read 403's
# markers, and the filer of 403 reads 405's, each from their own pages too (the findings of
# their declarations refer to the other department's).  The remaining two (the reviewer of
# 403, a unit-bound filer of 405) would walk the same code with the departments swapped.
VIEWERS = [
    "anonymous",
    f"filer of {OTHER_DEPARTMENT[0]}",
    f"department reviewer of {OTHER_DEPARTMENT[0]}",
    f"filer of {DEPARTMENT[0]} bound to {UNIT}",
    f"filer of {DEPARTMENT[0]}",
]


@pytest.mark.django_db
@pytest.mark.parametrize("who", VIEWERS)
def test_it_shows_nobody_a_marker_outside_their_scope(world, who):
    (viewer,) = [v for v in world.viewers if v.name == who]
    leaks, asked = _leaks(world, viewer)
    assert asked > 600
    assert not leaks, f"{who} read {len(leaks)} things not theirs:\n" + "\n".join(leaks[:40])


@pytest.mark.django_db
def test_the_crawl_finds_the_markers_where_they_belong(world):
    """The markers are where the crawl looks: a filer reads their own draft's, through the
    page, the API and the PDF."""
    (filer,) = [v for v in world.viewers if v.name == f"filer of {DEPARTMENT[0]}"]
    client = Client()
    client.force_login(filer.user)
    draft = Declaration.objects.get(
        department__code=DEPARTMENT[0], status=Status.DRAFT, revision_of=None
    )
    mine = {m for m, where in world.markers.where.items() if where.startswith("draft of 403 ")}
    for url in (
        reverse("web:declaration_detail", args=[draft.pk]),
        f"/api/declarations/{draft.pk}/",
        reverse("exports:declaration_pdf", args=[draft.pk]),
        reverse("exports:declaration_xlsx", args=[draft.pk]),
    ):
        found = set(MARKER.findall(_text(client.get(url))))
        assert len(found & mine) >= 10, url
