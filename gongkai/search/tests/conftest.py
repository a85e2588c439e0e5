"""Search test fixtures: the judged fixture corpus indexed into each backend.

``backend`` runs a test once on the database's own backend (SQLite FTS5, or PostgreSQL full
text when the suite runs on PostgreSQL) and once on tantivy.
"""

from __future__ import annotations

import pytest

from gongkai.orgs.models import Organ
from gongkai.orgs.services import organ_create
from gongkai.search import lexicon, retrieval
from gongkai.search.backends import _cache as backend_cache
from gongkai.search.embeddings import forget_matrices
from gongkai.search.evaluation import load_corpus, load_faq

ORGANS = {
    "qingshan": ("江州市青山区人民政府", "青山区政府", "0799-82100001"),
    "qingshan-rsj": ("江州市青山区人力资源和社会保障局", "区人社局", "0799-80110011"),
    "qingshan-zjj": ("江州市青山区住房和城乡建设局", "区住房城乡建设局", "0799-80140014"),
    "qingshan-jyj": ("江州市青山区教育局", "区教育局", "0799-80040004"),
    "qingshan-mzj": ("江州市青山区民政局", "区民政局", "0799-80080008"),
    "qingshan-ybj": ("江州市青山区医疗保障局", "区医保局", "0799-80270027"),
    "qingshan-xzsp": ("江州市青山区行政审批局", "区行政审批局", "0799-80390039"),
}


@pytest.fixture(autouse=True)
def _fresh_search_caches(settings, tmp_path):
    """Per-test caches and a per-test tantivy directory (the database rolls back, tantivy's
    files would not). The index size used for idf is cached for ten minutes: a test that
    indexes a different corpus must not rank with the previous test's count."""
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_TANTIVY_PATH": str(tmp_path / "tantivy")}
    retrieval._totals.clear()
    lexicon.forget()
    forget_matrices()
    backend_cache.clear()
    yield
    backend_cache.clear()


@pytest.fixture(params=["db", "tantivy"])
def backend(request, settings):
    name = "auto" if request.param == "db" else "tantivy"
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_BACKEND": name}
    from gongkai.search.backends import get_backend

    return get_backend()


@pytest.fixture
def qingshan(db):
    """The demo district's government and the departments the fixtures use."""
    gov = organ_create(
        actor=None,
        code="qingshan",
        name=ORGANS["qingshan"][0],
        short_name=ORGANS["qingshan"][1],
        level=Organ.Level.GOVERNMENT,
        office_name="青山区人民政府办公室（区政务公开办公室）",
        office_phone=ORGANS["qingshan"][2],
        office_hours="工作日 上午9:00—12:00，下午14:00—17:30",
    )
    organs = {"qingshan": gov}
    for code, (name, short, phone) in ORGANS.items():
        if code != "qingshan":
            organs[code] = organ_create(
                actor=None,
                code=code,
                name=name,
                short_name=short,
                level=Organ.Level.DEPARTMENT,
                parent=gov,
                office_name=f"{short}办公室",
                office_phone=phone,
            )
    return organs


@pytest.fixture
def corpus(db, backend):
    """The 122 fixture documents, indexed (BM25 only: no vectors)."""
    from gongkai.search.services import index_documents

    docs = list(load_corpus())
    index_documents(docs)
    return {d.key: d for d in docs}


@pytest.fixture
def faq(qingshan):
    """The fixture FAQ entries, created through the service (indexed by the inline task)."""
    from gongkai.search.services import faq_create

    return [
        faq_create(
            actor=None,
            organ=qingshan[row["organ"]],
            question=row["question"],
            variants="\n".join(row["variants"]),
            answer=row["answer"],
            document_keys=row["document_keys"],
        )
        for row in load_faq()
    ]
