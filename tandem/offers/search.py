"""Finding an offer by what an adviser types: words of its title or of its employer's name, in any case, with or
without accents, in any order ("cuisiniere haguenau" is not a place search: the commune has its own filter)."""

from __future__ import annotations

from django.db.models import Q

from tandem.core.text import search_normalise


def offer_search_key(*, title: str, employer_name: str) -> str:
    """What `Offer.search_key` holds: 'Cuisinier / Cuisinière' at 'Brasserie Höll' becomes
    'cuisinier cuisiniere brasserie holl'."""
    return search_normalise(f"{title} {employer_name}")[:520]


def offer_search_q(query: str) -> Q:
    """Every word typed must appear in the title or the employer's name (a trigram index serves it on PostgreSQL)."""
    words = search_normalise(query).split()
    found = Q()
    for word in words:
        found &= Q(search_key__contains=word)
    return found
