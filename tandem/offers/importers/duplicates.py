"""Which identifiers a file repeats, and whether with the same content: the first of an import's two passes.

A file must have one meaning: an offer given twice with different values is refused on each of its lines,
an offer given twice alike is written once. Rows are streamed, so the import reads the file twice: this
first pass keeps 16 bytes per row (a keyed 64-bit hash of the identifier and one of the content, in 256
arrays), then finds the repeated identifiers bucket by bucket; only those are kept for the second pass.
A million offers take ~16 MB here, whatever their size. The hashes are keyed with a random key per import,
so no file can be crafted to make two identifiers collide (and chance collisions are ~1 in 10^7 for a
million identifiers: a collision would refuse two offers, never mix them up).
"""

from __future__ import annotations

import enum
import hashlib
import os
from array import array
from bisect import bisect_left

BUCKETS = 256


class Seen(enum.Enum):
    ONCE = "once"  # the identifier's only row, or the first of rows alike: import it
    AGAIN = "again"  # a row alike to one imported earlier in the file: skip it
    CONFLICT = "conflict"  # the identifier's rows differ: import none of them


def _find(values: array, value: int) -> int:
    """The position of `value` in the sorted array, or -1."""
    position = bisect_left(values, value)
    return position if position < len(values) and values[position] == value else -1


class FileIdentifiers:
    """`add` every row of the file, `close`, then ask `seen` for each row of the second pass, in order."""

    def __init__(self) -> None:
        self._key = os.urandom(16)
        self._buckets: list[array] | None = [array("Q") for _ in range(BUCKETS)]
        self._repeated = array("Q")
        self._conflicting = array("Q")
        self._written = bytearray()

    def _hash(self, text: str | bytes) -> int:
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        return int.from_bytes(hashlib.blake2b(data, digest_size=8, key=self._key).digest(), "little")

    def add(self, identifier: str, content: str | bytes) -> None:
        assert self._buckets is not None, "add() after close()"
        hashed = self._hash(identifier)
        self._buckets[hashed % BUCKETS].extend((hashed, self._hash(content)))

    def close(self) -> None:
        """Find the repeated identifiers, one bucket at a time; the buckets are freed."""
        repeated: set[int] = set()
        conflicting: set[int] = set()
        for bucket in self._buckets or []:
            first: dict[int, int] = {}
            for position in range(0, len(bucket), 2):
                identifier, content = bucket[position], bucket[position + 1]
                known = first.get(identifier)
                if known is None:
                    first[identifier] = content
                elif known == content:
                    repeated.add(identifier)
                else:
                    conflicting.add(identifier)
        self._buckets = None
        self._conflicting = array("Q", sorted(conflicting))
        self._repeated = array("Q", sorted(repeated - conflicting))
        self._written = bytearray(len(self._repeated))

    def seen(self, identifier: str) -> Seen:
        hashed = self._hash(identifier)
        if _find(self._conflicting, hashed) >= 0:
            return Seen.CONFLICT
        position = _find(self._repeated, hashed)
        if position < 0:
            return Seen.ONCE
        if self._written[position]:
            return Seen.AGAIN
        self._written[position] = 1
        return Seen.ONCE
