"""URL path converters."""

from __future__ import annotations


class RecordIdConverter:
    """A record's number in a page's address: 1 to 18 digits, what a database key holds. A longer number never
    reaches the database (SQLite cannot hold it): the address simply does not exist (404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
