"""tantivy (optional, faster): the same pre-segmented text in a tantivy index on disk, with
the ``whitespace`` tokenizer (tantivy has no Chinese tokenizer). BM25 ranking, title boosted.

Selected by ``GONGKAI["SEARCH_BACKEND"] = "tantivy"``; the index lives in
``GONGKAI["SEARCH_TANTIVY_PATH"]`` (default ``DATA_DIR/search-tantivy``). tantivy allows one
writer at a time: writes happen in background tasks (one worker) or ``gongkai reindex``.
The ``tantivy`` package is an optional extra (``pip install gongkai[tantivy]``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gongkai.search.backends.base import (
    NO_FILTERS,
    BackendResult,
    Filters,
    Hit,
    IndexRow,
    SearchBackend,
)
from gongkai.search.text import AnalysedQuery

try:
    import tantivy
except ImportError:  # pragma: no cover - exercised only without the extra
    tantivy = None

MISSING = "tantivy 未安装：pip install 'gongkai[tantivy]'，或把 GONGKAI_SEARCH_BACKEND 设为 auto"


def tantivy_path() -> Path:
    configured = settings.GONGKAI.get("SEARCH_TANTIVY_PATH")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "search-tantivy"


def _schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="whitespace")
    builder.add_text_field("body", tokenizer_name="whitespace")
    for name in ("organ", "kind", "category", "validity"):
        builder.add_text_field(name, tokenizer_name="raw")
    builder.add_integer_field("year", indexed=True)
    return builder.build()


class TantivyBackend(SearchBackend):
    name = "tantivy"

    def __init__(self, path: Path):
        if tantivy is None:
            raise ImproperlyConfigured(MISSING)
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = _schema()
        self.index_ = tantivy.Index(self.schema, path=str(path), reuse=True)
        self._lock = threading.Lock()
        self._reloaded = time.monotonic()

    def _searcher(self):
        """A searcher that sees other processes' commits (the worker writes, the web reads)
        within a second."""
        now = time.monotonic()
        if now - self._reloaded > 1.0:
            self.index_.reload()
            self._reloaded = now
        return self.index_.searcher()

    # --- writing ------------------------------------------------------------------------------

    def _write(self, fn, heap: int = 128_000_000) -> None:
        with self._lock:
            writer = self.index_.writer(heap, 1)
            try:
                fn(writer)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
            self.index_.reload()

    def index(self, rows: Sequence[IndexRow]) -> None:
        if not rows:
            return

        def add(writer):
            for r in rows:
                writer.delete_documents_by_term("key", r.key)
                doc = tantivy.Document()
                doc.add_text("key", r.key)
                doc.add_text("title", r.title)
                doc.add_text("body", r.body)
                doc.add_text("organ", r.organ_code)
                doc.add_text("kind", r.kind)
                doc.add_text("category", r.category)
                doc.add_text("validity", r.validity)
                doc.add_integer("year", r.year or 0)
                writer.add_document(doc)

        self._write(add, heap=256_000_000 if len(rows) > 10_000 else 64_000_000)

    def remove(self, keys: Sequence[str]) -> None:
        if keys:
            self._write(lambda w: [w.delete_documents_by_term("key", k) for k in keys])

    def clear(self) -> None:
        self._write(lambda w: w.delete_all_documents())

    # --- reading ------------------------------------------------------------------------------

    def _query(self, query: AnalysedQuery | None, filters: Filters, operator: str):
        Q, Occur = tantivy.Query, tantivy.Occur
        if query is None:
            return self._filtered(Q.all_query(), filters)
        clauses = []
        for group in query.groups:
            alternatives = []
            for token in group:
                alternatives.append(
                    (
                        Occur.Should,
                        Q.boost_query(Q.term_query(self.schema, "title", token), self.title_weight),
                    )
                )
                alternatives.append((Occur.Should, Q.term_query(self.schema, "body", token)))
            clauses.append(
                (Occur.Must if operator == "and" else Occur.Should, Q.boolean_query(alternatives))
            )
        return self._filtered(Q.boolean_query(clauses), filters)

    def _filtered(self, text, filters: Filters):
        Q, Occur = tantivy.Query, tantivy.Occur
        if not filters:
            return text
        must = [(Occur.Must, text)]
        for field, values in (
            ("organ", filters.organs),
            ("kind", filters.kinds),
            ("category", filters.categories),
            ("validity", filters.validity),
            ("year", tuple(int(y) for y in filters.years)),
        ):
            if values:
                must.append(
                    (
                        Occur.Must,
                        Q.boolean_query(
                            [(Occur.Should, Q.term_query(self.schema, field, v)) for v in values]
                        ),
                    )
                )
        return Q.boolean_query(must)

    def search(
        self, query, filters=NO_FILTERS, limit=10, offset=0, operator="and", with_total=True
    ):
        if query.is_empty:
            return BackendResult([], 0)
        searcher = self._searcher()
        result = searcher.search(
            self._query(query, filters, operator), limit=limit, offset=offset, count=with_total
        )
        hits = [
            Hit(searcher.doc(address)["key"][0], float(score)) for score, address in result.hits
        ]
        return BackendResult(hits, result.count if with_total else -1)

    def count(self, query=None, filters=NO_FILTERS, operator="and", at_most=None):
        searcher = self._searcher()
        if query is None:
            if not filters:
                return searcher.num_docs
            q = self._query(None, filters, operator)
        elif query.is_empty:
            return 0
        else:
            q = self._query(query, filters, operator)
        return searcher.search(q, limit=1, count=True).count
