"""Storing and reading declarations in the database: import throughput, edit latency, and the
API's list page at volume (time and number of queries).  Runs on a throw-away test database
(SQLite in memory, or ``test_…`` on the server of ``DATABASE_URL``)."""

from __future__ import annotations

import json
import os
import time


def run() -> list[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.settings")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return _measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _forms(copies: int) -> list[dict]:
    from jixiao.core.importers.base import read_forms
    from jixiao.declarations.demo import demo_source

    forms = [d.to_dict() for d in read_forms(demo_source()).declarations]
    out = []
    for n in range(copies):
        for form in forms:
            form = dict(form, project_name=f"{form['project_name']}（{n + 1}）")
            out.append(json.loads(json.dumps(form, default=str)))
    return out


def _measure() -> list[str]:
    from dataclasses import replace

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jixiao.accounts.models import Department, User
    from jixiao.core.importers.base import read_bytes
    from jixiao.core.importers.limits import DEFAULT_LIMITS
    from jixiao.declarations.models import Declaration
    from jixiao.declarations.services import declaration_import, declaration_update

    lines = []
    forms = _forms(100)
    payload = json.dumps(forms, ensure_ascii=False).encode()
    # One file of 1,100 forms: more than an upload may hold (ImportLimits.forms).
    limits = replace(DEFAULT_LIMITS, forms=len(forms), file_bytes=len(payload), seconds=600)
    result = read_bytes(payload, "bench.json", limits=limits)

    # Wall-clock time depends on what else runs on the machine; CPU time is this process's.
    for label in ("import, new", "import again, unchanged"):
        start, cpu = time.perf_counter(), time.process_time()
        declaration_import(result=result)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        lines.append(
            f"{label}: {len(forms)} forms in {elapsed:.2f} s, CPU {cpu:.2f} s = "
            f"{len(forms) / cpu:,.0f} forms per CPU second"
        )

    filer = User.objects.create(
        username="bench_filer", role="filer", department=Department.objects.get(code="403")
    )
    declaration = Declaration.objects.filter(department__code="403").first()
    year = Declaration.objects.filter(fiscal_year=declaration.fiscal_year).count()
    saves = 20

    def edit_overview(data: dict, i: int) -> None:
        data["overview"] = f"第 {i} 次修改"

    def edit_phone(data: dict, i: int) -> None:
        data["phone"] = f"1391234{i:04d}"

    for label, edit in (
        (f"edit of a text (the year's {year} forms compared again)", edit_overview),
        ("edit of the phone only (the year's findings kept)", edit_phone),
    ):
        cpu = time.process_time()
        for i in range(saves):
            data = declaration.to_core().to_dict()
            edit(data, i)
            declaration = declaration_update(
                declaration=declaration,
                data=data,
                user=filer,
                expected_version=declaration.version,
            )
        cpu = time.process_time() - cpu
        lines.append(
            f"{label}, with optimistic lock, review, audit: CPU {cpu / saves * 1000:.1f} ms per save"
        )

    client = Client()
    client.force_login(filer)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        cpu = time.process_time()
        response = client.get("/api/declarations/?page=2")
        cpu = time.process_time() - cpu
    assert response.status_code == 200, response.content
    lines.append(
        f"API list page of 50 among {response.json()['count']} visible: "
        f"CPU {cpu * 1000:.0f} ms, {len(queries)} queries"
    )
    return lines
