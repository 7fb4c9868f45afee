"""良: approved with the agreed small fixes (整改要求) as an open follow-up, closed by an
approved revision or by the finance reviewer; publication waits for it."""

import pytest

from jixiao.declarations import permissions, services
from jixiao.declarations.errors import WorkflowError
from jixiao.declarations.models import AuditEntry, Declaration, FollowUp, Status
from tests.factories import move_to

ALL_PASS = dict.fromkeys(("完整性", "相关性", "适当性", "可行性"), True)
FIXES = "年度目标补充建成套数；成本指标改为≤造价"


def reload(declaration):
    return Declaration.objects.get(pk=declaration.pk)


def conclude(declaration, user, conclusion, comment=""):
    return services.declaration_finance_conclude(
        declaration=reload(declaration),
        user=user,
        conclusion=conclusion,
        dimensions=ALL_PASS,
        comment=comment,
    )


@pytest.fixture
def good(draft, finance_reviewer, walk):
    walk(draft, Status.DEPT_APPROVED)
    return conclude(draft, finance_reviewer, "良", FIXES)


@pytest.mark.django_db
def test_it_approves_a_good_conclusion_with_an_open_follow_up(good):
    fresh = reload(good)
    assert (fresh.status, fresh.follow_up, fresh.follow_up_required) == (
        Status.FINANCE_APPROVED,
        FollowUp.OPEN,
        FIXES,
    )
    assert list(Declaration.objects.awaiting_follow_up()) == [fresh]


@pytest.mark.django_db
def test_it_refuses_a_good_conclusion_without_the_fixes(draft, finance_reviewer, walk):
    walk(draft, Status.DEPT_APPROVED)
    with pytest.raises(WorkflowError, match="整改要求") as refused:
        conclude(draft, finance_reviewer, "良", "  ")
    assert refused.value.field == "comment"
    assert reload(draft).status == Status.DEPT_APPROVED


@pytest.mark.django_db
def test_it_opens_no_follow_up_for_an_excellent_conclusion(draft, finance_reviewer, walk):
    walk(draft, Status.DEPT_APPROVED)
    conclude(draft, finance_reviewer, "优")
    assert reload(draft).follow_up == FollowUp.NONE


@pytest.mark.django_db
def test_it_publishes_only_after_the_finance_reviewer_closes_the_follow_up(
    good, finance_reviewer, filer
):
    with pytest.raises(WorkflowError, match="整改要求尚未完成"):
        services.declaration_publish(declaration=reload(good), user=finance_reviewer)
    assert reload(good).status == Status.FINANCE_APPROVED
    assert not permissions.may(filer, permissions.FOLLOW_UP_CLOSE, reload(good))
    with pytest.raises(WorkflowError, match="必须填写意见"):
        services.declaration_follow_up_close(declaration=good, user=finance_reviewer, comment="")
    services.declaration_follow_up_close(
        declaration=good, user=finance_reviewer, comment="部门已书面补正"
    )
    assert reload(good).follow_up == FollowUp.DONE
    entry = AuditEntry.objects.filter(declaration=good).last()
    assert (entry.action, entry.comment, entry.data["required"]) == (
        "follow_up_close",
        "部门已书面补正",
        FIXES,
    )
    services.declaration_publish(declaration=reload(good), user=finance_reviewer)
    assert reload(good).status == Status.PUBLISHED


@pytest.mark.django_db
def test_it_closes_the_follow_up_when_the_revision_carrying_the_fixes_is_approved(
    good, filer, dept_reviewer, finance_reviewer
):
    revision = services.declaration_revise(declaration=reload(good), user=filer)
    data = revision.to_core().model_copy(update={"goal_annual": "年内建成保障性住房 120 套"})
    services.declaration_update(
        declaration=revision, data=data, user=filer, expected_version=revision.version
    )
    assert reload(good).follow_up == FollowUp.OPEN  # still open while the revision is reviewed
    move_to(
        revision,
        Status.FINANCE_APPROVED,
        filer=filer,
        dept_reviewer=dept_reviewer,
        finance_reviewer=finance_reviewer,
    )
    original = reload(good)
    assert (original.goal_annual, original.follow_up) == ("年内建成保障性住房 120 套", "done")
    closed = AuditEntry.objects.get(declaration=original, action="follow_up_close")
    assert closed.data == {"revision": revision.pk, "required": FIXES}
    services.declaration_publish(declaration=original, user=finance_reviewer)


@pytest.mark.django_db
def test_it_opens_a_new_follow_up_when_the_revision_is_rated_good_again(
    good, filer, dept_reviewer, finance_reviewer
):
    revision = services.declaration_revise(declaration=reload(good), user=filer)
    move_to(
        revision,
        Status.DEPT_APPROVED,
        filer=filer,
        dept_reviewer=dept_reviewer,
        finance_reviewer=finance_reviewer,
    )
    conclude(revision, finance_reviewer, "良", "成本指标仍需改为≤")
    original = reload(good)
    assert (original.follow_up, original.follow_up_required) == ("open", "成本指标仍需改为≤")
    assert reload(revision).follow_up == FollowUp.NONE


@pytest.mark.django_db
def test_it_puts_an_open_follow_up_on_the_filers_to_do_list(good, filer, outsider):
    assert list(Declaration.objects.awaiting_action_by(filer)) == [reload(good)]
    assert list(Declaration.objects.awaiting_action_by(outsider)) == []
