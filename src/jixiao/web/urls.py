from django.contrib.auth import views as auth_views
from django.urls import path

from jixiao.web.views import actions, detail, filing, importing, lists, public

app_name = "web"
urlpatterns = [
    path("", lists.home, name="home"),
    path("declarations/", lists.declaration_list, name="declaration_list"),
    path("review/", lists.review_queue, name="review_queue"),
    path("departments/", lists.department_choices, name="department_options"),
    path("declarations/new/", filing.declaration_create, name="declaration_create"),
    path("declarations/check/", filing.declaration_check, name="declaration_check"),
    path("declarations/indicators/", filing.indicator_table, name="indicator_table"),
    path("declarations/indicator-names/", filing.indicator_names, name="indicator_names"),
    path("declarations/<int:pk>/", detail.declaration_detail, name="declaration_detail"),
    path("declarations/<int:pk>/edit/", filing.declaration_edit, name="declaration_edit"),
    path("declarations/<int:pk>/changes/", detail.declaration_changes, name="declaration_changes"),
    path(
        "declarations/<int:pk>/versions/<int:number>/",
        detail.declaration_version,
        name="declaration_version",
    ),
    path("declarations/<int:pk>/submit/", actions.declaration_submit, name="declaration_submit"),
    path("declarations/<int:pk>/return/", actions.declaration_return, name="declaration_return"),
    path("declarations/<int:pk>/approve/", actions.declaration_approve, name="declaration_approve"),
    path(
        "declarations/<int:pk>/conclude/", actions.declaration_conclude, name="declaration_conclude"
    ),
    path("declarations/<int:pk>/publish/", actions.declaration_publish, name="declaration_publish"),
    path("declarations/<int:pk>/comment/", actions.declaration_comment, name="declaration_comment"),
    path("declarations/<int:pk>/revise/", actions.declaration_revise, name="declaration_revise"),
    path(
        "declarations/<int:pk>/follow-up/close/",
        actions.declaration_follow_up_close,
        name="declaration_follow_up_close",
    ),
    path("declarations/<int:pk>/delete/", actions.declaration_delete, name="declaration_delete"),
    path("import/", importing.import_upload, name="import_upload"),
    path("import/<str:sha>/", importing.import_preview, name="import_preview"),
    path("public/", public.public_list, name="public_list"),
    path("public/<int:pk>/", public.public_detail, name="public_detail"),
    path("public/departments/", public.public_department_choices, name="public_department_options"),
]

# Django's own sign-in pages, outside the "web:" namespace so that LOGIN_URL = "login" works.
auth_urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, next_page="web:home"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="web:home"), name="logout"),
]
