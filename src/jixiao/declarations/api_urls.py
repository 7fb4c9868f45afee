from django.urls import path

from jixiao.declarations import api

app_name = "api"
urlpatterns = [
    path("declarations/", api.declaration_list, name="declaration-list"),
    path("declarations/import/", api.declaration_import_view, name="declaration-import"),
    path("declarations/<int:pk>/", api.declaration_detail, name="declaration-detail"),
]
