"""The backend interface. A backend holds only the inverted index of pre-segmented text; the
entries (original text, facets) are rows of ``search_entry`` shared by every backend.

Queries arrive analysed (``text.AnalysedQuery``): groups of alternative tokens, AND across
groups (``operator="and"``) or any group (``"or"``). Scores are the backend's BM25-family
relevance, higher is better (SQLite FTS5 and tantivy: BM25; PostgreSQL: ``ts_rank``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.search.text import AnalysedQuery


@dataclass(frozen=True)
class Filters:
    organs: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()
    validity: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any((self.organs, self.kinds, self.years, self.categories, self.validity))

    def accepts(self, entry) -> bool:
        """The same filter applied to an entry row (for vector-only hits)."""
        return (
            (not self.organs or entry.organ_code in self.organs)
            and (not self.kinds or entry.kind in self.kinds)
            and (not self.years or entry.year in self.years)
            and (not self.categories or entry.category in self.categories)
            and (not self.validity or entry.validity in self.validity)
        )

    def sql(self, alias: str = "e") -> tuple[str, list]:
        """``AND …`` conditions on ``search_entry`` and their parameters."""
        parts, params = [], []
        for column, values in (
            ("organ_code", self.organs),
            ("kind", self.kinds),
            ("year", self.years),
            ("category", self.categories),
            ("validity", self.validity),
        ):
            if values:
                parts.append(f"{alias}.{column} IN ({', '.join(['%s'] * len(values))})")
                params.extend(values)
        return "".join(f" AND {p}" for p in parts), params


NO_FILTERS = Filters()


@dataclass(frozen=True)
class IndexRow:
    """What a backend indexes for one entry: segmented text and the filter fields."""

    id: int
    key: str
    title: str  # segmented, space-separated tokens (title, document number)
    body: str  # segmented body
    organ_code: str = ""
    kind: str = ""
    year: int | None = None
    category: str = ""
    validity: str = "valid"


@dataclass(frozen=True)
class Hit:
    key: str
    score: float


@dataclass
class BackendResult:
    hits: list[Hit]
    total: int


class SearchBackend(ABC):
    name: str = ""
    title_weight = 4.0

    @abstractmethod
    def index(self, rows: Sequence[IndexRow]) -> None:
        """Add or replace these entries."""

    @abstractmethod
    def remove(self, keys: Sequence[str]) -> None:
        """Forget these entries (unknown keys are ignored). Called before the rows go."""

    @abstractmethod
    def search(
        self,
        query: AnalysedQuery,
        filters: Filters = NO_FILTERS,
        limit: int = 10,
        offset: int = 0,
        operator: str = "and",
        with_total: bool = True,
    ) -> BackendResult:
        """Best hits first; ``total`` counts every match (-1 when ``with_total`` is False and
        counting would cost another query)."""

    @abstractmethod
    def count(
        self,
        query: AnalysedQuery | None = None,
        filters: Filters = NO_FILTERS,
        operator: str = "and",
        at_most: int | None = None,
    ) -> int:
        """Matches of ``query`` (every indexed entry when None); counting may stop at
        ``at_most`` (a bound is enough to tell a common word from a rare one)."""

    @abstractmethod
    def clear(self) -> None:
        """Empty the index."""

    def optimize(self) -> None:  # noqa: B027 - optional
        """Compact after a bulk load (optional)."""
