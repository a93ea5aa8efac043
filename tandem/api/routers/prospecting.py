"""API of joint prospecting: campaigns, their target lists and pairs, visits and their reports.

The same rule as the pages (tandem.prospecting.permissions): a campaign is seen by the staff of its
organisations (404 for anyone else, also on writes); its managers change it, build and split its list and form
its pairs; its staff plan and report its visits. A partner system acts with its organisation's token and role
(write scope for writes, else 403). 409: refused by the campaign's or the visit's state (closed, reported).
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.accounts.models import Membership, User
from tandem.api.auth import ApiHttpRequest, acting_user, nominative_membership, require_write
from tandem.api.errors import refused_as_not_found
from tandem.api.pagination import BoundedLimitOffsetPagination
from tandem.api.schemas import Day, ErrorOut, RecordId, RecordRef, Row, Whole, one_of
from tandem.employers.enums import SizeBracket
from tandem.employers.models import Employer
from tandem.offers.enums import ContractType
from tandem.organisations.models import Organisation
from tandem.prospecting import selectors, services
from tandem.prospecting.enums import CampaignStatus, ServicePresented, VisitOutcome, VisitStatus
from tandem.prospecting.models import Campaign, CampaignTarget, Pair, Visit
from tandem.referentials.models import NafCode, RomeCode
from tandem.territories.models import Epci
from tandem.territories.selectors import commune_resolve

router = Router(tags=["prospecting"])

CampaignStatusValue = one_of(CampaignStatus)
VisitStatusValue = one_of(VisitStatus)
OutcomeValue = one_of(VisitOutcome)
ServiceValue = one_of(ServicePresented)
SizeBracketValue = one_of(SizeBracket)
ContractTypeValue = one_of(ContractType)
Name = Annotated[str, Field(min_length=1, max_length=200)]
Code = Annotated[str, Field(min_length=1, max_length=10)]
T = TypeVar("T")


def _campaign(membership: Membership, pk: int) -> Campaign:
    return refused_as_not_found(lambda: selectors.campaign_get_for(membership=membership, pk=pk))


def _visit(membership: Membership, pk: int) -> Visit:
    return refused_as_not_found(lambda: selectors.visit_get_for(membership=membership, pk=pk))


class PairOut(Schema):
    id: int
    number: int
    first_member_id: int
    first_member: str
    first_organisation_id: int
    second_member_id: int
    second_member: str
    second_organisation_id: int

    @staticmethod
    def resolve_first_member(pair: Pair) -> str:
        return str(pair.first_member)

    @staticmethod
    def resolve_second_member(pair: Pair) -> str:
        return str(pair.second_member)


class CampaignOut(Schema):
    id: int
    name: str
    organisation_id: int
    status: CampaignStatusValue
    starts_on: datetime.date
    ends_on: datetime.date
    size_brackets: list[str]
    revisit_after_days: int
    target_count: int


class CampaignDetailOut(CampaignOut):
    organisation_ids: list[int]
    commune_codes: list[str]
    epci_codes: list[str]
    naf_codes: list[str]
    rome_codes: list[str]
    pairs: list[PairOut]

    @staticmethod
    def resolve_organisation_ids(campaign: Campaign) -> list[int]:
        return sorted(campaign.organisations.values_list("pk", flat=True))

    @staticmethod
    def resolve_commune_codes(campaign: Campaign) -> list[str]:
        return sorted(campaign.communes.values_list("pk", flat=True))

    @staticmethod
    def resolve_epci_codes(campaign: Campaign) -> list[str]:
        return sorted(campaign.epcis.values_list("pk", flat=True))

    @staticmethod
    def resolve_naf_codes(campaign: Campaign) -> list[str]:
        return sorted(campaign.naf_codes.values_list("pk", flat=True))

    @staticmethod
    def resolve_rome_codes(campaign: Campaign) -> list[str]:
        return sorted(campaign.rome_codes.values_list("pk", flat=True))

    @staticmethod
    def resolve_pairs(campaign: Campaign) -> list[Pair]:
        return list(campaign.pairs.select_related("first_member", "second_member").order_by("number"))


class CampaignIn(Schema):
    name: Name
    starts_on: Day
    ends_on: Day
    organisation_ids: list[RecordRef] = Field(default_factory=list, description="The partners involved")
    commune_codes: list[Code] = Field(default_factory=list, description="INSEE codes")
    epci_codes: list[Code] = Field(default_factory=list, description="SIREN of the EPCI")
    naf_codes: list[Code] = Field(default_factory=list, description="NAF codes, e.g. 47.11D")
    rome_codes: list[Code] = Field(default_factory=list, description="ROME codes, e.g. D1106")
    size_brackets: list[SizeBracketValue] = Field(default_factory=list, description="INSEE size brackets")
    revisit_after_days: Annotated[Whole, Field(ge=0, le=3650)] | None = None
    target_count: Annotated[Whole, Field(ge=1, le=1000)] | None = None


class CampaignTargetOut(Schema):
    id: int
    rank: int
    score: float
    employer_id: int
    employer: str
    commune_code: str | None
    pair_number: int | None
    visited: bool

    @staticmethod
    def resolve_employer(target: CampaignTarget) -> str:
        return str(target.employer)

    @staticmethod
    def resolve_commune_code(target: CampaignTarget) -> str | None:
        return target.employer.commune_id

    @staticmethod
    def resolve_pair_number(target: CampaignTarget) -> int | None:
        return target.pair.number if target.pair is not None else None

    @staticmethod
    def resolve_visited(target: CampaignTarget) -> bool:
        return bool(getattr(target, "visited", False))


class CountOut(Schema):
    count: int


class VolunteerIn(Row):
    user_id: RecordRef
    organisation_id: RecordRef


class PairsIn(Schema):
    volunteers: list[VolunteerIn]
    wanted: Annotated[Whole, Field(ge=1, le=100)] | None = None


class VisitOut(Schema):
    id: int
    campaign_id: int | None
    employer_id: int
    pair_id: int | None
    organisation_id: int
    planned_on: datetime.date
    status: VisitStatusValue
    visited_on: datetime.date | None
    outcome: str
    needs: str
    services_presented: list[str]
    next_step: str
    next_step_due_on: datetime.date | None
    offer_ids: list[int]

    @staticmethod
    def resolve_offer_ids(visit: Visit) -> list[int]:
        return sorted(offer.pk for offer in visit.offers.all())


class VisitIn(Schema):
    campaign_id: RecordRef
    employer_id: RecordRef
    pair_id: RecordRef | None = None
    planned_on: Day


class CollectedOfferIn(Row):
    title: Annotated[str, Field(min_length=1, max_length=255)]
    contract_type: ContractTypeValue
    rome_code: str = Field("", max_length=10)
    commune_code: str = Field("", max_length=10, description="INSEE code; the company's commune if empty")
    positions: Annotated[Whole, Field(ge=1, le=999)] = 1


class VisitReportIn(Schema):
    outcome: OutcomeValue
    visited_on: Day | None = None
    needs: str = Field("", max_length=5000)
    services_presented: list[ServiceValue] = Field(default_factory=list)
    next_step: str = Field("", max_length=255)
    next_step_due_on: Day | None = None
    offers: list[CollectedOfferIn] = Field(default_factory=list, max_length=20)


def _known(model: Any, codes: list[str], normalise: Callable[[str], str] = str.upper) -> list[Any]:
    wanted = [normalise(code.strip()) for code in codes]
    found = {row.pk: row for row in model._default_manager.filter(pk__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError(_("Codes inconnus : %(codes)s") % {"codes": ", ".join(unknown)}, code="unknown_code")
    return [found[code] for code in dict.fromkeys(wanted)]


def _naf(code: str) -> str:
    from tandem.core.codes import naf_normalise

    return naf_normalise(code) or code.upper()


@router.get("/campaigns", response={200: list[CampaignOut], 404: ErrorOut}, summary="The caller's campaigns")
@paginate(BoundedLimitOffsetPagination)
def campaign_list(request: ApiHttpRequest) -> QuerySet[Campaign]:
    return selectors.campaign_list_for(membership=nominative_membership(request))


@router.post(
    "/campaigns",
    response={201: CampaignDetailOut},
    summary="Create a campaign of the caller's organisation (managers)",
    description="404: a caller who does not manage an organisation; 422: unknown codes or communes, no territory.",
)
def campaign_create(request: ApiHttpRequest, payload: CampaignIn):
    require_write(request)
    membership = nominative_membership(request)
    organisations = list(Organisation.objects.filter(pk__in=payload.organisation_ids))
    if len(organisations) != len(set(payload.organisation_ids)):
        raise ValidationError(_("Organisation inconnue."), code="unknown_organisation")
    communes = [commune_resolve(code=code) for code in payload.commune_codes]
    campaign = refused_as_not_found(
        lambda: services.campaign_create(
            membership=membership,
            by=acting_user(request),
            name=payload.name,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            organisations=organisations,
            communes=[commune for commune in communes if commune is not None],
            epcis=_known(Epci, payload.epci_codes),
            naf_codes=_known(NafCode, payload.naf_codes, _naf),
            rome_codes=_known(RomeCode, payload.rome_codes),
            size_brackets=list(payload.size_brackets),
            revisit_after_days=payload.revisit_after_days,
            target_count=payload.target_count,
        )
    )
    return 201, campaign


@router.get("/campaigns/{int:pk}", response=CampaignDetailOut, summary="A campaign, its territory and its pairs")
def campaign_detail(request: ApiHttpRequest, pk: RecordId):
    return _campaign(nominative_membership(request), pk)


@router.get(
    "/campaigns/{int:pk}/targets",
    response={200: list[CampaignTargetOut], 404: ErrorOut},
    summary="The campaign's target list, by rank, with each company's pair and whether it was visited",
)
@paginate(BoundedLimitOffsetPagination)
def campaign_targets(request: ApiHttpRequest, pk: RecordId) -> QuerySet[CampaignTarget]:
    return selectors.campaign_targets(campaign=_campaign(nominative_membership(request), pk))


def _campaign_write(request: ApiHttpRequest, pk: int, write: Callable[[Campaign, Membership], T]) -> T:
    require_write(request)
    membership = nominative_membership(request)
    campaign = _campaign(membership, pk)
    return refused_as_not_found(lambda: write(campaign, membership))


@router.post(
    "/campaigns/{int:pk}/targets/build",
    response={200: CountOut},
    summary="(Re)build the target list (managers); returns how many companies it holds",
)
def campaign_targets_build(request: ApiHttpRequest, pk: RecordId):
    count = _campaign_write(
        request,
        pk,
        lambda c, m: services.target_list_build(campaign=c, membership=m, by=acting_user(request)),
    )
    return {"count": count}


@router.post(
    "/campaigns/{int:pk}/targets/split",
    response={200: CountOut},
    summary="Split the target list across the pairs (managers); returns how many pairs share it",
)
def campaign_targets_split(request: ApiHttpRequest, pk: RecordId):
    counts = _campaign_write(
        request,
        pk,
        lambda c, m: services.target_list_split(campaign=c, membership=m, by=acting_user(request)),
    )
    return {"count": len(counts)}


@router.post(
    "/campaigns/{int:pk}/pairs",
    response={200: list[PairOut]},
    summary="Form the pairs from the volunteers by the rotation (managers)",
)
def campaign_pairs_form(request: ApiHttpRequest, pk: RecordId, payload: PairsIn):
    users = User.objects.in_bulk([v.user_id for v in payload.volunteers])
    organisations = Organisation.objects.in_bulk([v.organisation_id for v in payload.volunteers])
    missing = [v for v in payload.volunteers if v.user_id not in users or v.organisation_id not in organisations]
    if missing:
        raise ValidationError(_("Volontaire ou organisation inconnus."), code="unknown_volunteer")
    volunteers = [(users[v.user_id], organisations[v.organisation_id]) for v in payload.volunteers]
    pairs = _campaign_write(
        request,
        pk,
        lambda c, m: services.pairs_form(
            campaign=c, membership=m, by=acting_user(request), volunteers=volunteers, wanted=payload.wanted
        ),
    )
    return Pair.objects.filter(pk__in=[p.pk for p in pairs]).select_related("first_member", "second_member")


@router.post("/campaigns/{int:pk}/activate", response={200: CampaignOut}, summary="Launch the campaign (managers)")
def campaign_activate(request: ApiHttpRequest, pk: RecordId):
    return _campaign_write(
        request, pk, lambda c, m: services.campaign_activate(campaign=c, membership=m, by=acting_user(request))
    )


@router.post("/campaigns/{int:pk}/close", response={200: CampaignOut}, summary="Close the campaign (managers)")
def campaign_close(request: ApiHttpRequest, pk: RecordId):
    return _campaign_write(
        request, pk, lambda c, m: services.campaign_close(campaign=c, membership=m, by=acting_user(request))
    )


@router.get(
    "/campaigns/{int:pk}/visits",
    response={200: list[VisitOut], 404: ErrorOut},
    summary="The campaign's visits, latest first",
)
@paginate(BoundedLimitOffsetPagination)
def campaign_visits(request: ApiHttpRequest, pk: RecordId) -> QuerySet[Visit]:
    return selectors.campaign_visits(campaign=_campaign(nominative_membership(request), pk))


@router.post(
    "/visits",
    response={201: VisitOut},
    summary="Plan a visit of the campaign (its staff)",
    description="404: a campaign the caller does not take part in, an unknown company or pair.",
)
def visit_plan(request: ApiHttpRequest, payload: VisitIn):
    require_write(request)
    membership = nominative_membership(request)
    campaign = _campaign(membership, payload.campaign_id)
    employer = Employer.objects.filter(pk=payload.employer_id).first()
    pair = Pair.objects.filter(pk=payload.pair_id, campaign=campaign).first() if payload.pair_id else None
    if employer is None or (payload.pair_id and pair is None):
        raise HttpError(404, "Not found")
    visit = refused_as_not_found(
        lambda: services.visit_plan(
            membership=membership,
            by=acting_user(request),
            employer=employer,
            planned_on=payload.planned_on,
            campaign=campaign,
            pair=pair,
        )
    )
    return 201, visit


@router.get("/visits/{int:pk}", response=VisitOut, summary="A visit and its report")
def visit_detail(request: ApiHttpRequest, pk: RecordId):
    return _visit(nominative_membership(request), pk)


@router.post(
    "/visits/{int:pk}/report",
    response={200: VisitOut},
    summary="Report a visit (the campaign's staff); its offers collected are shared at once",
    description="Each offer is created among the shared offers of the caller's organisation, the company as its "
    "employer, and linked to the visit. 409: the visit was already reported or cancelled.",
)
def visit_report(request: ApiHttpRequest, pk: RecordId, payload: VisitReportIn):
    require_write(request)
    membership = nominative_membership(request)
    visit = _visit(membership, pk)
    offers = []
    for offer in payload.offers:
        rome = _known(RomeCode, [offer.rome_code])[0] if offer.rome_code.strip() else None
        offers.append(
            services.CollectedOffer(
                title=offer.title,
                contract_type=offer.contract_type,
                rome=rome,
                commune=commune_resolve(code=offer.commune_code) if offer.commune_code else None,
                positions=offer.positions,
            )
        )
    return refused_as_not_found(
        lambda: services.visit_report(
            visit=visit,
            membership=membership,
            by=acting_user(request),
            outcome=payload.outcome,
            visited_on=payload.visited_on,
            needs=payload.needs,
            services_presented=list(payload.services_presented),
            next_step=payload.next_step,
            next_step_due_on=payload.next_step_due_on,
            offers=offers,
        )
    )


@router.post("/visits/{int:pk}/cancel", response={200: VisitOut}, summary="Cancel a planned visit")
def visit_cancel(request: ApiHttpRequest, pk: RecordId):
    require_write(request)
    membership = nominative_membership(request)
    visit = _visit(membership, pk)
    return refused_as_not_found(
        lambda: services.visit_cancel(visit=visit, membership=membership, by=acting_user(request))
    )
