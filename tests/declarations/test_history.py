"""What changed, field by field: every save keeps its diff, a return keeps the content the
reviewer saw, and a resubmission carries what changed since."""

import pytest

from jixiao.declarations import history, services
from jixiao.declarations.models import AuditEntry, Declaration, Status

ALL_PASS = dict.fromkeys(("完整性", "相关性", "适当性", "可行性"), True)


def reload(declaration):
    return Declaration.objects.get(pk=declaration.pk)


def edit(declaration, user, change):
    declaration = reload(declaration)
    data = declaration.to_core().to_dict()
    change(data)
    return services.declaration_update(
        declaration=declaration, data=data, user=user, expected_version=declaration.version
    )


def last_entry(declaration, action):
    return AuditEntry.objects.filter(declaration=declaration, action=action).last()


@pytest.mark.django_db
def test_it_keeps_the_returned_content_and_diffs_the_resubmission_against_it(
    draft, filer, dept_reviewer, walk
):
    walk(draft, Status.SUBMITTED)
    returned_overview = reload(draft).overview
    services.declaration_return(
        declaration=reload(draft), user=dept_reviewer, comment="项目概况请写明建设地点"
    )
    assert last_entry(draft, "return").data["content"]["overview"] == returned_overview

    first_value = reload(draft).to_core().indicators[0].value

    def change(data):
        data["overview"] = returned_overview + "建设地点：韩店镇。"
        data["indicators"][0]["value"] = "≥130套"

    edit(draft, filer, change)
    assert [c.path for c in history.changes_since_return(reload(draft))[1]] == [
        "overview",
        "indicators[0]",
    ]
    services.declaration_submit(declaration=reload(draft), user=filer)

    submitted = last_entry(draft, "submit")
    assert submitted.data["since_return"] == last_entry(draft, "return").pk
    overview, indicator = submitted.data["changes"]
    assert (overview["label"], overview["before"], overview["after"]) == (
        "项目概况",
        returned_overview,
        returned_overview + "建设地点：韩店镇。",
    )
    assert (indicator["kind"], indicator["before"]["value"], indicator["after"]["value"]) == (
        "changed",
        first_value,
        "≥130套",
    )


@pytest.mark.django_db
def test_it_diffs_a_resubmission_after_the_finance_reviewer_rates_it_fair(
    draft, filer, finance_reviewer, walk
):
    walk(draft, Status.DEPT_APPROVED)
    services.declaration_finance_conclude(
        declaration=reload(draft),
        user=finance_reviewer,
        conclusion="中",
        dimensions=ALL_PASS,
        comment="年度目标不够具体",
    )
    edit(draft, filer, lambda data: data.update(goal_annual="年内建成保障性住房 120 套"))
    services.declaration_submit(declaration=reload(draft), user=filer)
    changes = last_entry(draft, "submit").data["changes"]
    assert [(c["path"], c["after"]) for c in changes] == [
        ("goal_annual", "年内建成保障性住房 120 套")
    ]


@pytest.mark.django_db
def test_it_says_nothing_changed_when_resubmitted_as_returned(draft, filer, dept_reviewer, walk):
    walk(draft, Status.SUBMITTED)
    services.declaration_return(declaration=reload(draft), user=dept_reviewer, comment="请核对")
    services.declaration_submit(declaration=reload(draft), user=filer)
    assert last_entry(draft, "submit").data["changes"] == []


@pytest.mark.django_db
def test_it_carries_no_diff_on_a_first_submission(draft, filer):
    services.declaration_submit(declaration=draft, user=filer)
    assert last_entry(draft, "submit").data == {}
    assert history.changes_since_return(reload(draft)) is None


@pytest.mark.django_db
def test_it_keeps_each_saves_changes_with_their_values(draft, filer):
    last_indicator = draft.to_core().indicators[-1].name
    edit(draft, filer, lambda data: data.update(phone="0355-5555555"))
    edit(draft, filer, lambda data: data["indicators"].pop())
    first, second = AuditEntry.objects.filter(declaration=draft, action="update")
    assert [(c["path"], c["before"], c["after"]) for c in first.data["changes"]] == [
        ("phone", draft.phone, "0355-5555555")
    ]
    (removed,) = second.data["changes"]
    assert removed["kind"] == "removed" and removed["after"] is None
    assert removed["before"]["name"] == last_indicator
