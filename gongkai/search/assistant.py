"""The Q&A assistant (智能问答): answers only by quoting sources, never by generating text.

1. **FAQ** — a staff-written answer from the knowledge base when the question matches one of
   its questions or variants confidently (word overlap with synonyms, plus embedding
   similarity when a model is configured; ``SEARCH_FAQ_THRESHOLD``).
2. **Passages** — otherwise the best sentences of the best-ranked published documents
   (extractive: one to three consecutive sentences, highlighted), each with its citation.
3. **None** — otherwise an honest "no answer" and how to ask a person: the OGI office's phone
   and hours, an online message, or an application for disclosure (依申请公开).

Every answer carries citations (``id``, ``title``, ``url``); the fixed texts below are the only
words the assistant writes itself.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

import numpy as np

from django.conf import settings

from gongkai.core.errors import InvalidInput
from gongkai.core.html import html_to_text
from gongkai.orgs.models import Organ
from gongkai.search import lexicon, retrieval
from gongkai.search.backends.base import Filters
from gongkai.search.documents import KINDS
from gongkai.search.embeddings import get_embedder
from gongkai.search.models import FaqEntry, IndexEntry
from gongkai.search.text import (
    STOPWORDS,
    AnalysedQuery,
    find_doc_numbers,
    mark,
    match_spans,
    normalise,
    sentences,
)

FAQ_THRESHOLD = 0.70  # benchmarks/search_faq_calibration.py: precision 0.86, recall 0.60, no FAQ answer for 75 other questions
# e5-small cosines between questions: unrelated ≈ 0.84–0.86, same topic but another question
# ≈ 0.91–0.95, paraphrases ≈ 0.92–0.98 — so similarity alone cannot decide; it is rescaled
# over this range and averaged with word overlap.
SIMILARITY_RANGE = {"e5-small-q4": (0.88, 0.98)}
PASSAGE_DOCUMENTS = 5
MAX_PASSAGES = 3
MIN_PASSAGE_COVERAGE = 0.5

NO_ANSWER = "抱歉，暂未找到能够回答这个问题的政策文件或常见问题解答。"


@dataclass
class Citation:
    id: str
    title: str
    url: str

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "url": self.url}


@dataclass
class Passage:
    citation: Citation
    text: str
    html: str
    kind: str
    organ_name: str


@dataclass
class Contact:
    organ_code: str
    organ_name: str
    office_name: str
    phone: str
    hours: str
    address: str
    email: str
    website: str


@dataclass
class Answer:
    question: str
    answer_type: str  # faq | passage | none
    answer: str
    citations: list[Citation] = field(default_factory=list)
    answer_html: str = ""
    passages: list[Passage] = field(default_factory=list)
    faq: FaqEntry | None = None
    confidence: float = 0.0
    contact: Contact | None = None

    def as_dict(self) -> dict:
        return {
            "answer_type": self.answer_type,
            "answer": self.answer,
            "citations": [c.as_dict() for c in self.citations],
        }


# --- FAQ matching -------------------------------------------------------------------------------


def _content_words(text: str, segmenter) -> set[str]:
    return {t for t in segmenter.cut(normalise(text)) if t not in STOPWORDS}


def _lexical_match(query: AnalysedQuery, text: str, segmenter) -> float:
    """F1 of the question's words (any synonym counts) against one FAQ wording."""
    words = _content_words(text, segmenter)
    groups = [g for g in query.groups if not g[0].startswith("dnx")]
    if not groups or not words:
        return 0.0
    norm = normalise(text)
    hit_groups = sum(1 for g in groups if any(alt in norm for alt in g))
    alternatives = {alt for g in groups for alt in g}
    hit_words = sum(1 for w in words if any(w in alt or alt in w for alt in alternatives))
    precision, recall = hit_words / len(words), hit_groups / len(groups)
    return 0.0 if not precision + recall else 2 * precision * recall / (precision + recall)


_faq_vectors: dict[tuple[str, str], np.ndarray] = {}


def _faq_similarity(question: str, texts: list[str], embedder) -> list[float]:
    if embedder is None or embedder.name not in SIMILARITY_RANGE:
        return [0.0] * len(texts)
    missing = [
        t
        for t in texts
        if (embedder.name, hashlib.sha1(t.encode()).hexdigest()) not in _faq_vectors
    ]
    if missing:
        for t, v in zip(missing, embedder.embed_queries(missing), strict=True):
            _faq_vectors[(embedder.name, hashlib.sha1(t.encode()).hexdigest())] = v
    qv = embedder.embed_queries([question])[0]
    low, high = SIMILARITY_RANGE[embedder.name]
    scores = []
    for t in texts:
        cos = float(_faq_vectors[(embedder.name, hashlib.sha1(t.encode()).hexdigest())] @ qv)
        scores.append(min(1.0, max(0.0, (cos - low) / (high - low))))
    return scores


def faq_match(
    question: str, query: AnalysedQuery, *, embedder=None
) -> tuple[FaqEntry | None, float]:
    """The FAQ entry whose question or a variant best matches, and the confidence (0–1).

    Symmetric embedding (both sides as ``query:``) is used: FAQ wordings are questions too.
    Confidence is the better of the word-overlap F1 and the mean of F1 and the rescaled
    embedding similarity — a paraphrase with few shared words can still match.
    """
    segmenter = lexicon.lexicon().segmenter
    entries = list(FaqEntry.objects.filter(is_active=True).select_related("organ"))
    wordings = [(e, text) for e in entries for text in [e.question, *e.variant_list()]]
    if not wordings:
        return None, 0.0
    similarity = _faq_similarity(question, [t for _, t in wordings], embedder)
    best, best_score = None, 0.0
    for (entry, text), sim in zip(wordings, similarity, strict=True):
        lexical = _lexical_match(query, text, segmenter)
        score = max(lexical, (lexical + sim) / 2) if sim else lexical
        if score > best_score:
            best, best_score = entry, score
    return best, round(best_score, 3)


# --- Passages -----------------------------------------------------------------------------------


def _best_passage(entry: IndexEntry, query: AnalysedQuery, segmenter) -> tuple[float, int, int]:
    """(coverage, start, end) of the best run of one to three sentences."""
    body = entry.body
    norm = normalise(body)
    groups = [g for g in query.groups if not g[0].startswith("dnx")]
    spans = sentences(body)
    if not spans or not groups:
        return 0.0, 0, 0
    numbers = set(query.doc_numbers)

    def covered(a: int, b: int) -> set[int]:
        text = norm[a:b]
        hit = {i for i, g in enumerate(groups) if any(alt in text for alt in g)}
        if numbers and any(numbers & set(n.candidates()) for n in find_doc_numbers(text)):
            hit.add(-1)
        return hit

    best = (0.0, 0, 0)
    for i, (start, _) in enumerate(spans):
        for width in (1, 2, 3):
            if i + width > len(spans):
                break
            end = spans[i + width - 1][1]
            if end - start > 260:
                break
            score = len(covered(start, end)) / len(groups) - 0.02 * (width - 1)
            if score > best[0] + 1e-9:
                best = (score, start, end)
    score, start, end = best
    if end and body[:end].rstrip().endswith(("？", "?")):  # a question heading: add its answer
        following = [span for span in spans if span[0] >= end]
        if following:
            end = following[0][1]
    return score, start, end


def _passages(query: AnalysedQuery, *, embedder=None) -> list[Passage]:
    segmenter = lexicon.lexicon().segmenter
    kinds = tuple(k for k in KINDS if k != "faq")
    ranked = retrieval.rank(query, Filters(kinds=kinds), "hybrid", embedder=embedder)
    top = ranked[:PASSAGE_DOCUMENTS]
    bodies = dict(
        IndexEntry.objects.filter(pk__in=[s.entry.pk for s in top]).values_list("pk", "body")
    )
    found = []
    for s in top:
        s.entry.body = bodies.get(s.entry.pk, "")
        score, start, end = _best_passage(s.entry, query, segmenter)
        if score < MIN_PASSAGE_COVERAGE and not s.exact:
            continue
        if s.exact and score < MIN_PASSAGE_COVERAGE:  # a document-number question: its opening
            first = sentences(s.entry.body)[:2]
            start, end = (first[0][0], first[-1][1]) if first else (0, 0)
        text = s.entry.body[start:end].strip()
        if not text:
            continue
        spans = match_spans(text, query, segmenter)
        found.append(
            Passage(
                citation=Citation(s.entry.key, s.entry.title, s.entry.url),
                text=text,
                html=mark(text, spans),
                kind=s.entry.kind,
                organ_name=s.entry.organ_name,
            )
        )
        if len(found) >= MAX_PASSAGES:
            break
    return found


# --- No answer ----------------------------------------------------------------------------------


def contact_for(organ_code: str | None = None) -> Contact | None:
    organ = None
    if organ_code:
        organ = Organ.objects.filter(code=organ_code, is_active=True).first()
    if organ is None:
        organ = Organ.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()
    if organ is None:
        return None
    return Contact(
        organ_code=organ.code,
        organ_name=organ.name,
        office_name=organ.office_name or organ.name,
        phone=organ.office_phone,
        hours=organ.office_hours,
        address=organ.office_address,
        email=organ.office_email,
        website=organ.office_website,
    )


def portal_url(name: str, default: str = "") -> str:
    """A portal page's address when the portal app provides it (``portal:apply`` for the
    application form, ``portal:contact`` for contacts), else ``default``."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name)
    except NoReverseMatch:
        return default


def no_answer_text(contact: Contact | None) -> str:
    lines = [NO_ANSWER, "您可以通过以下方式咨询工作人员："]
    if contact and contact.phone:
        hours = f"（{contact.hours}）" if contact.hours else ""
        lines.append(f"1. 拨打{contact.office_name}电话 {contact.phone}{hours}；")
    else:
        lines.append("1. 拨打12345政务服务便民热线；")
    lines.append("2. 在政府门户网站“政民互动”栏目网上留言，或拨打12345政务服务便民热线；")
    lines.append("3. 如需获取某项政府信息，可以依法提出政府信息公开申请（依申请公开）。")
    return "\n".join(lines)


# --- The assistant ------------------------------------------------------------------------------


def ask(
    question: str,
    *,
    organ_code: str | None = None,
    log_channel: str | None = None,
    embedder=None,
) -> Answer:
    text = " ".join((question or "").split())
    if not text:
        raise InvalidInput("请输入问题", field="question")
    if len(text) > 200:
        raise InvalidInput("问题不能超过200字", field="question")
    embedder = embedder if embedder is not None else get_embedder()
    query = retrieval.analyse(text)
    threshold = settings.GONGKAI.get("SEARCH_FAQ_THRESHOLD", FAQ_THRESHOLD)
    faq, confidence = faq_match(text, query, embedder=embedder)
    if faq is not None and confidence >= threshold:
        from django.urls import reverse

        answer_text = html_to_text(faq.answer)
        citations = [Citation(faq.key, faq.question, reverse("search:faq", args=[faq.pk]))]
        linked = {e.key: e for e in IndexEntry.objects.filter(key__in=faq.document_keys)}
        citations += [
            Citation(k, linked[k].title, linked[k].url) for k in faq.document_keys if k in linked
        ]
        answer = Answer(
            text,
            "faq",
            answer_text,
            citations,
            answer_html=faq.answer,
            faq=faq,
            confidence=confidence,
        )
    else:
        found = _passages(query, embedder=embedder)
        if found:
            answer = Answer(
                text,
                "passage",
                "\n".join(f"《{p.citation.title}》：{p.text}" for p in found),
                [p.citation for p in found],
                answer_html="".join(
                    f"<p>《{html.escape(p.citation.title)}》：{p.html}</p>" for p in found
                ),
                passages=found,
                confidence=confidence,
            )
        else:
            contact = contact_for(organ_code)
            citations = []
            if contact:
                citations.append(
                    Citation(
                        f"organ:{contact.organ_code}",
                        contact.office_name,
                        portal_url("portal:contact", "/"),
                    )
                )
            apply_url = portal_url("portal:apply")
            if apply_url:
                citations.append(Citation("portal:apply", "申请政府信息公开", apply_url))
            body = no_answer_text(contact)
            answer = Answer(
                text,
                "none",
                body,
                citations,
                answer_html="".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines()),
                contact=contact,
                confidence=confidence,
            )
    if log_channel:
        from gongkai.search.services import query_log

        query_log(
            channel="ask",
            query=text,
            result_count=len(answer.citations) if answer.answer_type != "none" else 0,
            answer_type=answer.answer_type,
        )
    return answer


_TAGS = re.compile(r"<[^>]+>")


def plain(html_text: str) -> str:
    return html.unescape(_TAGS.sub("", html_text))
