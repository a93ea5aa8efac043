"""Seed 002 — Bordeaux's employer events: a job dating on subsidised contracts held last week and an information
meeting on apprenticeship to come, both organised by the Mission Locale Bordeaux Avenir Jeunes with France
Travail Mériadeck.

The job dating: four companies of seed 001 invited (two came, one was absent, one declined), four young people of
the Mission Locale registered (three came: one hired, one with an interview, one with nothing yet; one absent).
The information meeting: two companies invited (one confirmed), two young people registered. Everything goes
through the employer events' services, so the companies' and the young people's timelines show it.

Deterministic and idempotent: an event is found again by its organiser and title; a second load adds nothing.
Dates are relative to the day of the load, like the rest of the demo.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Membership, User
from tandem.demo.builders import demo_email
from tandem.demo.prospecting import demo_siret
from tandem.demo.scenarios import bordeaux
from tandem.employer_events import services
from tandem.employer_events.enums import EventFormat, EventTheme
from tandem.employer_events.models import EmployerEvent
from tandem.employers.models import Employer
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, Person
from tandem.territories.models import Commune

JOB_DATING = "Job dating contrats aidés – Bordeaux Mériadeck"
INFORMATION_MEETING = "Réunion d'information : recruter en apprentissage"
OFFICER = "relations-entreprises.bordeaux"
ADVISER = "conseiller.bordeaux"
# The job dating's companies (seed 001) and what became of each invitation.
JOB_DATING_COMPANIES = (
    ("Supermarché des Quinconces (fictif)", "attend"),
    ("Hyper Mériadeck (fictif)", "attend"),
    ("EHPAD Les Jardins de Talence (fictif)", "miss"),
    ("Brasserie des Chartrons (fictif)", "decline"),
)
# The young people's presence and what came of it, in the order they are registered.
JOB_DATING_PEOPLE = (("present", "hired"), ("present", "interview"), ("present", "nothing_yet"), ("absent", ""))
MEETING_COMPANIES = (("Mode Intendance (fictif)", "confirm"), ("Boulangerie du Grand Théâtre (fictif)", ""))


def _user(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def _membership(user: User, organisation: Organisation) -> Membership:
    return Membership.objects.active().select_related("organisation", "user").get(user=user, organisation=organisation)


def _employer(name: str) -> Employer:
    return Employer.objects.get(siret=demo_siret(name))


def _young_people(mission_locale: Organisation, count: int, *, skip: int = 0) -> list[Person]:
    """The Mission Locale adviser's young people, the same ones at every load (by record number)."""
    follows = Follow.objects.filter(
        organisation=mission_locale,
        role=FollowRole.LEAD,
        ended_at__isnull=True,
        adviser__email=demo_email(ADVISER),
        person__anonymised_at__isnull=True,
    ).order_by("person_id")
    return [follow.person for follow in follows.select_related("person")[skip : skip + count]]


def _answer(invitation, step: str, membership: Membership, by: User) -> None:
    """The company's answer, before the day: it declines, or confirms (those that will come or be absent too)."""
    if step == "decline":
        services.invitation_decline(invitation=invitation, membership=membership, by=by)
    elif step in ("confirm", "attend", "miss"):
        services.invitation_confirm(invitation=invitation, membership=membership, by=by)


def _job_dating_load(mission_locale: Organisation, meriadeck: Organisation, today: datetime.date) -> bool:
    if EmployerEvent.objects.filter(organisation=mission_locale, title=JOB_DATING).exists():
        return False
    officer = _user(OFFICER)
    manager = _membership(officer, mission_locale)
    event = services.employer_event_create(
        membership=manager,
        by=officer,
        data=services.EventData(
            format=EventFormat.JOB_DATING,
            title=JOB_DATING,
            theme=EventTheme.SUBSIDISED_CONTRACTS,
            held_on=today - datetime.timedelta(days=6),
            starts_at=datetime.time(9, 30),
            ends_at=datetime.time(12, 30),
            street="Agence France Travail Mériadeck, 3 rue Claude Bonnier",
            commune=Commune.objects.get(code=bordeaux.BORDEAUX),
            capacity=20,
        ),
        partners=[meriadeck],
    )
    invitations = [
        (services.invitation_create(event=event, employer=_employer(name), membership=manager, by=officer), step)
        for name, step in JOB_DATING_COMPANIES
    ]
    adviser = _user(ADVISER)
    advising = _membership(adviser, mission_locale)
    registrations = [
        services.registration_create(event=event, person=person, membership=advising, by=adviser)
        for person in _young_people(mission_locale, len(JOB_DATING_PEOPLE))
    ]
    # The answers came before the day; presence is recorded once the event is held.
    for invitation, step in invitations:
        _answer(invitation, step, manager, officer)
    event = services.employer_event_hold(event=event, membership=manager, by=officer)
    for invitation, step in invitations:
        invitation.event = event
        if step == "attend":
            services.invitation_attend(invitation=invitation, membership=manager, by=officer)
        elif step == "miss":
            services.invitation_miss(invitation=invitation, membership=manager, by=officer)
    for registration, (presence, outcome) in zip(registrations, JOB_DATING_PEOPLE, strict=False):
        registration.event = event
        if presence == "present":
            services.registration_present(registration=registration, membership=advising, by=adviser, outcome=outcome)
        else:
            services.registration_absent(registration=registration, membership=advising, by=adviser)
    return True


def _meeting_load(mission_locale: Organisation, meriadeck: Organisation, today: datetime.date) -> bool:
    if EmployerEvent.objects.filter(organisation=mission_locale, title=INFORMATION_MEETING).exists():
        return False
    officer = _user(OFFICER)
    manager = _membership(officer, mission_locale)
    event = services.employer_event_create(
        membership=manager,
        by=officer,
        data=services.EventData(
            format=EventFormat.INFORMATION_MEETING,
            title=INFORMATION_MEETING,
            theme=EventTheme.APPRENTICESHIP,
            held_on=today + datetime.timedelta(days=12),
            starts_at=datetime.time(14),
            ends_at=datetime.time(16),
            street="Mission Locale, 50 cours du Médoc",
            commune=Commune.objects.get(code=bordeaux.BORDEAUX),
            capacity=30,
        ),
        partners=[meriadeck],
    )
    for name, step in MEETING_COMPANIES:
        invitation = services.invitation_create(event=event, employer=_employer(name), membership=manager, by=officer)
        _answer(invitation, step, manager, officer)
    adviser = _user(ADVISER)
    advising = _membership(adviser, mission_locale)
    for person in _young_people(mission_locale, 2, skip=len(JOB_DATING_PEOPLE)):
        services.registration_create(event=event, person=person, membership=advising, by=adviser)
    return True


@transaction.atomic
def bordeaux_employer_events_load() -> int:
    """Bordeaux's job dating and information meeting (module docstring), once; returns how many were created.

    Needs seed 001's companies (tandem.demo.prospecting); the young people, when loaded, are registered."""
    today = timezone.localdate()
    mission_locale = Organisation.objects.get(kind=OrganisationKind.MISSION_LOCALE, name=bordeaux.ML_NAME)
    meriadeck = Organisation.objects.get(safir_code=bordeaux.MERIADECK)
    created = _job_dating_load(mission_locale, meriadeck, today)
    return int(created) + int(_meeting_load(mission_locale, meriadeck, today))
