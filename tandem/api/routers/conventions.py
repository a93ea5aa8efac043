"""API of conventions: the conventions, their steps, parties, targets and secondments.

The same rules as the pages (tandem.partnerships.permissions): a convention is seen by the members of its parties and
of the parties of the conventions below it (404 for anyone else, also on writes); it is written by the managers of
a signing party (a manager's token of that organisation, with write scope). The API acts for the caller's
organisation only: a platform administrator's rights over every convention are the pages', not the API's.
409: refused by the convention's state; 422: a value that breaks a rule (a local reinforced partnership without its
reference site, a parent of the wrong level, a secondment of more than one FTE).
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import QuerySet
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.accounts.models import Membership, User
from tandem.api.auth import ApiHttpRequest, acting_user, membership_of, require_write
from tandem.api.errors import refused_as_not_found
from tandem.api.pagination import BoundedLimitOffsetPagination
from tandem.api.schemas import Amount, Day, RecordId, RecordRef, Row, Whole, one_of
from tandem.organisations.models import Organisation
from tandem.partnerships import selectors, services
from tandem.partnerships.enums import (
    ConventionKind,
    ConventionLevel,
    ConventionStatus,
    Indicator,
    PartyRole,
    SecondmentMission,
    WayOfWorking,
)
from tandem.partnerships.models import Convention, ConventionParty, Secondment, Target

router = Router(tags=["conventions"])

LevelValue = one_of(ConventionLevel)
KindValue = one_of(ConventionKind)
StatusValue = one_of(ConventionStatus)
RoleValue = one_of(PartyRole)
IndicatorValue = one_of(Indicator)
WayValue = one_of(WayOfWorking)
MissionValue = one_of(SecondmentMission)


def _user(request: ApiHttpRequest) -> User | None:
    """The user the API acts as: never with a platform administrator's rights (see the module's docstring)."""
    user = acting_user(request)
    return None if user is not None and user.is_administrator else user


def _caller(request: ApiHttpRequest) -> tuple[User | None, Membership | None]:
    return _user(request), membership_of(request)


def _convention(request: ApiHttpRequest, pk: int) -> Convention:
    user, membership = _caller(request)
    try:
        return selectors.convention_get_for(user=user, membership=membership, pk=pk)
    except Convention.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


def _organisation(pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise HttpError(404, "Not found")
    return organisation


def _user_ref(pk: int | None) -> User | None:
    if pk is None:
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise HttpError(404, "Not found")
    return user


class PartyOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    role: RoleValue
    contact_id: int | None

    @staticmethod
    def resolve_organisation(party: ConventionParty) -> str:
        return party.organisation.name


class ConventionOut(Schema):
    id: int
    level: LevelValue
    parent_id: int | None
    kind: KindValue
    title: str
    status: StatusValue
    signed_on: datetime.date | None
    starts_on: datetime.date
    ends_on: datetime.date | None
    axes: list[str]
    referral_answer_days: int
    first_meeting_days: int
    ways_of_working: list[str]
    notes: str
    parties: list[PartyOut]

    @staticmethod
    def resolve_parties(convention: Convention) -> list[ConventionParty]:
        return list(convention.parties.all())


class TermsIn(Schema):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    parent_id: RecordRef | None = None
    starts_on: Day
    ends_on: Day | None = None
    axes: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list, max_length=12)
    referral_answer_days: Annotated[Whole, Field(ge=1, le=365)] = 7
    first_meeting_days: Annotated[Whole, Field(ge=1, le=365)] = 15
    ways_of_working: list[WayValue] = Field(default_factory=list)
    notes: str = Field("", max_length=2000)


class PartyIn(Row):
    organisation_id: RecordRef
    role: RoleValue = "signatory"
    contact_id: RecordRef | None = None


class ConventionIn(TermsIn):
    level: LevelValue
    kind: KindValue
    parties: list[PartyIn] = Field(
        default_factory=list, description="Its parties; the caller's organisation signs the conventions it creates"
    )


class SignIn(Schema):
    signed_on: Day | None = None


class EndIn(Schema):
    ends_on: Day | None = None


class PartyChangeIn(Schema):
    role: RoleValue
    contact_id: RecordRef | None = None


class TargetOut(Schema):
    id: int | None
    indicator: IndicatorValue
    period: str
    value: Decimal | None
    children_sum: Decimal | None = Field(description="The sum of the child conventions' targets, same period")
    children_count: int


class TargetIn(Schema):
    indicator: IndicatorValue
    value: Annotated[Amount, Field(ge=0, max_digits=10, decimal_places=2)]
    year: Annotated[Whole, Field(ge=2000, le=2100)] | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None


class SecondmentOut(Schema):
    id: int
    convention_id: int
    agent_name: str
    from_agency_id: int
    to_mission_locale_id: int
    fte: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None
    missions: list[str]


class SecondmentIn(Schema):
    agent_name: Annotated[str, Field(min_length=1, max_length=200)]
    from_agency_id: RecordRef
    to_mission_locale_id: RecordRef
    fte: Annotated[Amount, Field(gt=0, le=1, max_digits=3, decimal_places=2)]
    starts_on: Day
    ends_on: Day | None = None
    missions: list[MissionValue] = Field(default_factory=list)


def _terms(request: ApiHttpRequest, payload: TermsIn) -> services.ConventionData:
    parent = None
    if payload.parent_id is not None:
        parent = _convention(request, payload.parent_id)
    return services.ConventionData(
        title=payload.title,
        parent=parent,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        axes=payload.axes,
        referral_answer_days=payload.referral_answer_days,
        first_meeting_days=payload.first_meeting_days,
        ways_of_working=payload.ways_of_working,
        notes=payload.notes,
    )


@router.get("", response={200: list[ConventionOut]}, summary="The conventions the caller's organisation sees")
@paginate(BoundedLimitOffsetPagination)
def convention_list(
    request: ApiHttpRequest,
    level: LevelValue | None = None,
    kind: KindValue | None = None,
    status: StatusValue | None = None,
) -> QuerySet[Convention]:
    user, membership = _caller(request)
    return selectors.convention_list_for(
        user=user, membership=membership, level=level or "", kind=kind or "", status=status or ""
    )


@router.post(
    "",
    response={201: ConventionOut},
    summary="Create a convention (draft) signed by the caller's organisation",
    description="404: a parent, organisation or contact unknown to the caller. 422: a parent of the wrong level, "
    "parties that break the rules of a local reinforced partnership.",
)
def convention_create(request: ApiHttpRequest, payload: ConventionIn):
    require_write(request)
    user, membership = _caller(request)
    parties = [
        services.PartyData(
            organisation=_organisation(party.organisation_id), role=party.role, contact=_user_ref(party.contact_id)
        )
        for party in payload.parties
    ]
    convention = refused_as_not_found(
        lambda: services.convention_create(
            user=user,
            membership=membership,
            level=payload.level,
            kind=payload.kind,
            data=_terms(request, payload),
            parties=parties,
        )
    )
    return 201, convention


@router.get("/{int:pk}", response=ConventionOut, summary="A convention and its parties")
def convention_detail(request: ApiHttpRequest, pk: RecordId):
    return _convention(request, pk)


@router.put("/{int:pk}", response={200: ConventionOut}, summary="Change a convention's terms (signing parties)")
def convention_update(request: ApiHttpRequest, pk: RecordId, payload: TermsIn):
    require_write(request)
    convention = _convention(request, pk)
    user, membership = _caller(request)
    data = _terms(request, payload)
    updated, _changed = refused_as_not_found(
        lambda: services.convention_update(convention=convention, user=user, membership=membership, data=data)
    )
    return updated


@router.post("/{int:pk}/sign", response={200: ConventionOut}, summary="Record the signature (signing parties)")
def convention_sign(request: ApiHttpRequest, pk: RecordId, payload: SignIn):
    require_write(request)
    convention = _convention(request, pk)
    user, membership = _caller(request)
    return refused_as_not_found(
        lambda: services.convention_sign(
            convention=convention, user=user, membership=membership, signed_on=payload.signed_on
        )
    )


@router.post("/{int:pk}/activate", response={200: ConventionOut}, summary="Declare it in force (signing parties)")
def convention_activate(request: ApiHttpRequest, pk: RecordId):
    require_write(request)
    convention = _convention(request, pk)
    user, membership = _caller(request)
    return refused_as_not_found(
        lambda: services.convention_activate(convention=convention, user=user, membership=membership)
    )


@router.post("/{int:pk}/end", response={200: ConventionOut}, summary="End it on its last day (signing parties)")
def convention_end(request: ApiHttpRequest, pk: RecordId, payload: EndIn):
    require_write(request)
    convention = _convention(request, pk)
    user, membership = _caller(request)
    return refused_as_not_found(
        lambda: services.convention_end(
            convention=convention, user=user, membership=membership, ends_on=payload.ends_on
        )
    )


@router.get("/{int:pk}/parties", response={200: list[PartyOut]}, summary="The convention's parties")
def party_list(request: ApiHttpRequest, pk: RecordId):
    return selectors.convention_parties(convention=_convention(request, pk))


@router.post("/{int:pk}/parties", response={201: PartyOut}, summary="Add a party (signing parties)")
def party_add(request: ApiHttpRequest, pk: RecordId, payload: PartyIn):
    require_write(request)
    convention = _convention(request, pk)
    user, membership = _caller(request)
    organisation = _organisation(payload.organisation_id)
    contact = _user_ref(payload.contact_id)
    party = refused_as_not_found(
        lambda: services.party_add(
            convention=convention,
            user=user,
            membership=membership,
            organisation=organisation,
            role=payload.role,
            contact=contact,
        )
    )
    return 201, party


def _party(request: ApiHttpRequest, pk: int) -> ConventionParty:
    user, membership = _caller(request)
    try:
        return selectors.party_get_for(user=user, membership=membership, pk=pk)
    except ConventionParty.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


@router.put("/parties/{int:pk}", response={200: PartyOut}, summary="Change a party's role or single contact")
def party_update(request: ApiHttpRequest, pk: RecordId, payload: PartyChangeIn):
    require_write(request)
    party = _party(request, pk)
    user, membership = _caller(request)
    contact = _user_ref(payload.contact_id)
    return refused_as_not_found(
        lambda: services.party_update(party=party, user=user, membership=membership, role=payload.role, contact=contact)
    )


@router.delete("/parties/{int:pk}", response={204: None}, summary="Take a party out of the convention")
def party_remove(request: ApiHttpRequest, pk: RecordId):
    require_write(request)
    party = _party(request, pk)
    user, membership = _caller(request)
    refused_as_not_found(lambda: services.party_remove(party=party, user=user, membership=membership))
    return 204, None


@router.get(
    "/{int:pk}/targets",
    response={200: list[TargetOut]},
    summary="The convention's targets, beside the sum of its child conventions'",
)
def target_list(request: ApiHttpRequest, pk: RecordId):
    rows = selectors.targets_compared(convention=_convention(request, pk))
    return [
        {
            "id": row.target.pk if row.target is not None else None,
            "indicator": row.indicator,
            "period": row.period,
            "value": row.value,
            "children_sum": row.children_sum,
            "children_count": row.children_count,
        }
        for row in rows
    ]


@router.post(
    "/{int:pk}/targets",
    response={201: TargetOut},
    summary="Set a target for a year (replacing the year's) or a period",
)
def target_set(request: ApiHttpRequest, pk: RecordId, payload: TargetIn):
    require_write(request)
    convention = _convention(request, pk)
    user, membership = _caller(request)
    target: Target = refused_as_not_found(
        lambda: services.target_set(
            convention=convention,
            user=user,
            membership=membership,
            indicator=payload.indicator,
            value=payload.value,
            year=payload.year,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
        )
    )
    body = {
        "id": target.pk,
        "indicator": target.indicator,
        "period": target.period_label,
        "value": target.value,
        "children_sum": None,
        "children_count": 0,
    }
    return 201, body


@router.delete("/targets/{int:pk}", response={204: None}, summary="Remove a target")
def target_remove(request: ApiHttpRequest, pk: RecordId):
    require_write(request)
    user, membership = _caller(request)
    try:
        target = selectors.target_get_for(user=user, membership=membership, pk=pk)
    except Target.DoesNotExist as error:
        raise HttpError(404, "Not found") from error
    refused_as_not_found(lambda: services.target_remove(target=target, user=user, membership=membership))
    return 204, None


@router.get(
    "/{int:pk}/secondments",
    response={200: list[SecondmentOut]},
    summary="The secondments under the convention (its own and its child conventions')",
)
@paginate(BoundedLimitOffsetPagination)
def secondment_list(request: ApiHttpRequest, pk: RecordId) -> QuerySet[Secondment]:
    return selectors.convention_secondments(convention=_convention(request, pk))


def _secondment_data(payload: SecondmentIn) -> services.SecondmentData:
    return services.SecondmentData(
        agent_name=payload.agent_name,
        from_agency=_organisation(payload.from_agency_id),
        to_mission_locale=_organisation(payload.to_mission_locale_id),
        fte=payload.fte,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        missions=payload.missions,
    )


@router.post(
    "/{int:pk}/secondments",
    response={201: SecondmentOut},
    summary="Record a France Travail agent seconded to a Mission Locale",
    description="422: an agency or a Mission Locale not party to the convention (or to one below it), a share "
    "of more than one FTE.",
)
def secondment_create(request: ApiHttpRequest, pk: RecordId, payload: SecondmentIn):
    require_write(request)
    convention = _convention(request, pk)
    user, membership = _caller(request)
    data = _secondment_data(payload)
    secondment = refused_as_not_found(
        lambda: services.secondment_create(convention=convention, user=user, membership=membership, data=data)
    )
    return 201, secondment


def _secondment(request: ApiHttpRequest, pk: int) -> Secondment:
    user, membership = _caller(request)
    try:
        return selectors.secondment_get_for(user=user, membership=membership, pk=pk)
    except Secondment.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


@router.put("/secondments/{int:pk}", response={200: SecondmentOut}, summary="Change a secondment")
def secondment_update(request: ApiHttpRequest, pk: RecordId, payload: SecondmentIn):
    require_write(request)
    secondment = _secondment(request, pk)
    user, membership = _caller(request)
    data = _secondment_data(payload)
    return refused_as_not_found(
        lambda: services.secondment_update(secondment=secondment, user=user, membership=membership, data=data)
    )


@router.delete("/secondments/{int:pk}", response={204: None}, summary="Remove a secondment")
def secondment_remove(request: ApiHttpRequest, pk: RecordId):
    require_write(request)
    secondment = _secondment(request, pk)
    user, membership = _caller(request)
    refused_as_not_found(lambda: services.secondment_remove(secondment=secondment, user=user, membership=membership))
    return 204, None
