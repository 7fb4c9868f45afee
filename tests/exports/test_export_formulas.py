"""Every workbook the site and the command line write holds no formula from user data."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import clean_form, make_declaration
from tests.hostile import PAYLOADS, formula_cells, hostile_form, text_values

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(filer, expected_data):
    return make_declaration(hostile_form(clean_form(expected_data, 0)), user=filer)


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


@pytest.mark.django_db
def test_it_writes_no_formula_in_any_workbook_of_the_site(hostile, filer):
    client = Client()
    client.force_login(filer)
    search = "?q=" + "%3DHYPERLINK"  # the list's filter is written into the summary too
    workbooks = {
        "form": _get(client, reverse("exports:declaration_xlsx", args=[hostile.pk])),
        "list": _get(client, reverse("exports:list_xlsx") + search),
        # A summary holds no drafts unless asked for.
        "summary": _get(client, reverse("exports:summary_xlsx") + search + "&status=draft"),
    }
    assert {name: formula_cells(data) for name, data in workbooks.items()} == dict.fromkeys(
        workbooks, []
    )
    assert set(PAYLOADS) <= text_values(workbooks["form"]) & text_values(workbooks["list"])
    assert {hostile.project_name, "=HYPERLINK"} <= text_values(workbooks["summary"])


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "summary"])
def test_it_writes_no_formula_in_the_command_line_workbooks(hostile, fmt, tmp_path):
    out = tmp_path / "out.xlsx"
    # A summary holds no drafts unless asked for.
    status = "draft" if fmt == "summary" else None
    call_command("export", format=fmt, out=str(out), status=status)
    data = out.read_bytes()
    assert formula_cells(data) == []
    assert hostile.project_name in text_values(data)


@pytest.mark.django_db
def test_it_neutralises_the_command_line_csv(hostile, tmp_path):
    out = tmp_path / "out.csv"
    call_command("export", format="csv", out=str(out))
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    amounts = {i for i, label in enumerate(header) if label.endswith("（元）")}
    evaluated = [
        (header[i], v)
        for row in body
        for i, v in enumerate(row)
        if i not in amounts and v.startswith(FORMULA_START)
    ]
    assert evaluated == []
    assert f"'{hostile.project_name}" in body[0]
    assert "-1500.00" in body[0]  # the negative amount, a number


@pytest.mark.django_db
def test_it_writes_no_formula_in_the_monitoring_and_self_evaluation_workbooks(
    filer, finance_reviewer, expected_data
):
    from datetime import date
    from decimal import Decimal

    from jixiao.monitoring import services

    clean = clean_form(expected_data, 0)
    form = hostile_form(clean)
    for ind, original in zip(form["indicators"], clean["indicators"], strict=True):
        ind.update(level1=original["level1"], level2=original["level2"])  # scoring needs them
    record = make_declaration(form, user=filer, status="finance_approved")
    annual = record.indicators.filter(period="annual")
    explained = {"cause": "facilities", "explanation": PAYLOADS[0], "measure": PAYLOADS[1]}
    july = services.monitoring_round_open(
        user=finance_reviewer, fiscal_year=2023, cut_off=date(2023, 7, 31)
    )
    services.monitoring_report_save(
        user=filer, monitoring_round=july, declaration=record,
        budget=Decimal(15_000_000), executed=Decimal(6_000_000), expected=None,
        money_cause="funding", money_explanation=PAYLOADS[3], money_measure=PAYLOADS[4],
        progress={i.pk: {"achieved": "=1+1", "expected": "@SUM(1)", **explained} for i in annual},
        expected_version=0,
    )  # fmt: skip
    services.self_evaluation_save(
        user=filer, declaration=record, budget=Decimal(15_000_000), executed=Decimal(14_000_000),
        achievement=PAYLOADS[5],
        results={i.pk: {"actual": "=1+1", "deviation": PAYLOADS[0]} for i in annual},
        expected_version=0,
    )  # fmt: skip
    client = Client()
    client.force_login(filer)
    workbooks = {
        "monitoring": _get(
            client, reverse("monitoring:report_download", args=[july.pk, record.pk, "xlsx"])
        ),
        "self-evaluation": _get(
            client, reverse("monitoring:self_evaluation_download", args=[record.pk, "xlsx"])
        ),
    }
    for name, data in workbooks.items():
        assert formula_cells(data) == [], name
        assert {record.project_name, "=1+1"} <= text_values(data), name
