"""Pages of API lists: a bounded limit and offset (an offset past any real list is refused, not sent to the
database, where SQLite cannot hold it); for the lists that grow with the network (offers, people), a total
counted no further than 1,000, with `more` when the list goes on (tandem.core.pagination)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from tandem.core.pagination import DEFAULT_BOUND, count_up_to

MAX_OFFSET = 1_000_000_000
MAX_LIMIT = 1000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class CountedUpToPagination(BoundedLimitOffsetPagination):
    """Limit and offset as above; `count` is counted no further than 1,000 and `more` says the list goes on past
    it, so that a partner system narrows its query (filters) rather than paging through a national list. The
    list may be a queryset or a BranchedList (read branch by branch, as the pages do)."""

    class Output(Schema):
        items: list[Any]
        count: int = Field(description=f"Rows in the list, counted up to {DEFAULT_BOUND:,}".replace(",", " "))
        more: bool = Field(description=f"Whether the list holds more than {DEFAULT_BOUND:,} rows".replace(",", " "))

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        counted = count_up_to(queryset, DEFAULT_BOUND + 1)
        return {
            self.items_attribute: queryset[offset : offset + limit],
            "count": min(counted, DEFAULT_BOUND),
            "more": counted > DEFAULT_BOUND,
        }
