"""Every write of joint prospecting: campaigns, their target lists and pairs, visits and their reports.

Each service checks the caller's right itself (tandem.prospecting.permissions), whatever the channel (page, API
token): a caller outside the campaign gets PermissionDenied, which pages and the API answer with a 404.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.accounts.permissions import can_see_nominative_data
from tandem.core.errors import Conflict
from tandem.employers.enums import InteractionKind
from tandem.employers.models import Employer
from tandem.employers.services import interaction_record
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.offers.enums import PositioningStatus
from tandem.offers.models import Offer, Positioning
from tandem.offers.services import offer_create
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.prospecting.enums import CampaignStatus, VisitStatus
from tandem.prospecting.models import Campaign, CampaignTarget, Pair, Visit
from tandem.prospecting.permissions import can_act_in_campaign, can_create_campaign, can_manage_campaign
from tandem.prospecting.rotation import Volunteer, pairs_rotate
from tandem.prospecting.split import Target, targets_split
from tandem.prospecting.workflow import CAMPAIGN, VISIT, campaign_partner_ids, visit_partner_ids
from tandem.referentials.models import NafCode, RomeCode, RomeNafHiring
from tandem.territories.models import Commune, Epci

# The hiring potential of a company (docs/prospecting.md): hires and offers it had through Tandem, and how much
# its activity (NAF) hires in the campaign's jobs (ROME) by the referential's weights, scaled to [0, 1] by the
# best activity among the candidates.
SCORE_PER_HIRE = 3.0
SCORE_PER_OFFER = 1.0
SCORE_SECTOR = 5.0

CAMPAIGN_FIELDS = ("name", "starts_on", "ends_on", "size_brackets", "revisit_after_days", "target_count")
CAMPAIGN_RELATIONS = ("organisations", "communes", "epcis", "naf_codes", "rome_codes")


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Vous ne participez pas à cette campagne."))


def _not_closed(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CLOSED:
        raise Conflict(_("Cette campagne est clôturée."), code="campaign_closed")


def _set_relations(campaign: Campaign, relations: dict[str, Any]) -> None:
    campaign.__dict__.pop("_partner_ids", None)  # the partners read before the change
    for name in CAMPAIGN_RELATIONS:
        if name in relations:
            values = list(relations[name] or [])
            if name == "organisations":
                values = [campaign.organisation, *values]
            getattr(campaign, name).set(values)
    if not campaign.communes.exists() and not campaign.epcis.exists():
        raise ValidationError(
            {"communes": _("Choisissez le territoire de la campagne : au moins une commune ou un EPCI.")}
        )


@transaction.atomic
def campaign_create(
    *,
    membership: Membership | None,
    by: User | None,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    organisations: Iterable[Organisation] = (),
    communes: Iterable[Commune] = (),
    epcis: Iterable[Epci] = (),
    naf_codes: Iterable[NafCode] = (),
    rome_codes: Iterable[RomeCode] = (),
    size_brackets: Sequence[str] = (),
    revisit_after_days: int | None = None,
    target_count: int | None = None,
) -> Campaign:
    """A manager's campaign for their organisation and the partners they name, as a draft."""
    if not can_create_campaign(membership):
        raise PermissionDenied(_("Seuls les responsables créent une campagne de prospection."))
    campaign = Campaign(
        name=name,
        organisation=membership.organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        size_brackets=sorted(set(size_brackets)),
        created_by=by,
    )
    if revisit_after_days is not None:
        campaign.revisit_after_days = revisit_after_days
    if target_count is not None:
        campaign.target_count = target_count
    campaign.full_clean()
    campaign.save()
    _set_relations(
        campaign,
        {
            "organisations": organisations,
            "communes": communes,
            "epcis": epcis,
            "naf_codes": naf_codes,
            "rome_codes": rome_codes,
        },
    )
    event_record(
        kind=EventKind.CAMPAIGN_CREATED,
        by=by,
        organisation=membership.organisation,
        subject=campaign,
        payload={"campaign": campaign.name},
    )
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, membership: Membership | None, by: User | None, **fields: Any) -> Campaign:
    """Change a campaign's fields (CAMPAIGN_FIELDS) and relations (CAMPAIGN_RELATIONS); not once closed."""
    if not can_manage_campaign(membership, campaign_partner_ids(campaign)):
        raise _refuse()
    _not_closed(campaign)
    unknown = set(fields) - set(CAMPAIGN_FIELDS) - set(CAMPAIGN_RELATIONS)
    if unknown:
        raise ValueError(f"unknown campaign fields {sorted(unknown)}")
    changed = sorted(name for name in CAMPAIGN_FIELDS if name in fields and getattr(campaign, name) != fields[name])
    for name in CAMPAIGN_FIELDS:
        if name in fields:
            setattr(campaign, name, sorted(set(fields[name])) if name == "size_brackets" else fields[name])
    campaign.full_clean()
    campaign.save()
    relations = {name: fields[name] for name in CAMPAIGN_RELATIONS if name in fields}
    _set_relations(campaign, relations)
    changed += sorted(relations)
    if changed:
        event_record(
            kind=EventKind.CAMPAIGN_UPDATED,
            by=by,
            organisation=membership.organisation,
            subject=campaign,
            payload={"campaign": campaign.name, "fields": changed},
        )
    return campaign


def campaign_activate(*, campaign: Campaign, membership: Membership | None, by: User | None) -> Campaign:
    if not can_manage_campaign(membership, campaign_partner_ids(campaign)):
        raise _refuse()
    return CAMPAIGN.run("activate", campaign, by=by, organisation=membership.organisation)


def campaign_close(*, campaign: Campaign, membership: Membership | None, by: User | None) -> Campaign:
    if not can_manage_campaign(membership, campaign_partner_ids(campaign)):
        raise _refuse()
    return CAMPAIGN.run("close", campaign, by=by, organisation=membership.organisation)


def target_candidates(*, campaign: Campaign, today: datetime.date | None = None) -> QuerySet[Employer]:
    """The companies the campaign may target, best first, each with its `score` (one query; docs/prospecting.md).

    In the territory (communes, or communes of the EPCI), active, in the sectors (the NAF codes named, or those
    that hire in the ROME codes named) and size brackets; not visited within the campaign's revisit period, not
    on the list of another active campaign.
    """
    today = today or timezone.localdate()
    communes = list(campaign.communes.values_list("pk", flat=True))
    epcis = list(campaign.epcis.values_list("pk", flat=True))
    nafs = list(campaign.naf_codes.values_list("pk", flat=True))
    romes = list(campaign.rome_codes.values_list("pk", flat=True))
    employers = Employer.objects.filter(Q(commune__in=communes) | Q(commune__epci__in=epcis), is_active=True)
    if nafs or romes:
        hiring_nafs = RomeNafHiring.objects.filter(rome__in=romes).values("naf")
        employers = employers.filter(Q(naf__in=nafs) | Q(naf__in=hiring_nafs))
    if campaign.size_brackets:
        employers = employers.filter(size_bracket__in=campaign.size_brackets)
    since = today - datetime.timedelta(days=campaign.revisit_after_days)
    visited = Visit.objects.filter(employer=OuterRef("pk"), status=VisitStatus.REPORTED, visited_on__gte=since)
    held = CampaignTarget.objects.filter(employer=OuterRef("pk"), campaign__status=CampaignStatus.ACTIVE).exclude(
        campaign=campaign
    )
    employers = employers.exclude(Exists(visited)).exclude(Exists(held))

    weights = RomeNafHiring.objects.all()
    if romes:
        weights = weights.filter(rome__in=romes)
    best = (
        weights.filter(naf__in=employers.values("naf"))
        .order_by()
        .values("naf")
        .annotate(total=Sum("hirings"))
        .aggregate(best=Max("total"))["best"]
    )
    sector = weights.filter(naf=OuterRef("naf")).order_by().values("naf").annotate(total=Sum("hirings")).values("total")
    offers = Offer.objects.filter(employer=OuterRef("pk")).order_by().values("employer")
    hires = Positioning.objects.filter(offer__employer=OuterRef("pk"), status=PositioningStatus.HIRED).order_by()
    employers = employers.annotate(
        tandem_offers=Coalesce(
            Subquery(offers.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0)
        ),
        tandem_hires=Coalesce(
            Subquery(hires.values("offer__employer").annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        sector_hirings=Coalesce(Subquery(sector, output_field=IntegerField()), Value(0)),
    ).annotate(
        score=Cast(F("tandem_hires"), FloatField()) * SCORE_PER_HIRE
        + Cast(F("tandem_offers"), FloatField()) * SCORE_PER_OFFER
        + Cast(F("sector_hirings"), FloatField()) * (SCORE_SECTOR / float(best or 1))
    )
    return employers.order_by("-score", "name", "pk")


@transaction.atomic
def target_list_build(
    *, campaign: Campaign, membership: Membership | None, by: User | None, today: datetime.date | None = None
) -> int:
    """(Re)build the campaign's target list: its `target_count` best candidates, ranked; returns how many.

    A new list replaces the previous one, and with it the split across pairs."""
    if not can_manage_campaign(membership, campaign_partner_ids(campaign)):
        raise _refuse()
    _not_closed(campaign)
    candidates: QuerySet[Any] = target_candidates(campaign=campaign, today=today)
    chosen = list(candidates.values_list("pk", "score")[: campaign.target_count])
    CampaignTarget.objects.filter(campaign=campaign).delete()
    CampaignTarget.objects.bulk_create(
        CampaignTarget(campaign=campaign, employer_id=pk, rank=rank, score=round(score, 4))
        for rank, (pk, score) in enumerate(chosen, start=1)
    )
    event_record(
        kind=EventKind.CAMPAIGN_TARGETS_BUILT,
        by=by,
        organisation=membership.organisation,
        subject=campaign,
        payload={"campaign": campaign.name, "targets": len(chosen)},
    )
    return len(chosen)


@transaction.atomic
def target_list_split(*, campaign: Campaign, membership: Membership | None, by: User | None) -> dict[int, int]:
    """Give each company of the list to one pair, balanced and grouped on the map (tandem.prospecting.split).

    Returns each pair's number of companies (by pair id)."""
    if not can_manage_campaign(membership, campaign_partner_ids(campaign)):
        raise _refuse()
    _not_closed(campaign)
    pairs = list(campaign.pairs.order_by("number"))
    if not pairs:
        raise Conflict(_("Formez d'abord les binômes de la campagne."), code="no_pairs")
    targets = list(CampaignTarget.objects.filter(campaign=campaign).select_related("employer__commune"))
    if not targets:
        raise Conflict(_("Établissez d'abord la liste des entreprises ciblées."), code="no_targets")
    placed = []
    for target in targets:
        employer, commune = target.employer, target.employer.commune
        latitude, longitude = employer.latitude, employer.longitude
        if (latitude is None or longitude is None) and commune is not None:
            latitude, longitude = commune.latitude, commune.longitude
        placed.append(Target(id=target.pk, latitude=latitude, longitude=longitude))
    groups = targets_split(placed, len(pairs))
    pair_of = {target_id: pair for pair, group in zip(pairs, groups, strict=True) for target_id in group}
    for target in targets:
        target.pair = pair_of[target.pk]
    CampaignTarget.objects.bulk_update(targets, ["pair"])
    counts = {pair.pk: len(group) for pair, group in zip(pairs, groups, strict=True)}
    event_record(
        kind=EventKind.CAMPAIGN_TARGETS_SPLIT,
        by=by,
        organisation=membership.organisation,
        subject=campaign,
        payload={"campaign": campaign.name, "pairs": len(pairs), "targets": len(targets)},
    )
    return counts


def _partner_of(organisation: Organisation) -> int:
    """The partner an organisation stands for in a pair: a Mission Locale's site stands for its Mission Locale, so
    a pair never joins a Mission Locale with one of its own sites."""
    if organisation.kind == OrganisationKind.ML_SITE and organisation.parent_id:
        return organisation.parent_id
    return organisation.pk


@transaction.atomic
def pairs_form(
    *,
    campaign: Campaign,
    membership: Membership | None,
    by: User | None,
    volunteers: Sequence[tuple[User, Organisation]],
    wanted: int | None = None,
) -> list[Pair]:
    """Form the campaign's pairs from its volunteers by the rotation (tandem.prospecting.rotation), reading the
    pairs of every other campaign as its history. Replaces the campaign's pairs while none has a visit."""
    partners = campaign_partner_ids(campaign)
    if not can_manage_campaign(membership, partners):
        raise _refuse()
    _not_closed(campaign)
    if Visit.objects.filter(pair__campaign=campaign).exists():
        raise Conflict(
            _("Des visites sont déjà prévues par ces binômes : ils ne peuvent plus changer."), code="pairs_busy"
        )
    organisation_of: dict[int, Organisation] = {}
    for user, organisation in volunteers:
        organisation_of.setdefault(user.pk, organisation)
    members = set(
        Membership.objects.active()
        .filter(user__in=organisation_of, organisation__in=partners)
        .values_list("user_id", "organisation_id")
    )
    strangers = sorted(
        str(user) for user, organisation in volunteers if (user.pk, organisation_of[user.pk].pk) not in members
    )
    if strangers:
        raise ValidationError(
            _("Ces volontaires ne sont pas membres d'une organisation de la campagne : %(names)s.")
            % {"names": ", ".join(strangers)},
            code="volunteer_outsider",
        )
    history: dict[int, list[tuple[int, int]]] = defaultdict(list)
    past = (
        Pair.objects.exclude(campaign=campaign)
        .filter(Q(first_member__in=organisation_of) | Q(second_member__in=organisation_of))
        .order_by("campaign__starts_on", "campaign_id", "number")
        .values_list("campaign_id", "first_member_id", "second_member_id")
    )
    for campaign_id, first, second in past:
        history[campaign_id].append((first, second))
    chosen = pairs_rotate(
        [Volunteer(id=user_id, organisation=_partner_of(org)) for user_id, org in organisation_of.items()],
        history.values(),
        wanted=wanted,
    )
    if not chosen:
        raise ValidationError(
            _("Il faut des volontaires d'au moins deux organisations pour former un binôme."), code="no_pair_possible"
        )
    Pair.objects.filter(campaign=campaign).delete()
    pairs = Pair.objects.bulk_create(
        Pair(
            campaign=campaign,
            number=number,
            first_member_id=first,
            first_organisation=organisation_of[first],
            second_member_id=second,
            second_organisation=organisation_of[second],
        )
        for number, (first, second) in enumerate(chosen, start=1)
    )
    event_record(
        kind=EventKind.CAMPAIGN_PAIRS_FORMED,
        by=by,
        organisation=membership.organisation,
        subject=campaign,
        payload={"campaign": campaign.name, "pairs": len(pairs)},
    )
    return pairs


@transaction.atomic
def visit_plan(
    *,
    membership: Membership | None,
    by: User | None,
    employer: Employer,
    planned_on: datetime.date,
    campaign: Campaign | None = None,
    pair: Pair | None = None,
) -> Visit:
    """Plan a visit to a company: within a campaign (by its staff, for one of its pairs) or on its own."""
    if campaign is not None:
        if not can_act_in_campaign(membership, campaign_partner_ids(campaign)):
            raise _refuse()
        _not_closed(campaign)
        if pair is not None and pair.campaign_id != campaign.pk:
            raise ValidationError({"pair": _("Ce binôme n'appartient pas à cette campagne.")})
    else:
        if not can_see_nominative_data(membership):
            raise _refuse()
        if pair is not None:
            raise ValidationError({"pair": _("Un binôme prospecte dans le cadre d'une campagne.")})
    visit = Visit(
        campaign=campaign,
        employer=employer,
        pair=pair,
        organisation=membership.organisation,
        planned_on=planned_on,
        planned_by=by,
    )
    visit.full_clean()
    visit.save()
    event_record(
        kind=EventKind.VISIT_PLANNED,
        by=by,
        organisation=membership.organisation,
        subject=visit,
        payload={"employer": str(employer), "campaign": campaign.pk if campaign else None},
    )
    return visit


@dataclass(frozen=True)
class CollectedOffer:
    """An offer collected during a visit, as the report gives it."""

    title: str
    contract_type: str
    rome: RomeCode | None = None
    commune: Commune | None = None
    positions: int = 1


@transaction.atomic
def visit_report(
    *,
    visit: Visit,
    membership: Membership | None,
    by: User | None,
    outcome: str,
    visited_on: datetime.date | None = None,
    needs: str = "",
    services_presented: Sequence[str] = (),
    next_step: str = "",
    next_step_due_on: datetime.date | None = None,
    offers: Sequence[CollectedOffer] = (),
) -> Visit:
    """The visit's report; each offer collected is shared at once among the partners' offers, with the company as
    its employer, and linked to the visit."""
    if not can_act_in_campaign(membership, visit_partner_ids(visit)):
        raise _refuse()
    visit = VISIT.run(
        "report",
        visit,
        by=by,
        organisation=membership.organisation,
        data={
            "outcome": outcome,
            "visited_on": visited_on,
            "needs": needs,
            "services_presented": list(services_presented),
            "next_step": next_step,
            "next_step_due_on": next_step_due_on,
        },
    )
    employer = visit.employer
    created = [
        offer_create(
            organisation=membership.organisation,
            by=by,
            title=collected.title,
            contract_type=collected.contract_type,
            rome=collected.rome,
            commune=collected.commune or employer.commune,
            positions=collected.positions,
            employer=employer,
            employer_name=employer.display_name,
            naf_code=employer.naf_id or "",
            published_at=timezone.now(),  # shared now: among the newest offers of the partners' lists
        )
        for collected in offers
    ]
    if created:
        visit.offers.add(*created)
    # The company's shared timeline: the visit, then each offer it collected.
    visited_at = min(
        timezone.make_aware(datetime.datetime.combine(visit.visited_on or visit.planned_on, datetime.time(12))),
        timezone.now(),
    )
    interaction_record(
        employer=employer,
        kind=InteractionKind.VISIT,
        by=by,
        organisation=membership.organisation,
        occurred_at=visited_at,
        subject=visit,
    )
    for offer in created:
        interaction_record(
            employer=employer,
            kind=InteractionKind.OFFER,
            by=by,
            organisation=membership.organisation,
            occurred_at=visited_at,
            subject=offer,
        )
    return visit


def visit_cancel(*, visit: Visit, membership: Membership | None, by: User | None) -> Visit:
    if not can_act_in_campaign(membership, visit_partner_ids(visit)):
        raise _refuse()
    return VISIT.run("cancel", visit, by=by, organisation=membership.organisation)
