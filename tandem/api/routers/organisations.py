# No postponed annotations here: django-ninja reads the parameters' types at run time (paginated views).

from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.api.auth import ApiHttpRequest, require_organisation_write
from tandem.api.pagination import BoundedLimitOffsetPagination
from tandem.api.schemas import CoverageChange, CoverageIn, CoverageOut, OrganisationOut, RecordId
from tandem.organisations import selectors, services
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation

router = Router(tags=["organisations"])


def _organisation_or_404(pk: int) -> Organisation:
    try:
        return selectors.organisation_get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


@router.get("", response=list[OrganisationOut])
@paginate(BoundedLimitOffsetPagination)
def organisation_list(request: ApiHttpRequest, kind: OrganisationKind | None = None, q: str = "", commune: str = ""):
    return selectors.organisation_list(kind=kind or "", query=q, commune_code=commune)


@router.get("/{pk}", response=OrganisationOut)
def organisation_detail(request: ApiHttpRequest, pk: RecordId):
    return _organisation_or_404(pk)


@router.get("/{pk}/coverage", response=CoverageOut)
def coverage(request: ApiHttpRequest, pk: RecordId):
    organisation = _organisation_or_404(pk)
    return {"organisation_id": pk, "commune_codes": selectors.coverage_commune_codes(organisation=organisation)}


@router.put(
    "/{pk}/coverage",
    response=CoverageChange,
    summary="Replace the coverage territory",
    description="422: a code that is no commune; 409: a commune already covered by another Mission Locale.",
)
def coverage_replace(request: ApiHttpRequest, pk: RecordId, payload: CoverageIn):
    organisation = _organisation_or_404(pk)
    require_organisation_write(request, organisation)
    return services.organisation_set_coverage(organisation=organisation, commune_codes=payload.commune_codes)
