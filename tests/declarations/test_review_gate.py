"""The review (智能审核) on records: recomputed on every change, and a gate for submitting."""

import pytest

from jixiao.declarations import services
from jixiao.declarations.errors import WorkflowError
from jixiao.declarations.models import Declaration, Status
from tests.factories import make_declaration

pytest.importorskip("jixiao.core.review")


@pytest.mark.django_db
def test_it_refuses_to_submit_a_form_with_review_errors_and_says_where(filer, expected_data):
    printed = make_declaration(expected_data[0], user=filer)  # 负责人 is empty on the form
    assert printed.review_errors > 0
    with pytest.raises(WorkflowError, match="负责人") as refused:
        services.declaration_submit(declaration=printed, user=filer)
    assert "不能提交" in str(refused.value) or "才能提交" in str(refused.value)
    assert refused.value.field == "responsible_person"
    assert Declaration.objects.get(pk=printed.pk).status == Status.DRAFT


@pytest.mark.django_db
def test_it_recomputes_the_review_when_the_content_changes(filer, expected_data):
    printed = make_declaration(expected_data[0], user=filer)
    before = (printed.review_score, printed.review_errors)
    data = printed.to_core().to_dict()
    data["responsible_person"] = "王建国"
    services.declaration_update(declaration=printed, data=data, user=filer, expected_version=1)
    fresh = Declaration.objects.get(pk=printed.pk)
    assert fresh.review_errors < before[1]
    assert fresh.review_score > before[0]
    assert not any(f["field"] == "responsible_person" for f in fresh.findings)
    assert fresh.review_grade in ("优", "良", "中", "差")


@pytest.mark.django_db
def test_it_names_the_funds_half_that_does_not_add_up(filer, expected_data):
    from tests.factories import clean_form

    unbalanced = make_declaration(clean_form(expected_data, 6), user=filer)  # one-off, 18 ≠ 17 M
    with pytest.raises(WorkflowError, match="年度资金：") as refused:
        services.declaration_submit(declaration=unbalanced, user=filer)
    assert refused.value.field == "funds.annual"
    assert Declaration.objects.get(pk=unbalanced.pk).status == Status.DRAFT
