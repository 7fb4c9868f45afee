"""Filing: create, edit and delete a declaration's content.

An edit is guarded by the optimistic lock: the editor sends the version they loaded; the
version is checked and raised by one ``UPDATE … WHERE version = expected`` before anything
else is written, in the same transaction, so the second of two editors is refused and
nothing is silently overwritten.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jixiao.core import declaration as core
from jixiao.core.diff import diff_declarations
from jixiao.declarations import permissions
from jixiao.declarations.errors import ConcurrencyError, WorkflowError
from jixiao.declarations.models import Action, Declaration
from jixiao.declarations.services.audit import audit_write
from jixiao.declarations.services.content import (
    as_core,
    check_unique,
    department_for_code,
    in_department,
    record_apply,
    record_create,
)
from jixiao.declarations.services.year_review import (
    year_index_forget,
    year_lock,
    year_reviews_after_change,
    year_reviews_after_edit,
    year_reviews_recompute,
)


def _check_unit(user, decl: core.Declaration) -> None:
    unit = getattr(user, "implementing_unit", None)
    if user.is_filer and unit is not None and decl.implementing_unit != unit.name:
        raise WorkflowError(
            f"您只能填报本单位（{unit.name}）的申报表，实施单位应为「{unit.name}」",
            field="implementing_unit",
        )


@transaction.atomic
def declaration_create(*, user, data: core.Declaration | dict) -> Declaration:
    """A new draft in the filer's department (an administrator names the department code)."""
    decl = as_core(data)
    year_lock(decl.fiscal_year)
    if not (user.is_filer or user.is_admin_role):
        raise WorkflowError("只有经办人可以新建申报表")
    if user.is_filer:
        department = user.department
        if user.implementing_unit is not None and not decl.implementing_unit:
            decl = decl.model_copy(update={"implementing_unit": user.implementing_unit.name})
        _check_unit(user, decl)
    else:
        department = department_for_code(decl.department_code, decl.department_name, create=False)
    decl = in_department(decl, department)
    check_unique(decl, department)
    record = record_create(decl=decl, department=department, user=user)
    audit_write(declaration=record, user=user, action=Action.CREATE, to_status=record.status)
    year_reviews_after_change(record)
    return record


@transaction.atomic
def declaration_update(
    *, declaration: Declaration, data: core.Declaration | dict, user, expected_version: int
) -> Declaration:
    """Save the editor's content over the version they loaded, or refuse and write nothing."""
    decl = as_core(data)
    year_lock(declaration.fiscal_year, decl.fiscal_year)
    bumped = Declaration.objects.filter(pk=declaration.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    # The row is now ours until commit: read it as it is, not as the caller last saw it.
    record = Declaration.objects.select_related("department", "implementing_unit").get(
        pk=declaration.pk
    )
    if not bumped:
        raise ConcurrencyError(
            declaration_id=record.pk,
            expected_version=expected_version,
            current_version=record.version,
            theirs=record.to_core().to_dict(),
            mine=decl.to_dict(),
        )
    if not permissions.may(user, permissions.EDIT, record):
        raise WorkflowError(
            f"申报表当前为「{record.get_status_display()}」，不能修改"
            + ("；已批复的申报表请发起修订" if record.is_approved else "")
        )
    _check_unit(user, decl)
    if record.revision_of_id is None:
        check_unique(
            in_department(decl, record.department), record.department, exclude_pk=record.pk
        )
    old_year, kept_findings = record.fiscal_year, list(record.findings)
    changes = record_apply(record, decl, bump=False)
    if changes:  # a save that changes nothing leaves no line in the timeline
        year_reviews_after_edit(
            record,
            paths=[c.path for c in changes],
            kept_findings=kept_findings,
            old_year=old_year,
        )
        audit_write(
            declaration=record,
            user=user,
            action=Action.UPDATE,
            from_status=record.status,
            data={"version": record.version, "changes": [c.to_dict() for c in changes]},
        )
    return record


@transaction.atomic
def declaration_delete(*, declaration: Declaration, user) -> None:
    """Delete a draft (a revision draft: abandon the revision)."""
    year_lock(declaration.fiscal_year)
    record = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if not permissions.may(user, permissions.DELETE, record):
        raise WorkflowError(f"只有草稿可以删除；该申报表当前为「{record.get_status_display()}」")
    touched = year_index_forget(record)
    record.delete()
    year_reviews_recompute(touched)


@transaction.atomic
def declaration_admin_saved(
    *, declaration: Declaration, user, created: bool, before: dict | None = None
) -> Declaration:
    """After a save in the Django admin: recompute the readings and the review, raise the
    version (an editor holding the old one must not overwrite it) and leave the trace, with
    what changed against ``before`` (the declaration/1 content the admin form was saved over).

    The admin offers only editable declarations for change (``DeclarationAdmin``); one that
    left the editable states meanwhile is refused here and nothing is kept.
    """
    from jixiao.declarations.bridge import indicator_rows
    from jixiao.declarations.reviewing import review_fields
    from jixiao.declarations.services.content import indicators_sync

    record = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if not created and not record.is_editable:
        raise WorkflowError(
            f"申报表当前为「{record.get_status_display()}」，内容只读；请在系统中发起修订"
        )
    decl = record.to_core()
    after = decl.to_dict()
    changes = [] if created or before is None else diff_declarations(before, after)
    if not created and before is not None and not changes:
        return record  # saved without a change: no new version, no line in the timeline
    indicators_sync(record, indicator_rows(decl))
    fields = review_fields(decl)
    if not created:
        fields["version"] = F("version") + 1
    Declaration.objects.filter(pk=record.pk).update(updated_at=timezone.now(), **fields)
    record.refresh_from_db()
    # The admin may have changed the year: the year it left is refreshed when next touched,
    # or by ``jixiao review_refresh``.
    year_reviews_after_change(record)
    audit_write(
        declaration=record,
        user=user,
        action=Action.CREATE if created else Action.UPDATE,
        from_status="" if created else record.status,
        to_status=record.status,
        data={
            "via": "admin",
            "version": record.version,
            **({} if created else {"changes": [c.to_dict() for c in changes]}),
        },
    )
    return record
