"""Background tasks (django-tasks): scheduled publication. Enqueue ``publish_due`` from a
scheduler every few minutes, or run ``gongkai publications publish-due`` from cron."""

from __future__ import annotations

from django_tasks import task

from gongkai.publications.services.documents import documents_publish_due


@task()
def publish_due() -> dict:
    published, problems = documents_publish_due()
    return {"published": [d.pk for d in published], "problems": problems}


@task()
def search_sync(document_id: int) -> str:
    """Bring the search index in line with one document: indexed while it is public, removed
    otherwise (withdrawn, deleted)."""
    from gongkai.publications import indexing
    from gongkai.search.services import search_index_remove, search_index_update

    document = indexing.public_documents().filter(pk=document_id).first()
    if document is None:
        search_index_remove(indexing.search_key(document_id))
        return "removed"
    search_index_update(indexing.to_search_document(document))
    return "indexed"
