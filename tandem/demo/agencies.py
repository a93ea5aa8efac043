"""France Travail agencies of the demo: the whole official file when it is there, else the few the demo needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings

from tandem.demo.builders import commune, organisation_update_fields
from tandem.organisations.enums import OrganisationKind as Kind
from tandem.organisations.models import Organisation
from tandem.organisations.services import (
    AgencyImportReport,
    agency_display_name,
    organisation_create,
    organisation_import_agencies,
)

AGENCIES_FILE = Path("itou") / "pole_emploi_agencies.csv"


class _Site(NamedTuple):
    safir_code: str
    kind: str
    file_name: str  # NOM in the official file
    address: str
    postcode: str
    commune_code: str


# The sites the demo uses, as organisation_import_agencies would read them from the official file (same SAFIR
# codes, names, addresses and communes), so that a later import of the whole file finds them unchanged.
NEEDED_SITES = (
    _Site("18011", Kind.FT_AGENCY, "APE BOURGES BAUDENS", "5 boulevard du Maréchal Joffre", "18000", "18033"),
    _Site("28020", Kind.FT_AGENCY, "APE DREUX / APES DREUX", "1 Rue Pierre Sémard", "28100", "28134"),
    _Site("28051", Kind.FT_AGENCY, "APE CHARTRES GARE", "21 rue Nicole", "28000", "28085"),
    _Site("33127", Kind.FT_REGIONAL_DIRECTION, "DR AQUITAINE", "87 RUE NUYENS", "33100", "33063"),
    _Site("33201", Kind.FT_AGENCY, "APE ST JEAN", "36 rue Terres de Borde Belcier", "33800", "33063"),
    _Site("33216", Kind.FT_AGENCY, "APE BORDEAUX NORD", "5 place Ravezies", "33300", "33063"),
    _Site("33224", Kind.FT_AGENCY, "APE BORDEAUX MERIADECK", "1 Terrasse du Front du Médoc", "33000", "33063"),
    _Site("33374", Kind.FT_AGENCY, "APE BORDEAUX BASTIDE", "4 rue René Buthaut", "33100", "33063"),
    _Site("36016", Kind.FT_AGENCY, "APE CHATEAUROUX BALSAN", "4 avenue Francois Mitterrand", "36000", "36044"),
    _Site("37011", Kind.FT_AGENCY, "APE TOURS RONSARD", "106 rue Ronsard", "37100", "37261"),
    _Site("37042", Kind.FT_AGENCY, "APE CHINON", "27 Avenue Gambetta", "37500", "37072"),
    _Site("38013", Kind.FT_AGENCY, "GRENOBLE EUROPOLE", "1 RUE D ARMENIE", "38000", "38185"),
    _Site("38017", Kind.FT_AGENCY, "GRENOBLE LA BRUYERE", "78 avenue La Bruyère", "38100", "38185"),
    _Site("38060", Kind.FT_AGENCY, "SAINT MARTIN D HERES", "22 avenue Benoît Frachon", "38400", "38421"),
    _Site("38075", Kind.FT_AGENCY, "ECHIROLLES", "33 RUE NORMANDIE NIEMEN", "38130", "38151"),
    _Site("38091", Kind.FT_AGENCY, "FONTAINE LIBERTE", "26 rue de la Liberté", "38600", "38169"),
    _Site("41014", Kind.FT_AGENCY, "APE BLOIS LAPLACE", "67 avenue de Châteaudun", "41000", "41018"),
    _Site("41022", Kind.FT_AGENCY, "APE Vendome", "11 bis Rue Albert 1er", "41100", "41269"),
    _Site("45015", Kind.FT_AGENCY, "APE ORLEANS NORD", "8 avenue du Général Patton", "45000", "45234"),
    _Site("45023", Kind.FT_AGENCY, "APE Montargis", "111 rue des Déportés et Internés", "45200", "45208"),
    _Site(
        "45054",
        Kind.FT_REGIONAL_DIRECTION,
        "DR CENTRE SIEGE PLAZA",
        "3 A RUE PIERRE GILLES DE GENNES",
        "45000",
        "45234",
    ),
    _Site("67085", Kind.FT_REGIONAL_DIRECTION, "DR ALSACE LAWN", "27 RUE JEAN WENGER VALENTIN", "67000", "67482"),
    _Site("67125", Kind.FT_AGENCY, "HAGUENAU", "33 Rue de la Redoute", "67500", "67180"),
    _Site("67164", Kind.FT_AGENCY, "WISSEMBOURG", "2 rue Marie Gross Herrel", "67160", "67544"),
    _Site("69188", Kind.FT_REGIONAL_DIRECTION, "DR ARA LYON", "13 rue Crepet.", "69007", "69123"),
)


def agencies_file() -> Path | None:
    if not settings.TANDEM_REFERENTIAL_DIR:
        return None
    path = Path(settings.TANDEM_REFERENTIAL_DIR) / AGENCIES_FILE
    return path if path.exists() else None


def _needed_sites_ensure() -> AgencyImportReport:
    report = AgencyImportReport()
    existing = {
        o.safir_code: o for o in Organisation.objects.filter(safir_code__in=[s.safir_code for s in NEEDED_SITES])
    }
    for site in NEEDED_SITES:
        values: dict[str, Any] = {
            "kind": site.kind,
            "name": agency_display_name(site.file_name),  # as organisation_import_agencies names them
            "address": site.address,
            "postcode": site.postcode,
            "commune": commune(site.commune_code),
        }
        organisation = existing.get(site.safir_code)
        if organisation is None:
            organisation_create(safir_code=site.safir_code, **values)
            report.created += 1
        else:
            organisation_update_fields(organisation, **values)
            report.skipped += 1
    return report


def agencies_load() -> tuple[AgencyImportReport, str]:
    """Upsert the agencies by SAFIR code; returns the report and where the rows came from."""
    path = agencies_file()
    if path is not None:
        return organisation_import_agencies(path=path), str(path)
    return _needed_sites_ensure(), "les seuls sites utiles à la démo, faute du fichier officiel"


def agencies_attach(safir_codes: list[str], *, regional_direction: str) -> list[Organisation]:
    """The agencies, in the given order, each attached (parent) to its France Travail regional direction."""
    direction = Organisation.objects.get(safir_code=regional_direction)
    agencies = {o.safir_code: o for o in Organisation.objects.filter(safir_code__in=safir_codes)}
    for code in safir_codes:
        organisation_update_fields(agencies[code], parent=direction)
    return [agencies[code] for code in safir_codes]
