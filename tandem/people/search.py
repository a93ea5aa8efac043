"""Finding a young person by what an adviser types: a name (any case, with or without accents, in any order),
the commune they live in, a France Travail identifier or a birth date."""

from __future__ import annotations

import re

from django.db.models import Q

from tandem.core.dates import day_parse
from tandem.core.text import search_normalise

# France Travail identifiers are letters and digits (7 digits and a letter, usually): no name holds a digit.
_IDENTIFIER = re.compile(r"[0-9A-Z]{4,20}")


def person_search_q(query: str) -> Q:
    """The persons the query names, as a filter (one query; a trigram index serves it on PostgreSQL).

    A birth date (JJ/MM/AAAA or AAAA-MM-JJ) matches the date; a word with a digit, the France Travail
    identifier; otherwise every word must appear in the names or the commune's name ("gall eloise" finds Éloïse
    Le Gall, "eloise haguenau" finds her among the Éloïse of Haguenau)."""
    text = query.strip()
    day = day_parse(text)
    if day is not None:
        return Q(birth_date=day)
    compact = re.sub(r"\s+", "", text).upper()
    if _IDENTIFIER.fullmatch(compact) and any(char.isdigit() for char in compact):
        return Q(ft_identifier__iexact=compact)
    words = search_normalise(text).split()
    if not words:
        return Q()
    names = Q()
    for word in words:
        names &= Q(search_key__contains=word) | Q(commune__search_name__contains=word)
    return names
