from django.urls import path

from jixiao.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("declarations/<int:pk>/pdf/", views.declaration_pdf, name="declaration_pdf"),
    path("declarations/<int:pk>/xlsx/", views.declaration_xlsx, name="declaration_xlsx"),
    path("declarations/<int:pk>/json/", views.declaration_json, name="declaration_json"),
    path("declarations/<int:pk>/print/", views.declaration_print, name="declaration_print"),
    path("public/<int:pk>/pdf/", views.public_pdf, name="public_pdf"),
    path("summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
    path("declarations.xlsx", views.list_xlsx, name="list_xlsx"),
    path("booklet.pdf", views.booklet_pdf, name="booklet_pdf"),
    path("opendata.json", views.opendata_json, name="opendata_json"),
    path("opendata.csv", views.opendata_csv, name="opendata_csv"),
]
