"""Reads on territories: finding communes by code, name or postcode, and the communes of an EPCI.

Territories are public referentials: every user may read them, so these selectors take no acting user.

`commune_resolve` is the one door through which a commune comes in (forms, files, API): it turns what was
typed or given into exactly one commune, or raises a ValidationError in French that asks. docs/communes.md
explains its rules.
"""

from tandem.territories.selectors.communes import (
    OVERSEAS_COLLECTIVITIES,
    commune_area,
    commune_area_code,
    commune_code_normalize,
    commune_codes_of_epci,
    commune_get,
    commune_label,
    commune_name_key,
    commune_search,
    communes_for_postcode,
)
from tandem.territories.selectors.resolver import (
    CommuneLookup,
    CommuneSuggestion,
    CommuneUnresolved,
    commune_resolve,
    commune_suggestions,
    communes_by_code,
)

__all__ = [
    "OVERSEAS_COLLECTIVITIES",
    "CommuneLookup",
    "CommuneSuggestion",
    "CommuneUnresolved",
    "commune_area",
    "commune_area_code",
    "commune_code_normalize",
    "commune_codes_of_epci",
    "commune_get",
    "commune_label",
    "commune_name_key",
    "commune_resolve",
    "commune_search",
    "commune_suggestions",
    "communes_by_code",
    "communes_for_postcode",
]
