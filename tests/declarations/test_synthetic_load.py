"""``jixiao demo --synthetic N``: a generated year stored as the services would store it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from jixiao.accounts.models import User
from jixiao.core.synthetic import synthetic_year
from jixiao.declarations.models import (
    AuditEntry,
    Declaration,
    DeclarationVersion,
    Indicator,
    Status,
)
from jixiao.declarations.reviewing import batch_rule_ids
from jixiao.declarations.synthetic import synthetic_load

pytestmark = pytest.mark.django_db


def test_it_stores_the_year_with_indicators_trail_and_review():
    result = synthetic_load(400, year=2031, seed=9, departments=12)
    records = Declaration.objects.for_year(2031)
    assert records.count() == 400 == result.declarations
    assert Indicator.objects.filter(declaration__fiscal_year=2031).count() == result.indicators
    assert records.values("department").distinct().count() == 12
    assert sum(result.by_status.values()) == 400
    # Only a form its own review passes moves past its filer (a duplicate filed later by
    # another department can still raise an error across the year).
    moved = records.exclude(status__in=[Status.DRAFT, Status.RETURNED])
    batch = batch_rule_ids()
    assert not [
        f for r in moved for f in r.findings if f["severity"] == "error" and f["rule"] not in batch
    ]
    published = records.filter(status=Status.PUBLISHED)
    assert published.exists()
    assert DeclarationVersion.objects.filter(declaration__in=published).count() == published.count()
    first = published.first()
    actions = list(first.audit_entries.values_list("action", flat=True))
    assert actions == ["create", "submit", "dept_approve", "finance_conclude", "publish"]
    assert first.version == len(actions)
    # Every record carries its review, and the year's rules found the planted duplicates.
    assert not records.filter(reviewed_at__isnull=True).exists()
    generated = synthetic_year(400, year=2031, seed=9, department_count=12)
    duplicated = {generated.declarations[i].project_name for i in generated.planted["duplicate"]}
    flagged = {
        r.project_name
        for r in records.filter(project_name__in=duplicated)
        if any(f["rule"] == "PROJECT-DUPLICATE" for f in r.findings)
    }
    assert flagged == duplicated
    assert User.objects.filter(username="syn_finance", role="finance_reviewer").exists()


def test_it_loads_from_the_command_line(capsys):
    call_command("demo", synthetic=60, year=2032, seed=1, departments=5)
    out = capsys.readouterr().out
    assert "60 份申报表" in out
    assert Declaration.objects.for_year(2032).count() == 60
    assert AuditEntry.objects.filter(declaration__fiscal_year=2032).count() >= 60
