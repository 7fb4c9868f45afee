"""Writing a declaration's content: the primitives every service shares.

Callers hold a transaction and, for an existing record, its row lock; these functions neither
check permissions nor write audit entries.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from jixiao.accounts.models import Department, ImplementingUnit
from jixiao.core import declaration as core
from jixiao.core.diff import Change, diff_declarations
from jixiao.core.errors import FormError
from jixiao.declarations.bridge import declaration_fields, indicator_rows
from jixiao.declarations.errors import WorkflowError
from jixiao.declarations.models import Declaration, Indicator
from jixiao.declarations.reviewing import review_fields


def as_core(data: core.Declaration | dict) -> core.Declaration:
    """A core declaration from either itself or a declaration/1 dict (validated)."""
    if isinstance(data, core.Declaration):
        return data
    return core.Declaration.from_dict(data)


def department_for_code(code: str | None, name: str | None, *, create: bool) -> Department:
    if not code:
        raise FormError("缺少主管部门代码", field="主管部门代码")
    department = Department.objects.filter(code=code).first()
    if department is not None:
        return department
    if not create:
        raise WorkflowError(f"主管部门代码 {code} 不存在", field="department_code")
    return Department.objects.create(code=code, name=name or code)


def unit_for_name(department: Department, name: str | None) -> ImplementingUnit | None:
    if not name:
        return None
    unit, _ = ImplementingUnit.objects.get_or_create(department=department, name=name)
    return unit


def in_department(decl: core.Declaration, department: Department) -> core.Declaration:
    """The declaration with the department's code (and its name where none is printed)."""
    return decl.model_copy(
        update={
            "department_code": department.code,
            "department_name": decl.department_name or department.name,
        }
    )


def check_unique(
    decl: core.Declaration, department: Department, *, exclude_pk: int | None = None
) -> None:
    """Refuse a second declaration of the same project, year and department."""
    clash = Declaration.objects.originals().filter(
        fiscal_year=decl.fiscal_year, department=department, project_name=decl.project_name
    )
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise WorkflowError(
            f"{department.name} {decl.fiscal_year} 年度已有项目「{decl.project_name}」，"
            "同一部门同一年度的项目名称不能重复",
            field="project_name",
        )


def record_create(
    *,
    decl: core.Declaration,
    department: Department,
    user=None,
    status: str = Declaration._meta.get_field("status").default,
    revision_of: Declaration | None = None,
    framework: str | None = None,
) -> Declaration:
    decl = in_department(decl, department)
    record = Declaration.objects.create(
        department=department,
        implementing_unit=unit_for_name(department, decl.implementing_unit),
        status=status,
        revision_of=revision_of,
        created_by=user,
        **({"framework": framework} if framework else {}),
        **declaration_fields(decl),
        **review_fields(decl),
    )
    Indicator.objects.bulk_create(
        Indicator(declaration=record, **row) for row in indicator_rows(decl)
    )
    return record


def record_apply(record: Declaration, decl: core.Declaration, *, bump: bool) -> list[Change]:
    """Make ``record`` (read in this transaction) hold ``decl``; return what changed.

    Nothing is written when nothing changed.  ``bump`` raises the version, unless the caller
    already did so in its ``UPDATE … WHERE version = expected``.
    """
    decl = in_department(decl, record.department)
    changes = diff_declarations(record.to_core().to_dict(), decl.to_dict())
    if not changes:
        return []
    fields = declaration_fields(decl)
    fields.update(review_fields(decl))
    fields["implementing_unit"] = unit_for_name(record.department, decl.implementing_unit)
    fields["updated_at"] = timezone.now()
    if bump:
        fields["version"] = F("version") + 1
    Declaration.objects.filter(pk=record.pk).update(**fields)
    if any(c.path.startswith("indicators") or c.path == "fiscal_year" for c in changes):
        indicators_sync(record, indicator_rows(decl))
    record.refresh_from_db()
    return changes


def indicators_sync(record: Declaration, rows: list[dict]) -> None:
    """Make the record's indicator rows equal ``rows``, keeping the rows that stay.

    Monitoring and evaluation point at indicator rows; a row matched by period, level2 and
    name keeps its id, so editing a value or inserting a row loses nothing attached to others.
    """
    existing: dict[tuple, list[Indicator]] = {}
    for ind in Indicator.objects.filter(declaration=record).order_by("order", "id"):
        existing.setdefault((ind.period, ind.level2, ind.name), []).append(ind)
    to_update, to_create = [], []
    for row in rows:
        matches = existing.get((row["period"], row["level2"], row["name"]))
        if matches:
            ind = matches.pop(0)
            if any(getattr(ind, k) != v for k, v in row.items()):
                for k, v in row.items():
                    setattr(ind, k, v)
                to_update.append(ind)
        else:
            to_create.append(Indicator(declaration=record, **row))
    leftover = [ind.pk for group in existing.values() for ind in group]
    if leftover:
        Indicator.objects.filter(pk__in=leftover).delete()
    if to_update:
        Indicator.objects.bulk_update(to_update, ["level1", "value", "reading", "order"])
    if to_create:
        Indicator.objects.bulk_create(to_create)
