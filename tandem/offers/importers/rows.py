"""One offer read from a file, before its references (ROME, commune, employer) are looked up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class OfferRow:
    """`fields` are the Offer's own columns; the references are resolved by batch (importers.upsert)."""

    external_id: str
    fields: dict[str, Any]
    rome_code: str = ""
    # What the row says of its commune, resolved by the territories' resolver (docs/communes.md): an INSEE
    # code decides, with a postcode that must agree; else a postcode, the place name choosing among its
    # communes; else the place name alone (in the département when given).
    commune_code: str = ""
    postcode: str = ""
    place_name: str = ""
    departement: str = ""
    place_label: str = ""  # shown as is
    employer_siret: str = ""
    sharing: str = ""
    warnings: list[str] = field(default_factory=list)
