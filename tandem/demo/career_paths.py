"""Seed 003 — Mission Jeunes: three young people of the Mission Locale de Saint-Étienne move from one temp agency's
mission to another's without starting over, and reach a training (the temp sector's fund, or their own account).

Each gave their consent to the two temp agencies that placed them; each agency follows them (a contributor), so
each sees the path so far. The missions are recorded by the agencies' contacts, the trainings by the Mission
Locale's adviser; everything goes through tandem.career_paths.services, so the person's timeline shows it.

Needs first: the referentials (communes, ROME codes) and the Saint-Étienne scenario (tandem.demo.scenarios.
saint_etienne.load: the Mission Locale, its adviser and the nine temp agencies with their contacts).
Deterministic and idempotent: a young person is found again by name and birth date; one who already has missions
gets nothing more. Dates are relative to the day of the load, like the rest of the demo.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.career_paths.models import Mission
from tandem.career_paths.services import mission_record, training_record
from tandem.demo.builders import demo_email
from tandem.demo.scenarios import saint_etienne
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.people.enums import ConsentRecipient, FollowRole, Scheme
from tandem.people.models import Person
from tandem.people.selectors import consent_stands
from tandem.people.services import consent_give, follow_add_contributor, person_register

ADVISER = "conseiller.saint-etienne"


@dataclass(frozen=True)
class DemoMission:
    agency: int  # index in saint_etienne.TEMP_AGENCIES
    employer_name: str
    job_label: str
    rome_code: str
    starts_ago: int  # days before the load
    days: int | None  # calendar days; None: it still runs
    hours: int


@dataclass(frozen=True)
class DemoPath:
    first_name: str
    last_name: str
    birth_date: datetime.date
    missions: tuple[DemoMission, ...]
    training: str  # Scheme.TRAINING_CPF or Scheme.TRAINING_TEMP_SECTOR
    training_ago: int


PATHS = (
    DemoPath(
        "Yanis",
        "Benali",
        datetime.date(2004, 5, 12),
        (
            DemoMission(0, "Plasturgie du Forez (fictif)", "Opérateur de conditionnement", "H3302", 120, 11, 77),
            DemoMission(0, "Logistique Ondaine (fictif)", "Préparateur de commandes", "N1103", 95, 26, 133),
            DemoMission(1, "Entrepôts du Gier (fictif)", "Cariste", "N1101", 30, None, 112),
        ),
        Scheme.TRAINING_TEMP_SECTOR,
        20,
    ),
    DemoPath(
        "Clara",
        "Vidal",
        datetime.date(2005, 9, 3),
        (
            DemoMission(2, "Mécanique Stéphanoise (fictif)", "Monteuse en mécanique", "H2909", 80, 19, 98),
            DemoMission(3, "Emballages du Pilat (fictif)", "Opératrice de conditionnement", "H3302", 45, 12, 70),
        ),
        Scheme.TRAINING_CPF,
        10,
    ),
    DemoPath(
        "Mehdi",
        "Rousset",
        datetime.date(2003, 11, 21),
        (
            DemoMission(4, "Cycles de la Manufacture (fictif)", "Monteur cycles", "H2909", 150, 33, 161),
            DemoMission(5, "Messageries de l'Ondaine (fictif)", "Préparateur de commandes", "N1103", 60, 5, 35),
            DemoMission(5, "Messageries de l'Ondaine (fictif)", "Préparateur de commandes", "N1103", 40, 15, 84),
        ),
        Scheme.TRAINING_TEMP_SECTOR,
        5,
    ),
)


def _user(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def _agency(index: int) -> tuple[Organisation, User]:
    name, _address, _postcode, contact = saint_etienne.TEMP_AGENCIES[index]
    return Organisation.objects.get(kind=OrganisationKind.TEMP_AGENCY, name=name), _user(contact)


def _person(path: DemoPath, mission_locale: Organisation, adviser: User) -> Person:
    found = (
        Person.objects.filter(
            first_name=path.first_name,
            last_name=path.last_name,
            birth_date=path.birth_date,
            anonymised_at__isnull=True,
            follows__organisation=mission_locale,
            follows__role=FollowRole.LEAD,
        )
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    # Met by the Mission Locale a month before their first consent, the morning's first appointment.
    met_on = timezone.localdate() - datetime.timedelta(days=max(m.starts_ago for m in path.missions) + 7 + 30)
    return person_register(
        by=adviser,
        organisation=mission_locale,
        adviser=adviser,
        at=timezone.make_aware(datetime.datetime.combine(met_on, datetime.time(8, 30))),
        first_name=path.first_name,
        last_name=path.last_name,
        birth_date=path.birth_date,
        commune_id=saint_etienne.SAINT_ETIENNE,
    )


def _play(path: DemoPath, mission_locale: Organisation, adviser: User, today: datetime.date) -> None:
    person = _person(path, mission_locale, adviser)
    if Mission.objects.filter(person=person).exists():
        return
    for index in dict.fromkeys(mission.agency for mission in path.missions):
        agency, _contact = _agency(index)
        if not consent_stands(person=person, organisation=agency):
            consent_give(
                person=person,
                recipient_kind=ConsentRecipient.TEMP_AGENCY,
                recipient=agency,
                given_on=today - datetime.timedelta(days=path.missions[0].starts_ago + 7),
                by=adviser,
                organisation=mission_locale,
            )
        follow_add_contributor(person=person, organisation=agency, by=adviser)
    for mission in path.missions:
        agency, contact = _agency(mission.agency)
        starts_on = today - datetime.timedelta(days=mission.starts_ago)
        mission_record(
            person=person,
            agency=agency,
            employer_name=mission.employer_name,
            job_label=mission.job_label,
            rome_code=mission.rome_code,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=mission.days - 1) if mission.days else None,
            hours=Decimal(mission.hours),
            by=contact,
            organisation=agency,
        )
    training_record(
        person=person,
        scheme=path.training,
        starts_on=today - datetime.timedelta(days=path.training_ago),
        by=adviser,
        organisation=mission_locale,
    )


@transaction.atomic
def load() -> int:
    """The three paths (see the module's docstring for what must exist first); returns how many young people it
    registered (none at a second load)."""
    before = Person.objects.count()
    mission_locale = Organisation.objects.get(kind=OrganisationKind.MISSION_LOCALE, name=saint_etienne.ML_NAME)
    adviser = _user(ADVISER)
    today = timezone.localdate()
    for path in PATHS:
        _play(path, mission_locale, adviser, today)
    return Person.objects.count() - before
