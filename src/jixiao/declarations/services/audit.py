"""The trace every write leaves: audit entries and approved-version snapshots."""

from __future__ import annotations

from django.db.models import Max

from jixiao.declarations.models import AdminChange, AuditEntry, Declaration, DeclarationVersion


def actor_of(user):
    """The user to record, or ``None`` for the system (a console command, anonymous)."""
    return user if user is not None and user.is_authenticated else None


def audit_write(
    *,
    declaration: Declaration,
    user,
    action: str,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    field: str = "",
    data: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        declaration=declaration,
        actor=actor_of(user),
        action=action,
        from_status=from_status,
        to_status=to_status or from_status,
        comment=comment,
        field=field,
        data=data or {},
    )


def version_snapshot(*, declaration: Declaration, user, note: str) -> DeclarationVersion:
    """Keep the declaration's current content as its next approved version."""
    last = declaration.versions.aggregate(n=Max("number"))["n"] or 0
    return DeclarationVersion.objects.create(
        declaration=declaration,
        number=last + 1,
        status=declaration.status,
        data=declaration.to_core().to_dict(),
        note=note,
        created_by=actor_of(user),
    )


def admin_change_write(*, user, kind: str, obj, changes: list[dict]) -> AdminChange:
    """The trace of one add, change or delete made in the Django admin."""
    return AdminChange.objects.create(
        actor=actor_of(user),
        kind=kind,
        model=str(obj._meta.verbose_name),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes,
    )
