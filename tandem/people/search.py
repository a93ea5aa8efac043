"""Finding a young person by what an adviser types: a name (any case, with or without accents, in any order),
the commune they live in, a France Travail identifier or a birth date."""

from __future__ import annotations

import re

from django.db.models import Q

from tandem.core.dates import day_parse
from tandem.core.text import search_normalise
from tandem.territories.models import Commune

# France Travail identifiers are letters and digits (7 digits and a letter, usually): no name holds a digit.
_IDENTIFIER = re.compile(r"[0-9A-Z]{4,20}")


def person_search_q(query: str) -> Q:
    """The persons the query names, as a filter (a trigram index serves the names on PostgreSQL; each word's
    communes are read first, one query a word).

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
        names &= Q(search_key__contains=word) | _living_in_communes_named(word)
    return names


# Beyond this many communes named by a word ("sur", "saint"), they are matched in the query itself.
MAX_COMMUNES_LISTED = 2_000


def _living_in_communes_named(word: str) -> Q:
    """The persons whose commune's name holds the word. The communes are read first (a few among 35,000) and
    listed: PostgreSQL then reads the persons through the commune index beside the names' trigram index. Joined in
    the query, the commune's name made it read the 1.1 million persons at each keystroke (docs/benchmarks.md)."""
    codes = list(
        Commune.objects.filter(search_name__contains=word).values_list("code", flat=True)[: MAX_COMMUNES_LISTED + 1]
    )
    if len(codes) > MAX_COMMUNES_LISTED:
        return Q(commune__search_name__contains=word)
    return Q(commune_id__in=codes)
