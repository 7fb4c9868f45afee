"""The Django admin, in Chinese, for correcting data by hand.

The workflow is not driven from here: the state, the version and the review results are
read-only, and a save recomputes the review and leaves an audit entry like any other edit
(``declaration_admin_saved``), with the fields it changed before and after.  Only a
declaration the filer could edit (草稿, 已退回) can be changed here: from submission on its
content is read-only in the admin too, and an approved one changes only through a revision.
Provenance, audit entries and approved versions are read-only; every other admin change is
traced by ``AuditedAdmin`` (``AdminChange``).
"""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from jixiao.declarations import admin_display, permissions
from jixiao.declarations.admin_audit import trace_deletions
from jixiao.declarations.models import (
    AdminChange,
    AuditEntry,
    Declaration,
    DeclarationVersion,
    ImportRecord,
    Indicator,
    ReviewComment,
)
from jixiao.declarations.services.editing import declaration_admin_saved, declaration_delete


class ReadOnlyAdmin(admin.ModelAdmin):
    """Provenance and history: shown, never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _content_locked(declaration) -> bool:
    return declaration is not None and declaration.pk is not None and not declaration.is_editable


def _may(request, action: str, declaration) -> bool:
    """The workflow's own rule (``permissions``), for a declaration the admin page is about."""
    return declaration is None or permissions.may(request.user, action, declaration)


class IndicatorInline(admin.TabularInline):
    """Indicators follow their declaration: editable only while it is."""

    model = Indicator
    extra = 0
    fields = ("order", "period", "level1", "level2", "name", "value", "reading_shown")
    readonly_fields = ("reading_shown",)
    ordering = ("order", "id")

    def has_add_permission(self, request, obj=None):
        return not _content_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _content_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _content_locked(obj) and super().has_delete_permission(request, obj)

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


class DeclarationAdminForm(forms.ModelForm):
    """The admin's form, with the optimistic lock every other editor has: the version the
    page was loaded at comes back, and a save over someone else's newer one is refused."""

    # No Meta: the admin builds the form for Declaration from its fieldsets.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        loaded = data.get("loaded_version")
        if self.instance.pk is not None and loaded is not None and loaded != self.instance.version:
            raise forms.ValidationError(
                f"保存失败：打开本页后该申报表已被修改（修改计数 {loaded} → {self.instance.version}）。"
                "您的修改没有保存；请重新打开本页，在最新内容上修改。"
            )
        return data


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    form = DeclarationAdminForm
    list_display = (
        "project_name",
        "fiscal_year",
        "department",
        "status",
        "finance_conclusion",
        "follow_up",
        "review_grade",
        "review_score",
        "implementation_total",
        "annual_total",
    )
    list_filter = (
        "fiscal_year",
        "status",
        "finance_conclusion",
        "follow_up",
        "review_grade",
        "project_type",
        "department",
    )
    search_fields = ("project_name", "department__name", "department__code", "handler")
    list_select_related = ("department",)
    autocomplete_fields = ("department", "implementing_unit")
    readonly_fields = (
        "status",
        "version",
        "revision_of",
        "finance_conclusion",
        "finance_dimensions_shown",
        "follow_up",
        "follow_up_required",
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
                    "loaded_version",
                    "revision_of",
                    ("finance_conclusion", "finance_dimensions_shown"),
                    ("follow_up", "follow_up_required"),
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "GET" and _content_locked(obj):
            how = "如需修改，请在系统中发起修订" if obj.is_approved else "审核办结前不能修改"
            messages.info(
                request, f"该申报表当前为「{obj.get_status_display()}」，内容只读：{how}。"
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request, obj=None):
        # Submitted, approved, published: the page opens read-only and a POST is refused.
        if _content_locked(obj) or not _may(request, permissions.EDIT, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Drafts only, as in the system (declaration_delete decides the same).
        if not _may(request, permissions.DELETE, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion would skip the per-declaration check: drafts are deleted one by one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            # The content the form is saved over, to trace what the save changes.
            obj._content_before = Declaration.objects.get(pk=obj.pk).to_core().to_dict()
        super().save_model(request, obj, form, change)

    @admin.display(description="审核维度")
    def finance_dimensions_shown(self, obj):
        return admin_display.dimensions_text(obj.finance_dimensions)

    @admin.display(description="审核发现")
    def findings_shown(self, obj):
        return admin_display.findings_html(obj.findings)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        declaration_admin_saved(
            declaration=form.instance,
            user=request.user,
            created=not change,
            before=getattr(form.instance, "_content_before", None),
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not _content_locked(obj):
            return fieldsets
        # Nothing to save on an add page or a read-only one: no lock to carry.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "loaded_version"]})
            for name, opts in fieldsets
        ]

    def get_deleted_objects(self, objs, request):
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        # A draft's timeline, comments and indicators go with it (read-only models whose rows
        # no one deletes by hand); whether it may go is the service's rule: drafts only.
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        declaration_delete(declaration=obj, user=request.user)

    # A declaration's admin changes are lines of its own timeline (declaration_admin_saved);
    # only its deletion, which takes the timeline with it, is kept as an AdminChange.
    def log_deletions(self, request, queryset):
        trace_deletions(request, queryset)
        return super().log_deletions(request, queryset)


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin):
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


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "declaration", "actor", "action", "from_status", "to_status")
    list_filter = ("action", "to_status")
    search_fields = ("declaration__project_name", "comment", "actor__username")
    list_select_related = ("declaration", "actor")


@admin.register(DeclarationVersion)
class DeclarationVersionAdmin(ReadOnlyAdmin):
    list_display = ("declaration", "number", "status", "note", "created_at")
    search_fields = ("declaration__project_name",)
    list_select_related = ("declaration",)
    fields = ("declaration", "number", "status", "note", "created_by", "created_at", "data_shown")
    readonly_fields = fields

    @admin.display(description="内容")
    def data_shown(self, obj):
        return admin_display.declaration_html(obj.data)


@admin.register(AdminChange)
class AdminChangeAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "kind", "model", "object_repr")
    list_filter = ("kind", "model")
    search_fields = ("object_repr", "actor__username")
    list_select_related = ("actor",)
    fields = ("created_at", "actor", "kind", "model", "object_id", "object_repr", "changes_table")
    readonly_fields = fields

    @admin.display(description="修改内容")
    def changes_table(self, obj):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (c.get("label", ""), c.get("before") or "—", c.get("after") or "—")
                for c in obj.changes
            ),
        )
        return format_html(
            "<table><thead><tr><th>字段</th><th>修改前</th><th>修改后</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )
