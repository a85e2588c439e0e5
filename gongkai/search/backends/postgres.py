"""PostgreSQL full text on pre-segmented text, used automatically on PostgreSQL.

No Chinese parser (zhparser, pg_jieba) is packaged for Debian's PostgreSQL, so the text is cut
by rjieba and stored as ``to_tsvector('simple', …)`` in ``search_entry.tsv`` (title weight A,
body weight B) with a GIN index — both created by the migration. Ranking: ``ts_rank`` with
length normalisation (PostgreSQL has no BM25), over the ``RANK_WINDOW`` most recently indexed
matches (ranking reads every match's tsvector; see the SQLite backend for the reasoning).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

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


def _gin_only(cursor) -> None:
    """Make the planner read matches through the GIN index. Left alone it may walk the primary
    key backwards (``ORDER BY id DESC LIMIT``) or scan the table (``LIMIT`` in a bounded
    count), testing every row's tsvector — seconds on a million rows for a rare word."""
    cursor.execute("SET LOCAL enable_seqscan = off")
    cursor.execute("SET LOCAL enable_indexscan = off")


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
        with transaction.atomic(), connection.cursor() as cursor:
            if query is None:
                cursor.execute(
                    f"SELECT count(*) FROM search_entry e WHERE e.tsv IS NOT NULL{where}", params
                )
            elif query.is_empty:
                return 0
            elif at_most:
                return self._estimate(cursor, query, operator, where, params, at_most)
            else:
                _gin_only(cursor)
                cursor.execute(
                    "SELECT count(*) FROM search_entry e "
                    f"WHERE e.tsv @@ to_tsquery('simple', %s){where}",
                    [tsquery(query, operator), *params],
                )
            return cursor.fetchone()[0]

    SAMPLE_ROWS = 5_000

    def _estimate(self, cursor, query, operator, where, params, at_most) -> int:
        """A bounded count, estimated on a sample of pages when the table is large: the
        retrieval only needs to tell common words from rare ones, and counting a common word
        exactly (building the GIN bitmap of half a million rows) takes about a second."""
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_entry'")
        rows = max(cursor.fetchone()[0], 0)
        expression = tsquery(query, operator)
        if rows <= self.SAMPLE_ROWS * 2:
            _gin_only(cursor)
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM search_entry e "
                f"WHERE e.tsv @@ to_tsquery('simple', %s){where} LIMIT %s) m",
                [expression, *params, at_most],
            )
            return cursor.fetchone()[0]
        percent = 100.0 * self.SAMPLE_ROWS / rows
        cursor.execute(
            f"SELECT count(*) FROM search_entry e TABLESAMPLE SYSTEM ({percent:.4f}) "
            f"WHERE e.tsv @@ to_tsquery('simple', %s){where}",
            [expression, *params],
        )
        sampled = cursor.fetchone()[0]
        if sampled == 0:  # rare: count exactly (cheap for a rare word)
            _gin_only(cursor)
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM search_entry e "
                f"WHERE e.tsv @@ to_tsquery('simple', %s){where} LIMIT %s) m",
                [expression, *params, at_most],
            )
            return cursor.fetchone()[0]
        return min(at_most, round(sampled * 100.0 / percent))

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE search_entry SET tsv = NULL WHERE tsv IS NOT NULL")
