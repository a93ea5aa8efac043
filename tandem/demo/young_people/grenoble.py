"""Grenoble-Alpes Métropole, its PLIE and France Travail (seed 004): the people they work on together.

- The France Travail agencies of Europole and Échirolles orient job seekers far from employment to the PLIE
  (reinforced support), and those held back by transport or childcare to the Métropole's barrier-lifting
  services (convention 1);
- the Métropole's employer-relations officer meets people at recruitment forums, orients the furthest from
  employment to the PLIE, and puts the others forward for France Travail's offers;
- the PLIE puts its participants forward for the offers the Métropole collects from employers, which the
  Métropole's employer-relations officer sends on, follows to the interview and to the hire.

So that each of them finds on their home page what is theirs to do: referrals to answer and first meetings to
fix, answers and candidates' news in their notifications. Played through the services, once (a second load
finds the people by France Travail identifier), each step after the one before.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.demo.builders import demo_email
from tandem.demo.scenarios import grenoble
from tandem.demo.young_people.identities import SEED, ft_identifier, identity_make
from tandem.demo.young_people.stories import Story, Timeline, timeline_make
from tandem.offers.enums import ContractType, OfferSource, OfferStatus
from tandem.offers.models import Offer
from tandem.offers.positioning.services import positioning_hire, positioning_propose, positioning_send
from tandem.offers.positioning.workflow import POSITIONING
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.people.models import Person
from tandem.people.services import person_register
from tandem.referentials.models import EducationLevel
from tandem.referrals.enums import ReferralOutcome, ReferralStatus, RefusalReason
from tandem.referrals.models import Referral
from tandem.referrals.services import (
    referral_accept,
    referral_close,
    referral_propose,
    referral_record_meeting,
    referral_refuse,
    referral_schedule_meeting,
)
from tandem.territories.models import Commune

# Identifiers and Faker seeds after the other territories' young people (tandem.demo.young_people.teams).
FIRST_INDEX = 900
METROPOLE_NAME = "Grenoble-Alpes Métropole"
PLIE_NAME = "PLIE de la Métropole grenobloise"
EUROPOLE, ECHIROLLES = "38013", "38075"

# Who orients whom, and how far each story went.
TO_PLIE = (
    Story.PROPOSED,
    Story.PROPOSED,
    Story.PROPOSED_OVERDUE,
    Story.ACCEPTED,
    Story.ACCEPTED,
    Story.MEETING_SCHEDULED,
    Story.MEETING_HELD,
    Story.MEETING_HELD,
    Story.MEETING_HELD,
    Story.MEETING_HELD,
    Story.CLOSED,
    Story.REFUSED,
)
TO_METROPOLE = (
    Story.PROPOSED,
    Story.PROPOSED,
    Story.ACCEPTED,
    Story.MEETING_SCHEDULED,
    Story.MEETING_HELD,
    Story.MEETING_HELD,
)
FROM_METROPOLE = (Story.ACCEPTED, Story.MEETING_HELD, Story.REFUSED, Story.PROPOSED)
PLIE_REASONS = (
    "Demandeur d'emploi de longue durée, sans qualification : un accompagnement renforcé PLIE paraît adapté.",
    "Habite un quartier prioritaire, plusieurs freins à lever avant une reprise d'emploi.",
    "Sortie de contrat aidé sans solution : parcours PLIE vers l'emploi durable.",
)
BARRIER_REASONS = (
    "Frein mobilité : pas de permis, emploi repéré en horaires décalés (aide au permis, location de scooter).",
    "Frein garde d'enfants : une place en crèche à vocation d'insertion professionnelle permettrait la reprise.",
)
FORUM_REASON = "Rencontré·e au forum de recrutement de la Métropole : très éloigné·e de l'emploi, parcours PLIE."
PLIE_REFUSALS = (RefusalReason.ALREADY_FOLLOWED, RefusalReason.NOT_ELIGIBLE)


@dataclass(frozen=True)
class _Cast:
    metropole: Organisation
    plie: Organisation
    agencies: dict[str, Organisation]  # by SAFIR code: Europole, Échirolles
    agents: dict[str, User]
    plie_adviser: User
    metropole_manager: User
    employer_relations: User


def _cast() -> _Cast:
    users = {u.email: u for u in User.objects.filter(email__endswith=demo_email(""))}

    def user(local_part: str) -> User:
        return users[demo_email(local_part)]

    return _Cast(
        metropole=Organisation.objects.get(kind=OrganisationKind.EPCI, name=METROPOLE_NAME),
        plie=Organisation.objects.get(kind=OrganisationKind.PLIE, name=PLIE_NAME),
        agencies={o.safir_code: o for o in Organisation.objects.filter(safir_code__in=[EUROPOLE, ECHIROLLES])},
        agents={EUROPOLE: user("agent.grenoble-europole"), ECHIROLLES: user("agent.echirolles")},
        plie_adviser=user("conseiller.plie-grenoble"),
        metropole_manager=user("direction.metropole-grenoble"),
        employer_relations=user("relations-entreprises.metropole-grenoble"),
    )


@dataclass
class GrenoblePerson:
    """One person of the Grenoble stories, before and after it is played."""

    index: int
    story: Story
    timeline: Timeline
    fields: dict
    rng: random.Random
    sender: str  # SAFIR code of the orienting agency, or "metropole"
    receiver: str  # "plie" or "metropole"
    reason: str
    person: Person | None = None
    referral: Referral | None = None


def grenoble_plan(*, today: datetime.date) -> list[GrenoblePerson]:
    """Everyone's story, identity and actors: seeded choices only, no database beyond the referentials."""
    education_levels = set(EducationLevel.objects.values_list("code", flat=True))
    catchments = {
        code: list(Commune.objects.filter(code__in=codes).order_by("code"))
        for code, codes in grenoble.CATCHMENTS.items()
    }
    routes = [
        *(("agency", "plie", story) for story in TO_PLIE),
        *(("agency", "metropole", story) for story in TO_METROPOLE),
        *(("metropole", "plie", story) for story in FROM_METROPOLE),
    ]
    planned = []
    for number, (sender, receiver, story) in enumerate(routes):
        index = FIRST_INDEX + number
        rng = random.Random(SEED * 1000 + index)
        timeline = timeline_make(story, rng, today)
        if sender == "agency":
            sender = EUROPOLE if number % 2 == 0 else ECHIROLLES
            communes = catchments[sender]
            reason = rng.choice(PLIE_REASONS if receiver == "plie" else BARRIER_REASONS)
        else:
            communes = catchments[EUROPOLE] + catchments[ECHIROLLES]
            reason = FORUM_REASON
        commune = rng.choices(communes, weights=[c.population or 1 for c in communes])[0]
        fields = identity_make(
            index=index,
            rng=rng,
            commune=commune,
            today=today,
            first_contact_on=timeline.first_contact_on,
            registered=True,
            education_levels=education_levels,
        )
        planned.append(GrenoblePerson(index, story, timeline, fields, rng, sender, receiver, reason))
    return planned


def already_loaded() -> bool:
    return Person.objects.filter(ft_identifier=ft_identifier(FIRST_INDEX)).exists()


def _play(planned: GrenoblePerson, cast: _Cast) -> None:
    timeline = planned.timeline
    if planned.sender == "metropole":
        sender, by = cast.metropole, cast.employer_relations
    else:
        sender, by = cast.agencies[planned.sender], cast.agents[planned.sender]
    receiver, answerer = (
        (cast.plie, cast.plie_adviser) if planned.receiver == "plie" else (cast.metropole, cast.metropole_manager)
    )
    person = planned.person = person_register(
        by=by, organisation=sender, adviser=by, at=timeline.proposed_at, **planned.fields
    )
    referral = planned.referral = referral_propose(
        person=person,
        from_organisation=sender,
        to_organisation=receiver,
        by=by,
        reason=planned.reason,
        proposed_at=timeline.proposed_at,
    )
    if planned.story == Story.REFUSED:
        referral_refuse(
            referral=referral,
            by=answerer,
            organisation=receiver,
            reason=planned.rng.choice(PLIE_REFUSALS),
            at=timeline.answered_at,
        )
        return
    if timeline.answered_at is None:
        return
    referral = referral_accept(
        referral=referral, by=answerer, organisation=receiver, adviser=answerer, at=timeline.answered_at
    )
    if timeline.meeting_at is not None:
        referral = referral_schedule_meeting(
            referral=referral,
            by=answerer,
            organisation=receiver,
            meeting_at=timeline.meeting_at,
            at=timeline.answered_at,
        )
    if timeline.held_on is not None:
        referral = referral_record_meeting(
            referral=referral, by=answerer, organisation=receiver, held_on=timeline.held_on
        )
    if planned.story == Story.CLOSED:
        referral = referral_close(
            referral=referral,
            by=answerer,
            organisation=receiver,
            outcome=ReferralOutcome.EMPLOYMENT,
            at=timeline.closed_at,
        )
    planned.referral = referral


@transaction.atomic
def grenoble_people_load() -> int:
    """The Grenoble people and their referrals; nothing when they are there already. Returns how many."""
    if already_loaded():
        return 0
    cast = _cast()
    planned = grenoble_plan(today=timezone.localdate())
    for one in planned:
        _play(one, cast)
    return len(planned)


# Positionings, once the offers are loaded (tandem.demo.jobs).


def _between(start: datetime.datetime, end: datetime.datetime, share: float) -> datetime.datetime:
    return start + (end - start) * share


def _open_offers(organisations: list[Organisation], source: str) -> list[Offer]:
    return list(
        Offer.objects.filter(organisation__in=organisations, source=source, status=OfferStatus.OPEN)
        .exclude(published_at__isnull=True)
        .order_by("pk")
    )


@transaction.atomic
def grenoble_positionings_load() -> int:
    """The PLIE's participants put forward for the employers' offers the Métropole collects, and the Métropole's own
    contacts for France Travail's; each step by whoever takes it. Once: after the Grenoble people were created
    (none has a positioning yet). Returns how many."""
    people = Person.objects.filter(
        ft_identifier__in=[ft_identifier(FIRST_INDEX + n) for n in range(len(TO_PLIE + TO_METROPOLE + FROM_METROPOLE))]
    )
    if not people.exists() or people.filter(positionings__isnull=False).exists():
        return 0
    cast = _cast()
    now = timezone.now()
    referrals = list(Referral.objects.filter(person__in=people).select_related("person").order_by("pk"))
    created = 0
    # The PLIE's participants in their course (met, not closed), on the Métropole's employers' offers: the
    # longest-standing participants on the oldest offers, which leaves the hire the most time.
    participants = sorted(
        (r for r in referrals if r.to_organisation_id == cast.plie.pk and r.status == ReferralStatus.MEETING_HELD),
        key=lambda r: (r.answered_at, r.pk),
    )
    employer_offers = _open_offers([cast.metropole], OfferSource.EMPLOYER)
    plie_steps = ("hired", "interview", "sent", "proposed")
    for referral, offer, step in zip(participants, employer_offers, plie_steps, strict=False):
        assert referral.answered_at is not None and offer.published_at is not None, "answered, published"
        _positioning_play(
            person=referral.person,
            offer=offer,
            step=step,
            proposer=(cast.plie, cast.plie_adviser),
            holder=(cast.metropole, cast.employer_relations),
            start=max(referral.answered_at, offer.published_at),
            now=now,
        )
        created += 1
    # The people the Métropole registered itself (it leads them), on France Travail's offers of the agencies with
    # demo staff; from the day it met them.
    contacts = [r for r in referrals if r.from_organisation_id == cast.metropole.pk]
    ft_offers = _open_offers(list(cast.agencies.values()), OfferSource.FRANCE_TRAVAIL)
    for referral, offer, step in zip(contacts, ft_offers[::5], ("interview", "sent"), strict=False):
        assert offer.published_at is not None, "every demo offer is published"
        agency = next(o for o in cast.agencies.values() if o.pk == offer.organisation_id)
        _positioning_play(
            person=referral.person,
            offer=offer,
            step=step,
            proposer=(cast.metropole, cast.employer_relations),
            holder=(agency, cast.agents[agency.safir_code or ""]),
            start=max(referral.proposed_at, offer.published_at),
            now=now,
        )
        created += 1
    return created


def _positioning_play(
    *,
    person: Person,
    offer: Offer,
    step: str,
    proposer: tuple[Organisation, User],
    holder: tuple[Organisation, User],
    start: datetime.datetime,
    now: datetime.datetime,
) -> None:
    """Proposed by the proposer, then each further step by the organisation that shares the offer; the latest step
    in the last days, so that the proposer reads it among their unread notifications."""
    (proposing, adviser), (holding, officer) = proposer, holder
    proposed_at = _between(start, now, 0.3)
    positioning = positioning_propose(
        person=person, offer=offer, by=adviser, organisation=proposing, proposed_at=proposed_at
    )
    if step == "proposed":
        return
    sent_at = (
        max(_between(start, now, 0.6), now - datetime.timedelta(days=2))
        if step == "sent"
        else _between(start, now, 0.5)
    )
    positioning = positioning_send(positioning=positioning, by=officer, organisation=holding, at=sent_at)
    if step == "sent":
        return
    if step == "interview":
        interview_at = (now + datetime.timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
        recorded_at = max(_between(sent_at, now, 0.5), now - datetime.timedelta(days=1))
    else:
        morning = _between(sent_at, now, 0.4).replace(hour=10, minute=0, second=0, microsecond=0)
        interview_at = max(morning, sent_at + datetime.timedelta(hours=1))
        recorded_at = _between(sent_at, interview_at, 0.5)
    positioning = POSITIONING.run(
        "interview", positioning, by=officer, organisation=holding, at=recorded_at, data={"interview_at": interview_at}
    )
    if step == "hired":
        hired_at = max(_between(interview_at, now, 0.5), now - datetime.timedelta(days=1))
        positioning_hire(
            positioning=positioning,
            by=officer,
            organisation=holding,
            contract_type=offer.contract_type,
            start_on=timezone.localdate(hired_at) + datetime.timedelta(days=7),
            duration_months=None if offer.contract_type == ContractType.CDI else offer.contract_duration_months or 1,
            at=hired_at,
        )
