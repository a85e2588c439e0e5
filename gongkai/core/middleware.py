"""Domain errors that escape an HTML view become the matching friendly error page (never a
stack trace): NotFound → 404, NotAllowed → 403 (shown as 404 for objects one may not see is the
selectors' choice), Conflict → 409, InvalidInput → 400."""

from __future__ import annotations

from django.shortcuts import render

from gongkai.core.errors import Conflict, GongkaiError, InvalidInput, NotAllowed, NotFound

TITLES = {
    NotFound: ("页面不存在", "您访问的内容不存在或您无权查看。"),
    NotAllowed: ("无权访问", "您没有执行此操作的权限。"),
    Conflict: ("操作未完成", None),
    InvalidInput: ("请求有误", None),
}


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, GongkaiError) or request.path.startswith("/api/"):
            return None
        title, message = next(
            (v for k, v in TITLES.items() if isinstance(exception, k)), ("操作未完成", None)
        )
        return render(
            request,
            "core/error.html",
            {
                "status": exception.http_status,
                "title": title,
                "message": message or exception.message,
            },
            status=exception.http_status,
        )
