"""Full-text index backends behind one interface (``base.SearchBackend``).

``get_backend()`` picks the configured one: ``GONGKAI["SEARCH_BACKEND"]`` is ``auto`` (SQLite
FTS5 on SQLite, PostgreSQL full text on PostgreSQL), ``sqlite``, ``postgres`` or ``tantivy``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from gongkai.search.backends.base import SearchBackend

_cache: dict[tuple, SearchBackend] = {}


def backend_name(name: str | None = None) -> str:
    name = name or settings.GONGKAI.get("SEARCH_BACKEND", "auto")
    if name == "auto":
        return "postgres" if connection.vendor == "postgresql" else "sqlite"
    return name


def get_backend(name: str | None = None) -> SearchBackend:
    name = backend_name(name)
    if name == "sqlite":
        if connection.vendor != "sqlite":
            raise ImproperlyConfigured("SEARCH_BACKEND=sqlite needs the SQLite database")
        from gongkai.search.backends.sqlite_fts5 import SqliteFts5Backend

        key: tuple = ("sqlite",)
        factory = SqliteFts5Backend
    elif name == "postgres":
        if connection.vendor != "postgresql":
            raise ImproperlyConfigured("SEARCH_BACKEND=postgres needs the PostgreSQL database")
        from gongkai.search.backends.postgres import PostgresBackend

        key = ("postgres",)
        factory = PostgresBackend
    elif name == "tantivy":
        from gongkai.search.backends.tantivy_backend import TantivyBackend, tantivy_path

        path = tantivy_path()
        key = ("tantivy", str(path))
        factory = lambda: TantivyBackend(path)  # noqa: E731
    else:
        raise ImproperlyConfigured(
            f"GONGKAI SEARCH_BACKEND: unknown backend {name!r} (auto, sqlite, postgres, tantivy)"
        )
    if key not in _cache:
        _cache[key] = factory()
    return _cache[key]
