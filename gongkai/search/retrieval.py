"""Retrieval: analyse the query, rank with BM25 and embeddings, fuse, boost, and build the
page a person sees (facets, snippets, related interpretations, suggestions).

Three methods, the same entries:

- ``like``: the naive baseline — ``title/body LIKE '%query%'`` (benchmarks only).
- ``bm25``: the backend's BM25 over segmented text. Every query word must match (AND); when
  that finds too little, any informative word may, and hits are ordered by how much of the
  query they cover (see ``lexical_ranking``).
- ``hybrid`` (default): ``bm25`` fused with nearest passages by embedding (reciprocal rank
  fusion, k=10; BM25 weighs half when it had to fall back to any-word matching). Without
  vectors it is ``bm25``.

Then, for every method: an exact document-number match goes first; a title that contains the
whole query is boosted; documents no longer in force (已失效/已废止) are pushed down.
"""

from __future__ import annotations

import math
import time
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext, gettext_lazy

from gongkai.search import lexicon
from gongkai.search.backends import get_backend
from gongkai.search.backends.base import NO_FILTERS, Filters
from gongkai.search.documents import KINDS, VALIDITY
from gongkai.search.embeddings import VectorMatrix, get_embedder, vector_matrix
from gongkai.search.models import IndexEntry, VectorChunk
from gongkai.search.text import AnalysedQuery, analyse_query, coverage, highlight, mark, normalise

METHODS = ("like", "bm25", "hybrid")
RRF_K = 10
# Fusion weights: when every query word matched (AND), BM25 is trusted more; when BM25 had to
# fall back to any-word matching, the embedding ranking is trusted more.
WEIGHTS_FULL_MATCH = (1.0, 1.0)  # (lexical, vector)
WEIGHTS_PARTIAL_MATCH = (0.5, 1.0)
LEXICAL_CAP = 100
VECTOR_CAP = 100
MAX_RESULTS = 200
OR_FALLBACK_BELOW = 5
COMMON_SHARE = 0.05
BOOST_HEAD = 50
TITLE_BOOST = 1.25
OUT_OF_FORCE = 0.7
# Below this cosine a passage is not considered related at all (multilingual-e5 scores
# unrelated Chinese text around 0.78–0.81; see benchmarks/search_relevance.py).
VECTOR_FLOOR = {"e5-small-q4": 0.80, "hash-256": 0.25}


def _setting(name: str, default):
    return settings.GONGKAI.get(name, default)


# --- Query analysis ---------------------------------------------------------------------------


def analyse(raw: str) -> AnalysedQuery:
    """The query analysed with the current dictionary and synonyms; a document number is
    resolved to the one an indexed document carries when the prefix was written loosely."""
    lex = lexicon.lexicon()
    query = analyse_query(raw, lex.segmenter, lex.synonyms)
    if not query.doc_numbers:
        return query
    wanted = [c for cands in query.doc_number_candidates for c in cands]
    known = set(
        IndexEntry.objects.filter(doc_number_key__in=wanted).values_list(
            "doc_number_key", flat=True
        )
    )
    resolved = [
        next((c for c in cands if c in known), cands[0]) for cands in query.doc_number_candidates
    ]
    return query.with_doc_numbers(resolved)


# --- Ranking ----------------------------------------------------------------------------------


@dataclass
class Scored:
    entry: IndexEntry
    score: float = 0.0
    exact: bool = False
    lexical_rank: int | None = None
    vector_rank: int | None = None
    similarity: float | None = None
    passage: tuple[int, int] | None = None


RANKING_FIELDS = (
    "key",
    "kind",
    "title",
    "url",
    "organ_code",
    "organ_name",
    "published_on",
    "year",
    "doc_number",
    "doc_number_key",
    "mentioned_numbers",
    "category",
    "validity",
    "interprets_key",
    "interpretation_keys",
)


def _entries(keys=None, ids=None) -> dict:
    """Entries without their bodies (ranking needs only the metadata)."""
    qs = IndexEntry.objects.only(*RANKING_FIELDS)
    if keys is not None:
        return {e.key: e for e in qs.filter(key__in=list(keys))}
    return {e.pk: e for e in qs.filter(pk__in=list(ids))}


_totals: dict[str, tuple[float, int]] = {}


def _indexed_total(backend) -> int:
    """How many documents the backend holds, for idf — counting a large index costs a scan,
    so the figure is reused for ten minutes."""
    now = time.monotonic()
    cached = _totals.get(backend.name)
    if cached is None or now - cached[0] > 600:
        cached = (now, max(backend.count(), 1))
        _totals[backend.name] = cached
    return cached[1]


def lexical_ranking(
    query: AnalysedQuery, filters: Filters, backend=None
) -> tuple[list[Scored], bool]:
    """BM25 candidates, and whether they matched every query word.

    When all the words together find fewer than ``OR_FALLBACK_BELOW`` documents, any word may
    match: the candidates are the BM25 hits of the query's informative words (those in at most
    ``COMMON_SHARE`` of the documents — an any-word query on a common word would rank most of
    a large index), ordered by how much of the whole query they contain, each word weighted by
    its rarity (idf), then by BM25.
    """
    backend = backend or get_backend()
    if query.is_empty:
        return [], False
    hits = backend.search(query, filters, limit=LEXICAL_CAP, operator="and", with_total=False).hits
    if len(hits) >= OR_FALLBACK_BELOW or len(query.groups) < 2:
        entries = _entries(keys=[h.key for h in hits])
        return [
            Scored(entries[h.key], lexical_rank=i) for i, h in enumerate(hits) if h.key in entries
        ], True
    total = _indexed_total(backend)
    common = int(total * COMMON_SHARE) + 1
    frequency = [backend.count(AnalysedQuery("", "", (g,)), at_most=common) for g in query.groups]
    informative = (
        tuple(g for g, df in zip(query.groups, frequency, strict=True) if 0 < df < common)
        or query.groups
    )
    seen = {h.key for h in hits}
    relaxed = AnalysedQuery(query.raw, query.normalised, informative, query.doc_numbers)
    more = backend.search(relaxed, filters, limit=LEXICAL_CAP, operator="or", with_total=False)
    hits = hits + [h for h in more.hits if h.key not in seen]
    entries = _entries(keys=[h.key for h in hits])
    ranked = [
        Scored(entries[h.key], lexical_rank=i) for i, h in enumerate(hits) if h.key in entries
    ]
    weights = [math.log(1 + total / (df + 1)) for df in frequency]
    bodies = dict(
        IndexEntry.objects.filter(pk__in=[s.entry.pk for s in ranked]).values_list("pk", "body")
    )

    def covered(s: Scored) -> float:
        text = normalise(f"{s.entry.title}\n{bodies.get(s.entry.pk, '')}")
        numbers = s.entry.mentioned_numbers.split()
        got = sum(
            w
            for w, g in zip(weights, query.groups, strict=True)
            if coverage(AnalysedQuery("", "", (g,)), text, numbers) > 0
        )
        return round(got / sum(weights), 1) if sum(weights) else 0.0

    ranked.sort(key=lambda s: (-covered(s), s.lexical_rank))
    for i, s in enumerate(ranked):
        s.lexical_rank = i
    return ranked, False


def _matrix(model: str) -> VectorMatrix:
    def load() -> VectorMatrix:
        rows = list(
            VectorChunk.objects.filter(model=model)
            .order_by("entry_id", "chunk")
            .values_list("entry_id", "start", "end", "vector")
        )
        if not rows:
            return VectorMatrix(
                0, np.zeros(0, np.int64), np.zeros(0), np.zeros(0), np.zeros((0, 1))
            )
        ids, starts, ends, blobs = zip(*rows, strict=True)
        matrix = np.frombuffer(b"".join(bytes(b) for b in blobs), dtype=np.float32).reshape(
            len(rows), -1
        )
        return VectorMatrix(
            0, np.asarray(ids, np.int64), np.asarray(starts), np.asarray(ends), matrix
        )

    return vector_matrix(model, lexicon.counter_value(lexicon.VECTORS), load)


def vector_ranking(query: AnalysedQuery, filters: Filters, embedder=None) -> list[Scored]:
    embedder = embedder if embedder is not None else get_embedder()
    if embedder is None or not query.normalised.strip():
        return []
    matrix = _matrix(embedder.name)
    if not len(matrix.entry_ids):
        return []
    qvec = embedder.embed_queries([query.normalised])[0]
    floor = {**VECTOR_FLOOR, **_setting("SEARCH_VECTOR_FLOOR", {})}.get(embedder.name, -1.0)
    top = [t for t in matrix.top_entries(qvec, VECTOR_CAP * 2) if t[1] >= floor]
    entries = _entries(ids=[t[0] for t in top])
    ranked = []
    for entry_id, similarity, row in top:
        entry = entries.get(entry_id)
        if entry is None or (filters and not filters.accepts(entry)):
            continue
        ranked.append(
            Scored(
                entry,
                vector_rank=len(ranked),
                similarity=similarity,
                passage=(int(matrix.starts[row]), int(matrix.ends[row])),
            )
        )
        if len(ranked) >= VECTOR_CAP:
            break
    return ranked


def like_ranking(raw: str, filters: Filters) -> list[Scored]:
    """The naive baseline: the query string as typed, ``LIKE '%query%'`` on title or body."""
    text = raw.strip()
    if not text:
        return []
    qs = IndexEntry.objects.filter(Q(title__icontains=text) | Q(body__icontains=text))
    for column, values in (
        ("organ_code", filters.organs),
        ("kind", filters.kinds),
        ("year", filters.years),
        ("category", filters.categories),
        ("validity", filters.validity),
    ):
        if values:
            qs = qs.filter(**{f"{column}__in": values})
    qs = qs.annotate(
        in_title=Case(
            When(title__icontains=text, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-in_title", "-published_on", "pk")
    return [Scored(e, lexical_rank=i) for i, e in enumerate(qs[:MAX_RESULTS])]


def rank(
    query: AnalysedQuery,
    filters: Filters = NO_FILTERS,
    method: str = "hybrid",
    *,
    backend=None,
    embedder=None,
) -> list[Scored]:
    """Every candidate, best first (at most ``MAX_RESULTS``)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    if method == "like":
        return like_ranking(query.raw, filters)
    fused: dict[str, Scored] = {}
    lexical, full = lexical_ranking(query, filters, backend)
    w_lexical, w_vector = WEIGHTS_FULL_MATCH if full else WEIGHTS_PARTIAL_MATCH
    for s in lexical:
        s.score = w_lexical / (RRF_K + s.lexical_rank)
        fused[s.entry.key] = s
    if method == "hybrid":
        for s in vector_ranking(query, filters, embedder):
            target = fused.get(s.entry.key)
            if target is None:
                fused[s.entry.key] = target = s
            else:
                target.vector_rank, target.similarity, target.passage = (
                    s.vector_rank,
                    s.similarity,
                    s.passage,
                )
            target.score += w_vector / (RRF_K + s.vector_rank)
    if query.doc_numbers:
        exact = IndexEntry.objects.filter(doc_number_key__in=query.doc_numbers).only(
            *RANKING_FIELDS
        )
        for entry in exact:
            if filters and not filters.accepts(entry):
                continue
            scored = fused.setdefault(entry.key, Scored(entry))
            scored.exact = True
    terms = [g for g in query.groups if not g[0].startswith("dnx")]
    # Boosts reorder the head of the list; the tail keeps its fused order.
    head = sorted(fused.values(), key=lambda s: (-s.score, s.entry.pk))[:BOOST_HEAD]
    for s in head:
        if terms:
            title = normalise(s.entry.title)
            if all(any(alt in title for alt in group) for group in terms):
                s.score *= TITLE_BOOST
        if s.entry.validity != "valid":
            s.score *= OUT_OF_FORCE
        if s.exact:
            s.score += 1.0
    boosted = {id(s) for s in head}
    for s in fused.values():
        if s.exact and id(s) not in boosted:
            s.score += 1.0
    ordered = sorted(fused.values(), key=lambda s: (-s.score, s.entry.pk))
    return ordered[:MAX_RESULTS]


# --- The result page --------------------------------------------------------------------------


@dataclass
class Link:
    key: str
    title: str
    url: str


@dataclass
class Result:
    key: str
    kind: str
    title: str
    title_html: str
    url: str
    organ_code: str
    organ_name: str
    published_on: date | None
    doc_number: str
    category: str
    validity: str
    score: float
    snippet: str
    exact: bool = False
    related: list[Link] = field(default_factory=list)
    interprets: Link | None = None

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def validity_label(self) -> str:
        return VALIDITY.get(self.validity, self.validity)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchPage:
    query: str
    analysed: AnalysedQuery
    method: str
    filters: Filters
    results: list[Result]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[FacetValue]]
    suggestions: list[str]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


FACET_NAMES = {
    "organ": gettext_lazy("发布机关"),
    "year": gettext_lazy("年份"),
    "kind": gettext_lazy("类别"),
    "category": gettext_lazy("主题分类"),
    "validity": gettext_lazy("有效性"),
}
CONTENT_FACETS = ("organ", "category")  # labels are names from the data, not UI text


def _facet_label(name: str, value: str, entry: IndexEntry) -> str:
    """The text shown for a facet value: names from the data as they are, UI labels translated."""
    if name == "organ":
        return entry.organ_name or value
    if name == "year":
        return gettext("%(year)s年") % {"year": value}
    if name == "kind":
        return str(KINDS.get(value, value))
    if name == "validity":
        return str(VALIDITY.get(value, value))
    return value


def facets(scored: list[Scored], filters: Filters) -> dict[str, list[FacetValue]]:
    tallies: dict[str, Tally] = {name: Tally() for name in FACET_NAMES}
    first: dict[tuple[str, str], IndexEntry] = {}  # an entry with that value, for its label
    for s in scored:
        e = s.entry
        for name, value in (
            ("organ", e.organ_code),
            ("year", str(e.year) if e.year else ""),
            ("kind", e.kind),
            ("category", e.category),
            ("validity", e.validity),
        ):
            if value:
                tallies[name][value] += 1
                first.setdefault((name, value), e)
    labels = {key: _facet_label(*key, entry) for key, entry in first.items()}
    selected = {
        "organ": set(filters.organs),
        "year": {str(y) for y in filters.years},
        "kind": set(filters.kinds),
        "category": set(filters.categories),
        "validity": set(filters.validity),
    }
    out = {}
    for name, tally in tallies.items():
        values = sorted(
            tally.items(), key=lambda kv: (-int(kv[0]) if name == "year" else -kv[1], kv[0])
        )
        out[name] = [FacetValue(v, labels[(name, v)], c, v in selected[name]) for v, c in values]
    return out


def _related(results: list[Result]) -> None:
    """Attach each policy's interpretations (either side may declare the link) and each
    interpretation's policy."""
    keys = [r.key for r in results]
    wanted = {k for r in results for k in _entry_of(r).interpretation_keys}
    wanted |= {_entry_of(r).interprets_key for r in results if _entry_of(r).interprets_key}
    linked = IndexEntry.objects.filter(Q(key__in=wanted) | Q(interprets_key__in=keys)).only(
        "key", "title", "url", "interprets_key"
    )
    by_key = {e.key: e for e in linked}
    reverse: dict[str, list] = {}
    for e in linked:
        if e.interprets_key:
            reverse.setdefault(e.interprets_key, []).append(e)
    for r in results:
        entry = _entry_of(r)
        found = [by_key[k] for k in entry.interpretation_keys if k in by_key]
        found += [e for e in reverse.get(r.key, []) if e not in found]
        r.related = [Link(e.key, e.title, e.url) for e in found if e.key != r.key]
        if entry.interprets_key in by_key:
            target = by_key[entry.interprets_key]
            r.interprets = Link(target.key, target.title, target.url)


def _entry_of(result: Result) -> IndexEntry:
    return result._entry  # type: ignore[attr-defined]


def to_result(s: Scored, query: AnalysedQuery) -> Result:
    lex = lexicon.lexicon()
    e = s.entry
    norm_title = normalise(e.title)
    from gongkai.search.text import match_spans

    title_html = mark(e.title, match_spans(e.title, query, lex.segmenter, norm_title))
    snippet = highlight(e.body, query, lex.segmenter) if e.body else ""
    if s.passage and "<mark>" not in snippet:
        start, end = s.passage
        snippet = highlight(e.body[start:end], query, lex.segmenter, width=120)
    result = Result(
        key=e.key,
        kind=e.kind,
        title=e.title,
        title_html=title_html,
        url=e.url,
        organ_code=e.organ_code,
        organ_name=e.organ_name,
        published_on=e.published_on,
        doc_number=e.doc_number,
        category=e.category,
        validity=e.validity,
        score=round(s.score, 6),
        snippet=snippet,
        exact=s.exact,
    )
    result._entry = e  # type: ignore[attr-defined]
    return result


def suggestions_for(query: AnalysedQuery, filters: Filters, backend=None) -> list[str]:
    """When nothing is found: the query's words that do find something, then frequent
    successful queries."""
    from gongkai.search.selectors import popular_queries

    backend = backend or get_backend()
    out = []
    for group in query.groups:
        if group[0].startswith("dnx"):
            continue
        if backend.count(AnalysedQuery("", "", (group,)), at_most=1) > 0:
            out.append(group[0])
    for text in popular_queries(limit=5):
        if text not in out and text != query.normalised:
            out.append(text)
    return out[:6]


def search(
    raw: str,
    *,
    filters: Filters = NO_FILTERS,
    page: int = 1,
    per_page: int = 10,
    method: str = "hybrid",
    log_channel: str | None = None,
) -> SearchPage:
    query = analyse(raw)
    scored = rank(query, filters, method)
    total = len(scored)
    page = max(1, page)
    window = scored[(page - 1) * per_page : page * per_page]
    bodies = dict(
        IndexEntry.objects.filter(pk__in=[s.entry.pk for s in window]).values_list("pk", "body")
    )
    for s in window:
        s.entry.body = bodies.get(s.entry.pk, "")
    results = [to_result(s, query) for s in window]
    _related(results)
    suggestions = suggestions_for(query, filters) if not scored else []
    if log_channel and page == 1:
        from gongkai.search.services import query_log

        query_log(channel=log_channel, query=raw, result_count=total)
    return SearchPage(
        query=raw,
        analysed=query,
        method=method,
        filters=filters,
        results=results,
        total=total,
        page=page,
        per_page=per_page,
        facets=facets(scored, filters),
        suggestions=suggestions,
    )
