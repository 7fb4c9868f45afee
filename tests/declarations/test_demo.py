"""``jixiao load_demo``: accounts for every role and forms in every state, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from jixiao.accounts.models import User
from jixiao.declarations.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_STATES
from jixiao.declarations.models import AuditEntry, Declaration


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_loads_the_forms_and_prints_every_account_and_password():
    printed = load_demo()
    assert Declaration.objects.count() == 11
    assert DEMO_PASSWORD in printed
    for account in DEMO_ACCOUNTS:
        assert account.username in printed
        user = User.objects.get(username=account.username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.role == account.role
    states = dict(Declaration.objects.values_list("project_name", "status"))
    assert {name: states[name] for name, _ in DEMO_STATES} == dict(DEMO_STATES)
    # The approved one awaits its follow-up (良); the published ones were concluded 优.
    follow_ups = dict(Declaration.objects.values_list("status", "follow_up").distinct())
    assert follow_ups["finance_approved"] == "open" and follow_ups["published"] == ""


@pytest.mark.django_db
def test_it_changes_nothing_when_loaded_again():
    load_demo()
    before = list(Declaration.objects.order_by("id").values_list("id", "status", "version"))
    entries = AuditEntry.objects.count()
    assert "未改动" in load_demo()
    after = list(Declaration.objects.order_by("id").values_list("id", "status", "version"))
    assert (after, AuditEntry.objects.count()) == (before, entries)
