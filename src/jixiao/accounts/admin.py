from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

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
    fieldsets = (
        *BaseUserAdmin.fieldsets[:1],
        ("角色与单位", {"fields": ("role", "department", "implementing_unit")}),
        *BaseUserAdmin.fieldsets[1:],
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("角色与单位", {"fields": ("role", "department", "implementing_unit")}),
    )
