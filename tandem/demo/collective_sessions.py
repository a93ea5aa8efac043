"""Seed 003 — collective sessions with temp agencies in Saint-Étienne: a job presentation by Intérim Forez Centre at
the Mission Locale held last week (three young people who agreed to share with the agency registered, two came, one
of them is on a mission that followed), a presentation of industrial jobs today with no one registered yet, and a
CEJ group session in ten days that Gier Emploi Intérim's contact joins.

Everything goes through the employer events' and the missions' services, so the young people's timelines and
paths show it. Idempotent: a session is found again by its organiser and title. Dates are relative to the load.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tandem.access.permissions import organisation_access_q
from tandem.accounts.models import Membership, User
from tandem.demo.builders import demo_email
from tandem.demo.scenarios import saint_etienne
from tandem.employer_events import services
from tandem.employer_events.enums import EventFormat, EventTheme
from tandem.employer_events.models import EmployerEvent
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.people.enums import ConsentRecipient, FollowRole
from tandem.people.models import Person
from tandem.people.services import consent_give
from tandem.referrals.services import referral_accept, referral_propose
from tandem.territories.models import Commune

PAST_SESSION = "Les métiers de la logistique avec Intérim Forez Centre"
TODAY_SESSION = "Les métiers de l'industrie avec Intérim Forez Centre"
GROUP_SESSION = "Collectif CEJ : le travail temporaire, droits et devoirs"
ADVISER = "conseiller.saint-etienne"
PRESENTING = "Intérim Forez Centre"
JOINING = "Gier Emploi Intérim"
STREET = "Mission Locale, 8 rue Balay"


def _user(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def _membership(user: User, organisation: Organisation) -> Membership:
    return Membership.objects.active().select_related("organisation", "user").get(user=user, organisation=organisation)


def agency_contact(agency: Organisation) -> User:
    """The agency's one member, its single contact."""
    return User.objects.get(memberships__organisation=agency)


def people_put_forward(mission_locale: Organisation, agency: Organisation) -> list[Person]:
    """The Mission Locale's young people the agency may see (they agreed to share with it, and it follows them since
    it accepted their referral): the same ones at every load, by record number."""
    return list(
        Person.objects.filter(organisation_access_q(agency))
        .filter(follows__organisation=mission_locale, follows__role=FollowRole.LEAD, follows__ended_at__isnull=True)
        .order_by("pk")
    )


def _put_forward(mission_locale: Organisation, agency: Organisation, count: int) -> None:
    """Until the agency sees `count` of the Mission Locale's young people: the next ones with no consent to a temp
    agency agree to share with it, are referred to it (Mission Jeunes) and the agency accepts."""
    missing = count - len(people_put_forward(mission_locale, agency))
    if missing <= 0:
        return
    adviser = _user(ADVISER)
    contact = agency_contact(agency)
    today = timezone.localdate()
    met_before = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=16), datetime.time()))
    candidates = (
        Person.objects.filter(
            follows__organisation=mission_locale,
            follows__role=FollowRole.LEAD,
            follows__ended_at__isnull=True,
            follows__adviser=adviser,
            anonymised_at__isnull=True,
        )
        .exclude(consents__recipient_kind=ConsentRecipient.TEMP_AGENCY)
        # Met before they agree (their record is older than the consent).
        .filter(
            pk__in=Event.objects.filter(kind=EventKind.PERSON_CREATED, occurred_at__lt=met_before).values("person_id")
        )
        .order_by("pk")[:missing]
    )
    for person in candidates:
        consent_give(
            person=person,
            recipient_kind=ConsentRecipient.TEMP_AGENCY,
            recipient=agency,
            given_on=today - datetime.timedelta(days=15),
            by=adviser,
            organisation=mission_locale,
        )
        referral = referral_propose(
            person=person,
            from_organisation=mission_locale,
            to_organisation=agency,
            by=adviser,
            reason="Mission Jeunes : rencontre avec l'agence lors d'une présentation des métiers.",
        )
        referral_accept(referral=referral, by=contact, organisation=agency, adviser=contact)


def _session(
    mission_locale: Organisation, agency: Organisation, *, title: str, format: str, held_on: datetime.date
) -> EmployerEvent:
    adviser = _user(ADVISER)
    return services.employer_event_create(
        membership=_membership(adviser, mission_locale),
        by=adviser,
        data=services.EventData(
            format=format,
            title=title,
            theme=EventTheme.RECRUITMENT if format == EventFormat.JOB_PRESENTATION else "",
            held_on=held_on,
            starts_at=datetime.time(14),
            ends_at=datetime.time(16),
            street=STREET,
            commune=Commune.objects.get(code=saint_etienne.SAINT_ETIENNE),
            capacity=12,
        ),
        partners=[agency],
    )


def _past_load(mission_locale: Organisation, agency: Organisation, today: datetime.date) -> None:
    event = _session(
        mission_locale,
        agency,
        title=PAST_SESSION,
        format=EventFormat.JOB_PRESENTATION,
        held_on=today - datetime.timedelta(days=7),
    )
    adviser = _user(ADVISER)
    advising = _membership(adviser, mission_locale)
    people = people_put_forward(mission_locale, agency)[:3]
    registrations = [
        services.registration_create(event=event, person=person, membership=advising, by=adviser) for person in people
    ]
    event = services.employer_event_hold(event=event, membership=advising, by=adviser)
    for index, registration in enumerate(registrations):
        registration.event = event
        if index == 2:
            services.registration_absent(registration=registration, membership=advising, by=adviser)
        else:
            services.registration_present(registration=registration, membership=advising, by=adviser)
    if registrations:
        contact = agency_contact(agency)
        first = registrations[0]
        services.registration_mission(
            registration=first,
            membership=_membership(contact, agency),
            by=contact,
            mission=services.MissionData(
                employer_name="Logistique du Forez (fictif)",
                job_label="Préparateur·rice de commandes",
                rome_code="N1103",
                starts_on=today - datetime.timedelta(days=3),
                ends_on=today + datetime.timedelta(days=11),
                hours=Decimal("70"),
            ),
        )


@transaction.atomic
def saint_etienne_sessions_load() -> int:
    """The three sessions (module docstring), once; returns how many were created. Needs the young people."""
    today = timezone.localdate()
    mission_locale = Organisation.objects.get(kind=OrganisationKind.MISSION_LOCALE, name=saint_etienne.ML_NAME)
    presenting = Organisation.objects.get(kind=OrganisationKind.TEMP_AGENCY, name=PRESENTING)
    joining = Organisation.objects.get(kind=OrganisationKind.TEMP_AGENCY, name=JOINING)
    existing = set(EmployerEvent.objects.filter(organisation=mission_locale).values_list("title", flat=True))
    # Three for last week's session, three more for today's (the browser journey registers them).
    _put_forward(mission_locale, presenting, 6)
    created = 0
    if PAST_SESSION not in existing:
        _past_load(mission_locale, presenting, today)
        created += 1
    if TODAY_SESSION not in existing:
        _session(mission_locale, presenting, title=TODAY_SESSION, format=EventFormat.JOB_PRESENTATION, held_on=today)
        created += 1
    if GROUP_SESSION not in existing:
        _session(
            mission_locale,
            joining,
            title=GROUP_SESSION,
            format=EventFormat.GROUP_SESSION,
            held_on=today + datetime.timedelta(days=10),
        )
        created += 1
    return created
