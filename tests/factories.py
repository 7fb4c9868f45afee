"""The fixed cast of the web tests, and declarations to act on.

Department 403 (住建局) has a filer, a department reviewer and a unit-bound filer; the finance
bureau has a reviewer; an administrator; and an outsider filer and reviewer in department 405
(交通运输局).  Registered as a pytest plugin by ``tests/conftest.py``, so every test may ask for
``filer``, ``dept_reviewer``, ``finance_reviewer``, ``admin_user``, ``outsider``,
``outsider_reviewer``, ``draft`` (a draft the review passes, in 403), ``outsider_draft``, and
call ``clean_form`` / ``make_declaration`` / ``move_to``.
"""

from __future__ import annotations

import pytest

PASSWORD = "cast-password-1"
DEPARTMENT = ("403", "长治市上党区住房和城乡建设局")
OTHER_DEPARTMENT = ("405", "长治市上党区交通运输局")
FINANCE = ("000", "长治市上党区财政局")


def make_department(code: str, name: str, *, is_finance: bool = False):
    from jixiao.accounts.models import Department

    department, _ = Department.objects.get_or_create(
        code=code, defaults={"name": name, "is_finance": is_finance}
    )
    return department


def make_user(username: str, role: str, department=None, unit=None):
    from jixiao.accounts.models import User

    user = User(username=username, role=role, department=department, implementing_unit=unit)
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    return user


def clean_form(expected_data: list[dict], index: int = 0) -> dict:
    """A real shared form (保障性住房建设项目 of 403 by default), completed the way its filer
    would before submitting, so that the review finds no error."""
    from jixiao.declarations.demo import complete_form

    return complete_form(expected_data[index])


def make_declaration(data: dict, *, user=None, status: str | None = None):
    """A declaration stored through the services (as ``user``), optionally forced to a state."""
    from jixiao.core.declaration import Declaration as CoreDeclaration
    from jixiao.declarations.models import Declaration
    from jixiao.declarations.services.audit import audit_write
    from jixiao.declarations.services.content import department_for_code, record_create

    decl = CoreDeclaration.from_dict(data)
    department = department_for_code(decl.department_code, decl.department_name, create=True)
    record = record_create(decl=decl, department=department, user=user)
    audit_write(declaration=record, user=user, action="create", to_status=record.status)
    if status is not None:
        Declaration.objects.filter(pk=record.pk).update(status=status)
        record.refresh_from_db()
    return record


def move_to(declaration, status: str, *, filer, dept_reviewer, finance_reviewer):
    """Walk ``declaration`` through the real transitions up to ``status``."""
    from jixiao.declarations import services
    from jixiao.declarations.models import Status

    path = [Status.SUBMITTED, Status.DEPT_APPROVED, Status.FINANCE_APPROVED, Status.PUBLISHED]
    steps = {
        Status.SUBMITTED: lambda d: services.declaration_submit(declaration=d, user=filer),
        Status.DEPT_APPROVED: lambda d: services.declaration_approve(
            declaration=d, user=dept_reviewer
        ),
        Status.FINANCE_APPROVED: lambda d: services.declaration_finance_conclude(
            declaration=d,
            user=finance_reviewer,
            conclusion="优",
            dimensions=dict.fromkeys(("完整性", "相关性", "适当性", "可行性"), True),
        ),
        Status.PUBLISHED: lambda d: services.declaration_publish(
            declaration=d, user=finance_reviewer
        ),
    }
    declaration.refresh_from_db()
    start = path.index(declaration.status) + 1 if declaration.status in path else 0
    for step in path[start : path.index(status) + 1]:
        declaration = steps[step](declaration)
    declaration.refresh_from_db()
    return declaration


@pytest.fixture
def department(db):
    return make_department(*DEPARTMENT)


@pytest.fixture
def other_department(db):
    return make_department(*OTHER_DEPARTMENT)


@pytest.fixture
def finance_department(db):
    return make_department(*FINANCE, is_finance=True)


@pytest.fixture
def filer(department):
    return make_user("filer", "filer", department)


@pytest.fixture
def dept_reviewer(department):
    return make_user("dept_reviewer", "dept_reviewer", department)


@pytest.fixture
def finance_reviewer(finance_department):
    return make_user("finance_reviewer", "finance_reviewer")


@pytest.fixture
def admin_user(db):
    return make_user("admin_user", "admin")


@pytest.fixture
def outsider(other_department):
    return make_user("outsider", "filer", other_department)


@pytest.fixture
def outsider_reviewer(other_department):
    return make_user("outsider_reviewer", "dept_reviewer", other_department)


@pytest.fixture
def draft(filer, expected_data):
    """A draft of department 403 that the review passes."""
    return make_declaration(clean_form(expected_data), user=filer)


@pytest.fixture
def outsider_draft(outsider, expected_data):
    """A draft of department 405 (the 农村公路 form, completed)."""
    return make_declaration(clean_form(expected_data, 2), user=outsider)


@pytest.fixture
def walk(filer, dept_reviewer, finance_reviewer):
    """``walk(declaration, status)``: move it there through the real transitions."""

    def _walk(declaration, status):
        return move_to(
            declaration,
            status,
            filer=filer,
            dept_reviewer=dept_reviewer,
            finance_reviewer=finance_reviewer,
        )

    return _walk
