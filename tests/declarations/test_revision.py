"""Revisions (修订): an approved declaration stays in force while its revision is reviewed."""

import pytest

from jixiao.declarations import services
from jixiao.declarations.errors import WorkflowError
from jixiao.declarations.history import revision_changes, version_changes
from jixiao.declarations.models import Declaration, DeclarationVersion, Status
from tests.factories import move_to


def reload(declaration):
    return Declaration.objects.get(pk=declaration.pk)


@pytest.fixture
def published(walk, draft):
    return walk(draft, Status.PUBLISHED)


def edit(declaration, user, **fields):
    data = declaration.to_core().to_dict()
    data.update(fields)
    return services.declaration_update(
        declaration=declaration, data=data, user=user, expected_version=declaration.version
    )


@pytest.mark.django_db
def test_it_revises_a_copy_while_the_approved_version_stays_in_force(published, filer):
    revision = services.declaration_revise(declaration=published, user=filer)
    assert (revision.status, revision.revision_of) == (Status.DRAFT, published)
    assert revision.to_core() == published.to_core()

    edit(revision, filer, overview="改为新建保障性住房 150 套")
    assert reload(published).overview == published.overview
    assert reload(published).status == Status.PUBLISHED
    assert list(Declaration.objects.published()) == [published]
    assert [(c.path, c.after) for c in revision_changes(reload(revision))] == [
        ("overview", "改为新建保障性住房 150 套")
    ]


@pytest.mark.django_db
def test_it_carries_an_approved_revision_into_the_declaration(
    published, filer, dept_reviewer, finance_reviewer
):
    kept_indicator_ids = set(published.indicators.values_list("pk", flat=True))
    revision = services.declaration_revise(declaration=published, user=filer)
    edit(revision, filer, overview="改为新建保障性住房 150 套")
    move_to(
        revision,
        Status.FINANCE_APPROVED,
        filer=filer,
        dept_reviewer=dept_reviewer,
        finance_reviewer=finance_reviewer,
    )
    original = reload(published)
    assert original.overview == "改为新建保障性住房 150 套"
    assert original.status == Status.PUBLISHED
    assert set(original.indicators.values_list("pk", flat=True)) == kept_indicator_ids
    assert reload(revision).status == Status.MERGED
    versions = list(DeclarationVersion.objects.filter(declaration=original))
    assert [v.number for v in versions] == [1, 2]
    assert [c.path for c in version_changes(versions[0], versions[1])] == ["overview"]
    assert versions[0].data["overview"] == published.overview


@pytest.mark.django_db
def test_it_allows_one_open_revision_at_a_time(published, filer):
    services.declaration_revise(declaration=published, user=filer)
    with pytest.raises(WorkflowError, match="已有一份修订稿"):
        services.declaration_revise(declaration=published, user=filer)
    assert Declaration.objects.revisions().count() == 1


@pytest.mark.django_db
def test_it_refuses_to_revise_what_is_not_approved(draft, filer):
    with pytest.raises(WorkflowError):
        services.declaration_revise(declaration=draft, user=filer)


@pytest.mark.django_db
def test_it_refuses_a_revision_by_another_department(published, outsider):
    with pytest.raises(WorkflowError, match="无权"):
        services.declaration_revise(declaration=published, user=outsider)
    assert not Declaration.objects.revisions().exists()


@pytest.mark.django_db
def test_it_lets_an_abandoned_revision_be_deleted_and_another_started(published, filer):
    revision = services.declaration_revise(declaration=published, user=filer)
    services.declaration_delete(declaration=revision, user=filer)
    again = services.declaration_revise(declaration=published, user=filer)
    assert again.revision_of == published
