"""Reads on communes: by INSEE code, name or postcode, the communes of an EPCI, and how a commune is shown."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from tandem.core.text import normalise_place_name
from tandem.territories.models import Commune, CommunePostcode

# Job offers and other sources may give a municipal arrondissement instead of its commune.
_ARRONDISSEMENTS = (
    (re.compile(r"751(0[1-9]|1\d|20)"), "75056"),  # Paris 1er–20e
    (re.compile(r"132(0[1-9]|1[0-6])"), "13055"),  # Marseille 1er–16e
    (re.compile(r"6938[1-9]"), "69123"),  # Lyon 1er–9e
)
_COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
_POSTCODE = re.compile(r"\d{5}")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})

# Overseas collectivities have no département: their communes carry the collectivity's code.
OVERSEAS_COLLECTIVITIES = {
    "975": "Saint-Pierre-et-Miquelon",
    "977": "Saint-Barthélemy",
    "978": "Saint-Martin",
    "984": "Terres australes et antarctiques françaises",
    "986": "Wallis-et-Futuna",
    "987": "Polynésie française",
    "988": "Nouvelle-Calédonie",
    "989": "Île de Clipperton",
}


def _communes() -> QuerySet[Commune]:
    return Commune.objects.select_related("departement", "region", "epci")


def commune_code_normalize(code: str) -> str:
    """The INSEE code of the commune, for a commune or one of its municipal arrondissements."""
    code = code.strip().upper()
    for pattern, commune_code in _ARRONDISSEMENTS:
        if pattern.fullmatch(code):
            return commune_code
    return code


def commune_name_key(name: str) -> str:
    """'Gœrsdorf', 'GOERSDORF' and 'goersdorf' give one key; so do 'St-Ouen' and 'Saint Ouen' (Commune.search_name)."""
    return normalise_place_name(name.translate(_LIGATURES))


def commune_get(*, code: str) -> Commune:
    """The commune of this INSEE code (an arrondissement gives its commune); raises Commune.DoesNotExist."""
    return _communes().get(code=commune_code_normalize(code))


def commune_search(*, query: str, limit: int = 20) -> QuerySet[Commune]:
    """Communes matching an INSEE code, a postcode (or their beginning) or the beginning of a name.

    Most populated first, so "Saint-D" offers Saint-Denis before the villages. A search lists what matches;
    to turn a value into one commune, use commune_resolve.
    """
    query = query.strip()
    if not query:
        return Commune.objects.none()
    if query.isdigit() or _COMMUNE_CODE.fullmatch(query.upper()):
        code = commune_code_normalize(query)
        postcode_rows = CommunePostcode.objects.filter(postcode__startswith=query).values("commune_id")
        communes = _communes().filter(Q(code__startswith=code) | Q(code__in=postcode_rows))
    else:
        key = commune_name_key(query)
        if not key:
            return Commune.objects.none()
        communes = _communes().filter(search_name__startswith=key)
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


# Showing a commune so that it reads back as itself ------------------------------------------------

LABEL_PATTERN = re.compile(
    r"(?P<name>.+?)(?: \((?P<postcode>\d{5})\))? - INSEE (?P<code>\d{5}|2[AB]\d{3})", flags=re.IGNORECASE
)


def commune_label(commune: Commune, *, postcode: str = "") -> str:
    """'Haguenau (67500) – INSEE 67180': what a suggestion offers, and what commune_resolve reads back exactly.

    The postcode shown is the given one when the commune has it, else its first.
    """
    postcode = postcode if postcode in commune.postcodes else min(commune.postcodes, default="")
    if postcode:
        return f"{commune.name} ({postcode}) – INSEE {commune.code}"
    return f"{commune.name} – INSEE {commune.code}"


def commune_area_code(commune: Commune) -> str:
    """The département's code, or the overseas collectivity's (Saint-Pierre-et-Miquelon: 975)."""
    return commune.departement_id or commune.overseas_collectivity


def commune_area(commune: Commune) -> str:
    """The département's name, or the overseas collectivity's: communes of collectivities have no département."""
    if commune.departement is not None:
        return commune.departement.name
    return OVERSEAS_COLLECTIVITIES.get(commune.overseas_collectivity, commune.overseas_collectivity)
