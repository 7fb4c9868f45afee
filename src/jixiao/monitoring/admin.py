"""The administrator's view of monitoring and self-evaluation: read and correct, never the
place for the workflow (that goes through ``services``)."""

from django.contrib import admin

from jixiao.declarations.admin_audit import AuditedAdmin
from jixiao.declarations.admin_display import lines_html
from jixiao.monitoring.models import (
    IndicatorProgress,
    IndicatorResult,
    MonitoringReport,
    MonitoringRound,
    ReportAuditEntry,
    SelfEvaluation,
    SelfEvaluationAuditEntry,
)


class ProgressInline(admin.TabularInline):
    model = IndicatorProgress
    extra = 0
    raw_id_fields = ["indicator"]
    readonly_fields = ["light"]


class ResultInline(admin.TabularInline):
    model = IndicatorResult
    extra = 0
    raw_id_fields = ["indicator"]
    readonly_fields = ["computed_weight", "score"]


@admin.register(MonitoringRound)
class MonitoringRoundAdmin(AuditedAdmin):
    list_display = ["fiscal_year", "cut_off", "status", "opened_by", "opened_at"]
    list_filter = ["fiscal_year", "status"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(AuditedAdmin):
    list_display = ["declaration", "round", "status", "light", "open_problems", "updated_at"]
    list_filter = ["round", "status", "light"]
    search_fields = ["declaration__project_name"]
    raw_id_fields = ["declaration"]
    readonly_fields = ["version", "light", "reasons_shown", "open_problems"]
    exclude = ["reasons"]
    inlines = [ProgressInline]

    @admin.display(description="预警原因")
    def reasons_shown(self, obj):
        return lines_html(obj.reasons)


@admin.register(SelfEvaluation)
class SelfEvaluationAdmin(AuditedAdmin):
    list_display = ["declaration", "status", "total", "grade", "updated_at"]
    list_filter = ["status", "grade", "declaration__fiscal_year"]
    search_fields = ["declaration__project_name"]
    raw_id_fields = ["declaration"]
    readonly_fields = [
        "version",
        "budget_score",
        "total",
        "grade",
        "explanation_shown",
        "open_problems",
    ]
    exclude = ["explanation"]
    inlines = [ResultInline]

    @admin.display(description="评分说明")
    def explanation_shown(self, obj):
        return lines_html(obj.explanation)


@admin.register(ReportAuditEntry, SelfEvaluationAuditEntry)
class AuditAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "from_status", "to_status"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
