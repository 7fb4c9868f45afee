"""Who sees what: the named reads and the access helper every view uses."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from jixiao.accounts.models import ImplementingUnit
from jixiao.declarations import permissions
from jixiao.declarations.access import get_declaration_for_user
from jixiao.declarations.models import Declaration, Status
from tests.factories import clean_form, make_declaration, make_user


def visible(user):
    return set(Declaration.objects.visible_to(user).values_list("pk", flat=True))


@pytest.fixture
def published(walk, expected_data, filer):
    return walk(make_declaration(clean_form(expected_data, 1), user=filer), Status.PUBLISHED)


@pytest.mark.django_db
def test_it_scopes_each_role(
    draft, outsider_draft, published, filer, dept_reviewer, finance_reviewer, admin_user, outsider
):
    everything = {draft.pk, outsider_draft.pk, published.pk}
    assert visible(AnonymousUser()) == {published.pk}
    assert visible(filer) == {draft.pk, published.pk}
    assert visible(dept_reviewer) == {draft.pk, published.pk}
    assert visible(outsider) == {outsider_draft.pk, published.pk}
    assert visible(finance_reviewer) == everything
    assert visible(admin_user) == everything
    assert set(Declaration.objects.in_scope_of(outsider).values_list("pk", flat=True)) == {
        outsider_draft.pk
    }


@pytest.mark.django_db
def test_it_limits_a_unit_bound_filer_to_the_unit(department, draft, expected_data):
    unit = ImplementingUnit.objects.create(department=department, name="上党区市政公用事业服务中心")
    unit_filer = make_user("unit_filer", "filer", department, unit)
    data = clean_form(expected_data, 1)
    data["implementing_unit"] = unit.name
    own = make_declaration(data, user=unit_filer)
    assert visible(unit_filer) == {own.pk}
    assert visible(make_user("unit_reviewer", "dept_reviewer", department)) == {draft.pk, own.pk}


@pytest.mark.django_db
def test_it_lists_what_awaits_each_reviewer(
    walk, draft, outsider_draft, dept_reviewer, finance_reviewer, outsider_reviewer, filer
):
    walk(draft, Status.SUBMITTED)
    assert list(Declaration.objects.awaiting_review_by(dept_reviewer)) == [draft]
    assert not Declaration.objects.awaiting_review_by(outsider_reviewer).exists()
    assert not Declaration.objects.awaiting_review_by(finance_reviewer).exists()
    walk(draft, Status.DEPT_APPROVED)
    assert list(Declaration.objects.awaiting_review_by(finance_reviewer)) == [draft]
    assert not Declaration.objects.awaiting_review_by(dept_reviewer).exists()
    assert not Declaration.objects.awaiting_review_by(filer).exists()


@pytest.mark.django_db
def test_it_answers_404_outside_the_scope(draft, published, outsider, filer):
    with pytest.raises(Http404):
        get_declaration_for_user(outsider, draft.pk)
    with pytest.raises(Http404):
        get_declaration_for_user(AnonymousUser(), draft.pk)
    with pytest.raises(Http404):
        get_declaration_for_user(outsider, "not-a-number")
    # Published: anyone reads it; only its department may act on it.
    assert get_declaration_for_user(outsider, published.pk) == published
    with pytest.raises(Http404):
        get_declaration_for_user(outsider, published.pk, for_update=True)
    assert get_declaration_for_user(filer, published.pk, for_update=True) == published


@pytest.mark.django_db
def test_it_answers_404_for_an_action_not_allowed_now(draft, filer, dept_reviewer):
    assert get_declaration_for_user(filer, draft.pk, action=permissions.EDIT) == draft
    with pytest.raises(Http404):
        get_declaration_for_user(dept_reviewer, draft.pk, action=permissions.DEPT_APPROVE)
    with pytest.raises(Http404):
        get_declaration_for_user(filer, draft.pk, action=permissions.PUBLISH)


@pytest.mark.django_db
def test_it_offers_each_role_its_buttons(walk, draft, filer, dept_reviewer, finance_reviewer):
    assert permissions.allowed_actions(filer, draft) == {"view", "edit", "submit", "delete"}
    assert permissions.allowed_actions(dept_reviewer, draft) == {"view"}
    submitted = walk(draft, Status.SUBMITTED)
    assert permissions.allowed_actions(filer, submitted) == {"view"}
    assert permissions.allowed_actions(dept_reviewer, submitted) == {
        "view",
        "return",
        "dept_approve",
        "comment",
    }
    approved = walk(draft, Status.FINANCE_APPROVED)
    assert permissions.allowed_actions(finance_reviewer, approved) == {"view", "publish"}
    assert permissions.allowed_actions(filer, approved) == {"view", "revise"}
