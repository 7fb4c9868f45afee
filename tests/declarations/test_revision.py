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
        Status.DEPT_APPROVED,
        filer=filer,
        dept_reviewer=dept_reviewer,
        finance_reviewer=finance_reviewer,
    )
    services.declaration_finance_conclude(
        declaration=revision,
        user=finance_reviewer,
        conclusion="良",
        dimensions=dict.fromkeys(("完整性", "相关性", "适当性", "可行性"), True),
        comment="补充建设地点",
    )
    original = reload(published)
    assert original.overview == "改为新建保障性住房 150 套"
    assert original.finance_conclusion == "良"
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


@pytest.mark.django_db
def test_it_refuses_a_revision_that_drops_an_indicator_monitoring_reported_on(
    published, filer, dept_reviewer, finance_reviewer
):
    import datetime

    from jixiao.monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound

    watched = published.indicators.first()
    round_ = MonitoringRound.objects.create(
        fiscal_year=2023, cut_off=datetime.date(2023, 8, 31), opened_by=finance_reviewer
    )
    report = MonitoringReport.objects.create(
        round=round_, declaration=published, budget=15000000, executed=6000000
    )
    IndicatorProgress.objects.create(report=report, indicator=watched, achieved="1类")

    revision = services.declaration_revise(declaration=published, user=filer)
    data = revision.to_core().to_dict()
    data["indicators"] = [i for i in data["indicators"] if i["name"] != watched.name]
    edit(revision, filer, indicators=data["indicators"])  # the revision's own rows: no report
    move_to(
        revision,
        Status.DEPT_APPROVED,
        filer=filer,
        dept_reviewer=dept_reviewer,
        finance_reviewer=finance_reviewer,
    )
    with pytest.raises(WorkflowError, match=watched.name):
        services.declaration_finance_conclude(
            declaration=revision,
            user=finance_reviewer,
            conclusion="优",
            dimensions=dict.fromkeys(("完整性", "相关性", "适当性", "可行性"), True),
        )
    assert IndicatorProgress.objects.filter(indicator=watched).exists()
    assert reload(revision).status == Status.DEPT_APPROVED
    assert reload(published).indicators.filter(pk=watched.pk).exists()
