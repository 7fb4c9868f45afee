from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from jixiao.accounts.models import Department, ImplementingUnit, User
from jixiao.declarations.admin_audit import AuditedAdmin


class ImplementingUnitInline(admin.TabularInline):
    model = ImplementingUnit
    extra = 0


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ("code", "name", "is_finance")
    list_filter = ("is_finance",)
    search_fields = ("code", "name")
    inlines = [ImplementingUnitInline]


@admin.register(ImplementingUnit)
class ImplementingUnitAdmin(AuditedAdmin):
    list_display = ("name", "department")
    list_filter = ("department",)
    search_fields = ("name", "department__name", "department__code")
    autocomplete_fields = ("department",)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    add_form_template = "admin/accounts/user/add_form.html"  # Django's help text, in Chinese
    list_display = (
        "username",
        "first_name",
        "role",
        "department",
        "implementing_unit",
        "is_active",
    )
    list_filter = ("role", "department", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "department__name")
    autocomplete_fields = ("department", "implementing_unit")
    # The system authorises by role (accounts.models.Role), not by Django's groups and
    # permissions, whose names Django leaves in English: they are not offered.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("first_name", "last_name", "email")}),
        ("角色与单位", {"fields": ("role", "department", "implementing_unit")}),
        ("管理权限", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("角色与单位", {"fields": ("role", "department", "implementing_unit")}),
    )


admin.site.unregister(Group)
