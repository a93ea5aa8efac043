"""Exits from accompaniment: four young people of the Mission Locale de Saint-Étienne leave its accompaniment — for
a CDI, a training, a short CDD, or out of touch — and, for the older exits, their situation six months later is
recorded (one still due: it shows on the follow-ups due page).

Everything goes through tandem.exits.services, recorded by the Mission Locale's adviser, so the person's timeline
and the exits' indicators show it.

Needs first: the referentials (communes) and the Saint-Étienne scenario (tandem.demo.scenarios.saint_etienne.load:
the Mission Locale and its adviser). Deterministic and idempotent: a young person is found again by name and birth
date; one who already has an exit gets nothing more. Dates are relative to the day of the load, like the rest of
the demo.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.demo.builders import demo_email
from tandem.demo.scenarios import saint_etienne
from tandem.exits.enums import ContractType, ExitReason, Situation
from tandem.exits.models import Exit
from tandem.exits.services import exit_record, follow_up_record
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.people.enums import FollowRole
from tandem.people.models import Person
from tandem.people.services import person_register

ADVISER = "conseiller.saint-etienne"
MET_BEFORE_EXIT = 300  # days of accompaniment before the exit


@dataclass(frozen=True)
class DemoFollowUp:
    after: int  # days after the exit
    situation: str
    contract_type: str = ""
    contract_months: int | None = None


@dataclass(frozen=True)
class DemoExit:
    first_name: str
    last_name: str
    birth_date: datetime.date
    exited_ago: int  # days before the load
    reason: str
    contract_type: str = ""
    contract_months: int | None = None
    follow_up: DemoFollowUp | None = None


EXITS = (
    DemoExit(
        "Lina",
        "Chabert",
        datetime.date(2004, 2, 8),
        260,
        ExitReason.EMPLOYMENT,
        ContractType.CDI,
        None,
        DemoFollowUp(185, Situation.EMPLOYMENT, ContractType.CDI),
    ),
    DemoExit(
        "Nolan",
        "Fauriel",
        datetime.date(2005, 6, 17),
        230,
        ExitReason.TRAINING,
        follow_up=DemoFollowUp(190, Situation.EMPLOYMENT, ContractType.CDD, 8),
    ),
    DemoExit("Sarah", "Mounier", datetime.date(2003, 12, 1), 200, ExitReason.EMPLOYMENT, ContractType.CDD, 4),
    DemoExit("Théo", "Granjon", datetime.date(2006, 1, 25), 40, ExitReason.NO_CONTACT),
)


def _person(demo: DemoExit, mission_locale: Organisation, adviser: User, today: datetime.date) -> Person:
    found = (
        Person.objects.filter(
            first_name=demo.first_name,
            last_name=demo.last_name,
            birth_date=demo.birth_date,
            anonymised_at__isnull=True,
            follows__organisation=mission_locale,
            follows__role=FollowRole.LEAD,
        )
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    met_on = today - datetime.timedelta(days=demo.exited_ago + MET_BEFORE_EXIT)
    return person_register(
        by=adviser,
        organisation=mission_locale,
        adviser=adviser,
        at=timezone.make_aware(datetime.datetime.combine(met_on, datetime.time(9, 30))),
        first_name=demo.first_name,
        last_name=demo.last_name,
        birth_date=demo.birth_date,
        commune_id=saint_etienne.SAINT_ETIENNE,
    )


def _play(demo: DemoExit, mission_locale: Organisation, adviser: User, today: datetime.date) -> None:
    person = _person(demo, mission_locale, adviser, today)
    if Exit.objects.filter(person=person).exists():
        return
    exited_on = today - datetime.timedelta(days=demo.exited_ago)
    exit = exit_record(
        person=person,
        exited_on=exited_on,
        reason=demo.reason,
        contract_type=demo.contract_type,
        contract_months=demo.contract_months,
        by=adviser,
        organisation=mission_locale,
        today=today,
    )
    if demo.follow_up is not None:
        follow_up_record(
            exit=exit,
            observed_on=exited_on + datetime.timedelta(days=demo.follow_up.after),
            situation=demo.follow_up.situation,
            contract_type=demo.follow_up.contract_type,
            contract_months=demo.follow_up.contract_months,
            by=adviser,
            organisation=mission_locale,
            today=today,
        )


@transaction.atomic
def load() -> int:
    """The four exits (see the module's docstring for what must exist first); returns how many young people it
    registered (none at a second load)."""
    before = Person.objects.count()
    mission_locale = Organisation.objects.get(kind=OrganisationKind.MISSION_LOCALE, name=saint_etienne.ML_NAME)
    adviser = User.objects.get(email=demo_email(ADVISER))
    today = timezone.localdate()
    for demo in EXITS:
        _play(demo, mission_locale, adviser, today)
    return Person.objects.count() - before
