"""Relevance evaluation, corpus-agnostic: a corpus (JSON lines of SearchDocument fields), a
judged query set (``{"query", "relevant": {key: grade}, "tags"}``), and MRR@k, Recall@k and
nDCG@k for a ranking function. Used by the tests and ``benchmarks/search_relevance.py``.

Judgments are graded: 2 = answers the question, 1 = related. MRR and Recall count any grade.

Two judged sets ship: the fixture corpus's (``tests/fixtures/relevance.jsonl``, keys are the
fixture's own ``document:N``) and the demo district's (``data/demo_relevance.jsonl``), whose
documents are named by a stable name — the title in ``publications/data/demo_documents.jsonl``
— and resolved to the keys of a freshly loaded demo with :func:`resolve_judgments`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from gongkai.search.documents import SearchDocument

FIXTURES = Path(__file__).resolve().parent / "tests" / "fixtures"
DEMO_JUDGMENTS = Path(__file__).resolve().parent / "data" / "demo_relevance.jsonl"


def load_corpus(path: Path | None = None) -> Iterator[SearchDocument]:
    path = path or FIXTURES / "corpus.jsonl"
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield SearchDocument.from_dict(json.loads(line))


def load_faq(path: Path | None = None) -> list[dict]:
    """FAQ fixture rows: organ (code), question, variants (list), answer (HTML), document_keys."""
    path = path or FIXTURES / "faq.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@dataclass(frozen=True)
class Judgment:
    query: str
    relevant: dict[str, int]
    tags: tuple[str, ...] = ()


def load_judgments(path: Path | None = None) -> list[Judgment]:
    path = path or FIXTURES / "relevance.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            out.append(Judgment(data["query"], data["relevant"], tuple(data.get("tags", ()))))
    return out


def resolve_judgments(
    judgments: list[Judgment],
    keys: Mapping[str, str],
    query_text: Callable[[str], str] = str,
) -> list[Judgment]:
    """Judgments whose documents are named by stable names, with the names replaced by the keys
    they have in the index (``keys``: name → key) and each query passed through ``query_text``
    (the demo's queries may name a year relative to today: ``{Y-1}``). A name that does not
    resolve is an error, not a silently easier query."""
    missing = sorted({name for j in judgments for name in j.relevant if name not in keys})
    if missing:
        raise KeyError(f"{len(missing)} judged documents not found, e.g. {missing[:3]}")
    return [
        Judgment(
            query_text(j.query), {keys[name]: grade for name, grade in j.relevant.items()}, j.tags
        )
        for j in judgments
    ]


def reciprocal_rank(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    for i, key in enumerate(ranked[:k], start=1):
        if relevant.get(key):
            return 1.0 / i
    return 0.0


def recall(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    wanted = {key for key, grade in relevant.items() if grade}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    def dcg(grades: Iterable[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))

    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    return dcg(relevant.get(key, 0) for key in ranked[:k]) / ideal if ideal else 0.0


@dataclass
class Metrics:
    mrr: float
    recall: float
    ndcg: float
    queries: int
    per_query: list[tuple[str, float, list[str]]]

    def row(self) -> dict:
        return {
            "MRR@10": round(self.mrr, 3),
            "Recall@10": round(self.recall, 3),
            "nDCG@10": round(self.ndcg, 3),
            "queries": self.queries,
        }


def evaluate(ranker: Callable[[str], list[str]], judgments: list[Judgment], k: int = 10) -> Metrics:
    rr = rc = nd = 0.0
    per_query = []
    for j in judgments:
        ranked = ranker(j.query)[:k]
        r = reciprocal_rank(ranked, j.relevant, k)
        rr += r
        rc += recall(ranked, j.relevant, k)
        nd += ndcg(ranked, j.relevant, k)
        per_query.append((j.query, r, ranked))
    n = max(len(judgments), 1)
    return Metrics(rr / n, rc / n, nd / n, len(judgments), per_query)
