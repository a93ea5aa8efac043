"""An offer of France Travail's public "Offres d'emploi v2" API → an OfferRow.

Fields are often absent or null: each one is read defensively; only `id` and `intitule` are required.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tandem.core.codes import naf_normalise
from tandem.core.fields import max_lengths
from tandem.offers.enums import ExperienceRequirement, SharingScope
from tandem.offers.importers import values
from tandem.offers.importers.rows import OfferRow
from tandem.offers.models import Offer

_PLACE_LABEL = re.compile(r"(?P<departement>\d{2,3}|2[AB])\s*-\s*(?P<name>.+)", re.IGNORECASE)
_LENGTH = max_lengths(Offer)
_EXPERIENCES = frozenset(ExperienceRequirement.values)


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return number if -180.0 <= number <= 180.0 else None


def _positions(value: Any) -> int:
    if isinstance(value, str) and len(value) > 10:
        return 1
    try:
        count = int(value)
    except (TypeError, ValueError, OverflowError):
        return 1
    return min(max(count, 1), 32767)


def offer_from_francetravail(item: Any) -> OfferRow:
    if not isinstance(item, dict):
        raise ValidationError(_("une offre doit être un objet JSON"))
    external_id = values.clip(item.get("id"), _LENGTH["external_id"])
    title = values.clip(item.get("intitule"), _LENGTH["title"])
    missing = [name for name, value in (("id", external_id), ("intitule", title)) if not value]
    if missing:
        raise ValidationError(_("champ obligatoire manquant : %(fields)s") % {"fields": ", ".join(missing)})
    place = _dict(item.get("lieuTravail"))
    company = _dict(item.get("entreprise"))
    contract_label = values.clip(item.get("typeContratLibelle"), 255)
    contract_type = values.contract_type_from_france_travail(
        values.clip(item.get("typeContrat"), 10), values.clip(item.get("natureContrat"), 255)
    )
    salary_label = values.clip(_dict(item.get("salaire")).get("libelle"), _LENGTH["salary_label"])
    salary_min, salary_max = values.salary_bounds(salary_label)
    licences = [
        (values.clip(p.get("libelle"), 255), values.clip(p.get("exigence"), 1))
        for p in _list(item.get("permis"))
        if isinstance(p, dict)
    ]
    working_time_label = values.clip(item.get("dureeTravailLibelle"), _LENGTH["working_time_label"])
    experience = values.clip(item.get("experienceExige"), 1).upper()
    languages = [
        values.clip(language.get("libelle"), 100)
        for language in _list(item.get("langues"))
        if isinstance(language, dict) and values.clip(language.get("libelle"), 100)
    ]
    fields = {
        "title": title,
        "description": values.text(item.get("description")),
        "employer_name": values.clip(company.get("nom"), _LENGTH["employer_name"]),
        "naf_code": naf_normalise(values.clip(item.get("codeNAF"), 10)),
        "latitude": _float(place.get("latitude")),
        "longitude": _float(place.get("longitude")),
        "contract_type": contract_type,
        "contract_duration_months": values.duration_months(contract_label) if contract_type != "cdi" else None,
        "working_time": values.working_time_parse(values.clip(item.get("dureeTravailLibelleConverti"), 50)),
        "working_time_label": working_time_label,
        "night_work": "nuit" in working_time_label.lower(),
        "salary_label": salary_label,
        "salary_min": salary_min,
        "salary_max": salary_max,
        "requires_driving_licence": values.requires_driving_licence_b(licences),
        "driving_licence_label": ", ".join(label for label, _requirement in licences if label)[:255],
        "qualification_level": values.clip(item.get("qualificationLibelle"), _LENGTH["qualification_level"]),
        "experience": experience if experience in _EXPERIENCES else "",
        "experience_label": values.clip(item.get("experienceLibelle"), _LENGTH["experience_label"]),
        "languages": languages,
        "positions": _positions(item.get("nombrePostes")),
        "published_at": values.datetime_parse(item.get("dateCreation")),
        "source_updated_at": values.datetime_parse(item.get("dateActualisation")),
        "expires_on": None,
    }
    place_label = values.clip(place.get("libelle"), _LENGTH["place_label"])
    commune_code = values.clip(place.get("commune"), 10)
    # "67 - HAGUENAU": a département and a name, only read when the offer gives no INSEE code (its label may
    # be a postal or former name, and its postcode a CEDEX one: the code decides alone).
    label = _PLACE_LABEL.fullmatch(place_label)
    return OfferRow(
        external_id=external_id,
        fields=fields,
        rome_code=values.clip(item.get("romeCode"), 5).upper(),
        commune_code=commune_code,
        postcode="" if commune_code else values.clip(place.get("codePostal"), 10),
        place_name="" if commune_code else (label["name"] if label else place_label),
        departement="" if commune_code or not label else label["departement"].upper(),
        place_label=place_label,
        employer_siret=values.clip(company.get("siret"), 14).replace(" ", ""),
        # France Travail's offers are public: shared with every partner of the territory.
        sharing=SharingScope.TERRITORY,
    )
