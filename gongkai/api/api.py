"""JSON API v1 (django-ninja). One router per capability; one endpoint per operation; explicit
schemas; errors as ``{"code", "message", "field"?, "errors"?}`` with stable codes.

The OpenAPI document is committed (``gongkai/api/openapi.json``); a test fails when it drifts.
Regenerate with ``gongkai api schema --write``.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.errors import (
    AuthenticationError,
    AuthorizationError,
    HttpError,
    Throttled,
    ValidationError,
)

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from gongkai.api.auth import STAFF_AUTH
from gongkai.core.errors import GongkaiError

api = NinjaAPI(
    title="Gongkai API",
    version="1",
    description="公开平台接口 v1：依申请公开、主动公开、年度报告、检索。错误以稳定的 code 标识。",
    urls_namespace="api-v1",
    auth=STAFF_AUTH,
    docs_url=None,
)


def _error(request, status: int, code: str, message: str, **extra):
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(GongkaiError)
def on_domain_error(request, exc: GongkaiError):
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [
            str(p)
            for p in err.get("loc", ())
            if p not in ("body", "query", "path", "form", "payload")
        ]
        errors.setdefault(".".join(loc) or "__all__", []).append(err.get("msg", "invalid"))
    field, messages = next(iter(errors.items()), ("__all__", ["invalid"]))
    return _error(request, 422, "invalid", f"{field}: {messages[0]}", errors=errors)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated", "需要登录或提供有效的接口令牌")


@api.exception_handler(AuthorizationError)
@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _error(request, 403, "forbidden", "无权执行此操作")


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", "对象不存在或无权查看")


@api.exception_handler(Throttled)
def on_throttled(request, exc):
    return _error(request, 429, "throttled", "请求过于频繁，请稍后再试")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "error", str(exc))


# Routers, one per capability (mounted in order).
api.add_router("/", "gongkai.api.routes.router")
api.add_router("/", "gongkai.cases.api.router")
api.add_router("/", "gongkai.reports.library.api.router")
api.add_router("/", "gongkai.search.api.router")
api.add_router("/documents", "gongkai.publications.api.router")
