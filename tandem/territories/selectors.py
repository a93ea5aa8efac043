"""Reads on territories: finding communes by code, name or postcode, and the communes of an EPCI.

Territories are public referentials: every user may read them, so these selectors take no acting user.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet

from tandem.territories.models import Commune, CommunePostcode

# Job offers and other sources may give a municipal arrondissement instead of its commune.
_ARRONDISSEMENTS = (
    (re.compile(r"751(0[1-9]|1\d|20)"), "75056"),  # Paris 1er–20e
    (re.compile(r"132(0[1-9]|1[0-6])"), "13055"),  # Marseille 1er–16e
    (re.compile(r"6938[1-9]"), "69123"),  # Lyon 1er–9e
)
_COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
_POSTCODE = re.compile(r"\d{5}")


def _communes() -> QuerySet[Commune]:
    return Commune.objects.select_related("departement", "region", "epci")


def commune_code_normalize(code: str) -> str:
    """The INSEE code of the commune, for a commune or one of its municipal arrondissements."""
    code = code.strip().upper()
    for pattern, commune_code in _ARRONDISSEMENTS:
        if pattern.fullmatch(code):
            return commune_code
    return code


def commune_get(*, code: str) -> Commune:
    """The commune of this INSEE code (an arrondissement gives its commune); raises Commune.DoesNotExist."""
    return _communes().get(code=commune_code_normalize(code))


def commune_search(*, query: str, limit: int = 20) -> QuerySet[Commune]:
    """Communes matching an INSEE code, a postcode (or their beginning) or the beginning of a name.

    Most populated first, so "Saint-D" offers Saint-Denis before the villages.
    """
    query = query.strip()
    if not query:
        return Commune.objects.none()
    if query.isdigit() or _COMMUNE_CODE.fullmatch(query.upper()):
        code = commune_code_normalize(query)
        postcode_rows = CommunePostcode.objects.filter(postcode__startswith=query).values("commune_id")
        communes = _communes().filter(code__startswith=code) | _communes().filter(code__in=postcode_rows)
    else:
        communes = _communes().filter(name__istartswith=query)
    return communes.order_by("-population", "name", "code")[:limit]


def communes_for_postcode(*, postcode: str) -> QuerySet[Commune]:
    """The communes served by this postcode (often one, sometimes a dozen)."""
    postcode = postcode.strip()
    if not _POSTCODE.fullmatch(postcode):
        return Commune.objects.none()
    return _communes().filter(postcode_rows__postcode=postcode).order_by("name", "code")


def commune_codes_of_epci(*, epci_code: str) -> list[str]:
    """INSEE codes of the member communes of this EPCI (SIREN), in code order."""
    return list(Commune.objects.filter(epci_id=epci_code.strip()).order_by("code").values_list("code", flat=True))
