from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def _error(request, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def bad_request(request, exception=None):
    return _error(request, 400, _("请求有误"), _("请求的内容无法处理，请检查后重试。"))


def permission_denied(request, exception=None):
    return _error(request, 403, _("无权访问"), _("您没有访问此页面的权限。"))


def page_not_found(request, exception=None):
    return _error(request, 404, _("页面不存在"), _("您访问的页面不存在或已被移除。"))


def server_error(request):
    return _error(
        request, 500, _("系统繁忙"), _("系统暂时无法处理您的请求，请稍后再试。问题已记录。")
    )
