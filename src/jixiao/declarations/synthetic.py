"""A synthetic year in the database (``jixiao demo --synthetic N``): volume for load tests.

The declarations come from ``jixiao.core.synthetic``; here they are stored as the services
would store them — content, indicators with their readings, the per-declaration review, a
workflow state reached through the usual steps with an audit entry for each, approved
versions for approved forms, and at the end the year's review across declarations — but in
bulk: a few thousand rows per statement instead of one save per form, so that 100,000 load in
minutes.  The workflow's own checks are not run; the states are those the checks allow (only
a form without review errors is past 退回).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from jixiao.accounts.models import Department, ImplementingUnit, Role, User
from jixiao.core.synthetic import SyntheticYear, chunks, synthetic_year
from jixiao.declarations.bridge import declaration_fields, indicator_rows
from jixiao.declarations.demo import DEMO_PASSWORD
from jixiao.declarations.models import (
    Action,
    AuditEntry,
    Conclusion,
    Declaration,
    DeclarationVersion,
    Indicator,
    ReviewKey,
    Status,
)
from jixiao.declarations.reviewing import review_fields
from jixiao.declarations.services.year_review import declaration_year_review_refresh

CHUNK = 1_000
# The share of each state among forms without review errors; forms with errors are drafts
# or returned, as the workflow leaves them.
STATES = (
    (Status.DRAFT, 0.20),
    (Status.SUBMITTED, 0.15),
    (Status.RETURNED, 0.05),
    (Status.DEPT_APPROVED, 0.15),
    (Status.FINANCE_APPROVED, 0.15),
    (Status.PUBLISHED, 0.30),
)
# The steps that lead to each state: (action, from, to, who).
_STEPS = {
    Status.SUBMITTED: [(Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, "filer")],
    Status.RETURNED: [
        (Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, "filer"),
        (Action.RETURN, Status.SUBMITTED, Status.RETURNED, "reviewer"),
    ],
}
_STEPS[Status.DEPT_APPROVED] = [
    *_STEPS[Status.SUBMITTED],
    (Action.DEPT_APPROVE, Status.SUBMITTED, Status.DEPT_APPROVED, "reviewer"),
]
_STEPS[Status.FINANCE_APPROVED] = [
    *_STEPS[Status.DEPT_APPROVED],
    (Action.FINANCE_CONCLUDE, Status.DEPT_APPROVED, Status.FINANCE_APPROVED, "finance"),
]
_STEPS[Status.PUBLISHED] = [
    *_STEPS[Status.FINANCE_APPROVED],
    (Action.PUBLISH, Status.FINANCE_APPROVED, Status.PUBLISHED, "finance"),
]
RETURN_COMMENT = "绩效指标不够细化，请补充可衡量的数量和质量指标后重新提交。"

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LoadResult:
    year: int
    declarations: int
    indicators: int
    departments: int
    by_status: dict[str, int]
    planted: dict[str, int]
    accounts: list[str]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def _vacuum_analyze() -> None:
    """On PostgreSQL, what autovacuum would do some minutes after a bulk load, done now:
    the planner's statistics (without them the indicators of a page are read by scanning all
    2.5 million) and the visibility map the lists' index-only scans need."""
    if connection.vendor != "postgresql":
        return
    # VACUUM refuses to run in a transaction (a caller's, or a test's): ANALYZE alone then.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in (Declaration, Indicator, AuditEntry, ReviewKey):
            cursor.execute(f'{command} "{model._meta.db_table}"')


def synthetic_load(
    count: int,
    *,
    year: int = 2026,
    seed: int = 1,
    departments: int = 60,
    progress: Progress = _quiet,
) -> LoadResult:
    """Generate and store ``count`` declarations of ``year``; return what was stored."""
    generated = synthetic_year(count, year=year, seed=seed, department_count=departments)
    rng = random.Random(seed + 1)
    with transaction.atomic():
        depts, units, people = _organisations(generated)
    by_status: dict[str, int] = {}
    indicators = 0
    done = 0
    for part in chunks(list(range(count)), CHUNK):
        with transaction.atomic():
            records = _store(generated, part, depts, units, people, rng, by_status)
            indicators += records
        done += len(part)
        progress("写入申报表", done, count)
    _vacuum_analyze()  # the year review reads through the new rows' indexes
    progress("全年跨申报表审核", 0, 1)
    declaration_year_review_refresh(fiscal_year=year)
    progress("全年跨申报表审核", 1, 1)
    _vacuum_analyze()
    return LoadResult(
        year=year,
        declarations=count,
        indicators=indicators,
        departments=len(depts),
        by_status=by_status,
        planted={k: len(v) for k, v in generated.planted.items()},
        accounts=sorted(u.username for u in people["finance"][:1])
        + [people["filer"][depts[0].pk].username, people["reviewer"][depts[0].pk].username],
    )


def _organisations(generated: SyntheticYear):
    """The departments and units (created once, found again on a second load), a filer and
    a reviewer per department and one finance reviewer, all with the demo password."""
    password = make_password(DEMO_PASSWORD)
    depts = []
    for d in generated.departments:
        dept, _ = Department.objects.get_or_create(code=d.code, defaults={"name": d.name})
        depts.append(dept)
    units: dict[tuple[int, str], ImplementingUnit] = {}
    for dept, d in zip(depts, generated.departments, strict=True):
        for name in d.units:
            unit, _ = ImplementingUnit.objects.get_or_create(department=dept, name=name)
            units[(dept.pk, name)] = unit
    people: dict = {"filer": {}, "reviewer": {}, "finance": []}
    for dept in depts:
        for key, role in (("filer", Role.FILER), ("reviewer", Role.DEPT_REVIEWER)):
            user, _ = User.objects.get_or_create(
                username=f"syn{dept.code}_{key}",
                defaults={
                    "role": role,
                    "department": dept,
                    "first_name": f"{dept.name[-8:]}{role.label}",
                    "password": password,
                },
            )
            people[key][dept.pk] = user
    finance, _ = User.objects.get_or_create(
        username="syn_finance",
        defaults={"role": Role.FINANCE_REVIEWER, "first_name": "财政审核人", "password": password},
    )
    people["finance"].append(finance)
    return depts, units, people


def _state(errors: int, rng: random.Random) -> str:
    if errors:
        return Status.RETURNED if rng.random() < 0.25 else Status.DRAFT
    pick, upto = rng.random(), 0.0
    for status, share in STATES:
        upto += share
        if pick < upto:
            return status
    return Status.PUBLISHED


def _store(generated, part, depts, units, people, rng, by_status) -> int:
    """Store the declarations ``part`` (indices) with indicators, trail and versions; return
    the number of indicators written."""
    records, decls, rows_of, states = [], [], [], []
    for i in part:
        decl = generated.declarations[i]
        dept = depts[generated.department_of[i]]
        review = review_fields(decl)
        status = _state(review["review_errors"], rng)
        created = timezone.make_aware(decl.filled_at) if decl.filled_at else timezone.now()
        record = Declaration(
            department=dept,
            implementing_unit=units.get((dept.pk, decl.implementing_unit or "")),
            status=status,
            version=1 + len(_STEPS.get(status, ())),
            created_by=people["filer"][dept.pk],
            created_at=created,
            updated_at=created + timedelta(days=len(_STEPS.get(status, ())) * 3),
            **declaration_fields(decl),
            **review,
        )
        if status in (Status.FINANCE_APPROVED, Status.PUBLISHED):
            record.finance_conclusion = Conclusion.EXCELLENT
            record.finance_dimensions = dict.fromkeys(
                ("完整性", "相关性", "适当性", "可行性"), True
            )
        if status == Status.PUBLISHED:
            record.published_at = record.updated_at
        records.append(record)
        decls.append(decl)
        rows_of.append(indicator_rows(decl))
        states.append(status)
        by_status[status] = by_status.get(status, 0) + 1
    Declaration.objects.bulk_create(records, batch_size=CHUNK)
    indicators = [
        Indicator(declaration=record, **row)
        for record, rows in zip(records, rows_of, strict=True)
        for row in rows
    ]
    Indicator.objects.bulk_create(indicators, batch_size=5 * CHUNK)
    AuditEntry.objects.bulk_create(_trail(records, people), batch_size=5 * CHUNK)
    DeclarationVersion.objects.bulk_create(
        [
            DeclarationVersion(
                declaration=record,
                number=1,
                status=Status.FINANCE_APPROVED,
                data=decl.to_dict(),
                note="财政批复",
                created_by=people["finance"][0],
                created_at=record.updated_at,
            )
            for record, decl in zip(records, decls, strict=True)
            if record.status in (Status.FINANCE_APPROVED, Status.PUBLISHED)
        ],
        batch_size=CHUNK,
    )
    return len(indicators)


def _trail(records, people) -> list[AuditEntry]:
    entries = []
    for record in records:
        dept = record.department_id
        actors = {
            "filer": people["filer"][dept],
            "reviewer": people["reviewer"][dept],
            "finance": people["finance"][0],
        }
        at = record.created_at
        entries.append(
            AuditEntry(
                declaration=record,
                actor=actors["filer"],
                action=Action.CREATE,
                to_status=Status.DRAFT,
                created_at=at,
            )
        )
        for n, (action, from_status, to_status, who) in enumerate(_STEPS.get(record.status, ())):
            data = {}
            if action == Action.FINANCE_CONCLUDE:
                data = {
                    "conclusion": record.finance_conclusion,
                    "dimensions": record.finance_dimensions,
                }
            entries.append(
                AuditEntry(
                    declaration=record,
                    actor=actors[who],
                    action=action,
                    from_status=from_status,
                    to_status=to_status,
                    comment=RETURN_COMMENT if action == Action.RETURN else "",
                    data=data,
                    created_at=at + timedelta(days=3 * (n + 1)),
                )
            )
    return entries
