from django.urls import path

from jixiao.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/open/", views.round_open, name="round_open"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round_close"),
    path(
        "rounds/<int:round_id>/reports/<int:declaration_id>/",
        views.report_detail,
        name="report",
    ),
    path(
        "rounds/<int:round_id>/reports/<int:declaration_id>/review/",
        views.report_review,
        name="report_review",
    ),
    path(
        "rounds/<int:round_id>/reports/<int:declaration_id>/form.<str:fmt>",
        views.report_download,
        name="report_download",
    ),
    path("self-evaluations/", views.self_evaluation_list, name="self_evaluations"),
    path(
        "self-evaluations/<int:declaration_id>/",
        views.self_evaluation_detail,
        name="self_evaluation",
    ),
    path(
        "self-evaluations/<int:declaration_id>/preview/",
        views.self_evaluation_preview,
        name="self_evaluation_preview",
    ),
    path(
        "self-evaluations/<int:declaration_id>/review/",
        views.self_evaluation_review,
        name="self_evaluation_review",
    ),
    path(
        "self-evaluations/<int:declaration_id>/form.<str:fmt>",
        views.self_evaluation_download,
        name="self_evaluation_download",
    ),
    path("summary/", views.summary, name="summary"),
]
