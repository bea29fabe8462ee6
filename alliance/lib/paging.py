"""A paginator that stops counting at a cap.

COUNT(*) over a broad filter ("all companies") scans every match; at 100,000
organisations that alone cost 30–55 ms a page (bench/directory.py). Nobody pages
through a thousand results: past the cap the page says "more than N" and asks
for a narrower filter.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):
    def __init__(self, object_list: QuerySet[Any], per_page: int, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = cap

    @cached_property
    def count(self) -> int:
        # Without order_by() the LIMIT subquery keeps ORDER BY name, and PostgreSQL then
        # walked the name index to count (100 ms) instead of using the search index.
        return self.queryset.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        # The (cap + 1)-th row only tells that there is more; it gets no page of its own.
        return max(1, -(-min(self.count, self.cap) // self.per_page))
