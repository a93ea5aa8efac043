"""Partners' offers as a CSV file (docs/offers.md): header row, then one offer per row.

UTF-8 or Windows-1252, ';' or ','. Required columns: identifiant, intitule, type_contrat.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tandem.core.csvfiles import bool_parse, column_name, delimiter_sniff
from tandem.core.dates import day_parse
from tandem.core.fields import max_lengths
from tandem.offers.enums import SharingScope
from tandem.offers.importers import values
from tandem.offers.importers.rows import OfferRow
from tandem.offers.importers.streaming import MAX_LINE_BYTES, TOO_LONG_LINE
from tandem.offers.models import Offer

REQUIRED_COLUMNS = ("identifiant", "intitule", "type_contrat")
OPTIONAL_COLUMNS = (
    "description",
    "code_rome",
    "code_commune",
    "code_postal",
    "lieu",
    "employeur",
    "siret",
    "duree_mois",
    "temps_travail",
    "salaire",
    "permis_requis",
    "postes",
    "date_publication",
    "date_expiration",
    "partage",
)
SHARING_WORDS = {
    **{value: value for value in SharingScope.values},
    "organisation": SharingScope.OWN,
    "interne": SharingScope.OWN,
    "partenaires": SharingScope.PARTNERS,
    "territoire": SharingScope.TERRITORY,
}
_LENGTH = max_lengths(Offer)


def csv_offer_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, str] | ValidationError]]:
    """(line number, values by column) for each non-empty row, or the row's error; raises for the header."""
    lines = iter(lines)
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise ValidationError(_("fichier vide"))
    delimiter = delimiter_sniff(first)
    try:
        header = [column_name(cell) for cell in next(csv.reader([first], delimiter=delimiter))]
    except csv.Error as error:
        raise ValidationError(
            _("ligne d'en-tête illisible : %(reason)s") % {"reason": _csv_error_reason(error)}
        ) from error
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ValidationError(_("colonnes manquantes : %(columns)s") % {"columns": ", ".join(missing)})
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # This row is lost; the reader goes on at the next line.
            yield reader.line_num + 1, ValidationError(_csv_error_reason(error))
            continue
        line = reader.line_num + 1  # the header was read apart
        if cells == [TOO_LONG_LINE]:
            yield line, ValidationError(_("ligne trop longue (%(max)s octets au plus)") % {"max": MAX_LINE_BYTES})
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            yield line, ValidationError(_("trop de cellules sur cette ligne"))
            continue
        yield line, dict(zip(header, (cell.strip() for cell in cells), strict=False))


def _csv_error_reason(error: csv.Error) -> str:
    if "field limit" in str(error):
        # Often a quote left open, whose cell runs on over the following lines.
        return _("cellule trop longue (%(max)s caractères au plus), ou guillemet non fermé") % {
            "max": csv.field_size_limit()
        }
    if "new-line" in str(error):
        return _("retour à la ligne au milieu d'une cellule sans guillemets")
    return _("ligne illisible")


def offer_from_csv(cell: dict[str, Any]) -> OfferRow:
    """One row's values → an OfferRow; every problem of the row at once."""
    errors: list[str] = []
    external_id = cell.get("identifiant", "")
    title = cell.get("intitule", "")
    if not external_id:
        errors.append(_("identifiant manquant"))
    elif len(external_id) > 40:
        errors.append(_("identifiant trop long (40 caractères au plus)"))
    if not title:
        errors.append(_("intitulé manquant"))
    contract_type = ""
    try:
        contract_type = values.contract_type_parse(cell.get("type_contrat", ""))
    except ValidationError as error:
        errors.extend(error.messages)
    duration = None
    if cell.get("duree_mois"):
        duration = values.duration_months(cell["duree_mois"] + " mois")
        if duration is None:
            errors.append(_("durée invalide « %(value)s » (nombre de mois)") % {"value": cell["duree_mois"]})
    positions = 1
    if cell.get("postes"):
        if not re.fullmatch(r"[0-9]{1,5}", cell["postes"]) or not 1 <= int(cell["postes"]) <= 32767:
            errors.append(_("nombre de postes invalide « %(value)s »") % {"value": cell["postes"]})
        else:
            positions = int(cell["postes"])
    requires_licence = False
    try:
        requires_licence = bool(bool_parse(cell.get("permis_requis", ""), label=_("permis requis")))
    except ValidationError as error:
        errors.extend(error.messages)
    dates = {}
    for column, label in (("date_publication", _("date de publication")), ("date_expiration", _("date d'expiration"))):
        dates[column] = day_parse(cell.get(column, ""))
        if cell.get(column) and dates[column] is None:
            errors.append(
                _("%(label)s invalide « %(value)s » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)")
                % {"label": label, "value": cell[column]}
            )
    sharing: str = SharingScope.TERRITORY
    if cell.get("partage"):
        sharing = SHARING_WORDS.get(values.plain_text(cell["partage"]), "")
        if not sharing:
            errors.append(
                _("partage invalide « %(value)s » (organisation, partenaires ou territoire)")
                % {"value": cell["partage"]}
            )
    if errors:
        raise ValidationError(errors)
    salary_label = values.clip(cell.get("salaire", ""), _LENGTH["salary_label"])
    salary_min, salary_max = _salary(salary_label)
    published = dates["date_publication"]
    fields = {
        "title": values.clip(title, _LENGTH["title"]),
        "description": cell.get("description", ""),
        "employer_name": values.clip(cell.get("employeur", ""), _LENGTH["employer_name"]),
        "contract_type": contract_type,
        "contract_duration_months": duration,
        "working_time": values.working_time_parse(cell.get("temps_travail", "")),
        "working_time_label": values.clip(cell.get("temps_travail", ""), _LENGTH["working_time_label"]),
        "salary_label": salary_label,
        "salary_min": salary_min,
        "salary_max": salary_max,
        "requires_driving_licence": requires_licence,
        "positions": positions,
        "published_at": values.datetime_parse(published.isoformat()) if published else None,
        "expires_on": dates["date_expiration"],
    }
    return OfferRow(
        external_id=external_id,
        fields=fields,
        rome_code=cell.get("code_rome", "").upper()[:5],
        commune_code=cell.get("code_commune", "")[:10],
        postcode=cell.get("code_postal", "")[:10],
        # The place names the commune among the postcode's, or alone; an INSEE code decides without it.
        place_name="" if cell.get("code_commune") else values.clip(cell.get("lieu", ""), _LENGTH["place_label"]),
        place_label=values.clip(cell.get("lieu", ""), _LENGTH["place_label"]),
        employer_siret=cell.get("siret", "").replace(" ", "")[:14],
        sharing=sharing,
    )


def _salary(label: str):
    """ "1800" or "1800-2000" (monthly euros) as partners write them, else the France Travail wording."""
    low, high = values.salary_bounds(label)
    if low is not None:
        return low, high
    parts = [values.amount_parse(part) for part in label.replace("€", "").split("-")] if label else []
    if parts and all(part is not None for part in parts) and len(parts) <= 2:
        return values.salary_bounds(f"Mensuel de {parts[0]} à {parts[-1]}")
    return None, None
