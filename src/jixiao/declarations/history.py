"""Reading a declaration's history: its timeline, its approved versions, what a revision
changes."""

from __future__ import annotations

from jixiao.core.diff import Change, diff_declarations
from jixiao.declarations.models import AuditEntry, Declaration, DeclarationVersion


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
