from django.contrib import admin
from django.urls import path
from django.views.generic import TemplateView

admin.site.site_header = "绩效目标管理系统"
admin.site.site_title = "绩效目标管理系统"
admin.site.index_title = "管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
]
