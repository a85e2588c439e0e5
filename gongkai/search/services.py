"""Search services: keep the index in step with published content, compute embeddings, and
manage the FAQ knowledge base, the dictionary and synonyms.

Content apps call ``search_index_update(doc)`` / ``search_index_remove(key)`` when they publish
or withdraw; both enqueue a background task (see ``documents`` for the contract).
``index_documents`` / ``remove_documents`` do the work synchronously (tasks, ``reindex``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np

from django.db import transaction

from gongkai.core.audit import audit_record
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.core.html import html_to_text, sanitize_html
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can
from gongkai.search import lexicon
from gongkai.search.backends import get_backend
from gongkai.search.backends.base import IndexRow
from gongkai.search.documents import SearchDocument, registered_sources
from gongkai.search.embeddings import Embedder, get_embedder, to_bytes
from gongkai.search.models import (
    DictionaryTerm,
    FaqEntry,
    IndexEntry,
    QueryLog,
    Synonym,
    VectorChunk,
)
from gongkai.search.text import find_doc_numbers, normalise, normalise_doc_number, passages

BATCH = 1000
MAX_CHUNKS = 40


# --- Index maintenance -------------------------------------------------------------------------


def search_index_update(doc: SearchDocument) -> None:
    """Index (or re-index) one document in the background (publish, edit)."""
    from gongkai.search.tasks import index_documents_task

    index_documents_task.enqueue([doc.as_dict()])


def search_index_remove(key: str) -> None:
    """Drop one document from the index in the background (withdraw, expire from view)."""
    from gongkai.search.tasks import remove_documents_task

    remove_documents_task.enqueue([key])


def _content_hash(doc: SearchDocument) -> str:
    return hashlib.sha1(f"{doc.title}\x00{doc.body}".encode()).hexdigest()


def _entry_fields(doc: SearchDocument) -> dict:
    norm = normalise(f"{doc.title}\n{doc.body}")
    mentioned = [c for n in find_doc_numbers(norm) for c in n.candidates()]
    return {
        "kind": doc.kind,
        "title": doc.title[:500],
        "body": doc.body,
        "url": doc.url[:500],
        "organ_code": doc.organ_code,
        "organ_name": doc.organ_name,
        "published_on": doc.published_on,
        "year": doc.year,
        "doc_number": doc.doc_number[:100],
        "doc_number_key": normalise_doc_number(doc.doc_number)[:100] if doc.doc_number else "",
        "mentioned_numbers": " ".join(dict.fromkeys(mentioned)),
        "category": doc.category[:100],
        "validity": doc.validity,
        "interprets_key": doc.interprets_key,
        "interpretation_keys": list(doc.interpretation_keys),
        "content_hash": _content_hash(doc),
    }


def index_row(entry: IndexEntry, segmenter=None) -> IndexRow:
    segmenter = segmenter or lexicon.lexicon().segmenter
    title = normalise(f"{entry.title} {entry.doc_number}")
    return IndexRow(
        id=entry.pk,
        key=entry.key,
        title=segmenter.index_text(title),
        body=segmenter.index_text(normalise(entry.body)),
        organ_code=entry.organ_code,
        kind=entry.kind,
        year=entry.year,
        category=entry.category,
        validity=entry.validity,
    )


@transaction.atomic
def index_documents(docs: Iterable[SearchDocument], *, backend=None) -> int:
    """Upsert entries and index them; passages whose text changed lose their vectors (the
    embedding task recomputes them). Returns the number indexed."""
    backend = backend or get_backend()
    segmenter = lexicon.lexicon().segmenter
    count = 0
    batch: list[SearchDocument] = []

    def flush():
        nonlocal count
        by_key = {d.key: d for d in batch}
        existing = {e.key: e for e in IndexEntry.objects.filter(key__in=by_key)}
        changed_ids, to_create, to_update = [], [], []
        for key, doc in by_key.items():
            fields = _entry_fields(doc)
            entry = existing.get(key)
            if entry is None:
                to_create.append(IndexEntry(key=key, **fields))
                continue
            if entry.content_hash != fields["content_hash"]:
                changed_ids.append(entry.pk)
            for name, value in fields.items():
                setattr(entry, name, value)
            to_update.append(entry)
        if changed_ids:
            VectorChunk.objects.filter(entry_id__in=changed_ids).delete()
        IndexEntry.objects.bulk_create(to_create, batch_size=BATCH)
        if to_update:
            IndexEntry.objects.bulk_update(
                to_update, [f for f in _entry_fields(batch[0]) if f != "key"], batch_size=500
            )
        entries = list(IndexEntry.objects.filter(key__in=by_key))
        backend.index([index_row(e, segmenter) for e in entries])
        count += len(entries)
        batch.clear()

    for doc in docs:
        batch.append(doc)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return count


@transaction.atomic
def remove_documents(keys: Sequence[str], *, backend=None) -> int:
    backend = backend or get_backend()
    keys = list(keys)
    backend.remove(keys)
    removed, _ = IndexEntry.objects.filter(key__in=keys).delete()
    if removed:
        lexicon.counter_bump(lexicon.VECTORS)
    return removed


def reindex(*, sources: Sequence[str] | None = None, backend=None) -> dict[str, int]:
    """Rebuild the index from the registered sources; entries a source no longer yields are
    removed. Vectors of unchanged texts are kept."""
    backend = backend or get_backend()
    available = registered_sources()
    names = list(sources) if sources else list(available)
    unknown = [n for n in names if n not in available]
    if unknown:
        raise InvalidInput(f"未知的数据来源：{'、'.join(unknown)}", field="sources")
    counts = {}
    for name in names:
        seen: set[str] = set()

        def tracked(docs, seen=seen):
            for doc in docs:
                seen.add(doc.key)
                yield doc

        counts[name] = index_documents(tracked(available[name]()), backend=backend)
        stale = [
            k
            for k in IndexEntry.objects.filter(key__startswith=f"{name}:").values_list(
                "key", flat=True
            )
            if k not in seen
        ]
        if stale:
            remove_documents(stale, backend=backend)
    backend.optimize()
    return counts


def reindex_entries(*, backend=None, batch: int = 2000) -> int:
    """Re-segment the stored entries into ``backend`` (after a dictionary change, or to fill
    another backend) without asking the sources again."""
    backend = backend or get_backend()
    segmenter = lexicon.lexicon().segmenter
    rows, count = [], 0
    for entry in IndexEntry.objects.order_by("pk").iterator(chunk_size=batch):
        rows.append(index_row(entry, segmenter))
        if len(rows) >= batch:
            backend.index(rows)
            count += len(rows)
            rows = []
    backend.index(rows)
    backend.optimize()
    return count + len(rows)


def index_clear(*, backend=None) -> None:
    backend = backend or get_backend()
    with transaction.atomic():
        backend.clear()
        IndexEntry.objects.all().delete()
        lexicon.counter_bump(lexicon.VECTORS)


# --- Embeddings --------------------------------------------------------------------------------


def chunk_texts(entry: IndexEntry) -> list[tuple[int, int, str]]:
    """(start, end, text to embed) for each passage: the title leads every passage so that
    a passage carries what it is about."""
    spans = passages(entry.body)[:MAX_CHUNKS] or [(0, 0)]
    return [(s, e, f"{entry.title}\n{entry.body[s:e]}".strip()) for s, e in spans]


def embed_pending(
    *, embedder: Embedder | None = None, limit: int | None = None, batch: int = 32
) -> int:
    """Compute the vectors of entries that have none for the embedder's model. Returns the
    number of entries embedded."""
    embedder = embedder or get_embedder()
    if embedder is None:
        return 0
    pending = IndexEntry.objects.exclude(vectors__model=embedder.name).order_by("pk")
    if limit:
        pending = pending[:limit]
    done = 0
    group: list[IndexEntry] = []

    def flush():
        nonlocal done
        chunks = [
            (e, i, s, en, text) for e in group for i, (s, en, text) in enumerate(chunk_texts(e))
        ]
        vectors = embedder.embed_passages([c[4] for c in chunks])
        with transaction.atomic():
            VectorChunk.objects.filter(entry__in=group, model=embedder.name).delete()
            VectorChunk.objects.bulk_create(
                [
                    VectorChunk(
                        entry=e, model=embedder.name, chunk=i, start=s, end=en, vector=to_bytes(v)
                    )
                    for (e, i, s, en, _), v in zip(chunks, vectors, strict=True)
                ]
            )
            lexicon.counter_bump(lexicon.VECTORS)
        done += len(group)
        group.clear()

    for entry in pending.iterator(chunk_size=200):
        group.append(entry)
        if len(group) >= batch:
            flush()
    if group:
        flush()
    return done


def vectors_store(*, model: str, rows: Iterable[tuple[int, int, int, int, np.ndarray]]) -> int:
    """Store precomputed vectors ``(entry id, chunk, start, end, vector)`` (benchmarks)."""
    objs = [
        VectorChunk(entry_id=e, model=model, chunk=c, start=s, end=en, vector=to_bytes(v))
        for e, c, s, en, v in rows
    ]
    VectorChunk.objects.bulk_create(objs, batch_size=5000)
    lexicon.counter_bump(lexicon.VECTORS)
    return len(objs)


# --- Query log (analytics) ---------------------------------------------------------------------


def query_log(*, channel: str, query: str, result_count: int, answer_type: str = "") -> None:
    """Record a query for staff analytics: the normalised text only — no user, no address."""
    text = " ".join(normalise(query).split())[:200]
    if text:
        QueryLog.objects.create(
            channel=channel, query=text, result_count=result_count, answer_type=answer_type
        )


# --- Dictionary and synonyms -------------------------------------------------------------------


def _vocabulary_changed() -> None:
    """Queries use the new words at once; documents once the background re-segmentation has
    run (a new dictionary word or synonym may split differently in the stored text)."""
    from gongkai.search.tasks import reindex_entries_task

    lexicon.counter_bump(lexicon.DICTIONARY)
    reindex_entries_task.enqueue()


def _require_manage(actor, organ=None) -> None:
    if actor is not None and not user_can(actor, Capability.FAQ_MANAGE, organ):
        raise NotAllowed("无权维护智能问答知识库")


@transaction.atomic
def dictionary_term_add(
    *, actor, word: str, frequency: int = 30000, note: str = ""
) -> DictionaryTerm:
    _require_manage(actor)
    word = normalise(word.strip())
    if not word or any(c.isspace() for c in word):
        raise InvalidInput("词语不能为空，也不能包含空格", field="word")
    term, _ = DictionaryTerm.objects.update_or_create(
        word=word, defaults={"frequency": frequency, "note": note}
    )
    _vocabulary_changed()
    audit_record(actor=actor, action="search_dictionary.add", target=term, data={"word": word})
    return term


@transaction.atomic
def synonym_save(*, actor, words: str, note: str = "", synonym: Synonym | None = None) -> Synonym:
    _require_manage(actor)
    synonym = synonym or Synonym()
    synonym.words = words.strip()
    synonym.note = note
    if len(synonym.word_list()) < 2:
        raise InvalidInput("同义词组至少需要两个词", field="words")
    synonym.save()
    _vocabulary_changed()
    audit_record(actor=actor, action="search_synonym.save", target=synonym, data={"words": words})
    return synonym


@transaction.atomic
def synonym_delete(*, actor, synonym: Synonym) -> None:
    _require_manage(actor)
    audit_record(actor=actor, action="search_synonym.delete", target=synonym)
    synonym.delete()
    _vocabulary_changed()


# --- FAQ knowledge base (智能问答知识库) -------------------------------------------------------


def faq_document(entry: FaqEntry) -> SearchDocument:
    from django.urls import reverse

    body = "\n".join([*entry.variant_list(), html_to_text(entry.answer)])
    return SearchDocument(
        key=entry.key,
        kind="faq",
        title=entry.question,
        body=body,
        url=reverse("search:faq", args=[entry.pk]),
        organ_code=entry.organ.code,
        organ_name=entry.organ.name,
        published_on=entry.updated_at.date() if entry.updated_at else None,
        category="常见问题",
    )


def _faq_clean(*, question: str, answer: str, variants: str, document_keys: list[str]) -> dict:
    errors: dict[str, list[str]] = {}
    question = question.strip()
    if not question:
        errors["question"] = ["请填写问题"]
    elif len(question) > 200:
        errors["question"] = ["问题不能超过200字"]
    clean_answer = sanitize_html(answer)
    if not html_to_text(clean_answer):
        errors["answer"] = ["请填写答案"]
    keys = [k.strip() for k in document_keys if k and k.strip()]
    bad = [k for k in keys if ":" not in k]
    if bad:
        errors["document_keys"] = [f"关联文件的键应形如 document:123：{bad[0]}"]
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(messages[0], field=field, errors=errors)
    lines = [v.strip() for v in variants.splitlines() if v.strip()]
    return {
        "question": question,
        "answer": clean_answer,
        "variants": "\n".join(dict.fromkeys(lines)),
        "document_keys": list(dict.fromkeys(keys)),
    }


@transaction.atomic
def faq_create(
    *,
    actor,
    organ: Organ,
    question: str,
    answer: str,
    variants: str = "",
    document_keys: Sequence[str] = (),
    owner=None,
    review_on: date | None = None,
    is_active: bool = True,
) -> FaqEntry:
    _require_manage(actor, organ)
    values = _faq_clean(
        question=question, answer=answer, variants=variants, document_keys=list(document_keys)
    )
    entry = FaqEntry.objects.create(
        organ=organ, owner=owner or actor, review_on=review_on, is_active=is_active, **values
    )
    audit_record(
        actor=actor,
        action="faq.create",
        target=entry,
        organ_id=organ.pk,
        data={"question": question},
    )
    _faq_reindex(entry)
    return entry


@transaction.atomic
def faq_update(*, actor, entry: FaqEntry, **changes) -> FaqEntry:
    entry = FaqEntry.objects.select_for_update().get(pk=entry.pk)
    _require_manage(actor, entry.organ)
    organ = changes.pop("organ", None)
    if organ is not None and organ.pk != entry.organ_id:
        _require_manage(actor, organ)
        entry.organ = organ
    values = _faq_clean(
        question=changes.get("question", entry.question),
        answer=changes.get("answer", entry.answer),
        variants=changes.get("variants", entry.variants),
        document_keys=list(changes.get("document_keys", entry.document_keys)),
    )
    for name, value in values.items():
        setattr(entry, name, value)
    for name in ("owner", "review_on", "is_active"):
        if name in changes:
            setattr(entry, name, changes[name])
    entry.save()
    audit_record(
        actor=actor,
        action="faq.update",
        target=entry,
        organ_id=entry.organ_id,
        data={"fields": sorted(changes)},
    )
    _faq_reindex(entry)
    return entry


@transaction.atomic
def faq_delete(*, actor, entry: FaqEntry) -> None:
    _require_manage(actor, entry.organ)
    key = entry.key
    audit_record(actor=actor, action="faq.delete", target=entry, organ_id=entry.organ_id)
    entry.delete()
    search_index_remove(key)


def _faq_reindex(entry: FaqEntry) -> None:
    if entry.is_active:
        search_index_update(faq_document(entry))
    else:
        search_index_remove(entry.key)
