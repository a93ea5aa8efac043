"""Play each young person's story through the services of tandem.people and tandem.referrals, so that every step
writes its event as in real use.

Each step passes the story's date (`at=`, `proposed_at=`, `held_on=`…), so the referrals' deadlines and the
timelines read as if the year had been lived, in the order they were lived (tests/demo/test_stories.py). The expiry
takes the daily job's step dated the night after each deadline (_expire).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.demo.scenarios import alsace_nord, bordeaux, centre_val_de_loire, saint_etienne
from tandem.demo.young_people.follow_up import follow_up
from tandem.demo.young_people.identities import SEED, age_on, ft_identifier, identity_make, weighted
from tandem.demo.young_people.stories import (
    CLOSED_STORIES,
    DESIGNATION_MIX,
    EXPIRY_DAYS_AGO,
    FOLLOWED_STORIES,
    MISSION_JEUNES_MIX,
    OUTCOMES,
    REFUSAL_COMMENTS,
    REFUSALS,
    TEMP_REFUSALS,
    WITHDRAWALS,
    Story,
    Timeline,
    deal,
    timeline_make,
)
from tandem.demo.young_people.teams import TEAM_SIZES, Desk, Team, teams_load
from tandem.organisations.models import Organisation
from tandem.people.enums import ConsentRecipient
from tandem.people.models import Person
from tandem.people.services import consent_give, follow_set_lead, note_add, person_register
from tandem.referentials.models import EducationLevel
from tandem.referrals.enums import ReferralOutcome, RefusalReason
from tandem.referrals.models import Referral
from tandem.referrals.services import (
    referral_accept,
    referral_close,
    referral_propose,
    referral_record_meeting,
    referral_refuse,
    referral_schedule_meeting,
    referral_withdraw,
)
from tandem.referrals.workflow import REFERRAL

# Lead hand-overs between advisers of the same Mission Locale, then from Alsace du Nord to its Wissembourg site.
HAND_OVERS = {
    alsace_nord.ML_NAME: 2,
    bordeaux.ML_NAME: 2,
    centre_val_de_loire.MISSIONS_LOCALES[0].name: 1,  # Tours
    saint_etienne.ML_NAME: 1,
}
HAND_OVER_REASONS = (
    "Congé de longue durée de la personne référente",
    "Rééquilibrage des portefeuilles entre conseillers",
    "À la demande de la personne accompagnée",
)
SITE_HAND_OVERS = 2
SITE_HAND_OVER_REASON = "Suivi par le site de la Mission Locale le plus proche du domicile"
FT_NOTES = (
    "Jeune motivé·e, sans diplôme, projet dans la logistique.",
    "Inscrit·e depuis plusieurs mois avec peu de démarches : un accompagnement renforcé paraît adapté.",
    "Souhaite reprendre une formation : la Mission Locale pourra proposer le PACEA.",
)
TEMP_SECTORS = (
    "logistique (préparation de commandes, CACES 1 en cours)",
    "BTP (manœuvre, aide-maçon)",
    "industrie (opérateur·rice de production)",
    "restauration collective",
    "propreté et services aux entreprises",
    "commerce (mise en rayon, caisse)",
)


@dataclass
class Young:
    """One young person of the demo, before and after their story is played."""

    index: int
    team: Team
    story: Story
    rng: random.Random
    timeline: Timeline
    fields: dict[str, Any]  # for person_create
    adviser: User  # of the Mission Locale, the lead once the person is followed
    partner: Desk | None = None  # the France Travail agency that designates, or the temp agency
    agent: User | None = None  # who acts for the partner; None: France Travail's own flow
    person: Person | None = None


def already_loaded() -> bool:
    identifiers = [ft_identifier(index) for index in range(sum(TEAM_SIZES.values()))]
    return Person.objects.filter(ft_identifier__in=identifiers).exists()


def _partner_pick(team: Team, story: Story, rng: random.Random) -> tuple[Story, Desk | None]:
    if not team.agencies:
        return story, rng.choice(team.temp_agencies) if story != Story.FOLLOWED else None
    agencies = [agency for agency in team.agencies if agency.communes]
    if story == Story.WITHDRAWN:
        # Only an agency with a demo user withdraws; elsewhere the Mission Locale refuses instead.
        agencies = [agency for agency in agencies if agency.staff] or agencies
        if not agencies[0].staff:
            story = Story.REFUSED
    return story, rng.choice(agencies)


def plan(teams: list[Team], *, today: datetime.date) -> list[Young]:
    """Everyone's story, identity and actors: seeded choices only, one generator per team and per person."""
    education_levels = set(EducationLevel.objects.values_list("code", flat=True))
    youngs = []
    index = 0
    for number, team in enumerate(teams):
        mix = DESIGNATION_MIX if team.agencies else MISSION_JEUNES_MIX
        for dealt in deal(mix, team.size, random.Random(SEED + number)):
            rng = random.Random(SEED * 1000 + index)
            story, partner = _partner_pick(team, dealt, rng)
            timeline = timeline_make(story, rng, today)
            home = partner if partner is not None and partner.communes else team.mission_locale
            fields = identity_make(
                index=index,
                rng=rng,
                commune=home.commune_pick(rng),
                today=today,
                first_contact_on=timeline.first_contact_on,
                # Designated young people are registered at France Travail; in Saint-Étienne, most.
                registered=bool(team.agencies) or rng.random() < 0.65,
                education_levels=education_levels,
            )
            youngs.append(
                Young(
                    index=index,
                    team=team,
                    story=story,
                    rng=rng,
                    timeline=timeline,
                    fields=fields,
                    adviser=rng.choice(team.mission_locale.staff),
                    partner=partner,
                    agent=rng.choice(partner.staff) if partner is not None and partner.staff else None,
                )
            )
            index += 1
    return youngs


def _day_before(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment) - datetime.timedelta(days=1)


def _day_after(moment: datetime.datetime) -> datetime.date:
    """The day after a step (today at the latest): what is recorded by its day (at 9) then comes after the step."""
    return min(timezone.localdate(moment) + datetime.timedelta(days=1), timezone.localdate())


def _accept_and_meet(young: Young, referral: Referral, *, receiver: Organisation, by: User | None) -> None:
    timeline = young.timeline
    referral = referral_accept(referral=referral, by=by, organisation=receiver, adviser=by, at=timeline.answered_at)
    if timeline.meeting_at is not None:
        referral = referral_schedule_meeting(
            referral=referral, by=by, organisation=receiver, meeting_at=timeline.meeting_at, at=timeline.answered_at
        )
    if timeline.held_on is not None:
        referral = referral_record_meeting(referral=referral, by=by, organisation=receiver, held_on=timeline.held_on)
    if young.story in CLOSED_STORIES:
        outcome = ReferralOutcome.EMPLOYMENT if young.story == Story.TEMP_EMPLOYED else weighted(young.rng, OUTCOMES)
        referral_close(referral=referral, by=by, organisation=receiver, outcome=outcome, at=timeline.closed_at)


def _refuse(
    young: Young, referral: Referral, *, reasons: dict[RefusalReason, int], receiver: Organisation, by: User | None
) -> None:
    reason = weighted(young.rng, reasons)
    comment = REFUSAL_COMMENTS.get(reason, "") if reason == RefusalReason.OTHER or young.rng.random() < 0.5 else ""
    referral_refuse(
        referral=referral, by=by, organisation=receiver, reason=reason, comment=comment, at=young.timeline.answered_at
    )


def _designation_play(young: Young) -> None:
    """A France Travail agency proposes the young person to its Mission Locale, which follows the story from there."""
    assert young.partner is not None, "a designation has its France Travail agency (_partner_pick)"
    agency, agent, timeline = young.partner.organisation, young.agent, young.timeline
    mission_locale, adviser = young.team.mission_locale.organisation, young.adviser
    # Registered by the agency, which follows the young person until the Mission Locale takes the lead.
    person = young.person = person_register(
        by=agent, organisation=agency, adviser=agent, at=timeline.proposed_at, **young.fields
    )
    assert person.commune is not None, "every demo young person has a commune (identity_make)"
    referral = referral_propose(
        person=person,
        from_organisation=agency,
        to_organisation=mission_locale,
        by=agent,
        is_designation=True,
        reason=(
            f"Délégation du PPAE (cotraitance) : {age_on(person.birth_date, timeline.first_contact_on)} ans, "
            f"réside à {person.commune.name}, commune couverte par {mission_locale.name}."
        ),
        proposed_at=timeline.proposed_at,
    )
    if agent is not None and young.rng.random() < 0.3:
        note_add(
            person=person,
            text=young.rng.choice(FT_NOTES),
            is_shared=True,
            by=agent,
            organisation=agency,
            at=timeline.proposed_at,
        )
    if young.story == Story.WITHDRAWN:
        referral_withdraw(
            referral=referral,
            by=agent,
            organisation=agency,
            comment=young.rng.choice(WITHDRAWALS),
            at=timeline.closed_at,
        )
    elif young.story == Story.REFUSED:
        _refuse(young, referral, reasons=REFUSALS, receiver=mission_locale, by=adviser)
    elif young.story in FOLLOWED_STORIES:
        _accept_and_meet(young, referral, receiver=mission_locale, by=adviser)
        assert timeline.answered_at is not None, "a followed designation was accepted (timeline_make)"
        follow_up(
            person,
            rng=young.rng,
            since=timeline.held_on or _day_after(timeline.answered_at),
            entered=timeline.held_on is not None,
            by=adviser,
            organisation=mission_locale,
        )


def _mission_jeunes_play(young: Young) -> None:
    """The Mission Locale follows the young person and may refer them, with their consent, to a temp agency."""
    mission_locale, adviser = young.team.mission_locale.organisation, young.adviser
    timeline, rng = young.timeline, young.rng
    # The first appointment of the morning: what is recorded that day (dated 9 o'clock) comes after the record.
    first_contact = timezone.make_aware(datetime.datetime.combine(timeline.first_contact_on, datetime.time(8, 30)))
    person = young.person = person_register(
        by=adviser, organisation=mission_locale, adviser=adviser, at=first_contact, **young.fields
    )
    follow_up(person, rng=rng, since=timeline.first_contact_on, entered=True, by=adviser, organisation=mission_locale)
    temp_agency = young.partner or (rng.choice(young.team.temp_agencies) if rng.random() < 0.3 else None)
    if temp_agency is None:
        return
    consent_give(
        person=person,
        recipient_kind=ConsentRecipient.TEMP_AGENCY,
        recipient=temp_agency.organisation,
        # At the meeting before the proposal (the day before at the latest): a referral needs the consent first.
        given_on=_day_before(timeline.proposed_at) if timeline.proposed_at else timeline.first_contact_on,
        by=adviser,
        organisation=mission_locale,
    )
    if young.story == Story.FOLLOWED:
        return
    referral = referral_propose(
        person=person,
        from_organisation=mission_locale,
        to_organisation=temp_agency.organisation,
        by=adviser,
        reason=f"Mission Jeunes : recherche de missions en {rng.choice(TEMP_SECTORS)}.",
        proposed_at=timeline.proposed_at,
    )
    contact = young.agent
    if young.story == Story.TEMP_WITHDRAWN:
        referral_withdraw(
            referral=referral,
            by=adviser,
            organisation=mission_locale,
            comment=rng.choice(WITHDRAWALS),
            at=timeline.closed_at,
        )
    elif young.story == Story.TEMP_REFUSED:
        _refuse(young, referral, reasons=TEMP_REFUSALS, receiver=temp_agency.organisation, by=contact)
    elif young.story != Story.TEMP_PROPOSED:
        _accept_and_meet(young, referral, receiver=temp_agency.organisation, by=contact)


def _play(young: Young) -> None:
    if young.team.agencies:
        _designation_play(young)
    else:
        _mission_jeunes_play(young)


def _expire(expiring: list[Young], today: datetime.date) -> None:
    """The daily expiry as it ran each night after a deadline, up to EXPIRY_DAYS_AGO: the step of referrals_expire,
    dated that night (its run stamps the present), so that the referral and its event tell the same day. Only the
    EXPIRED stories' proposals are late by then."""
    late = Referral.objects.overdue(today=today - datetime.timedelta(days=EXPIRY_DAYS_AGO)).filter(
        person__in=[young.person for young in expiring]
    )
    for referral in late.select_related("person", "to_organisation").order_by("answer_due_on", "pk"):
        night_after = datetime.datetime.combine(referral.answer_due_on + datetime.timedelta(days=1), datetime.time(2))
        REFERRAL.run(
            "expire",
            referral,
            by=None,
            organisation=referral.to_organisation,
            at=timezone.make_aware(night_after),
            only_from=(referral.status,),
        )


def _hand_overs(youngs: list[Young]) -> None:
    rng = random.Random(SEED)
    for team_name, count in HAND_OVERS.items():
        followed = [
            y for y in youngs if y.story in FOLLOWED_STORIES and y.team.mission_locale.organisation.name == team_name
        ]
        for young in rng.sample(followed, count):
            assert young.person is not None, "played before the hand-overs"
            team = young.team.mission_locale
            successor = rng.choice([adviser for adviser in team.staff if adviser != young.adviser])
            follow_set_lead(
                person=young.person,
                organisation=team.organisation,
                adviser=successor,
                by=young.adviser,
                reason=rng.choice(HAND_OVER_REASONS),
            )
            young.adviser = successor
    near_site = [
        y for y in youngs if y.team.site and y.story in FOLLOWED_STORIES and y.fields["commune"] in y.team.site.communes
    ]
    for young in rng.sample(near_site, min(SITE_HAND_OVERS, len(near_site))):
        site = young.team.site
        assert site is not None and young.person is not None, "near a site, and played before the hand-overs"
        follow_set_lead(
            person=young.person,
            organisation=site.organisation,
            adviser=site.staff[0],
            by=young.adviser,
            reason=SITE_HAND_OVER_REASON,
        )


@transaction.atomic
def young_people_load() -> int:
    """Create the demo's young people and play their stories; nothing when they are there already.

    Returns how many were created. Needs the partnerships of the scenarios (organisations, staff) loaded first.
    """
    if already_loaded():
        return 0
    today = timezone.localdate()
    youngs = plan(teams_load(), today=today)
    # The expired proposals first, then the expiry, so that it touches nothing else.
    expiring = [young for young in youngs if young.story == Story.EXPIRED]
    for young in expiring:
        _play(young)
    _expire(expiring, today)
    for young in youngs:
        if young.story != Story.EXPIRED:
            _play(young)
    _hand_overs(youngs)
    return len(youngs)
