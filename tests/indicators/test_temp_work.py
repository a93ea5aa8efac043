"""The temp-work family (Mission Jeunes) on hand-built histories: every figure below is counted by hand."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.accounts.enums import Role
from tandem.career_paths import services as career_paths
from tandem.career_paths.enums import CancelReason
from tandem.employer_events import services as employer_events
from tandem.employer_events.enums import EventFormat
from tandem.events.enums import EventKind
from tandem.immersions import services as immersions
from tandem.indicators.registry import CATALOGUE
from tandem.indicators.scopes import Scope
from tandem.organisations.enums import OrganisationKind
from tandem.partnerships import services as partnerships
from tandem.partnerships.enums import ConventionKind, ConventionLevel, PartyRole
from tandem.people.enums import Scheme
from tandem.people.services import scheme_start
from tandem.referrals import services as referrals
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employer_events.factories import EmployerEventFactory
from tests.immersions.factories import a_pmsmp, a_staff_immersion, led_person, m, temp_agency_follows
from tests.indicators.activity import at, happened, membership, propose, shared, value
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import membership_of

CODES = [code for code, item in CATALOGUE.items() if item.family == "temp_work"]
DAY = datetime.date.fromisoformat


def mission_jeunes_of_the_cast(cast):
    """Mission Locale A and the temp agency: their Mission Jeunes link (since 1 December 2021) as a convention."""
    return partnerships.convention_of_link(link=cast.ml_a.links_as_a.get(organisation_b=cast.temp_agency))


def mission_jeunes_in_gironde(cast, signed_on=datetime.date(2026, 2, 10)):
    agency = OrganisationFactory(kind=OrganisationKind.TEMP_AGENCY, name="Intérim Bordeaux", commune_id="33063")
    contact = MembershipFactory(
        user=UserFactory(email="contact@interim-bordeaux.example.org"), organisation=agency, role=Role.ADVISER
    ).user
    admin = {"user": cast.admin, "membership": membership_of(cast.admin)}
    convention = partnerships.convention_create(
        level=ConventionLevel.LOCAL,
        kind=ConventionKind.MISSION_JEUNES,
        data=partnerships.ConventionData(title="Mission Jeunes Bordeaux", starts_on=DAY("2026-01-01")),
        parties=[
            partnerships.PartyData(organisation=cast.ml_c, role=PartyRole.SIGNATORY, contact=cast.adviser_c),
            partnerships.PartyData(organisation=agency, role=PartyRole.SIGNATORY, contact=contact),
        ],
        **admin,
    )
    return partnerships.convention_sign(convention=convention, signed_on=signed_on, **admin)


def test_mission_jeunes_conventions_in_force_and_signed(cast):
    mission_jeunes_of_the_cast(cast)
    mission_jeunes_in_gironde(cast)
    q1 = value("temp_work_conventions", "2026-Q1")
    assert (q1.value, q1.breakdown) == (2, {"signed": 1, "active": 2})
    assert value("temp_work_conventions", "2026-01").breakdown == {"signed": 0, "active": 1}
    assert value("temp_work_conventions", "2026-02").breakdown == {"signed": 1, "active": 2}
    assert value("temp_work_conventions", "2026-Q1", Scope("departement", "33")).value == 1
    assert value("temp_work_conventions", "2026-Q1", Scope("organisation", str(cast.ml_a.pk))).breakdown == {
        "signed": 0,
        "active": 1,
    }
    assert value("temp_work_conventions", "2026-Q1", Scope("organisation", str(cast.agency_b.pk))).value == 0


@pytest.fixture
def put_forward(cast):
    """In March, adviser A puts forward p1 on the temp agency's offer (2 March) and refers p1 to the agency (3 March,
    with p1's consent); registers p2 to a CEJ group session (4 March); puts p3 forward on France Travail B's offer
    and registers p4 to a job dating (neither is towards a temp agency). 2 young people, one by each path."""
    p1 = led_person(cast, last_name="Un")
    temp_agency_follows(cast, p1, consent=True)
    propose(shared(cast.temp_agency, at("2026-03-01")), cast.ml_a, at("2026-03-02"), by=cast.adviser_a, person=p1)
    referrals.referral_propose(
        person=p1,
        from_organisation=cast.ml_a,
        to_organisation=cast.temp_agency,
        by=cast.adviser_a,
        proposed_at=at("2026-03-03"),
    )
    propose(shared(cast.agency_b, at("2026-03-01")), cast.ml_a, at("2026-03-05"), by=cast.adviser_a)
    for format, last_name, day in (
        (EventFormat.GROUP_SESSION, "Deux", "2026-03-04"),
        (EventFormat.JOB_DATING, "Quatre", "2026-03-06"),
    ):
        session = EmployerEventFactory(organisation=cast.ml_a, format=format)
        registration = employer_events.registration_create(
            event=session,
            person=led_person(cast, last_name=last_name),
            membership=membership(cast.adviser_a),
            by=cast.adviser_a,
        )
        happened(EventKind.EMPLOYER_EVENT_REGISTERED, registration, at(day))
    return p1


def test_young_people_put_forward_to_temp_agencies_by_three_paths(put_forward, cast):
    figure = value("temp_work_young_people_put_forward", "2026-03")
    assert (figure.value, figure.breakdown) == (2, {"positioning": 1, "referral": 1, "registration": 1})
    assert value("temp_work_young_people_put_forward", "2026-04").value == 0
    scoped = lambda scope: value("temp_work_young_people_put_forward", "2026-03", scope).value  # noqa: E731
    assert scoped(Scope("organisation", str(cast.ml_a.pk))) == 2
    assert scoped(Scope("organisation", str(cast.temp_agency.pk))) == 1  # its offer, its referral; not A's session
    assert scoped(Scope("organisation", str(cast.ml_c.pk))) == 0
    assert scoped(Scope("convention", str(mission_jeunes_of_the_cast(cast).pk))) == 2
    assert scoped(Scope("adviser", str(cast.adviser_a.pk))) == 2
    assert scoped(Scope("adviser", str(cast.adviser_c.pk))) == 0


def test_missions_count_on_their_first_day_unless_cancelled(cast):
    person = led_person(cast)
    temp_agency_follows(cast, person, consent=True)

    def record(starts_on, *, by, organisation):
        return career_paths.mission_record(
            person=person,
            agency=cast.temp_agency,
            employer_name="Logistique du Rhin",
            job_label="Cariste",
            starts_on=DAY(starts_on),
            hours=Decimal(35),
            by=by,
            organisation=organisation,
        )

    record("2026-03-31", by=cast.temp_contact, organisation=cast.temp_agency)
    record("2026-04-01", by=cast.adviser_a, organisation=cast.ml_a)
    cancelled = record("2026-03-20", by=cast.temp_contact, organisation=cast.temp_agency)
    career_paths.mission_cancel(
        mission=cancelled, reason=CancelReason.NOT_HELD, by=cast.temp_contact, organisation=cast.temp_agency
    )
    assert value("temp_work_missions_started", "2026-03").value == 1
    assert value("temp_work_missions_started", "2026-04").value == 1
    assert value("temp_work_missions_started", "2026-Q1", Scope("organisation", str(cast.ml_c.pk))).value == 0
    assert value("temp_work_missions_started", "2026-Q1", Scope("organisation", str(cast.ml_a.pk))).value == 0
    assert value("temp_work_missions_started", "2026-Q2", Scope("organisation", str(cast.ml_a.pk))).value == 1
    assert (
        value("temp_work_missions_started", "2026", Scope("convention", str(mission_jeunes_of_the_cast(cast).pk))).value
        == 2
    )
    assert value("temp_work_missions_started", "2026", Scope("adviser", str(cast.adviser_a.pk))).value == 1


def test_immersions_with_a_temp_agency_and_in_companies(cast):
    with_agency = a_staff_immersion(cast, starts_on=DAY("2026-03-02"), ends_on=DAY("2026-03-04"))
    with_ft = a_staff_immersion(
        cast, host_organisation=cast.agency_b, starts_on=DAY("2026-03-05"), ends_on=DAY("2026-03-06")
    )
    for immersion in (with_agency, with_ft):
        immersions.staff_immersion_complete(immersion=immersion, membership=m(cast.director_a), by=None, report="Fait")
    pmsmp = a_pmsmp(cast, starts_on=DAY("2026-03-31"), ends_on=DAY("2026-04-10"))
    pmsmp = immersions.pmsmp_sign(
        pmsmp=pmsmp, membership=m(cast.adviser_a), by=cast.adviser_a, signed_on=DAY("2026-03-20")
    )
    immersions.pmsmp_start(pmsmp=pmsmp, membership=m(cast.adviser_a), by=cast.adviser_a)
    figure = value("temp_work_immersions", "2026-03")
    assert (figure.value, figure.breakdown) == (2, {"staff": 1, "pmsmp": 1})
    assert value("temp_work_immersions", "2026-04").value == 0
    assert value("temp_work_immersions", "2026-03", Scope("organisation", str(cast.ml_c.pk))).value == 0
    assert value("temp_work_immersions", "2026-03", Scope("organisation", str(cast.temp_agency.pk))).breakdown == {
        "staff": 1,
        "pmsmp": 0,
    }
    convention = Scope("convention", str(mission_jeunes_of_the_cast(cast).pk))
    assert value("temp_work_immersions", "2026-03", convention).value == 2
    assert value("temp_work_immersions", "2026-03", Scope("adviser", str(cast.adviser_a.pk))).breakdown == {
        "staff": 0,
        "pmsmp": 1,
    }


def test_trainings_reached_by_their_first_day(cast):
    person = led_person(cast)
    temp_agency_follows(cast, person, consent=True)
    career_paths.training_record(
        person=person,
        scheme=Scheme.TRAINING_CPF,
        starts_on=DAY("2026-03-31"),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    career_paths.training_record(
        person=person,
        scheme=Scheme.TRAINING_TEMP_SECTOR,
        starts_on=DAY("2026-04-01"),
        by=cast.temp_contact,
        organisation=cast.temp_agency,
    )
    scheme_start(
        person=person, scheme=Scheme.CEJ, starts_on=DAY("2026-03-15"), by=cast.adviser_a, organisation=cast.ml_a
    )
    march = value("temp_work_trainings", "2026-03")
    assert (march.value, march.breakdown) == (1, {Scheme.TRAINING_CPF: 1, Scheme.TRAINING_TEMP_SECTOR: 0})
    assert value("temp_work_trainings", "2026-04").breakdown[Scheme.TRAINING_TEMP_SECTOR] == 1
    assert value("temp_work_trainings", "2026", Scope("organisation", str(cast.temp_agency.pk))).value == 1
    assert value("temp_work_trainings", "2026", Scope("adviser", str(cast.adviser_a.pk))).value == 1
    assert value("temp_work_trainings", "2026", Scope("departement", "33")).value == 0


def _queries(code, scope):
    with CaptureQueriesContext(connection) as queries:
        value(code, "2026", scope)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_events(cast):
    scope = Scope("departement", "67")
    offer = shared(cast.temp_agency, at("2026-01-01"), positions=100)

    def histories(count, month):
        for index in range(count):
            day = f"2026-{month:02d}-{index % 27 + 1:02d}"
            person = led_person(cast, last_name=f"P{month}-{index}")
            propose(offer, cast.ml_a, at(day), by=cast.adviser_a, person=person)
            career_paths.training_record(
                person=person,
                scheme=Scheme.TRAINING_CPF,
                starts_on=DAY(day),
                by=cast.adviser_a,
                organisation=cast.ml_a,
            )

    histories(3, 1)
    before = {code: _queries(code, scope) for code in CODES}
    histories(30, 2)
    after = {code: _queries(code, scope) for code in CODES}
    assert after == before
    # The young people put forward: one count per path and one for the people of the three (4); the others one.
    assert before.pop("temp_work_young_people_put_forward") == 4 and max(before.values()) <= 2
    assert value("temp_work_young_people_put_forward", "2026", scope).value == 33
