"""Published annual reports as a search source (the contract is ``gongkai.search.documents``).

A citizen searching for “青山区2025年依申请公开数量” should find the report itself. Publishing a
report (or its correction, which replaces it under the same key) enqueues its indexing;
``search_documents`` yields every published report for ``gongkai reindex``.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from gongkai.core.html import html_to_text
from gongkai.search.documents import SearchDocument


def search_key(report) -> str:
    return f"report:{report.organ.code}:{report.year}"


def to_search_document(report) -> SearchDocument:
    """The report as the public reads it: title, narrative and the tables' text."""
    from gongkai.reports.render import render_html
    from gongkai.reports.services import report_document

    document = report_document(report)
    published = timezone.localtime(report.published_at).date() if report.published_at else None
    return SearchDocument(
        key=search_key(report),
        kind="report",
        title=document.title,
        body=html_to_text(render_html(document, standalone=False)),
        url=reverse("annual:report", args=[report.organ.code, report.year]),
        organ_code=report.organ.code,
        organ_name=report.organ.name,
        published_on=published,
    )


def report_published(report) -> None:
    """Called inside the publishing transaction; the task row commits with it."""
    from gongkai.search.services import search_index_update

    search_index_update(to_search_document(report))


def search_documents() -> Iterator[SearchDocument]:
    from gongkai.reports.selectors import published_reports

    for report in published_reports().order_by("pk").iterator(chunk_size=100):
        yield to_search_document(report)
