from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from tandem.accounts.models import Membership, User
from tandem.api.auth import acting_user, membership_of, require_write
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.people import permissions, selectors, services
from tandem.people.permissions import Access
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
    role: str
    adviser: str | None


class PersonOut(PersonSummary):
    access: str
    follows: list[FollowOut]
    email: str | None = None
    phone: str | None = None
    has_rqth: bool | None = None
    housing: str | None = None
    is_precarious: bool | None = None


class PersonIn(Schema):
    first_name: str
    last_name: str
    birth_date: datetime.date
    commune_code: str | None = Field(None, description="INSEE code of the commune of residence")
    postcode: str | None = Field(None, description="Postcode: with commune_name when it serves several communes")
    commune_name: str | None = None
    ft_identifier: str = ""
    email: str = ""
    phone: str = ""
    has_rqth: bool = False
    adviser_email: str | None = None


class ErrorOut(Schema):
    detail: str


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
        }
    return data


def _membership_or_404(request: HttpRequest) -> Membership:
    membership = membership_of(request)
    if membership is None or membership.role not in permissions.NOMINATIVE_ROLES:
        raise HttpError(404, "Not found")
    return membership


@router.get("", response=list[PersonSummary], summary="The caller's caseload (scoped)")
@paginate(LimitOffsetPagination)
def person_list(
    request: HttpRequest,
    status: str = "",
    overdue: bool = False,
    barrier: str = "",
    scheme: str = "",
    commune: str = "",
):
    membership = _membership_or_404(request)
    audit_record(request=request, action=AuditAction.READ, person_id=None, object_type="caseload", detail="api")
    people = selectors.caseload_for(
        membership=membership, status=status, overdue=overdue, barrier=barrier, scheme=scheme, commune=commune
    )
    return [_summary(p) for p in people.select_related(None)[:1000]]


@router.get("/{pk}", response=PersonOut)
def person_detail(request: HttpRequest, pk: int):
    membership = _membership_or_404(request)
    try:
        person, access = selectors.person_get_for(membership=membership, pk=pk)
    except Http404 as error:
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


@router.post("", response={201: PersonOut, 400: ErrorOut}, summary="Create a record; the caller's organisation leads")
def person_create(request: HttpRequest, payload: PersonIn):
    require_write(request)
    membership = _membership_or_404(request)
    if not permissions.can_create_person(membership):
        raise HttpError(403, "This organisation cannot create records")
    adviser = acting_user(request)
    if payload.adviser_email:
        adviser = User.objects.filter(
            email__iexact=payload.adviser_email, memberships__organisation_id=membership.organisation_id
        ).first()
    if adviser is None:
        return 400, {"detail": "adviser_email: an adviser of the organisation is required"}
    try:
        # The commune's own resolver: an ambiguous or contradictory value is a 400 that asks, never a guess.
        commune = commune_resolve(
            code=payload.commune_code or "", postcode=payload.postcode or "", name=payload.commune_name or ""
        )
    except ValidationError as error:
        return 400, {"detail": " ".join(error.messages)}
    fields = payload.dict(exclude={"commune_code", "postcode", "commune_name", "adviser_email"}) | {"commune": commune}
    try:
        person = services.person_create(by=acting_user(request), organisation=membership.organisation, **fields)
        services.follow_set_lead(
            person=person, organisation=membership.organisation, adviser=adviser, by=acting_user(request)
        )
    except ValidationError as error:
        return 400, {"detail": "; ".join(error.messages)}
    audit_record(
        request=request,
        action=AuditAction.CREATE,
        person_id=person.pk,
        object_type="person",
        object_id=person.pk,
        detail="api",
    )
    return 201, _detail(person, Access.FULL)
