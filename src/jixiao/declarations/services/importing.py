"""Importing forms read from a file (``jixiao.core.importers``) into the database.

One file is one transaction: every declaration of it is stored, or none.  A declaration that
already exists and is past editing (submitted, approved, published) is never overwritten by an
import: it is left as it is and reported ("locked"); changing it is a revision.  A declaration is
identified by fiscal year, department code and project name, so importing the same file again
updates (or leaves alone) what the first import created and never duplicates it.  A filer's
file may hold other departments' forms too (a county's whole booklet): those are skipped and
listed with why, and the filer's own forms are imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from django.db import transaction

from jixiao.accounts.models import Department
from jixiao.core import declaration as core
from jixiao.core.diff import Change, diff_declarations
from jixiao.core.errors import FormError
from jixiao.core.importers.base import ImportResult
from jixiao.declarations.bridge import declaration_fields, indicator_rows
from jixiao.declarations.errors import WorkflowError
from jixiao.declarations.models import EDITABLE_STATUSES, Action, Declaration, ImportRecord
from jixiao.declarations.reviewing import review_fields
from jixiao.declarations.services.audit import actor_of, audit_write
from jixiao.declarations.services.content import (
    department_for_code,
    in_department,
    record_apply,
    record_create,
)
from jixiao.declarations.services.year_review import year_lock, year_reviews_after_change

# locked: it exists, differs, and is past editing (submitted, approved…): left as it is.
# skipped: another department's form in a filer's file: not read further, not stored.
PlanAction = Literal["create", "update", "unchanged", "locked", "skipped"]


@dataclass
class PlannedDeclaration:
    """What importing one declaration of the file would do."""

    declaration: core.Declaration
    action: PlanAction
    existing: Declaration | None = None
    changes: list[Change] = field(default_factory=list)
    review: dict = field(default_factory=dict)
    reason: str = ""


@dataclass
class ImportOutcome:
    record: ImportRecord
    created: list[Declaration] = field(default_factory=list)
    updated: list[Declaration] = field(default_factory=list)
    unchanged: list[Declaration] = field(default_factory=list)
    locked: list[Declaration] = field(default_factory=list)
    skipped: list[PlannedDeclaration] = field(default_factory=list)

    def counts_text(self) -> str:
        """新建 N 份，更新 N 份，未变 N 份[，N 份已在审核或已批复、未覆盖][，跳过 N 份其他部门的
        申报表] (the import's messages)."""
        text = f"新建 {len(self.created)} 份，更新 {len(self.updated)} 份，未变 {len(self.unchanged)} 份"
        if self.locked:
            text += f"，{len(self.locked)} 份已在审核或已批复、未覆盖"
        if self.skipped:
            text += f"，跳过 {len(self.skipped)} 份其他部门的申报表"
        return text


def _existing(declarations: list[core.Declaration]) -> dict[tuple, Declaration]:
    """The declarations already stored under the keys of ``declarations``, in one query."""
    found = (
        Declaration.objects.originals()
        .with_related()
        .filter(
            fiscal_year__in={d.fiscal_year for d in declarations},
            project_name__in={d.project_name for d in declarations},
            department__code__in={d.department_code for d in declarations},
        )
    )
    return {(r.fiscal_year, r.department.code, r.project_name): r for r in found}


def _check_may_import(user) -> None:
    """Filers (into their own department), finance reviewers and administrators import."""
    if user is not None and not user.sees_all_departments and not user.is_filer:
        raise WorkflowError("只有经办人、财政审核人和管理员可以导入申报表")


def _not_yours(user, decl: core.Declaration) -> str:
    """Why this user may not import this form ('' when they may)."""
    if user is None or user.sees_all_departments or decl.department_code == user.department.code:
        return ""
    return (
        f"属于主管部门 {decl.department_code} {decl.department_name}，您只能导入本部门"
        f"（{user.department.code} {user.department.name}）的申报表，已跳过"
    )


def import_plan(*, result: ImportResult, user=None) -> list[PlannedDeclaration]:
    """What ``declaration_import`` would do with this file, without writing anything:
    for the preview page.  Raises the same errors the import would."""
    _check_may_import(user)
    plan = []
    seen: set[tuple] = set()
    stored = _existing(result.declarations)
    for i, decl in enumerate(result.declarations):
        where = f"第 {i + 1} 个申报表「{decl.project_name}」"
        if not decl.department_code:
            raise FormError(f"{where}缺少主管部门代码", file=result.source, field="主管部门代码")
        if decl.key in seen:
            raise FormError(
                f"{where}在同一文件中出现了两次（同一年度、部门和项目名称）", file=result.source
            )
        seen.add(decl.key)
        if why := _not_yours(user, decl):
            # Another department's form is theirs to check: its defects do not stop this import.
            plan.append(PlannedDeclaration(decl, "skipped", reason=why))
            continue
        try:
            declaration_fields(decl)
            indicator_rows(decl)
        except FormError as exc:
            raise FormError(f"{where}：{exc.message}", file=result.source) from None
        existing = stored.get(decl.key)
        if existing is None:
            plan.append(PlannedDeclaration(decl, "create", review=review_fields(decl)))
            continue
        changes = diff_declarations(
            existing.to_core().to_dict(), in_department(decl, existing.department).to_dict()
        )
        action: PlanAction = "update" if changes else "unchanged"
        reason = ""
        if changes and existing.status not in EDITABLE_STATUSES:
            action = "locked"
            reason = (
                f"「{decl.project_name}」当前为「{existing.get_status_display()}」，导入不覆盖；"
                "如需修改，请在系统中发起修订"
            )
        plan.append(
            PlannedDeclaration(
                decl,
                action,
                existing,
                changes,
                review=review_fields(decl) if action == "update" else _stored_review(existing),
                reason=reason,
            )
        )
    return plan


@transaction.atomic
def declaration_import(*, result: ImportResult, user=None) -> ImportOutcome:
    """Store every declaration of one file, with its provenance; all or nothing."""
    year_lock(*(d.fiscal_year for d in result.declarations))
    plan = import_plan(result=result, user=user)
    if plan and all(item.action == "skipped" for item in plan):
        raise FormError(
            f"文件中的 {len(plan)} 份申报表都不属于本部门，没有可以导入的：{plan[0].reason}",
            file=result.source,
        )
    record = ImportRecord.objects.create(
        file_name=result.source,
        sha256=result.sha256,
        format=result.format,
        notes=[_note_dict(n) for n in result.notes],
        imported_by=actor_of(user),
    )
    outcome = ImportOutcome(record=record)
    for item in plan:
        data = {"import_record": record.pk, "file": result.source, "sha256": result.sha256}
        if item.action == "create":
            department = _department(item.declaration)
            declaration = record_create(
                decl=item.declaration,
                department=department,
                user=actor_of(user),
                review=item.review,
            )
            audit_write(
                declaration=declaration,
                user=user,
                action=Action.IMPORT,
                to_status=declaration.status,
                data=data,
            )
            outcome.created.append(declaration)
        elif item.action in ("locked", "skipped"):
            if item.action == "locked":
                outcome.locked.append(item.existing)
            else:
                outcome.skipped.append(item)
            record.notes.append(
                {
                    "line": None,
                    "kind": item.action,
                    "message": item.reason,
                    "project_name": item.declaration.project_name,
                }
            )
        else:
            declaration = Declaration.objects.select_for_update().get(pk=item.existing.pk)
            changes = record_apply(declaration, item.declaration, bump=True, review=item.review)
            if changes:
                data["changes"] = [c.to_dict() for c in changes]
                audit_write(
                    declaration=declaration,
                    user=user,
                    action=Action.IMPORT,
                    from_status=declaration.status,
                    data=data,
                )
                outcome.updated.append(declaration)
            else:
                outcome.unchanged.append(declaration)
    record.declarations.add(*outcome.created, *outcome.updated, *outcome.unchanged, *outcome.locked)
    record.created_count = len(outcome.created)
    record.updated_count = len(outcome.updated)
    record.save(update_fields=["created_count", "updated_count", "notes"])
    # An update may move a declaration out of a year: that year is refreshed too.
    left = {item.existing.fiscal_year for item in plan if item.action == "update"}
    year_reviews_after_change(*outcome.created, *outcome.updated, years=left)
    return outcome


def _stored_review(record: Declaration) -> dict:
    """The review already on a record whose content the file does not change."""
    names = ("review_score", "review_grade", "review_errors", "review_warnings", "review_hints")
    return {n: getattr(record, n) for n in (*names, "findings", "reviewed_at")}


def _department(decl: core.Declaration) -> Department:
    department = department_for_code(decl.department_code, decl.department_name, create=True)
    return department


def _note_dict(note) -> dict:
    return {
        "line": note.line,
        "kind": note.kind,
        "message": note.message,
        "project_name": note.project_name,
    }
