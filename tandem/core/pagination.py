"""A paginator that counts no further than it needs to: large lists show "more than N" instead of an exact total.

Counting every row of a list that the user reads one page at a time is the cost that grows with the data (a
Mission Locale of 30,000 young people): the count stops at `bound`, the pages go as far as the bound, and the
page says that there are more, so that the user narrows the list (search, filters) rather than paging on.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

DEFAULT_BOUND = 1000


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page: int, *, bound: int = DEFAULT_BOUND, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.bound = bound

    @cached_property
    def _counted(self) -> int:
        # COUNT over `LIMIT bound + 1`: the database stops reading once it knows there are more.
        # Counting needs no order: without it the database stops after `bound + 1` rows instead of sorting them all.
        rows = (self.object_list.order_by() if isinstance(self.object_list, QuerySet) else self.object_list)[
            : self.bound + 1
        ]
        return rows.count() if isinstance(rows, QuerySet) else len(rows)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.bound)

    @property
    def more(self) -> bool:
        """Whether the list goes on past the bound."""
        return self._counted > self.bound
