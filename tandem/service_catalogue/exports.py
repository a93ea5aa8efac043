"""The catalogue in the data·inclusion schema (enums.SCHEMA_VERSION): its `structures` (who gives the services: a
partner, or the Mission Locale's site the service is given at) and its `services`, as JSON (a list of objects, the
schema's field names) and as CSV (the same fields as columns; docs/service_catalogue.md).

Only active services are exported, and the structures that give them. Fields Tandem has no value for are null in
JSON and empty in CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.core.text import spreadsheet_safe
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.service_catalogue.enums import SOURCE, Network
from tandem.service_catalogue.models import Service, ServiceAudience, ServiceTheme
from tandem.service_catalogue.permissions import can_read_catalogue

STRUCTURE_FIELDS = (
    "source",
    "id",
    "nom",
    "date_maj",
    "siret",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "telephone",
    "courriel",
    "reseaux_porteurs",
)
SERVICE_FIELDS = (
    "source",
    "structure_id",
    "id",
    "nom",
    "description",
    "date_maj",
    "type",
    "thematiques",
    "frais",
    "frais_precisions",
    "publics",
    "publics_precisions",
    "conditions_acces",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "telephone",
    "courriel",
    "modes_accueil",
    "zone_eligibilite",
    "lien_mobilisation",
    "modes_mobilisation",
    "mobilisable_par",
    "mobilisation_precisions",
)
NETWORKS: dict[str, str] = {
    OrganisationKind.MISSION_LOCALE: Network.MISSION_LOCALE,
    OrganisationKind.ML_SITE: Network.MISSION_LOCALE,
    OrganisationKind.FT_AGENCY: Network.FRANCE_TRAVAIL,
    OrganisationKind.FT_TERRITORIAL_DIRECTION: Network.FRANCE_TRAVAIL,
    OrganisationKind.FT_REGIONAL_DIRECTION: Network.FRANCE_TRAVAIL,
    OrganisationKind.PLIE: Network.PLIE,
    OrganisationKind.COMMUNE: Network.COMMUNES,
    OrganisationKind.DEPARTEMENT: Network.DEPARTEMENTS,
    OrganisationKind.REGION: Network.REGIONS,
}
# A cell a spreadsheet would read as a formula is written as text (as the audit log's export does).


def structure_id(organisation: Organisation) -> str:
    return f"{SOURCE}--{organisation.pk}"


def service_id(service: Service) -> str:
    return f"{SOURCE}--{service.pk}"


def exported_services(*, membership: Membership | None) -> QuerySet[Service]:
    """The active services with all that their rows need, in a fixed order (by id)."""
    if not can_read_catalogue(membership):
        return Service.objects.none()
    return (
        Service.objects.filter(is_active=True)
        .select_related("organisation__commune", "site__commune")
        .prefetch_related(
            Prefetch("theme_rows", queryset=ServiceTheme.objects.order_by("theme")),
            Prefetch("audience_rows", queryset=ServiceAudience.objects.order_by("audience")),
            "zone_departements",
            "zone_communes",
        )
        .order_by("pk")
    )


def exported_structures(*, membership: Membership | None) -> QuerySet[Organisation]:
    """Who gives the active services: the partner, or the site a service is given at."""
    services = exported_services(membership=membership)
    at_partner = services.filter(site__isnull=True).values("organisation_id")
    at_site = services.filter(site__isnull=False).values("site_id")
    providers = Organisation.objects.filter(Q(pk__in=at_partner) | Q(pk__in=at_site))
    return providers.select_related("commune").order_by("pk")


def _or_none(value: Any) -> Any:
    return value if value not in ("", [], None) else None


def _place(organisation: Organisation) -> dict[str, Any]:
    commune = organisation.commune
    return {
        "commune": commune.name if commune else None,
        "code_postal": _or_none(organisation.postcode),
        "code_insee": commune.pk if commune else None,
        "adresse": _or_none(organisation.address),
    }


def structure_row(organisation: Organisation) -> dict[str, Any]:
    network = NETWORKS.get(organisation.kind)
    return {
        "source": SOURCE,
        "id": structure_id(organisation),
        "nom": organisation.name,
        "date_maj": timezone.localdate(organisation.updated_at).isoformat(),
        "siret": _or_none(organisation.siret),
        **_place(organisation),
        "telephone": _or_none(organisation.phone),
        "courriel": _or_none(organisation.email),
        "reseaux_porteurs": [network] if network else None,
    }


def service_row(service: Service) -> dict[str, Any]:
    provider = service.provider
    # The schema has one description: the summary leads it.
    description = "\n\n".join(text for text in (service.summary, service.description) if text)
    zone = [d.pk for d in service.zone_departements.all()] + [c.pk for c in service.zone_communes.all()]
    return {
        "source": SOURCE,
        "structure_id": structure_id(provider),
        "id": service_id(service),
        "nom": service.name,
        "description": description,
        "date_maj": timezone.localdate(service.updated_at).isoformat(),
        "type": _or_none(service.kind),
        "thematiques": _or_none([row.theme for row in service.theme_rows.all()]),
        "frais": _or_none(service.fees),
        "frais_precisions": _or_none(service.fees_details),
        "publics": _or_none([row.audience for row in service.audience_rows.all()]),
        "publics_precisions": _or_none(service.audience_details),
        "conditions_acces": _or_none(service.access_conditions),
        **_place(provider),
        "telephone": _or_none(service.phone),
        "courriel": _or_none(service.email),
        "modes_accueil": _or_none(list(service.reception_modes)),
        "zone_eligibilite": _or_none(sorted(zone)),
        "lien_mobilisation": _or_none(service.request_link),
        "modes_mobilisation": _or_none(list(service.request_modes)),
        "mobilisable_par": _or_none(list(service.requesters)),
        "mobilisation_precisions": _or_none(service.request_details),
    }


def structures_json(*, membership: Membership | None) -> list[dict[str, Any]]:
    return [structure_row(organisation) for organisation in exported_structures(membership=membership)]


def services_json(*, membership: Membership | None) -> list[dict[str, Any]]:
    return [service_row(service) for service in exported_services(membership=membership)]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = ",".join(str(item) for item in value) if isinstance(value, list) else str(value)
    return spreadsheet_safe(text)


def as_csv(rows: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> str:
    """The rows as the project's CSV files are written (UTF-8 with a BOM, semicolons: a spreadsheet opens them as
    they are); a list is one cell, its values separated by commas (the schema's values hold none)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in fields])
    return "\ufeff" + out.getvalue()


def structures_csv(*, membership: Membership | None) -> str:
    return as_csv(structures_json(membership=membership), STRUCTURE_FIELDS)


def services_csv(*, membership: Membership | None) -> str:
    return as_csv(services_json(membership=membership), SERVICE_FIELDS)
