"""The Django admin, in Chinese, for correcting data by hand.

The workflow is not driven from here: the state, the version and the review results are
read-only, and a save recomputes the review and leaves an audit entry like any other edit
(``declaration_admin_saved``).  Provenance, audit entries and approved versions are read-only.
"""

from django.contrib import admin

from jixiao.declarations import admin_display
from jixiao.declarations.models import (
    AuditEntry,
    Declaration,
    DeclarationVersion,
    ImportRecord,
    Indicator,
    ReviewComment,
)
from jixiao.declarations.services.editing import declaration_admin_saved


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ("order", "period", "level1", "level2", "name", "value", "reading_shown")
    readonly_fields = ("reading_shown",)
    ordering = ("order", "id")

    @admin.display(description="指标值解读")
    def reading_shown(self, obj):
        return admin_display.reading_text(obj.reading)


class AuditEntryInline(ReadOnlyInline):
    model = AuditEntry
    fields = ("created_at", "actor", "action", "from_status", "to_status", "comment", "field")
    readonly_fields = fields
    verbose_name_plural = "操作记录（只读）"


class ReviewCommentInline(ReadOnlyInline):
    model = ReviewComment
    fields = ("created_at", "author", "field", "message")
    readonly_fields = fields


class DeclarationVersionInline(ReadOnlyInline):
    model = DeclarationVersion
    fields = ("number", "status", "note", "created_by", "created_at")
    readonly_fields = fields


def _money_row(period: str) -> tuple:
    return (
        f"{period}_total",
        (f"{period}_central", f"{period}_provincial", f"{period}_local"),
        (f"{period}_self_raised", f"{period}_other"),
    )


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = (
        "project_name",
        "fiscal_year",
        "department",
        "status",
        "review_grade",
        "review_score",
        "implementation_total",
        "annual_total",
        "version",
    )
    list_filter = ("fiscal_year", "status", "review_grade", "project_type", "department")
    search_fields = ("project_name", "department__name", "department__code", "handler")
    list_select_related = ("department",)
    autocomplete_fields = ("department", "implementing_unit")
    readonly_fields = (
        "status",
        "version",
        "revision_of",
        "finance_conclusion",
        "finance_dimensions_shown",
        "published_at",
        "review_score",
        "review_grade",
        "review_errors",
        "review_warnings",
        "review_hints",
        "findings_shown",
        "reviewed_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            "基本信息",
            {
                "fields": (
                    "title",
                    ("fiscal_year", "framework"),
                    ("department", "department_name"),
                    ("implementing_unit", "implementing_unit_name"),
                    "project_name",
                    ("project_type", "project_type_label", "period_years"),
                )
            },
        ),
        ("实施期资金（元）", {"fields": _money_row("implementation")}),
        ("年度资金（元）", {"fields": _money_row("annual")}),
        ("项目情况", {"fields": ("overview", "basis", "necessity", "safeguards", "plan")}),
        ("总体目标", {"fields": ("goal_implementation", "goal_annual")}),
        ("填报", {"fields": (("responsible_person", "handler", "phone"), "filled_at")}),
        (
            "流程",
            {
                "fields": (
                    ("status", "version"),
                    "revision_of",
                    ("finance_conclusion", "finance_dimensions_shown"),
                    "published_at",
                    ("created_by", "created_at", "updated_at"),
                )
            },
        ),
        (
            "智能审核",
            {
                "classes": ("collapse",),
                "fields": (
                    ("review_score", "review_grade"),
                    ("review_errors", "review_warnings", "review_hints"),
                    "findings_shown",
                    "reviewed_at",
                ),
            },
        ),
    )
    inlines = [IndicatorInline, ReviewCommentInline, AuditEntryInline, DeclarationVersionInline]

    @admin.display(description="审核维度")
    def finance_dimensions_shown(self, obj):
        return admin_display.dimensions_text(obj.finance_dimensions)

    @admin.display(description="审核发现")
    def findings_shown(self, obj):
        return admin_display.findings_html(obj.findings)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        declaration_admin_saved(declaration=form.instance, user=request.user, created=not change)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = (
        "file_name",
        "format",
        "created_count",
        "updated_count",
        "imported_by",
        "imported_at",
    )
    list_filter = ("format",)
    search_fields = ("file_name", "sha256")
    readonly_fields = (
        "file_name",
        "sha256",
        "format",
        "notes_shown",
        "created_count",
        "updated_count",
        "imported_at",
        "imported_by",
        "declarations",
    )
    fields = readonly_fields  # the notes as text, not their JSON

    @admin.display(description="导入说明")
    def notes_shown(self, obj):
        return admin_display.notes_html(obj.notes)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "declaration", "actor", "action", "from_status", "to_status")
    list_filter = ("action", "to_status")
    search_fields = ("declaration__project_name", "comment", "actor__username")
    list_select_related = ("declaration", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeclarationVersion)
class DeclarationVersionAdmin(admin.ModelAdmin):
    list_display = ("declaration", "number", "status", "note", "created_at")
    search_fields = ("declaration__project_name",)
    list_select_related = ("declaration",)
    fields = ("declaration", "number", "status", "note", "created_by", "created_at", "data_shown")
    readonly_fields = fields

    @admin.display(description="内容")
    def data_shown(self, obj):
        return admin_display.declaration_html(obj.data)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
