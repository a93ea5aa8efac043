"""API of the services catalogue: each partner's services, and the catalogue in the data·inclusion schema.

The same rules as the pages (tandem.service_catalogue.permissions): every partner's token or member reads the
catalogue (observers too: it is no personal data); the partner's managers (a manager's token with the write scope)
add, change, deactivate and reactivate its services, and a site's managers those given at their site; anyone else
gets 404 and nothing changes. 409: the service is already in the state asked for.
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.accounts.models import Membership
from tandem.api.auth import ApiHttpRequest, acting_user, membership_of, require_write
from tandem.api.errors import refused_as_not_found
from tandem.api.pagination import BoundedLimitOffsetPagination
from tandem.api.schemas import ErrorOut, RecordId, RecordRef, one_of
from tandem.organisations.models import Organisation
from tandem.service_catalogue import exports, permissions, selectors, services
from tandem.service_catalogue.enums import (
    Audience,
    Fees,
    ReceptionMode,
    Requester,
    RequestMode,
    ServiceType,
    Theme,
    ThemeCategory,
)
from tandem.service_catalogue.models import Service
from tandem.territories.models import Commune, Departement

router = Router(tags=["services catalogue"])

ThemeValue = one_of(Theme)
ThemeFilter = one_of(Theme, ThemeCategory, "")
AudienceValue = one_of(Audience)
AudienceFilter = one_of(Audience, "")
KindValue = one_of(ServiceType, "")
FeesValue = one_of(Fees, "")
ReceptionValue = one_of(ReceptionMode)
RequestValue = one_of(RequestMode)
RequesterValue = one_of(Requester)
CSV_RESPONSE = {
    "responses": {
        200: {
            "description": "The file (UTF-8 with a BOM, semicolons; a list's values separated by commas)",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


def _reader(request: ApiHttpRequest) -> Membership:
    membership = membership_of(request)
    if not permissions.can_read_catalogue(membership):
        raise HttpError(404, "Not found")
    return membership


def _service(membership: Membership, pk: int) -> Service:
    return refused_as_not_found(lambda: selectors.service_get_for(membership=membership, pk=pk))


class ServiceOut(Schema):
    id: int
    organisation_id: int
    site_id: int | None
    name: str
    summary: str
    description: str
    kind: str
    themes: list[str]
    audiences: list[str]
    audience_details: str
    access_conditions: str
    fees: str
    fees_details: str
    reception_modes: list[str]
    request_modes: list[str]
    requesters: list[str]
    request_details: str
    request_link: str
    email: str
    phone: str
    zone_departements: list[str] = Field(description="Codes of the départements of the zone")
    zone_communes: list[str] = Field(description="INSEE codes of the communes of the zone")
    is_active: bool
    updated_at: datetime.datetime

    @staticmethod
    def resolve_themes(service: Service) -> list[str]:
        return [row.theme for row in service.theme_rows.all()]

    @staticmethod
    def resolve_audiences(service: Service) -> list[str]:
        return [row.audience for row in service.audience_rows.all()]

    @staticmethod
    def resolve_zone_departements(service: Service) -> list[str]:
        return sorted(departement.pk for departement in service.zone_departements.all())

    @staticmethod
    def resolve_zone_communes(service: Service) -> list[str]:
        return sorted(commune.pk for commune in service.zone_communes.all())


class ServiceIn(Schema):
    """A service in the data·inclusion schema's values. Without a zone, it is offered where its partner (or its
    site) covers."""

    name: Annotated[str, Field(min_length=3, max_length=150)]
    description: Annotated[str, Field(min_length=5, max_length=10000)]
    summary: str = Field("", max_length=280)
    kind: KindValue = ""
    themes: list[ThemeValue] = Field(min_length=1)
    audiences: list[AudienceValue] = Field(default_factory=list)
    audience_details: str = Field("", max_length=500)
    access_conditions: str = Field("", max_length=2000)
    fees: FeesValue = ""
    fees_details: str = Field("", max_length=500)
    reception_modes: list[ReceptionValue] = Field(default_factory=list)
    request_modes: list[RequestValue] = Field(default_factory=list)
    requesters: list[RequesterValue] = Field(default_factory=list)
    request_details: str = Field("", max_length=2000)
    request_link: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    site_id: RecordRef | None = Field(
        None, description="A site of the partner's (Mission Locale) the service is given at"
    )
    zone_departements: list[Annotated[str, Field(min_length=2, max_length=3)]] = Field(
        default_factory=list, max_length=200
    )
    zone_communes: list[Annotated[str, Field(min_length=5, max_length=5)]] = Field(default_factory=list, max_length=200)


def _data(payload: ServiceIn) -> services.ServiceData:
    site = None
    if payload.site_id is not None:
        site = Organisation.objects.filter(pk=payload.site_id).first()
        if site is None:
            raise HttpError(404, "Not found")
    departements = list(Departement.objects.filter(code__in=payload.zone_departements))
    communes = list(Commune.objects.filter(code__in=payload.zone_communes))
    if len(departements) != len(set(payload.zone_departements)) or len(communes) != len(set(payload.zone_communes)):
        raise ValidationError({"zone": _("Un code de département ou de commune de la zone est inconnu.")})
    return services.ServiceData(
        **payload.model_dump(exclude={"site_id", "zone_departements", "zone_communes"}),
        site=site,
        zone_departements=departements,
        zone_communes=communes,
    )


@router.get("/services", response={200: list[ServiceOut], 404: ErrorOut}, summary="The catalogue, filtered")
@paginate(BoundedLimitOffsetPagination)
def service_list(
    request: ApiHttpRequest,
    q: str = Query("", max_length=100),
    theme: ThemeFilter = "",
    audience: AudienceFilter = "",
    organisation_id: RecordRef | None = None,
    departement: str = Query("", max_length=3, description="Offered in this département"),
    commune: str = Query("", max_length=5, description="Offered in this commune (INSEE code)"),
    include_inactive: bool = False,
) -> QuerySet[Service]:
    membership = _reader(request)
    place = Commune.objects.filter(code=commune).first() if commune else None
    if commune and place is None:
        raise ValidationError({"commune": _("Commune inconnue.")})
    filters = selectors.CatalogueFilters(
        query=q,
        theme=theme,
        audience=audience,
        organisation_id=organisation_id,
        departement_code=departement,
        commune=place,
        include_inactive=include_inactive,
    )
    return selectors.service_list_for(membership=membership, filters=filters).prefetch_related(
        "zone_departements", "zone_communes"
    )


@router.get("/services/{int:pk}", response=ServiceOut, summary="A service")
def service_detail(request: ApiHttpRequest, pk: RecordId):
    return _service(_reader(request), pk)


@router.post(
    "/services",
    response={201: ServiceOut},
    summary="Add a service of the caller's organisation (its managers)",
    description="404: the caller is no manager, or the site is unknown. 422: a value the schema refuses (no theme, "
    "`tous-publics` with another public, a site that is not the partner's, an unknown code in the zone).",
)
def service_create(request: ApiHttpRequest, payload: ServiceIn):
    require_write(request)
    membership = _reader(request)
    data = _data(payload)
    service = refused_as_not_found(
        lambda: services.service_create(membership=membership, by=acting_user(request), data=data)
    )
    return 201, _service(membership, service.pk)


@router.put(
    "/services/{int:pk}",
    response={200: ServiceOut},
    summary="Replace a service's description (its partner's managers)",
    description="404: a service the caller does not keep. 422: a value the schema refuses.",
)
def service_update(request: ApiHttpRequest, pk: RecordId, payload: ServiceIn):
    require_write(request)
    membership = _reader(request)
    service = _service(membership, pk)
    data = _data(payload)
    refused_as_not_found(
        lambda: services.service_update(service=service, membership=membership, by=acting_user(request), data=data)
    )
    return _service(membership, pk)


def _set_active(request: ApiHttpRequest, pk: int, *, active: bool) -> Service:
    require_write(request)
    membership = _reader(request)
    service = _service(membership, pk)
    step = services.service_reactivate if active else services.service_deactivate
    refused_as_not_found(lambda: step(service=service, membership=membership, by=acting_user(request)))
    return _service(membership, pk)


@router.post(
    "/services/{int:pk}/deactivate",
    response={200: ServiceOut, 409: ErrorOut},
    summary="Take a service out of the catalogue (its partner's managers)",
)
def service_deactivate(request: ApiHttpRequest, pk: RecordId):
    return _set_active(request, pk, active=False)


@router.post(
    "/services/{int:pk}/reactivate",
    response={200: ServiceOut, 409: ErrorOut},
    summary="Bring a service back to the catalogue (its partner's managers)",
)
def service_reactivate(request: ApiHttpRequest, pk: RecordId):
    return _set_active(request, pk, active=True)


@router.get(
    "/data-inclusion/structures",
    response={200: list[dict[str, Any]], 404: ErrorOut},
    summary="The structures giving the active services, in the data·inclusion schema (JSON)",
)
def export_structures(request: ApiHttpRequest):
    return exports.structures_json(membership=_reader(request))


@router.get(
    "/data-inclusion/services",
    response={200: list[dict[str, Any]], 404: ErrorOut},
    summary="The active services, in the data·inclusion schema (JSON)",
)
def export_services(request: ApiHttpRequest):
    return exports.services_json(membership=_reader(request))


def _csv(content: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="data-inclusion-{name}.csv"'
    return response


@router.get(
    "/data-inclusion/structures.csv",
    response={404: ErrorOut},
    summary="The structures, in the data·inclusion schema (CSV)",
    openapi_extra=CSV_RESPONSE,
)
def export_structures_csv(request: ApiHttpRequest):
    return _csv(exports.structures_csv(membership=_reader(request)), "structures")


@router.get(
    "/data-inclusion/services.csv",
    response={404: ErrorOut},
    summary="The services, in the data·inclusion schema (CSV)",
    openapi_extra=CSV_RESPONSE,
)
def export_services_csv(request: ApiHttpRequest):
    return _csv(exports.services_csv(membership=_reader(request)), "services")
