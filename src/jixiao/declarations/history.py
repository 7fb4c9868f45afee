"""Reading a declaration's history: its timeline, its approved versions, what a revision
changes, and what changed since the reviewer last saw it."""

from __future__ import annotations

from jixiao.core.diff import Change, diff_declarations
from jixiao.declarations.models import Action, AuditEntry, Declaration, DeclarationVersion, Status

# Audit entries that hand the form back to the filer; each keeps the content it returned
# (``data["content"]``), the version the reviewer saw.
RETURN_ACTIONS = (Action.RETURN, Action.FINANCE_CONCLUDE)


def timeline(declaration: Declaration):
    """Every audit entry, oldest first, with its actor and comments fetched."""
    return (
        AuditEntry.objects.filter(declaration=declaration)
        .select_related("actor")
        .prefetch_related("comments")
    )


def revision_changes(revision: Declaration) -> list[Change]:
    """What a revision changes against the approved declaration still in force."""
    if revision.revision_of_id is None:
        return []
    return diff_declarations(revision.revision_of.to_core().to_dict(), revision.to_core().to_dict())


def version_changes(older: DeclarationVersion, newer: DeclarationVersion) -> list[Change]:
    return diff_declarations(older.data, newer.data)


def last_return(declaration: Declaration) -> AuditEntry | None:
    """The latest entry that returned the form to its filer, if it ever was."""
    return (
        AuditEntry.objects.filter(
            declaration=declaration, action__in=RETURN_ACTIONS, to_status=Status.RETURNED
        )
        .order_by("-created_at", "-id")
        .first()
    )


def changes_since_return(
    declaration: Declaration, current: dict | None = None
) -> tuple[AuditEntry, list[Change]] | None:
    """What the filer changed since the form was last returned (the version the reviewer saw),
    or ``None`` if it was never returned, or returned before the content was kept.
    ``current``: the declaration's declaration/1 dict, if the caller has it."""
    entry = last_return(declaration)
    if entry is None or "content" not in entry.data:
        return None
    if current is None:
        current = declaration.to_core().to_dict()
    return entry, diff_declarations(entry.data["content"], current)
