"""Hand-built young people's histories for the caseload, schemes, publics and overlaps families, written through
the apps' services (their events are the ones the indicators read)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.accounts.enums import Role
from tandem.accounts.models import User
from tandem.events.models import Event
from tandem.indicators.periods import period_parse
from tandem.indicators.registry import CATALOGUE, IndicatorValue
from tandem.indicators.scopes import Scope
from tandem.indicators.selectors import indicator_value
from tandem.offers.enums import PositioningStatus
from tandem.offers.models import Positioning
from tandem.offers.positioning import services as positionings
from tandem.organisations.models import Organisation
from tandem.people.enums import Scheme
from tandem.people.models import Follow, Person
from tandem.people.services import follow_set_lead, person_create, scheme_start
from tandem.referrals.enums import RefusalReason
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.indicators.scenarios import at, propose, refuse
from tests.offers.test_positioning_services import advance, offer_of
from tests.people.factories import PersonFactory

NATION = Scope("nation")


def value(code: str, period: str, scope: Scope = NATION) -> IndicatorValue:
    return indicator_value(code=code, period=period_parse(period), scope=scope)


def of(organisation: Organisation) -> Scope:
    return Scope("organisation", str(organisation.pk))


def adviser(user: User) -> Scope:
    return Scope("adviser", str(user.pk))


def colleague(organisation: Organisation, email: str, **terms) -> User:
    """Another adviser of the organisation (terms: starts_on, ends_on, role)."""
    user = UserFactory(email=email)
    MembershipFactory(user=user, organisation=organisation, role=terms.pop("role", Role.ADVISER), **terms)
    return user


def young(**fields) -> Person:
    return PersonFactory(**fields)


def lead(person: Person, organisation: Organisation, by: User, when: datetime.datetime) -> Follow:
    """`by` (an adviser of the organisation) becomes the person's lead at that moment."""
    return follow_set_lead(
        person=person, organisation=organisation, adviser=by, by=by, reason="Passage de relais", at=when
    )


def late(person: Person, recorded: datetime.datetime) -> None:
    """The person's lead events were recorded at `recorded` (a late entry), whatever they say happened."""
    Event.objects.filter(person=person, kind__startswith="lead_").update(recorded_at=recorded)


def hire(cast, contract_type: str, when: datetime.datetime) -> Positioning:
    """Adviser A puts a young person led by A forward on agency B's offer; B hires them with that contract."""
    person = young()
    lead(person, cast.ml_a, cast.adviser_a, at("2026-01-05"))
    positioning = positionings.positioning_propose(
        person=person, offer=offer_of(cast), by=cast.adviser_a, organisation=cast.ml_a, proposed_at=when
    )
    positioning = advance(cast, positioning, PositioningStatus.INTERVIEW)
    return positionings.positioning_hire(
        positioning=positioning,
        by=cast.agent_b,
        organisation=cast.agency_b,
        contract_type=contract_type,
        start_on=when.date(),
        duration_months=6,
        at=when,
    )


def busy_year(cast, count: int, month: int) -> None:
    """`count` histories in the month: a young person led by A entering a scheme, a hire in apprenticeship, a
    referral refused as already followed, a possible duplicate created."""
    for index in range(count):
        day = f"2026-{month:02d}-{index % 27 + 1:02d}"
        person = young(birth_date=datetime.date(2009, 6, 1))
        lead(person, cast.ml_a, cast.adviser_a, at(day, "09:00:00"))
        scheme_start(
            person=person,
            scheme=Scheme.CEJ,
            starts_on=datetime.date.fromisoformat(day),
            by=cast.adviser_a,
            organisation=cast.ml_a,
        )
        hire(cast, "apprenticeship", at(day, "11:00:00"))
        refuse(
            propose(cast.agency_b, cast.ml_a, at(day, "10:00:00")), at(day, "16:00:00"), RefusalReason.ALREADY_FOLLOWED
        )
        person_create(
            by=cast.adviser_a,
            organisation=cast.ml_a,
            at=at(day, "17:00:00"),
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            commune_id=person.commune_id,
        )


def queries_of(family: str, cast) -> None:
    """Each of the family's indicators takes as many queries with 3 histories as with 30, two at most."""
    codes = [code for code, declared in CATALOGUE.items() if declared.family == family]
    assert codes
    scopes = [NATION, Scope("departement", "67"), of(cast.ml_a), adviser(cast.adviser_a)]

    def counts() -> dict[tuple[str, str], int]:
        found = {}
        for code in codes:
            for scope in scopes:
                with CaptureQueriesContext(connection) as queries:
                    value(code, "2026", scope)
                found[code, scope.label] = len(queries)
        return found

    busy_year(cast, 3, 1)
    before = counts()
    busy_year(cast, 30, 2)
    assert counts() == before
    assert max(before.values()) <= 2
