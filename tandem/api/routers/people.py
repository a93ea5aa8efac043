# No postponed annotations here: django-ninja reads the parameters' types at run time (paginated views).

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.access import permissions
from tandem.access import selectors as access_selectors
from tandem.access.permissions import Access
from tandem.accounts.models import User
from tandem.api.auth import ApiHttpRequest, acting_user, nominative_membership, require_write
from tandem.api.errors import InvalidInputOut
from tandem.api.pagination import CountedUpToPagination
from tandem.api.schemas import Day, ErrorOut, Flag, RecordId, one_of
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.core.errors import Conflict, error_codes
from tandem.core.pagination import MappedList
from tandem.people import selectors, services
from tandem.people.enums import BarrierKind, FollowRole, HousingSituation, LegalBasis, Scheme
from tandem.referrals.enums import ReferralStatus
from tandem.territories.selectors import commune_resolve

router = Router(tags=["people"])


class PersonSummary(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: datetime.date
    commune_code: str | None
    ft_identifier: str


class FollowOut(Schema):
    organisation_id: int
    organisation: str
    role: one_of(FollowRole)
    adviser: str | None


class PersonOut(PersonSummary):
    access: one_of("full", "shared")
    follows: list[FollowOut]
    email: str | None = None
    phone: str | None = None
    has_rqth: bool | None = None
    housing: one_of(HousingSituation) | None = None
    is_precarious: bool | None = None
    legal_basis: one_of(LegalBasis) | None = None
    informed_on: datetime.date | None = None


class PersonIn(Schema):
    first_name: str
    last_name: str
    birth_date: Day
    commune_code: str | None = Field(None, description="INSEE code of the commune of residence")
    postcode: str | None = Field(None, description="Postcode: with commune_name when it serves several communes")
    commune_name: str | None = None
    ft_identifier: str = ""
    email: str = ""
    phone: str = ""
    has_rqth: Flag = False
    legal_basis: one_of(LegalBasis) = Field(
        LegalBasis.PUBLIC_INTEREST.value, description="Legal basis of the processing (GDPR art. 6)"
    )
    informed_on: Day | None = Field(None, description="When the person was informed of the processing")
    adviser_email: str | None = None
    rome_codes: list[str] = Field([], max_length=10, description="ROME codes sought: they start the job project")
    appellation_codes: list[str] = Field([], max_length=10, description="OGR codes of the appellations sought")


class PersonChangeIn(Schema):
    """Only the fields given change; the others stay as they are."""

    legal_basis: one_of(LegalBasis) = Field(None, description="Legal basis of the processing (GDPR art. 6)")
    informed_on: Day | None = Field(
        None, description="When the person was informed of the processing (null: not recorded)"
    )


CaseloadStatus = one_of("lead", "contributor", ReferralStatus)


def _summary(person) -> dict:
    return {
        "id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date,
        "commune_code": person.commune_id,
        "ft_identifier": person.ft_identifier,
    }


def _detail(person, access: Access) -> dict:
    data = _summary(person) | {
        "access": access.name.lower(),
        "follows": [
            {
                "organisation_id": f.organisation_id,
                "organisation": f.organisation.name,
                "role": f.role,
                "adviser": f.adviser.get_full_name() if f.adviser else None,
            }
            for f in selectors.person_follows(person=person)
        ],
    }
    if access == Access.FULL:
        data |= {
            "email": person.email,
            "phone": person.phone,
            "has_rqth": person.has_rqth,
            "housing": person.housing,
            "is_precarious": person.is_precarious,
            "legal_basis": person.legal_basis,
            "informed_on": person.informed_on,
        }
    return data


@router.get("", response=list[PersonSummary], summary="The caller's caseload (scoped)")
@paginate(CountedUpToPagination)
def person_list(
    request: ApiHttpRequest,
    status: CaseloadStatus | None = None,
    overdue: bool = False,
    barrier: one_of(BarrierKind) | None = None,
    scheme: one_of(Scheme) | None = None,
    commune: str = "",
):
    membership = nominative_membership(request)
    audit_record(request=request, action=AuditAction.READ, person_id=None, object_type="caseload", detail="api")
    people = access_selectors.caseload_for(
        membership=membership,
        status=status or "",
        overdue=overdue,
        barrier=barrier or "",
        scheme=scheme or "",
        commune=commune,
    )
    # Summaries are built for the page only; the total is counted up to 1,000 (`more` beyond).
    return MappedList(people.select_related(None), _summary)


@router.get("/{pk}", response=PersonOut)
def person_detail(request: ApiHttpRequest, pk: RecordId):
    membership = nominative_membership(request)
    try:
        person, access = access_selectors.person_get_for(membership=membership, pk=pk)
    except Http404 as error:
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=pk, object_type="person", object_id=pk, detail="api"
        )
        raise HttpError(404, "Not found") from error
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=person.pk,
        object_type="person",
        object_id=person.pk,
        detail="api",
    )
    return _detail(person, access)


@router.post(
    "",
    response={201: PersonOut, 403: ErrorOut, 409: ErrorOut, 422: InvalidInputOut},
    summary="Create a record; the caller's organisation leads",
    description=(
        "422 when a value means nothing valid (an unknown or ambiguous commune, a birth date in the future, an unknown "
        "ROME or OGR code: nothing is created); 409 when "
        "the France Travail identifier is already that of a record, followed by the caller or a partner (the same "
        "words either way: nothing else is disclosed)."
    ),
)
def person_create(request: ApiHttpRequest, payload: PersonIn):
    require_write(request)
    membership = nominative_membership(request)
    if not permissions.can_create_person(membership):
        raise HttpError(403, "This organisation cannot create records")
    adviser = acting_user(request)
    if payload.adviser_email:
        adviser = User.objects.filter(
            email__iexact=payload.adviser_email, memberships__organisation_id=membership.organisation_id
        ).first()
    if adviser is None:
        raise ValidationError(_("adviser_email : un conseiller ou une conseillère de l'organisation est requis."))
    # The commune's own resolver: an ambiguous or contradictory value is a 422 that asks, never a guess.
    commune = commune_resolve(
        code=payload.commune_code or "", postcode=payload.postcode or "", name=payload.commune_name or ""
    )
    fields = payload.dict(exclude={"commune_code", "postcode", "commune_name", "adviser_email"}) | {"commune": commune}
    try:
        person = services.person_register(
            by=acting_user(request), organisation=membership.organisation, adviser=adviser, **fields
        )
    except ValidationError as error:
        if "ft_identifier_taken" in error_codes(error):
            raise Conflict(error.messages) from error
        raise
    audit_record(
        request=request,
        action=AuditAction.CREATE,
        person_id=person.pk,
        object_type="person",
        object_id=person.pk,
        detail="api",
    )
    return 201, _detail(person, Access.FULL)


@router.patch(
    "/{pk}",
    response={200: PersonOut, 403: ErrorOut, 422: InvalidInputOut},
    summary="Change a record (its lead organisation): the legal basis of the processing, when the person was informed",
    description=(
        "Only the fields given change. 422 when a value is none of those allowed (nothing is changed); 404 when the "
        "caller may not see the person or does not lead them (nothing is changed)."
    ),
)
def person_change(request: ApiHttpRequest, pk: RecordId, payload: PersonChangeIn):
    require_write(request)
    membership = nominative_membership(request)
    try:
        person, access = access_selectors.person_get_for(membership=membership, pk=pk)
        if access != Access.FULL:
            raise Http404
    except Http404 as error:
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=pk, object_type="person", object_id=pk, detail="api"
        )
        raise HttpError(404, "Not found") from error
    fields = payload.model_dump(exclude_unset=True)
    services.person_update(person=person, by=acting_user(request), organisation=membership.organisation, **fields)
    audit_record(
        request=request,
        action=AuditAction.UPDATE,
        person_id=person.pk,
        object_type="person",
        object_id=person.pk,
        detail="api",
    )
    return _detail(person, Access.FULL)
