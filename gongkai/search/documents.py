"""What search indexes: ``SearchDocument`` and the registry of sources — the contract between
content apps and search.

A content app (publications, reports, the FAQ knowledge base here) never touches the index
tables. It does two things:

1. **Registers a source** — a callable with no arguments that yields every ``SearchDocument``
   it currently publishes; ``gongkai reindex`` rebuilds the index from all sources::

       # gongkai/publications/apps.py
       def ready(self):
           from gongkai.search.documents import register_source
           from gongkai.publications.indexing import search_documents
           register_source("document", search_documents)

2. **Tells search when something changes**, in the service that publishes or withdraws::

       # gongkai/publications/indexing.py
       from gongkai.search.services import search_index_remove, search_index_update

       def document_changed(document):
           if document.is_public:
               search_index_update(to_search_document(document))
           else:
               search_index_remove(f"document:{document.pk}")

   Both calls only enqueue a background task (``gongkai.search.tasks``; the database queue by
   default, run inline under tests), so they are cheap inside the publishing transaction: the
   task row commits with it. Indexing a key again replaces it; removing an unknown key is a
   no-op.

Keys are ``"<source>:<id>"`` — ``"document:123"``, ``"faq:7"``, ``"report:qingshan:2025"`` — and
are stable: citations, related-interpretation links and analytics refer to them.

Text is plain: the body includes the text of attachments (the publications app extracts it).
Search keeps the original text for snippets and segments a normalised copy for the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

# Labels are UI text (translated); the keys are what the index stores.
KINDS = {
    "policy": _("政策文件"),
    "interpretation": _("政策解读"),
    "notice": _("通知公告"),
    "report": _("年度报告"),
    "faq": _("常见问题"),
    "other": _("其他"),
}
VALIDITY = {"valid": _("现行有效"), "expired": _("已失效"), "repealed": _("已废止")}


@dataclass(frozen=True)
class SearchDocument:
    """One searchable item, as its content app describes it.

    ``interprets_key`` is set on an interpretation (政策解读) and names the policy it explains;
    ``interpretation_keys`` on a policy lists its interpretations. Either side is enough: search
    links both ways.
    """

    key: str
    kind: str
    title: str
    body: str
    url: str
    organ_code: str = ""
    organ_name: str = ""
    published_on: date | None = None
    doc_number: str = ""  # 发文字号, e.g. 青山府规〔2024〕3号
    category: str = ""  # 主题分类
    validity: str = "valid"  # 有效性: valid / expired / repealed
    interprets_key: str = ""
    interpretation_keys: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not self.key or ":" not in self.key or len(self.key) > 120:
            raise ValueError(f"search key must look like 'source:id' (≤120 chars): {self.key!r}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; one of {sorted(KINDS)}")
        if self.validity not in VALIDITY:
            raise ValueError(f"unknown validity {self.validity!r}; one of {sorted(VALIDITY)}")
        if not self.title.strip():
            raise ValueError(f"{self.key}: title is empty")

    @property
    def year(self) -> int | None:
        return self.published_on.year if self.published_on else None

    def as_dict(self) -> dict:
        """JSON-safe form (task arguments)."""
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "url": self.url,
            "organ_code": self.organ_code,
            "organ_name": self.organ_name,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "doc_number": self.doc_number,
            "category": self.category,
            "validity": self.validity,
            "interprets_key": self.interprets_key,
            "interpretation_keys": list(self.interpretation_keys),
        }

    @classmethod
    def from_dict(cls, data: dict) -> SearchDocument:
        values = dict(data)
        if values.get("published_on"):
            values["published_on"] = date.fromisoformat(values["published_on"])
        values["interpretation_keys"] = tuple(values.get("interpretation_keys") or ())
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in values.items() if k in known})


Source = Callable[[], Iterable[SearchDocument]]
_SOURCES: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """Register (or replace) the source named ``name`` — the key prefix of its documents."""
    _SOURCES[name] = source


def unregister_source(name: str) -> None:
    _SOURCES.pop(name, None)


def registered_sources() -> dict[str, Source]:
    return dict(_SOURCES)
