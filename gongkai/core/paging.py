"""Paging for lists that grow to hundreds of thousands of rows (the case archive).

Two costs dominate a big page: counting every row, and sorting wide joined rows to keep 25.
``CappedPaginator`` caps the count (the page says “超过 10000 件” and the user narrows with
search) and pages *id-first*: the sort runs over primary keys only, then the 25 rows are fetched
with their joins by key."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    cap = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
