"""Paging of lists that may be very long."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most ``cap`` + 1 rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``): a search over a million
    rows costs what one over ``cap`` rows does, and the page says "more than ``cap``" instead of an exact figure
    nobody pages through. ``capped`` tells the template which to say."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        # Unordered: any cap + 1 rows will do, and the order may be one only a walk of a joined table gives.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def capped_pages(self) -> int:
        """The pages the cap fills: the pager says "of more than" this when capped."""
        return max(1, self.cap // self.per_page)
