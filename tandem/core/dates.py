"""Dates as people and files write them: one reading for every form, file and import."""

from __future__ import annotations

import datetime
import re

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
MIN_YEAR, MAX_YEAR = 1900, 2999


def day_parse(value: str) -> datetime.date | None:
    """YYYY-MM-DD (a time after it, as in "2026-01-05T10:00:00Z", is ignored) or DD/MM/YYYY, between 1900
    and 2999; None when the text is no such date (31/02/2005 included)."""
    text = (value or "").strip()
    iso, french = _ISO_DATE.match(text), _FRENCH_DATE.fullmatch(text)
    try:
        if iso and (len(text) == iso.end() or text[iso.end()] in "T "):
            day = datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        elif french:
            day = datetime.date(int(french[3]), int(french[2]), int(french[1]))
        else:
            return None
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None
