"""PostgreSQL full text on pre-segmented text, used automatically on PostgreSQL.

No Chinese parser (zhparser, pg_jieba) is packaged for Debian's PostgreSQL, so the text is cut
by rjieba and stored as ``to_tsvector('simple', …)`` in ``search_entry.tsv`` (title weight A,
body weight B) with a GIN index — both created by the migration. Ranking: ``ts_rank`` with
length normalisation (PostgreSQL has no BM25), over the ``RANK_WINDOW`` most recently indexed
matches (ranking reads every match's tsvector; see the SQLite backend for the reasoning).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from gongkai.search.backends.base import (
    NO_FILTERS,
    BackendResult,
    Hit,
    IndexRow,
    SearchBackend,
)
from gongkai.search.text import AnalysedQuery


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(query: AnalysedQuery, operator: str = "and") -> str:
    joiner = " & " if operator == "and" else " | "
    return joiner.join("(" + " | ".join(_lexeme(t) for t in group) + ")" for group in query.groups)


class PostgresBackend(SearchBackend):
    name = "postgres"
    RANK_WINDOW = 2_000

    def index(self, rows: Sequence[IndexRow]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_entry SET tsv = setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') WHERE id = %s",
                [(r.title, r.body, r.id) for r in rows],
            )

    def remove(self, keys: Sequence[str]) -> None:
        if not keys:
            return
        with connection.cursor() as cursor:
            cursor.execute("UPDATE search_entry SET tsv = NULL WHERE key = ANY(%s)", [list(keys)])

    def search(
        self, query, filters=NO_FILTERS, limit=10, offset=0, operator="and", with_total=True
    ):
        if query.is_empty:
            return BackendResult([], 0)
        where, params = filters.sql("e")
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH q AS (SELECT to_tsquery('simple', %s) AS q), "
                "m AS MATERIALIZED (SELECT e.id, e.key, e.tsv FROM search_entry e, q "
                f"WHERE e.tsv @@ q.q{where} ORDER BY e.id DESC LIMIT %s) "
                "SELECT m.key, ts_rank(m.tsv, q.q, 1) AS s FROM m, q "
                "ORDER BY s DESC, m.id LIMIT %s OFFSET %s",
                [tsquery(query, operator), *params, self.RANK_WINDOW, limit, offset],
            )
            rows = cursor.fetchall()
        hits = [Hit(key, float(score)) for key, score in rows]
        if len(hits) < limit and (hits or offset == 0):
            total = offset + len(hits)
        else:
            total = self.count(query, filters, operator) if with_total else -1
        return BackendResult(hits, total)

    def count(self, query=None, filters=NO_FILTERS, operator="and", at_most=None):
        where, params = filters.sql("e")
        with connection.cursor() as cursor:
            if query is None:
                cursor.execute(
                    f"SELECT count(*) FROM search_entry e WHERE e.tsv IS NOT NULL{where}", params
                )
            elif query.is_empty:
                return 0
            else:
                limit = " LIMIT %s" if at_most else ""
                cursor.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM search_entry e "
                    f"WHERE e.tsv @@ to_tsquery('simple', %s){where}{limit}) m",
                    [tsquery(query, operator), *params, *([at_most] if at_most else [])],
                )
            return cursor.fetchone()[0]

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE search_entry SET tsv = NULL WHERE tsv IS NOT NULL")
