"""The bridge: a core declaration written into the models reads back unchanged."""

import pytest

from jixiao.accounts.models import Department
from jixiao.declarations.bridge import declaration_fields, indicator_rows
from jixiao.declarations.models import Declaration, Indicator


def _store(decl):
    department, _ = Department.objects.get_or_create(
        code=decl.department_code, defaults={"name": decl.department_name}
    )
    record = Declaration.objects.create(department=department, **declaration_fields(decl))
    Indicator.objects.bulk_create(
        Indicator(declaration=record, **row) for row in indicator_rows(decl)
    )
    return record


@pytest.mark.django_db
def test_it_reads_back_every_shared_form_unchanged(expected_declarations, expected_data):
    for decl, data in zip(expected_declarations, expected_data, strict=True):
        record = _store(decl)
        fresh = Declaration.objects.with_related().get(pk=record.pk)
        assert fresh.to_core().to_dict() == data
