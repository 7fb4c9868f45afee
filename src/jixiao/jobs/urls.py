from django.urls import path

from jixiao.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<uuid:job_id>/", views.job_detail, name="job_detail"),
    path("<uuid:job_id>/progress/", views.job_progress, name="job_progress"),
    path("<uuid:job_id>/download/", views.job_download, name="job_download"),
    path("public/<uuid:job_id>/progress/", views.public_progress, name="public_progress"),
]
