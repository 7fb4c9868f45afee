"""Filing: creating and editing declarations, and two editors at once."""

import pytest

from jixiao.declarations import services
from jixiao.declarations.errors import ConcurrencyError, WorkflowError
from jixiao.declarations.models import AuditEntry, Declaration, Indicator
from tests.factories import clean_form, make_user


def reload(declaration):
    return Declaration.objects.get(pk=declaration.pk)


@pytest.mark.django_db
def test_it_creates_a_draft_in_the_filers_department(filer, outsider, expected_data):
    data = clean_form(expected_data)
    data["department_code"] = "405"  # a filer cannot file for another department
    record = services.declaration_create(user=filer, data=data)
    fresh = reload(record)
    assert (fresh.status, fresh.department.code, fresh.version) == ("draft", "403", 1)
    assert fresh.to_core().department_code == "403"
    assert fresh.indicators.count() == len(data["indicators"])
    assert AuditEntry.objects.get(declaration=record).action == "create"


@pytest.mark.django_db
def test_it_refuses_the_same_project_twice_in_a_year(filer, expected_data):
    services.declaration_create(user=filer, data=clean_form(expected_data))
    with pytest.raises(WorkflowError, match="不能重复"):
        services.declaration_create(user=filer, data=clean_form(expected_data))
    assert Declaration.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_creation_by_a_reviewer(dept_reviewer, expected_data):
    with pytest.raises(WorkflowError, match="只有经办人"):
        services.declaration_create(user=dept_reviewer, data=clean_form(expected_data))
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_it_keeps_a_unit_bound_filer_to_their_unit(department, expected_data):
    from jixiao.accounts.models import ImplementingUnit

    unit = ImplementingUnit.objects.create(department=department, name="上党区市政公用事业服务中心")
    unit_filer = make_user("unit_filer", "filer", department, unit)
    data = clean_form(expected_data)
    with pytest.raises(WorkflowError, match="本单位"):
        services.declaration_create(user=unit_filer, data=data)
    data["implementing_unit"] = None
    record = services.declaration_create(user=unit_filer, data=data)
    assert reload(record).implementing_unit == unit


@pytest.mark.django_db
def test_it_saves_an_edit_and_bumps_the_version(draft, filer):
    data = draft.to_core().to_dict()
    data["overview"] = "新建保障性住房 120 套"
    services.declaration_update(declaration=draft, data=data, user=filer, expected_version=1)
    fresh = reload(draft)
    assert (fresh.overview, fresh.version) == ("新建保障性住房 120 套", 2)
    entry = AuditEntry.objects.filter(declaration=draft).last()
    assert entry.action == "update"
    assert entry.data["changes"] == [
        {
            "path": "overview",
            "label": "项目概况",
            "kind": "changed",
            "before": draft.overview,
            "after": "新建保障性住房 120 套",
        }
    ]


@pytest.mark.django_db
def test_it_keeps_indicator_rows_that_stay_when_a_row_is_inserted(draft, filer):
    before = {(i.period, i.level2, i.name): i.pk for i in draft.indicators.all()}
    data = draft.to_core().to_dict()
    data["indicators"].insert(
        0,
        {
            "period": "implementation",
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "新建住房套数",
            "value": "≥120套",
        },
    )
    data["indicators"][1]["value"] = "≥2类"
    services.declaration_update(declaration=draft, data=data, user=filer, expected_version=1)
    after = {(i.period, i.level2, i.name): i.pk for i in reload(draft).indicators.all()}
    assert len(after) == len(before) + 1
    assert all(after[key] == pk for key, pk in before.items())
    assert reload(draft).to_core().to_dict()["indicators"] == data["indicators"]
    first = Indicator.objects.get(declaration=draft, name="新建住房套数")
    assert (first.order, first.reading["kind"], first.reading["number"]) == (0, "quantity", "120")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_the_second_of_two_editors_and_overwrites_nothing(draft, filer):
    """Two people load version 1; the first save wins, the second is refused with both
    versions to compare, and the first one's text is still there."""
    colleague = make_user("colleague", "filer", filer.department)
    mine = draft.to_core().to_dict()
    theirs = draft.to_core().to_dict()
    mine["plan"] = "2023年4月开工，10月竣工"
    theirs["plan"] = "2023年5月开工，11月竣工"

    services.declaration_update(declaration=draft, data=mine, user=filer, expected_version=1)
    with pytest.raises(ConcurrencyError, match="已被他人修改") as refused:
        services.declaration_update(
            declaration=draft, data=theirs, user=colleague, expected_version=1
        )

    fresh = reload(draft)
    assert (fresh.plan, fresh.version) == ("2023年4月开工，10月竣工", 2)
    assert refused.value.current_version == 2
    assert refused.value.theirs["plan"] == "2023年4月开工，10月竣工"
    assert refused.value.mine["plan"] == "2023年5月开工，11月竣工"
    assert [e.actor for e in AuditEntry.objects.filter(declaration=draft, action="update")] == [
        filer
    ]


@pytest.mark.django_db
def test_it_refuses_an_edit_by_another_department(draft, outsider):
    data = draft.to_core().to_dict()
    data["overview"] = "外单位修改"
    with pytest.raises(WorkflowError):
        services.declaration_update(declaration=draft, data=data, user=outsider, expected_version=1)
    assert reload(draft).overview != "外单位修改"
    assert reload(draft).version == 1


@pytest.mark.django_db
def test_it_refuses_an_overlong_field_with_its_name(draft, filer):
    data = draft.to_core().to_dict()
    data["handler"] = "张" * 101
    with pytest.raises(Exception, match="「经办人」过长"):
        services.declaration_update(declaration=draft, data=data, user=filer, expected_version=1)
    assert reload(draft).version == 1


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_simultaneous_saves_win(draft, filer):
    """Two saves of version 1 racing on two database connections: one is stored, the other
    refused; the stored text is the winner's, whole."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(text: str) -> None:
        data = draft.to_core().to_dict()
        data["plan"] = text
        barrier.wait()
        try:
            services.declaration_update(
                declaration=draft, data=data, user=filer, expected_version=1
            )
            outcomes[text] = "saved"
        except ConcurrencyError:
            outcomes[text] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("甲方案", "乙方案")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(text for text, outcome in outcomes.items() if outcome == "saved")
    fresh = reload(draft)
    assert (fresh.plan, fresh.version) == (winner, 2)


@pytest.mark.django_db
def test_it_turns_a_lost_race_for_a_project_name_into_a_message(filer, expected_data):
    """Two filers create the same project at once: the check before the insert passes for
    both, the database's unique constraint refuses the second, which gets a message."""
    from jixiao.core.declaration import Declaration as CoreDeclaration
    from jixiao.declarations.services.content import record_create

    decl = CoreDeclaration.from_dict(clean_form(expected_data))
    record_create(decl=decl, department=filer.department, user=filer)
    with pytest.raises(WorkflowError, match="刚由他人创建"):
        record_create(decl=decl, department=filer.department, user=filer)
    assert Declaration.objects.count() == 1
