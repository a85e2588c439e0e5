"""Publications as a search source (the contract is ``gongkai.search.documents``).

Every service that makes a document appear in, change in, or disappear from the public catalogue
calls :func:`document_changed` with the saved document, inside its transaction. That enqueues
:func:`gongkai.publications.tasks.search_sync` with the document's id: the task row commits with
the publication (a rolled-back publication is never indexed) and the slow part — the text of PDF,
DOCX and XLSX attachments — runs in the background, not in the reviewer's request.

``search_documents`` yields every public document for ``gongkai reindex``.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.core.html import html_to_text
from gongkai.core.textextract import extract_text
from gongkai.search.documents import SearchDocument


def document_changed(document) -> None:
    """Called after ``document`` was published, updated while public, re-validated or
    withdrawn (``document.is_public`` says which)."""
    from gongkai.publications.tasks import search_sync

    search_sync.enqueue(document.pk)


def search_key(document_id: int) -> str:
    return f"document:{document_id}"


def attachment_text(attachment) -> str:
    with attachment.file.open("rb") as handle:
        data = handle.read()
    return extract_text(data, attachment.content_type)


def to_search_document(document) -> SearchDocument:
    """One published document as search sees it: metadata, the body as plain text, then the
    text of each attachment under its file name."""
    parts = [document.summary, html_to_text(document.body)]
    for attachment in document.attachments.all():
        text = attachment_text(attachment)
        if text:
            parts.append(f"附件：{attachment.original_name}\n{text}")
    return SearchDocument(
        key=search_key(document.pk),
        kind=document.kind,
        title=document.title,
        body="\n\n".join(p for p in parts if p),
        url=document.get_absolute_url(),
        organ_code=document.organ.code,
        organ_name=document.publisher_name or document.organ.name,
        published_on=document.published_on,
        doc_number=document.doc_number,
        category=document.category.name if document.category_id else "",
        validity=document.validity,
        interprets_key=search_key(document.interprets_id) if document.interprets_id else "",
    )


def public_documents():
    from gongkai.publications.models import Document, State

    return (
        Document.objects.filter(state=State.PUBLISHED)
        .select_related("organ", "category")
        .prefetch_related("attachments")
    )


def search_documents() -> Iterator[SearchDocument]:
    for document in public_documents().order_by("pk").iterator(chunk_size=500):
        yield to_search_document(document)
