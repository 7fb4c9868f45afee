"""Organisations and users: departments (主管部门), implementing units (实施单位) and the user
with one role.

A user's role decides what they may do; their department (and unit) decides what they see.
The finance bureau's reviewers and the administrators belong to no department: they see every
department's declarations.  The finance bureau is also a budget department that files its own
projects, so it has a ``Department`` record too, marked ``is_finance``.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Department(models.Model):
    code = models.CharField("部门代码", max_length=32, unique=True)
    name = models.CharField("部门名称", max_length=200)
    is_finance = models.BooleanField(
        "财政部门", default=False, help_text="本级财政局；其审核人审核所有部门的申报表。"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "主管部门"
        verbose_name_plural = "主管部门"

    def __str__(self) -> str:
        return f"{self.code}-{self.name}"


class ImplementingUnit(models.Model):
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="units", verbose_name="主管部门"
    )
    name = models.CharField("单位名称", max_length=200)

    class Meta:
        ordering = ["department__code", "name"]
        verbose_name = "实施单位"
        verbose_name_plural = "实施单位"
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="unit_unique_in_department")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    FILER = "filer", "经办人"
    DEPT_REVIEWER = "dept_reviewer", "部门审核人"
    FINANCE_REVIEWER = "finance_reviewer", "财政审核人"
    ADMIN = "admin", "管理员"


# Roles that act for one department and therefore must have one.
DEPARTMENT_ROLES = (Role.FILER, Role.DEPT_REVIEWER)


class User(AbstractUser):
    Role = Role

    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.FILER)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="主管部门",
        help_text="经办人和部门审核人必填；财政审核人和管理员留空。",
    )
    implementing_unit = models.ForeignKey(
        ImplementingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="实施单位",
        help_text="经办人若只为一个实施单位填报，则只能看到该单位的申报表。",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        name = self.get_full_name() or self.username
        return f"{name}（{self.get_role_display()}）"

    # -- what the role allows -----------------------------------------------------------

    @property
    def is_filer(self) -> bool:
        return self.role == Role.FILER

    @property
    def is_dept_reviewer(self) -> bool:
        return self.role == Role.DEPT_REVIEWER

    @property
    def is_finance_reviewer(self) -> bool:
        return self.role == Role.FINANCE_REVIEWER

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def sees_all_departments(self) -> bool:
        return self.is_finance_reviewer or self.is_admin_role

    def clean(self) -> None:
        super().clean()
        if self.role in DEPARTMENT_ROLES and self.department_id is None and not self.is_superuser:
            raise ValidationError(
                {"department": f"{self.get_role_display()}必须属于一个主管部门。"}
            )
        if self.implementing_unit_id is not None:
            if self.department_id is None:
                raise ValidationError({"implementing_unit": "设置实施单位时必须同时设置主管部门。"})
            if self.implementing_unit.department_id != self.department_id:
                raise ValidationError({"implementing_unit": "实施单位不属于所选主管部门。"})
