from django.urls import path

from jixiao.monitoring.views import reports, rounds, self_evaluations, summary

app_name = "monitoring"
urlpatterns = [
    path("", rounds.index, name="index"),
    path("rounds/open/", rounds.round_open, name="round_open"),
    path("rounds/<int:round_id>/", rounds.round_detail, name="round"),
    path("rounds/<int:round_id>/close/", rounds.round_close, name="round_close"),
    path(
        "rounds/<int:round_id>/reports/<int:declaration_id>/",
        reports.report_detail,
        name="report",
    ),
    path(
        "rounds/<int:round_id>/reports/<int:declaration_id>/preview/",
        reports.report_preview,
        name="report_preview",
    ),
    path(
        "rounds/<int:round_id>/reports/<int:declaration_id>/review/",
        reports.report_review,
        name="report_review",
    ),
    path(
        "rounds/<int:round_id>/reports/<int:declaration_id>/form.<str:fmt>",
        reports.report_download,
        name="report_download",
    ),
    path("self-evaluations/", self_evaluations.self_evaluation_list, name="self_evaluations"),
    path(
        "self-evaluations/<int:declaration_id>/",
        self_evaluations.self_evaluation_detail,
        name="self_evaluation",
    ),
    path(
        "self-evaluations/<int:declaration_id>/preview/",
        self_evaluations.self_evaluation_preview,
        name="self_evaluation_preview",
    ),
    path(
        "self-evaluations/<int:declaration_id>/review/",
        self_evaluations.self_evaluation_review,
        name="self_evaluation_review",
    ),
    path(
        "self-evaluations/<int:declaration_id>/form.<str:fmt>",
        self_evaluations.self_evaluation_download,
        name="self_evaluation_download",
    ),
    path("summary/", summary.summary_page, name="summary"),
]
