"""A paginator that counts no further than it needs to: large lists show "more than N" instead of an exact total.

Counting every row of a list that the user reads one page at a time is the cost that grows with the data (a
Mission Locale of 30,000 young people): the count stops at `bound`, the pages go as far as the bound, and the
page says that there are more, so that the user narrows the list (search, filters) rather than paging on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, overload

from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.utils.functional import cached_property

DEFAULT_BOUND = 1000


def count_up_to(object_list: Any, n: int) -> int:
    """How many rows a list (a queryset, a BranchedList, a sequence) holds, counted no further than `n`."""
    if hasattr(object_list, "count_up_to"):  # a BranchedList, or a list that reads its rows page by page
        return int(object_list.count_up_to(n))
    # COUNT over `LIMIT n`: the database stops reading once it knows there are more. Counting needs no order:
    # without it the database stops after `n` rows instead of sorting them all.
    rows = (object_list.order_by() if isinstance(object_list, QuerySet) else object_list)[:n]
    return rows.count() if isinstance(rows, QuerySet) else len(rows)


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page: int, *, bound: int = DEFAULT_BOUND, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.bound = bound

    @cached_property
    def _counted(self) -> int:
        return count_up_to(self.object_list, self.bound + 1)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.bound)

    @property
    def more(self) -> bool:
        """Whether the list goes on past the bound."""
        return self._counted > self.bound


class BranchedList(Sequence[Model]):
    """An ordered list of the rows that any of several filters reach (an OR), read branch by branch.

    An OR across different columns ("ours, or a partner's, or our territory's") cannot be read from one index:
    the database fetches every row that any branch reaches, then sorts them all. Here each branch gives only its
    first rows in the list's order, as `(sort key…, pk)` tuples its index answers alone; they are merged and
    deduplicated, and only the page's rows are then loaded, in one query. Each branch costs its first `n` index
    entries, whatever the size of the whole list. `sort_key` orders the merged tuples exactly as `ordering`
    orders the rows.
    """

    def __init__(
        self,
        queryset: QuerySet[Model],
        *,
        branches: list[Q],
        ordering: list[Any],
        key_fields: list[str],
        sort_key: Callable[[tuple[Any, ...]], Any],
    ) -> None:
        self.queryset, self.branches, self.ordering = queryset, branches, ordering
        self.key_fields, self.sort_key = key_fields, sort_key
        self._head: list[int] = []
        self._read = 0  # how many first rows of each branch _head holds
        self._complete = False  # every branch ended within what was read

    def head(self, n: int) -> list[int]:
        """The pks of the list's first `n` rows."""
        if n > self._read and not self._complete:
            seen: dict[int, tuple[Any, ...]] = {}
            complete = True
            for branch in self.branches:
                rows = list(
                    self.queryset.filter(branch).order_by(*self.ordering).values_list(*self.key_fields, "pk")[:n]
                )
                complete &= len(rows) < n
                for row in rows:
                    seen[row[-1]] = row
            self._head = [row[-1] for row in sorted(seen.values(), key=self.sort_key)]
            self._read, self._complete = n, complete
        return self._head[:n]

    def count_up_to(self, n: int) -> int:
        return len(self.head(n))

    def __len__(self) -> int:  # pragma: no cover - paginators ask count_up_to
        raise TypeError("BranchedList has no cheap length: use count_up_to()")

    @overload
    def __getitem__(self, index: int) -> Model: ...

    @overload
    def __getitem__(self, index: slice) -> list[Model]: ...

    def __getitem__(self, index: int | slice) -> Model | list[Model]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        if index.step not in (None, 1) or index.start is None and index.stop is None:
            raise ValueError("BranchedList reads bounded slices only")
        start, stop = index.start or 0, index.stop
        pks = self.head(stop)[start:stop]
        rows = {row.pk: row for row in self.queryset.filter(pk__in=pks)}
        return [rows[pk] for pk in pks if pk in rows]


class MappedList(Sequence[Any]):
    """A queryset whose rows are turned into something else (an API's summary) only for the page read."""

    def __init__(self, queryset: QuerySet[Any], to: Callable[[Any], Any]) -> None:
        self.queryset, self.to = queryset, to

    def count_up_to(self, n: int) -> int:
        return count_up_to(self.queryset, n)

    def __len__(self) -> int:  # pragma: no cover - paginators ask count_up_to
        raise TypeError("MappedList has no cheap length: use count_up_to()")

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.to(row) for row in self.queryset[index]]
        return self.to(self.queryset[index])
