from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from jixiao.web.urls import auth_urlpatterns

admin.site.site_header = "绩效目标管理系统"
admin.site.site_title = "绩效目标管理系统"
admin.site.index_title = "管理"


def healthz(request):
    """For the reverse proxy's health check, and the bare view of ``make bench-web``: no
    session, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("jixiao.declarations.api_urls")),
    path("monitoring/", include("jixiao.monitoring.urls")),
    path("exports/", include("jixiao.exports.urls")),
    path("jobs/", include("jixiao.jobs.urls")),
    path("", include(auth_urlpatterns)),
    path("", include("jixiao.web.urls")),
]
