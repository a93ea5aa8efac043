"""Companies from INSEE's Sirene establishments file (StockEtablissement), and from a partner's short CSV.

The national file holds tens of millions of rows (several GB): it is read as a stream, line by line, columns by
name (unknown ones are ignored, new columns may be appended), and filtered on the fly — to a territory
(départements, communes) and to active (`etatAdministratifEtablissement` = A) employer
(`caractereEmployeurEtablissement` = O) establishments — before any other work. Kept rows are upserted by SIRET
in batches: a second run of the same file changes nothing. A bad row is reported with its line number and
never stops the others.

What a partially diffusible establishment (`statutDiffusionEtablissement` = P) keeps: its SIRET, activity,
size bracket and commune. Its street, postcode, coordinates and names (sign, usual denomination: for a sole
trader they are often the person's own name) are not stored; it is named "Établissement non diffusible" and an
existing record loses them at the next import.

The geolocated variant (Etalab's `StockEtablissement_utf8_geo.csv`) appends `longitude` and `latitude` (WGS84
decimal degrees) and `geo_*` columns: with `geo=True` the coordinates are kept. INSEE's own Lambert coordinates
(`coordonneeLambert…`) are not WGS84 and are ignored.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.codes import naf_normalise, validate_siret
from tandem.core.csvfiles import column_name, delimiter_sniff
from tandem.employers.enums import Diffusion, SizeBracket
from tandem.employers.models import Employer, employer_search_key
from tandem.referentials.models import NafCode
from tandem.territories.models import Commune
from tandem.territories.selectors import commune_resolve

BATCH_SIZE = 2000
MAX_REPORTED = 200
NAF_REV2 = "NAFRev2"
REQUIRED_COLUMNS = (
    "siret",
    "statutDiffusionEtablissement",
    "codeCommuneEtablissement",
    "etatAdministratifEtablissement",
    "activitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
)
# The fields an import writes (never the single contact, never a partner's contacts or interactions).
IMPORTED_FIELDS = (
    "name",
    "usual_name",
    "naf_id",
    "size_bracket",
    "street",
    "postcode",
    "commune_id",
    "latitude",
    "longitude",
    "diffusion",
    "is_active",
    "is_employer",
)


@dataclass
class RowProblem:
    line: int
    siret: str
    reason: str


@dataclass
class SireneReport:
    read: int = 0
    kept: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    warning_count: int = 0
    warnings: list[RowProblem] = field(default_factory=list)

    def error(self, line: int, siret: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(RowProblem(line, siret, reason))

    def warning(self, line: int, siret: str, reason: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_REPORTED:
            self.warnings.append(RowProblem(line, siret, reason))

    @property
    def counts(self) -> dict[str, int]:
        return {
            "read": self.read,
            "kept": self.kept,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.error_count,
            "warnings": self.warning_count,
        }

    def as_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "counts": self.counts}


@dataclass(frozen=True)
class Territory:
    """Départements ("33", "2A", "971") and INSEE commune codes; both empty: the whole file."""

    departements: frozenset[str] = frozenset()
    communes: frozenset[str] = frozenset()

    def may_hold(self, commune_code: str) -> bool:
        """A first look at the row's raw code, before any query."""
        if not self.departements and not self.communes:
            return True
        departement = commune_code[:3] if commune_code.startswith("97") else commune_code[:2]
        # A commune filter may name a city whose establishments carry an arrondissement's code (Paris, Lyon,
        # Marseille): the resolved commune decides, so let any row of a commune's département through here.
        return departement in self.departements or any(code[:2] == commune_code[:2] for code in self.communes)

    def holds(self, commune_code: str) -> bool:
        """The resolved commune (a city, never an arrondissement) is in the territory."""
        if not self.departements and not self.communes:
            return True
        departement = commune_code[:3] if commune_code.startswith("97") else commune_code[:2]
        return departement in self.departements or commune_code in self.communes


class _Resolver:
    """Communes and NAF codes read once and remembered: a national file repeats them millions of times."""

    def __init__(self) -> None:
        self.nafs = set(NafCode.objects.values_list("code", flat=True))
        self.communes: dict[str, Commune | ValidationError] = {}

    def commune(self, code: str) -> Commune:
        if code not in self.communes:
            try:
                found = commune_resolve(code=code)
                if found is None:
                    raise ValidationError(_("commune manquante"))
                self.communes[code] = found
            except ValidationError as error:
                self.communes[code] = error
        found_or_error = self.communes[code]
        if isinstance(found_or_error, ValidationError):
            raise found_or_error
        return found_or_error


def _lines(file: IO[bytes], progress: Callable[[int], object] | None) -> Iterator[str]:
    first = True
    for raw in file:
        if progress is not None:
            progress(len(raw))
        line = raw.decode("utf-8")
        if first:
            line, first = line.removeprefix("\ufeff"), False
        yield line


def _street(row: dict[str, str]) -> str:
    parts = (
        row.get("numeroVoieEtablissement", ""),
        row.get("indiceRepetitionEtablissement", ""),
        row.get("typeVoieEtablissement", ""),
        row.get("libelleVoieEtablissement", ""),
    )
    street = " ".join(part.strip() for part in parts if part and part.strip())
    complement = (row.get("complementAdresseEtablissement") or "").strip()
    return (f"{complement}, {street}" if complement and street else complement or street)[:255]


def _coordinate(value: str, limit: float) -> float | None:
    number = float(value.replace(",", "."))
    if not math.isfinite(number) or abs(number) > limit:
        raise ValueError(value)
    return number


def _fields_of(
    row: dict[str, str], *, line: int, resolver: _Resolver, geo: bool, report: SireneReport
) -> tuple[str, dict[str, Any]]:
    """The SIRET and the fields to store for one kept row; ValidationError for a row that cannot be stored."""
    siret = (row.get("siret") or "").strip()
    validate_siret(siret)
    siren, nic = (row.get("siren") or "").strip(), (row.get("nic") or "").strip()
    if (siren and siren != siret[:9]) or (nic and nic != siret[9:]):
        raise ValidationError(
            _("SIREN %(siren)s et NIC %(nic)s ne forment pas le SIRET %(siret)s")
            % {"siren": siren, "nic": nic, "siret": siret}
        )
    diffusion = (row.get("statutDiffusionEtablissement") or "").strip()
    if diffusion not in Diffusion.values:
        raise ValidationError(_("statut de diffusion inconnu « %(value)s » (O ou P)") % {"value": diffusion})
    bracket = (row.get("trancheEffectifsEtablissement") or "").strip()
    if bracket and bracket not in SizeBracket.values:
        raise ValidationError(_("tranche d'effectif inconnue « %(value)s »") % {"value": bracket})
    commune = resolver.commune((row.get("codeCommuneEtablissement") or "").strip())
    naf_id: str | None = None
    activity = (row.get("activitePrincipaleEtablissement") or "").strip()
    nomenclature = (row.get("nomenclatureActivitePrincipaleEtablissement") or NAF_REV2).strip()
    if activity and nomenclature == NAF_REV2:
        code = naf_normalise(activity)
        if code in resolver.nafs:
            naf_id = code
        else:
            report.warning(
                line, siret, _("code NAF inconnu « %(value)s » : enregistré sans activité") % {"value": activity}
            )
    partial = diffusion == Diffusion.PARTIAL
    latitude = longitude = None
    if geo and not partial and (row.get("latitude") or row.get("longitude")):
        try:
            latitude = _coordinate(row.get("latitude") or "", 90)
            longitude = _coordinate(row.get("longitude") or "", 180)
        except ValueError:
            latitude = longitude = None
            report.warning(line, siret, _("coordonnées illisibles : enregistré sans coordonnées"))
    if partial:
        name, usual_name, street, postcode = str(_("Établissement non diffusible")), "", "", ""
    else:
        usual_name = (row.get("enseigne1Etablissement") or "").strip()
        name = (row.get("denominationUsuelleEtablissement") or "").strip() or usual_name
        street, postcode = _street(row), (row.get("codePostalEtablissement") or "").strip()[:5]
    return siret, {
        "name": name[:255],
        "usual_name": usual_name[:255] if usual_name != name else "",
        "naf_id": naf_id,
        "size_bracket": bracket,
        "street": street,
        "postcode": postcode,
        "commune_id": commune.code,
        "latitude": latitude,
        "longitude": longitude,
        "diffusion": diffusion,
        "is_active": True,
        "is_employer": True,
    }


def _upsert(batch: dict[str, dict[str, Any]], report: SireneReport, *, overwrite: bool) -> None:
    """Create the unknown SIRETs and bring the known ones up to date (`overwrite`); count what changed."""
    if not batch:
        return
    now = timezone.now()
    with transaction.atomic():
        existing = {employer.siret: employer for employer in Employer.objects.filter(siret__in=list(batch))}
        new, changed = [], []
        for siret, fields in batch.items():
            employer = existing.get(siret)
            if employer is None:
                # The file has no name for this establishment: it is named by its SIRET until someone names it.
                name = fields["name"] or _("Établissement %(siret)s") % {"siret": siret}
                employer = Employer(
                    siret=siret, siren=siret[:9], nic=siret[9:], updated_at=now, **{**fields, "name": name}
                )
                employer.search_key = employer_search_key(
                    name=employer.name, usual_name=employer.usual_name, siret=siret
                )
                new.append(employer)
                continue
            if not overwrite:
                report.unchanged += 1
                continue
            if not fields["name"]:
                fields = {**fields, "name": employer.name}  # never replace a name by nothing
            if all(getattr(employer, name) == value for name, value in fields.items()):
                report.unchanged += 1
                continue
            for name, value in fields.items():
                setattr(employer, name, value)
            employer.search_key = employer_search_key(name=employer.name, usual_name=employer.usual_name, siret=siret)
            employer.updated_at = now
            changed.append(employer)
        Employer.objects.bulk_create(new, ignore_conflicts=True)
        Employer.objects.bulk_update(changed, [*IMPORTED_FIELDS, "search_key", "updated_at"])
    report.created += len(new)
    report.updated += len(changed)


def sirene_import(
    *,
    file: IO[bytes],
    territory: Territory = Territory(),
    geo: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], object] | None = None,
) -> SireneReport:
    """Import a StockEtablissement file (bytes, UTF-8, comma-separated, with its header line)."""
    report = SireneReport()
    reader = csv.DictReader(_lines(file, progress))
    missing = [name for name in REQUIRED_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            _("Ce n'est pas un fichier StockEtablissement : colonnes absentes : %(columns)s")
            % {"columns": ", ".join(missing)}
        )
    resolver = _Resolver()
    batch: dict[str, dict[str, Any]] = {}
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            report.read += 1
            report.error(reader.line_num, "", _("ligne illisible (%(reason)s)") % {"reason": error})
            continue
        report.read += 1
        line = reader.line_num
        if (row.get("etatAdministratifEtablissement") or "").strip() != "A":
            continue
        if (row.get("caractereEmployeurEtablissement") or "").strip() != "O":
            continue
        if not territory.may_hold((row.get("codeCommuneEtablissement") or "").strip()):
            continue
        try:
            siret, fields = _fields_of(row, line=line, resolver=resolver, geo=geo, report=report)
        except ValidationError as error:
            report.error(line, (row.get("siret") or "").strip(), "; ".join(error.messages))
            continue
        if not territory.holds(fields["commune_id"]):
            continue
        report.kept += 1
        batch[siret] = fields
        if len(batch) >= batch_size:
            _upsert(batch, report, overwrite=True)
            batch = {}
    _upsert(batch, report, overwrite=True)
    return report


# ------------------------------------------------------------------------------------------- partner CSV
PARTNER_COLUMNS = ("siret", "raison_sociale", "code_commune", "naf", "tranche_effectif")
PARTNER_MAX_ROWS = 5000


def partner_csv_import(*, text: str) -> SireneReport:
    """A partner's short list of companies (docs/employers.md): `siret;raison_sociale;code_commune;naf;
    tranche_effectif`, `;` or `,`. Unknown SIRETs are created; known ones are left as they are (the register or
    a partner already describes them) and counted as unchanged."""
    report = SireneReport()
    lines = text.splitlines()
    if not lines:
        raise ValidationError(_("Le fichier est vide."))
    reader = csv.reader(lines, delimiter=delimiter_sniff(lines[0]))
    header = [column_name(cell) for cell in next(reader)]
    missing = [name for name in PARTNER_COLUMNS if name not in header]
    if missing:
        raise ValidationError(_("Colonnes absentes : %(columns)s") % {"columns": ", ".join(missing)})
    resolver = _Resolver()
    batch: dict[str, dict[str, Any]] = {}
    for cells in _rows(reader):
        report.read += 1
        if report.read > PARTNER_MAX_ROWS:
            raise ValidationError(_("Au plus %(count)s lignes par fichier.") % {"count": PARTNER_MAX_ROWS})
        line = reader.line_num
        cell = dict(zip(header, (value.strip() for value in cells), strict=False))
        siret = cell.get("siret", "").replace(" ", "")
        try:
            fields = _partner_fields(cell, siret=siret, resolver=resolver)
        except ValidationError as error:
            report.error(line, siret, "; ".join(error.messages))
            continue
        if siret in batch:
            report.error(line, siret, _("SIRET déjà présent plus haut dans le fichier"))
            continue
        report.kept += 1
        batch[siret] = fields
    _upsert(batch, report, overwrite=False)
    return report


def _rows(reader: Iterable[list[str]]) -> Iterator[list[str]]:
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield cells


def _partner_fields(cell: dict[str, str], *, siret: str, resolver: _Resolver) -> dict[str, Any]:
    errors: list[str] = []
    try:
        validate_siret(siret)
    except ValidationError as error:
        errors += error.messages
    name = cell.get("raison_sociale", "")
    if not name:
        errors.append(_("raison sociale manquante"))
    naf_id = None
    if cell.get("naf"):
        code = naf_normalise(cell["naf"])
        if code not in resolver.nafs:
            errors.append(_("code NAF inconnu « %(value)s »") % {"value": cell["naf"]})
        naf_id = code
    bracket = cell.get("tranche_effectif", "")
    if bracket and bracket not in SizeBracket.values:
        errors.append(
            _("tranche d'effectif inconnue « %(value)s » (codes INSEE : NN, 00, 01… 53)") % {"value": bracket}
        )
    commune_id = None
    try:
        commune_id = resolver.commune(cell.get("code_commune", "")).code
    except ValidationError as error:
        errors += error.messages
    if errors:
        raise ValidationError(errors)
    return {
        "name": name[:255],
        "usual_name": "",
        "naf_id": naf_id,
        "size_bracket": bracket,
        "street": "",
        "postcode": "",
        "commune_id": commune_id,
        "latitude": None,
        "longitude": None,
        "diffusion": Diffusion.PUBLIC,
        "is_active": True,
        "is_employer": True,
    }
