from django.contrib import admin
from django.urls import include, path

from jixiao.web.urls import auth_urlpatterns

admin.site.site_header = "绩效目标管理系统"
admin.site.site_title = "绩效目标管理系统"
admin.site.index_title = "管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("monitoring/", include("jixiao.monitoring.urls")),
    path("exports/", include("jixiao.exports.urls")),
    path("", include(auth_urlpatterns)),
    path("", include("jixiao.web.urls")),
]
