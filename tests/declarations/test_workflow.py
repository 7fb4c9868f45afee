"""Each transition of the review workflow: its role, its precondition and its trace."""

import pytest

from jixiao.declarations import services
from jixiao.declarations.errors import ConcurrencyError, WorkflowError
from jixiao.declarations.models import AuditEntry, Declaration, ReviewComment, Status

ALL_PASS = dict.fromkeys(("完整性", "相关性", "适当性", "可行性"), True)


def reload(declaration):
    return Declaration.objects.get(pk=declaration.pk)


def last_entry(declaration):
    return AuditEntry.objects.filter(declaration=declaration).last()


@pytest.mark.django_db
def test_it_submits_a_draft_and_records_who_and_when(draft, filer):
    services.declaration_submit(declaration=draft, user=filer)
    fresh = reload(draft)
    assert fresh.status == Status.SUBMITTED
    assert fresh.version == draft.version + 1
    entry = last_entry(draft)
    assert (entry.action, entry.actor, entry.from_status, entry.to_status) == (
        "submit",
        filer,
        Status.DRAFT,
        Status.SUBMITTED,
    )


@pytest.mark.django_db
def test_it_refuses_to_submit_for_a_reviewer(draft, dept_reviewer):
    with pytest.raises(WorkflowError, match="不能提交"):
        services.declaration_submit(declaration=draft, user=dept_reviewer)
    assert reload(draft).status == Status.DRAFT


@pytest.mark.django_db
def test_it_refuses_to_submit_another_departments_form(draft, outsider):
    with pytest.raises(WorkflowError, match="无权"):
        services.declaration_submit(declaration=draft, user=outsider)
    assert reload(draft).status == Status.DRAFT
    assert not AuditEntry.objects.filter(declaration=draft, action="submit").exists()


@pytest.mark.django_db
def test_it_returns_only_with_a_comment(draft, filer, dept_reviewer):
    services.declaration_submit(declaration=draft, user=filer)
    with pytest.raises(WorkflowError, match="必须填写意见"):
        services.declaration_return(declaration=draft, user=dept_reviewer, comment="  ")
    assert reload(draft).status == Status.SUBMITTED


@pytest.mark.django_db
def test_it_returns_with_a_comment_pointing_at_a_field(draft, filer, dept_reviewer):
    services.declaration_submit(declaration=draft, user=filer)
    services.declaration_return(
        declaration=draft, user=dept_reviewer, comment="资金来源请核实", field="funds.annual.local"
    )
    fresh = reload(draft)
    assert fresh.status == Status.RETURNED
    comment = ReviewComment.objects.get(declaration=draft)
    assert (comment.field, comment.message, comment.author) == (
        "funds.annual.local",
        "资金来源请核实",
        dept_reviewer,
    )
    assert comment.audit_entry == last_entry(draft)
    assert last_entry(draft).comment == "资金来源请核实"


@pytest.mark.django_db
def test_it_refuses_a_comment_on_a_field_the_form_has_not(draft, filer, dept_reviewer):
    services.declaration_submit(declaration=draft, user=filer)
    with pytest.raises(WorkflowError, match="不存在"):
        services.declaration_return(
            declaration=draft, user=dept_reviewer, comment="?", field="indicators[999]"
        )
    assert reload(draft).status == Status.SUBMITTED


@pytest.mark.django_db
def test_it_lets_the_filer_fix_and_resubmit_a_returned_form(draft, filer, dept_reviewer):
    services.declaration_submit(declaration=draft, user=filer)
    services.declaration_return(declaration=draft, user=dept_reviewer, comment="请补充")
    returned = reload(draft)
    data = returned.to_core().to_dict()
    data["basis"] = "政府会议纪要及住建部门年度计划"
    services.declaration_update(
        declaration=returned, data=data, user=filer, expected_version=returned.version
    )
    services.declaration_submit(declaration=returned, user=filer)
    fresh = reload(draft)
    assert (fresh.status, fresh.basis) == (Status.SUBMITTED, "政府会议纪要及住建部门年度计划")


@pytest.mark.django_db
def test_it_lets_only_the_own_departments_reviewer_approve(
    draft, filer, dept_reviewer, outsider_reviewer
):
    services.declaration_submit(declaration=draft, user=filer)
    with pytest.raises(WorkflowError):
        services.declaration_approve(declaration=draft, user=outsider_reviewer)
    services.declaration_approve(declaration=draft, user=dept_reviewer)
    assert reload(draft).status == Status.DEPT_APPROVED


@pytest.mark.django_db
def test_it_refuses_finance_approval_before_the_department_approves(draft, filer, finance_reviewer):
    services.declaration_submit(declaration=draft, user=filer)
    with pytest.raises(WorkflowError, match="已提交"):
        services.declaration_finance_conclude(
            declaration=draft, user=finance_reviewer, conclusion="优", dimensions=ALL_PASS
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("conclusion", "comment", "status"),
    [
        ("优", "", Status.FINANCE_APPROVED),
        ("良", "项目概况补充建设地点", Status.FINANCE_APPROVED),
        ("中", "指标不够细化，请修改后重新报送", Status.RETURNED),
        ("差", "立项依据不足", Status.REJECTED),
    ],
)
def test_it_acts_on_the_finance_conclusion(
    walk, draft, finance_reviewer, conclusion, comment, status
):
    approved = walk(draft, Status.DEPT_APPROVED)
    services.declaration_finance_conclude(
        declaration=approved,
        user=finance_reviewer,
        conclusion=conclusion,
        dimensions=ALL_PASS,
        comment=comment,
    )
    fresh = reload(draft)
    assert (fresh.status, fresh.finance_conclusion) == (status, conclusion)
    entry = last_entry(draft)
    assert entry.data["conclusion"] == conclusion
    assert entry.data["dimensions"] == ALL_PASS
    if conclusion == "良":
        assert entry.data["agreed_fixes"] == comment
    assert fresh.versions.count() == (1 if status == Status.FINANCE_APPROVED else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("conclusion", ["良", "中", "差"])
def test_it_requires_a_comment_for_any_conclusion_but_excellent(
    walk, draft, finance_reviewer, conclusion
):
    approved = walk(draft, Status.DEPT_APPROVED)
    with pytest.raises(WorkflowError, match="必须填写意见"):
        services.declaration_finance_conclude(
            declaration=approved, user=finance_reviewer, conclusion=conclusion, dimensions=ALL_PASS
        )
    assert reload(draft).status == Status.DEPT_APPROVED


@pytest.mark.django_db
def test_it_requires_every_dimension_and_all_passed_for_excellent(walk, draft, finance_reviewer):
    approved = walk(draft, Status.DEPT_APPROVED)
    with pytest.raises(WorkflowError, match="可行性"):
        services.declaration_finance_conclude(
            declaration=approved,
            user=finance_reviewer,
            conclusion="优",
            dimensions={"完整性": True, "相关性": True, "适当性": True},
        )
    with pytest.raises(WorkflowError, match="未通过：适当性"):
        services.declaration_finance_conclude(
            declaration=approved,
            user=finance_reviewer,
            conclusion="优",
            dimensions={**ALL_PASS, "适当性": False},
        )
    with pytest.raises(WorkflowError, match="优、良、中、差"):
        services.declaration_finance_conclude(
            declaration=approved, user=finance_reviewer, conclusion="好", dimensions=ALL_PASS
        )
    assert reload(draft).status == Status.DEPT_APPROVED


@pytest.mark.django_db
def test_it_publishes_only_what_finance_approved(walk, draft, finance_reviewer, dept_reviewer):
    approved = walk(draft, Status.DEPT_APPROVED)
    with pytest.raises(WorkflowError):
        services.declaration_publish(declaration=approved, user=finance_reviewer)
    approved = walk(draft, Status.FINANCE_APPROVED)
    with pytest.raises(WorkflowError):
        services.declaration_publish(declaration=approved, user=dept_reviewer)
    services.declaration_publish(declaration=approved, user=finance_reviewer)
    fresh = reload(draft)
    assert fresh.status == Status.PUBLISHED
    assert fresh.published_at is not None
    assert list(Declaration.objects.published()) == [fresh]


@pytest.mark.django_db
def test_it_keeps_the_whole_path_as_a_timeline(walk, draft):
    walk(draft, Status.PUBLISHED)
    steps = [
        (e.action, e.from_status, e.to_status) for e in AuditEntry.objects.filter(declaration=draft)
    ]
    assert steps == [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("dept_approve", "submitted", "dept_approved"),
        ("finance_conclude", "dept_approved", "finance_approved"),
        ("publish", "finance_approved", "published"),
    ]


@pytest.mark.django_db
def test_it_refuses_to_edit_an_approved_form(walk, draft, filer):
    approved = walk(draft, Status.FINANCE_APPROVED)
    data = approved.to_core().to_dict()
    data["overview"] = "改了"
    with pytest.raises(WorkflowError, match="发起修订"):
        services.declaration_update(
            declaration=approved, data=data, user=filer, expected_version=approved.version
        )
    fresh = reload(draft)
    assert fresh.overview != "改了"
    assert fresh.version == approved.version


@pytest.mark.django_db
def test_it_refuses_a_stale_transition(draft, filer):
    with pytest.raises(ConcurrencyError):
        services.declaration_submit(
            declaration=draft, user=filer, expected_version=draft.version - 1
        )
    assert reload(draft).status == Status.DRAFT


@pytest.mark.django_db
def test_it_deletes_only_drafts(draft, filer, dept_reviewer):
    with pytest.raises(WorkflowError):
        services.declaration_delete(declaration=draft, user=dept_reviewer)
    services.declaration_submit(declaration=draft, user=filer)
    with pytest.raises(WorkflowError, match="只有草稿"):
        services.declaration_delete(declaration=draft, user=filer)
    assert Declaration.objects.filter(pk=draft.pk).exists()
