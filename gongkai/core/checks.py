"""System checks: misconfiguration fails at start with a clear message (``gongkai check``)."""

from __future__ import annotations

import base64
import binascii
import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=False)
def check_keys(app_configs, **kwargs):
    errors = []
    if len(settings.SECRET_KEY) < 32:
        errors.append(
            Error(
                "GONGKAI_SECRET_KEY 未设置或过短（至少32个字符）。",
                hint="生产环境必须通过环境变量提供随机密钥，如 python -c 'import secrets;print(secrets.token_urlsafe(50))'",
                id="gongkai.E001",
            )
        )
    try:
        key = base64.urlsafe_b64decode(settings.DATA_KEY.encode()) if settings.DATA_KEY else b""
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        errors.append(
            Error(
                "GONGKAI_DATA_KEY 必须是 base64 编码的32字节密钥（用于加密申请人个人信息）。",
                hint="生成：python -c 'import base64,secrets;print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())'",
                id="gongkai.E002",
            )
        )
    return errors


@register()
def check_data_dir(app_configs, **kwargs):
    data_dir = settings.DATA_DIR
    if data_dir.exists() and not os.access(data_dir, os.W_OK):
        return [
            Error(
                f"数据目录 {data_dir} 不可写。",
                hint="设置 GONGKAI_DATA_DIR 或修正目录权限。",
                id="gongkai.E003",
            )
        ]
    return []


@register(Tags.security)
def check_production(app_configs, **kwargs):
    if not settings.PRODUCTION:
        return []
    problems = []
    if settings.DEBUG:
        problems.append(Error("生产环境不得开启 GONGKAI_DEBUG。", id="gongkai.E004"))
    if "*" in settings.ALLOWED_HOSTS or not any(h for h in settings.ALLOWED_HOSTS):
        problems.append(
            Error("生产环境须用 GONGKAI_ALLOWED_HOSTS 列出站点域名。", id="gongkai.E005")
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "生产环境正在使用 SQLite。",
                hint="多人同时办理时请使用 PostgreSQL：GONGKAI_DATABASE_URL=postgres://…",
                id="gongkai.W001",
            )
        )
    return problems
