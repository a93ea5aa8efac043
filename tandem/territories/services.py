"""Writes on territories: loading régions, départements, EPCI and communes from the official referentials."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from tandem.core.sources import (
    ImportReport,
    ReferentialFileError,
    ReferentialSourceMissing,
    read_csv,
    read_json_list,
)
from tandem.territories.models import Commune, CommunePostcode, Departement, Epci, Region, ZrrStatus
from tandem.territories.selectors import commune_name_key

DECOUPAGE_PACKAGE = "@etalab/decoupage-administratif"
COORDINATES_FILE = Path("itou/communes.csv")
ZRR_FILE = Path("geo/zrr_communes_20221109.csv")

# Collectivités d'outre-mer (Polynésie, Nouvelle-Calédonie, Saint-Martin…) have their own employment services:
# their régions, départements and communes are left out.
_OVERSEAS_COLLECTIVITY_ZONE = "com"
_CURRENT_COMMUNE = "commune-actuelle"

_REGION_CODE = re.compile(r"\d{2,3}")
_DEPARTEMENT_CODE = re.compile(r"\d{2,3}|2[AB]")
_COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
_POSTCODE = re.compile(r"\d{5}")
_SIREN = re.compile(r"\d{9}")
# The source writes "PC" for « partiellement classée »; the model stores "P".
_ZRR_STATUSES = {
    "C": ZrrStatus.CLASSEE,
    "P": ZrrStatus.PARTIELLEMENT,
    "PC": ZrrStatus.PARTIELLEMENT,
    "NC": ZrrStatus.NON_CLASSEE,
}

_COMMUNE_FIELDS = [
    "name",
    "search_name",
    "departement",
    "region",
    "overseas_collectivity",
    "epci",
    "postcodes",
    "population",
    "cog_version",
]


@dataclass(frozen=True)
class _Member:
    epci_code: str
    line: int


@transaction.atomic
def territories_import(*, package_dir: Path, source_dir: Path | None, report: ImportReport) -> None:
    """Upsert régions, départements, EPCI and communes from `@etalab/decoupage-administratif`.

    Coordinates (`itou/communes.csv`) and ZRR statuses (`geo/…zrr….csv`) are joined by INSEE code when
    `source_dir` holds them; when a file is missing, the values already in the database are kept.
    Rows are never deleted (other tables point at communes), except the derived postcode index, which
    mirrors the source exactly.
    """
    data_dir = package_dir / "data"
    if not data_dir.is_dir():
        raise ReferentialSourceMissing(
            _("Le paquet npm %(package)s est introuvable dans %(path)s : lancez « npm ci » à la racine du projet.")
            % {"package": DECOUPAGE_PACKAGE, "path": data_dir}
        )
    version = f"decoupage-administratif {_package_version(package_dir)}".strip()
    report.versions["territories"] = version

    regions = _read_regions(data_dir / "regions.json")
    departements = _read_departements(data_dir / "departements.json", region_codes={r.code for r in regions})
    epcis, epci_of_commune = _read_epcis(data_dir / "epci.json")
    communes = _read_communes(
        data_dir / "communes.json",
        departements={d.code: d for d in departements},
        epci_of_commune=epci_of_commune,
        cog_version=version,
    )
    commune_codes = {commune.code for commune in communes}
    for code, member in epci_of_commune.items():
        if code not in commune_codes:
            raise ReferentialFileError(
                data_dir / "epci.json",
                member.line,
                _("EPCI %(epci)s : commune membre inconnue %(code)s") % {"epci": member.epci_code, "code": code},
            )

    update_fields = list(_COMMUNE_FIELDS)
    if source_dir is not None and (source_dir / COORDINATES_FILE).is_file():
        coordinates = _read_coordinates(source_dir / COORDINATES_FILE)
        for commune in communes:
            commune.latitude, commune.longitude = coordinates.get(commune.code, (None, None))
        update_fields += ["latitude", "longitude"]
        report.versions["coordinates"] = str(COORDINATES_FILE)
    elif source_dir is not None:
        report.warn_missing(source_dir / COORDINATES_FILE)
    if source_dir is not None and (source_dir / ZRR_FILE).is_file():
        zrr = _read_zrr(source_dir / ZRR_FILE)
        for commune in communes:
            commune.zrr = zrr.get(commune.code, "")
        update_fields.append("zrr")
        report.versions["zrr"] = str(ZRR_FILE)
    elif source_dir is not None:
        report.warn_missing(source_dir / ZRR_FILE)

    Region.objects.bulk_create(regions, update_conflicts=True, unique_fields=["code"], update_fields=["name"])
    Departement.objects.bulk_create(
        departements, update_conflicts=True, unique_fields=["code"], update_fields=["name", "region"]
    )
    Epci.objects.bulk_create(
        epcis, update_conflicts=True, unique_fields=["code"], update_fields=["name", "kind", "population"]
    )
    Commune.objects.bulk_create(communes, update_conflicts=True, unique_fields=["code"], update_fields=update_fields)
    _sync_postcodes(communes)

    stale = set(Commune.objects.values_list("code", flat=True)) - commune_codes
    if stale:
        report.warn(
            _("%(count)s communes en base sont absentes de %(version)s (conservées), par ex. %(examples)s")
            % {"count": len(stale), "version": version, "examples": ", ".join(sorted(stale)[:5])}
        )


def _package_version(package_dir: Path) -> str:
    try:
        return str(json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return ""


def _read_regions(path: Path) -> list[Region]:
    regions = []
    for record in read_json_list(path):
        if record.raw("zone") == _OVERSEAS_COLLECTIVITY_ZONE:
            continue
        regions.append(Region(code=record.text("code", pattern=_REGION_CODE), name=record.text("nom")))
    return regions


def _read_departements(path: Path, *, region_codes: set[str]) -> list[Departement]:
    departements = []
    for record in read_json_list(path):
        if record.raw("zone") == _OVERSEAS_COLLECTIVITY_ZONE:
            continue
        region_code = record.text("region", pattern=_REGION_CODE)
        if region_code not in region_codes:
            raise record.error(_("région inconnue %(code)s") % {"code": region_code})
        departements.append(
            Departement(
                code=record.text("code", pattern=_DEPARTEMENT_CODE), name=record.text("nom"), region_id=region_code
            )
        )
    return departements


def _read_epcis(path: Path) -> tuple[list[Epci], dict[str, _Member]]:
    epcis = []
    epci_of_commune: dict[str, _Member] = {}
    for record in read_json_list(path):
        code = record.text("code", pattern=_SIREN)
        epcis.append(
            Epci(
                code=code,
                name=record.text("nom"),
                kind=record.text("type"),
                population=record.optional_integer("populationTotale"),
            )
        )
        members = record.raw("membres")
        if not isinstance(members, list):
            raise record.error(_("champ « membres » : liste attendue"))
        for member in members:
            member_code = member.get("code") if isinstance(member, dict) else None
            if not isinstance(member_code, str) or not _COMMUNE_CODE.fullmatch(member_code):
                raise record.error(_("membre d'EPCI invalide : %(member)r") % {"member": member})
            if member_code in epci_of_commune:
                raise record.error(
                    _("la commune %(code)s est déjà membre de l'EPCI %(other)s")
                    % {"code": member_code, "other": epci_of_commune[member_code].epci_code}
                )
            epci_of_commune[member_code] = _Member(epci_code=code, line=record.line)
    return epcis, epci_of_commune


def _read_communes(
    path: Path, *, departements: dict[str, Departement], epci_of_commune: dict[str, _Member], cog_version: str
) -> list[Commune]:
    communes = []
    for record in read_json_list(path):
        if record.raw("type") != _CURRENT_COMMUNE:
            continue
        code = record.text("code", pattern=_COMMUNE_CODE)
        departement_code = record.text("departement", pattern=_DEPARTEMENT_CODE)
        if record.raw("zone") == _OVERSEAS_COLLECTIVITY_ZONE:
            communes.append(
                Commune(
                    code=code,
                    name=record.text("nom"),
                    search_name=commune_name_key(record.text("nom")),
                    overseas_collectivity=departement_code,
                    postcodes=record.text_list("codesPostaux", pattern=_POSTCODE),
                    population=record.optional_integer("population"),
                    cog_version=cog_version,
                )
            )
            continue
        departement = departements.get(departement_code)
        if departement is None:
            raise record.error(
                _("commune %(code)s : département inconnu %(departement)s")
                % {
                    "code": code,
                    "departement": departement_code,
                }
            )
        region_code = record.text("region", pattern=_REGION_CODE)
        if region_code != departement.region_id:
            raise record.error(
                _("commune %(code)s : région %(region)s différente de celle du département %(departement)s")
                % {"code": code, "region": region_code, "departement": departement_code}
            )
        member = epci_of_commune.get(code)
        communes.append(
            Commune(
                code=code,
                name=record.text("nom"),
                search_name=commune_name_key(record.text("nom")),
                departement_id=departement_code,
                region_id=region_code,
                epci_id=member.epci_code if member else None,
                postcodes=record.text_list("codesPostaux", pattern=_POSTCODE),
                population=record.optional_integer("population"),
                cog_version=cog_version,
            )
        )
    return communes


def _read_coordinates(path: Path) -> dict[str, tuple[float | None, float | None]]:
    coordinates: dict[str, tuple[float | None, float | None]] = {}
    for record in read_csv(path, columns=["code_insee", "latitude", "longitude"]):
        code = record.text("code_insee", pattern=_COMMUNE_CODE)
        latitude = record.optional_decimal("latitude", minimum=-90, maximum=90)
        longitude = record.optional_decimal("longitude", minimum=-180, maximum=180)
        coordinates[code] = (latitude, longitude)
    return coordinates


def _read_zrr(path: Path) -> dict[str, str]:
    statuses = {}
    for record in read_csv(path, columns=["code_insee", "statut_zrr"]):
        code = record.text("code_insee", pattern=_COMMUNE_CODE)
        status = record.text("statut_zrr")
        if status not in _ZRR_STATUSES:
            raise record.error(_("statut ZRR inconnu %(status)r (C, P, PC ou NC attendu)") % {"status": status})
        statuses[code] = _ZRR_STATUSES[status].value
    return statuses


def _sync_postcodes(communes: list[Commune]) -> None:
    wanted = {(postcode, commune.code) for commune in communes for postcode in commune.postcodes}
    existing = {
        (postcode, commune_id): pk
        for pk, postcode, commune_id in CommunePostcode.objects.values_list("pk", "postcode", "commune_id")
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    for start in range(0, len(stale), 500):
        CommunePostcode.objects.filter(pk__in=stale[start : start + 500]).delete()
    CommunePostcode.objects.bulk_create(
        [CommunePostcode(postcode=postcode, commune_id=code) for postcode, code in sorted(wanted - existing.keys())],
        batch_size=2000,
    )
