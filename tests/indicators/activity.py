"""Histories for the offers, employers, governance and temp-work families, written through the apps' services (their
events are the ones the indicators read).

Some services stamp their event with the moment of the call (an offer's creation, a withdrawal, a registration, an
action's step): `happened` moves that event to the moment the scenario says, as a record typed then would have it."""

from __future__ import annotations

import datetime

from django.db.models import Model
from django.utils import timezone

from tandem.accounts.models import Membership, User
from tandem.events.models import Event
from tandem.indicators.periods import period_parse
from tandem.indicators.scopes import Scope
from tandem.indicators.selectors import indicator_value
from tandem.offers import services as offer_services
from tandem.offers.enums import ContractType, CvKind
from tandem.offers.models import Offer, Positioning
from tandem.offers.positioning import services as positionings
from tandem.organisations.models import Organisation
from tandem.people.models import Person
from tandem.prospecting import services as prospecting
from tandem.prospecting.enums import VisitOutcome
from tandem.prospecting.models import Pair, Visit
from tests.indicators.scenarios import at
from tests.people.factories import PersonFactory
from tests.prospecting.factories import CampaignFactory, PairFactory

NATION = Scope("nation")


def value(code: str, period: str, scope: Scope = NATION):
    return indicator_value(code=code, period=period_parse(period), scope=scope)


def membership(user: User) -> Membership:
    return Membership.objects.select_related("organisation").filter(user=user).order_by("pk").first()


def happened(kind: str, subject: Model, when: datetime.datetime, **payload) -> None:
    """The subject's last event of this kind happened at `when` (payload narrows it: a convention's action…)."""
    events = Event.objects.filter(kind=kind, subject_type=subject._meta.model_name, subject_id=subject.pk)
    for key, item in payload.items():
        events = events.filter(**{f"payload__{key}": item})
    Event.objects.filter(pk=events.latest("pk").pk).update(occurred_at=when)


def shared(organisation: Organisation, when: datetime.datetime, *, by: User | None = None, positions: int = 1) -> Offer:
    offer = offer_services.offer_create(
        organisation=organisation,
        by=by,
        title="Préparateur de commandes",
        contract_type=ContractType.CDD,
        positions=positions,
    )
    happened("offer_created", offer, when)
    return offer


def person_of(organisation: Organisation) -> Person:
    return PersonFactory(followed_by=organisation, commune_id="67180")


def propose(
    offer: Offer, organisation: Organisation, when: datetime.datetime, *, by: User | None = None, person=None
) -> Positioning:
    return positionings.positioning_propose(
        person=person or person_of(organisation), offer=offer, by=by, organisation=organisation, proposed_at=when
    )


def send(positioning: Positioning, when: datetime.datetime, cv_kind: str = CvKind.ANONYMOUS) -> Positioning:
    return positionings.positioning_send(
        positioning=positioning, by=None, organisation=positioning.organisation, cv_kind=cv_kind, at=when
    )


def hire(positioning: Positioning, when: datetime.datetime, contract: str = ContractType.CDD) -> Positioning:
    """Sent, met, hired: the hire at `when` (the offer is filled when it takes its last position)."""
    positioning = send(positioning, when - datetime.timedelta(days=2))
    positioning = positionings.positioning_record_interview(
        positioning=positioning, by=None, organisation=positioning.organisation, interview_at=when
    )
    return positionings.positioning_hire(
        positioning=positioning,
        by=None,
        organisation=positioning.organisation,
        contract_type=contract,
        start_on=timezone.localdate(when),
        duration_months=None if contract == ContractType.CDI else 6,
        at=when,
    )


def pair_of(cast) -> Pair:
    """Adviser A (Mission Locale A) and agent B (France Travail B) prospect together in a campaign led by A."""
    campaign = CampaignFactory(organisation=cast.ml_a, partners=[cast.agency_b])
    return PairFactory(
        campaign=campaign,
        first_member=cast.adviser_a,
        first_organisation=cast.ml_a,
        second_member=cast.agent_b,
        second_organisation=cast.agency_b,
    )


def visit(employer, day: str, *, by: User, pair: Pair | None = None, offers: int = 0) -> Visit:
    """A visit that took place that day, reported (now) by `by` with the offers it collected; each offer is
    created at noon that day (as a report typed on the day would)."""
    planned = prospecting.visit_plan(
        membership=membership(by),
        by=by,
        employer=employer,
        planned_on=datetime.date.fromisoformat(day),
        campaign=pair.campaign if pair is not None else None,
        pair=pair,
    )
    reported = prospecting.visit_report(
        visit=planned,
        membership=membership(by),
        by=by,
        outcome=VisitOutcome.OFFERS_COLLECTED if offers else VisitOutcome.NO_NEED,
        visited_on=datetime.date.fromisoformat(day),
        offers=[
            prospecting.CollectedOffer(title=f"Offre {index}", contract_type=ContractType.CDD)
            for index in range(offers)
        ],
    )
    for offer in reported.offers.all():
        happened("offer_created", offer, at(day))
    return reported


__all__ = ["at", "happened", "hire", "membership", "propose", "send", "shared", "value"]
