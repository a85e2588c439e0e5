"""SQLite FTS5 on pre-segmented text (the embedded default).

``search_fts(title, body)`` is created by the migration with the ``unicode61`` tokenizer and
``rowid`` = ``search_entry.id``; the text is already cut by rjieba and joined by spaces, so
each Chinese word is one token. Ranking: FTS5 ``bm25`` with the title weighted ×4.

Scale: FTS5 computes bm25 for every match before sorting (about 0.75 µs per match here), so a
word found in most of a million documents would cost most of a second. BM25 is therefore
computed over the ``RANK_WINDOW`` most recently indexed matches (FTS5 walks matches in rowid
order natively); a query matching fewer documents than that is ranked exactly.
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


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(query: AnalysedQuery, operator: str = "and") -> str:
    groups = ["(" + " OR ".join(_quote(t) for t in group) + ")" for group in query.groups]
    return f" {operator.upper()} ".join(groups)


class SqliteFts5Backend(SearchBackend):
    name = "sqlite"
    RANK_WINDOW = 2_000

    def index(self, rows: Sequence[IndexRow]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 500):
                batch = rows[start : start + 500]
                ids = [r.id for r in batch]
                cursor.execute(
                    f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids
                )
                cursor.executemany(
                    "INSERT INTO search_fts(rowid, title, body) VALUES (%s, %s, %s)",
                    [(r.id, r.title, r.body) for r in batch],
                )

    def remove(self, keys: Sequence[str]) -> None:
        if not keys:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(keys), 500):
                batch = list(keys[start : start + 500])
                cursor.execute(
                    "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_entry "
                    f"WHERE key IN ({', '.join(['%s'] * len(batch))}))",
                    batch,
                )

    def search(
        self, query, filters=NO_FILTERS, limit=10, offset=0, operator="and", with_total=True
    ):
        if query.is_empty:
            return BackendResult([], 0)
        expression = match_expression(query, operator)
        where, params = filters.sql("e")
        with connection.cursor() as cursor:
            if filters:
                inner = (
                    "SELECT search_fts.rowid AS id, bm25(search_fts, %s, 1.0) AS s FROM search_fts "
                    "JOIN search_entry e ON e.id = search_fts.rowid "
                    f"WHERE search_fts MATCH %s{where} ORDER BY search_fts.rowid DESC LIMIT %s"
                )
            else:
                inner = (
                    "SELECT rowid AS id, bm25(search_fts, %s, 1.0) AS s FROM search_fts "
                    "WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s"
                )
            cursor.execute(
                f"SELECT e.key, f.s FROM ({inner}) f JOIN search_entry e ON e.id = f.id "
                "ORDER BY f.s, f.id LIMIT %s OFFSET %s",
                [self.title_weight, expression, *params, self.RANK_WINDOW, limit, offset],
            )
            hits = [Hit(key, -score) for key, score in cursor.fetchall()]
        if len(hits) < limit and (hits or offset == 0):
            total = offset + len(hits)
        else:
            total = self.count(query, filters, operator) if with_total else -1
        return BackendResult(hits, total)

    def count(self, query=None, filters=NO_FILTERS, operator="and", at_most=None):
        where, params = filters.sql("e")
        with connection.cursor() as cursor:
            if query is None:
                cursor.execute(f"SELECT count(*) FROM search_entry e WHERE 1=1{where}", params)
            elif query.is_empty:
                return 0
            elif filters:
                cursor.execute(
                    "SELECT count(*) FROM search_fts JOIN search_entry e "
                    f"ON e.id = search_fts.rowid WHERE search_fts MATCH %s{where}",
                    [match_expression(query, operator), *params],
                )
            elif at_most:
                cursor.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s "
                    "LIMIT %s)",
                    [match_expression(query, operator), at_most],
                )
            else:
                cursor.execute(
                    "SELECT count(*) FROM search_fts WHERE search_fts MATCH %s",
                    [match_expression(query, operator)],
                )
            return cursor.fetchone()[0]

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
