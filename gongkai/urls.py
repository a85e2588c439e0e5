from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "公开 · 管理后台"
admin.site.site_title = "公开 · 管理后台"
admin.site.index_title = "机关、人员与工作日历"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("workspace/knowledge/", include("gongkai.search.staff_urls")),
    path("workspace/cases/", include("gongkai.cases.urls")),
    path("workspace/reports/", include("gongkai.reports.urls")),
    path("reports/", include("gongkai.reports.public_urls")),
    path("workspace/publications/", include("gongkai.publications.urls_workspace")),
    path("workspace/", include("gongkai.workspace.urls")),
    path("api/v1/", include(("gongkai.api.urls", "api-v1"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("gk/", include("gongkai.publications.urls")),
    path("healthz", include("gongkai.core.urls")),
    path("", include("gongkai.search.urls")),
    path("", include("gongkai.publications.urls_sitemap")),
    path("", include("gongkai.portal.urls")),
]

handler400 = "gongkai.core.views.bad_request"
handler403 = "gongkai.core.views.permission_denied"
handler404 = "gongkai.core.views.page_not_found"
handler500 = "gongkai.core.views.server_error"
