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
    commune_code: str = ""
    postcode: str = ""
    place_label: str = ""
    employer_siret: str = ""
    sharing: str = ""
    warnings: list[str] = field(default_factory=list)
