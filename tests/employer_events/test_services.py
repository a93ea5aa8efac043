"""Writes of employer events: each one by the right people only (the outsider refused, nothing changed), the
states of the event, the invitations and the registrations, an event in the log for each."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.core.errors import Conflict
from tandem.core.transitions import TransitionError
from tandem.employer_events import services
from tandem.employer_events.enums import EventFormat, EventStatus, InvitationStatus, RegistrationStatus
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.territories.models import Commune
from tests.employer_events.factories import EmployerEventFactory, InvitationFactory, young_person
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def m(user):
    return user.memberships.select_related("organisation").get()


def _data(**changes) -> services.EventData:
    fields = {
        "format": EventFormat.JOB_DATING,
        "title": "Job dating contrats aidés",
        "theme": "subsidised_contracts",
        "held_on": TODAY + datetime.timedelta(days=14),
        "starts_at": datetime.time(9, 30),
        "ends_at": datetime.time(12),
        "street": "2 place de la Gare",
        "commune": Commune.objects.get(code="67180"),
        "capacity": None,
    }
    return services.EventData(**(fields | changes))


def _event(cast, **fields) -> EmployerEvent:
    return EmployerEventFactory(organisation=cast.ml_a, taking_part=[cast.agency_b], **fields)


def _held(cast) -> EmployerEvent:
    event = _event(cast, held_on=TODAY - datetime.timedelta(days=1))
    return services.employer_event_hold(event=event, membership=m(cast.adviser_a), by=cast.adviser_a)


def test_an_adviser_organises_an_event_with_a_partner_of_their_organisation(cast):
    event = services.employer_event_create(
        membership=m(cast.adviser_a), by=cast.adviser_a, data=_data(), partners=[cast.agency_b]
    )
    assert event.status == EventStatus.PLANNED and event.organisation == cast.ml_a
    assert list(event.partners.all()) == [cast.agency_b]
    created = Event.objects.get(kind=EventKind.EMPLOYER_EVENT_CREATED)
    assert created.subject_id == event.pk and created.payload["title"] == "Job dating contrats aidés"


def test_it_refuses_a_partner_outside_the_organisers_partnerships(cast):
    with pytest.raises(ValidationError) as error:
        services.employer_event_create(
            membership=m(cast.adviser_a), by=cast.adviser_a, data=_data(), partners=[cast.ml_c]
        )
    assert "Mission Locale C" in str(error.value)
    assert not EmployerEvent.objects.exists()


def test_it_refuses_an_event_that_ends_before_it_starts(cast):
    with pytest.raises(ValidationError):
        services.employer_event_create(
            membership=m(cast.adviser_a), by=cast.adviser_a, data=_data(ends_at=datetime.time(9))
        )
    assert not EmployerEvent.objects.exists()


def test_an_observer_organises_no_event(cast):
    with pytest.raises(PermissionDenied):
        services.employer_event_create(membership=m(cast.observer), by=cast.observer, data=_data())


def test_the_outsider_changes_nothing_on_the_event(cast):
    event = _event(cast)
    employer = EmployerFactory(commune_id="33063")
    person = young_person(cast.adviser_c, cast.ml_c)
    outsider = m(cast.adviser_c)
    events_before = Event.objects.count()
    writes = [
        lambda: services.employer_event_update(event=event, membership=outsider, by=cast.adviser_c, data=_data()),
        lambda: services.employer_event_hold(event=event, membership=outsider, by=cast.adviser_c),
        lambda: services.employer_event_cancel(event=event, membership=outsider, by=cast.adviser_c),
        lambda: services.invitation_create(event=event, employer=employer, membership=outsider, by=cast.adviser_c),
        lambda: services.registration_create(event=event, person=person, membership=outsider, by=cast.adviser_c),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED and event.title.startswith("Job dating")
    assert not Invitation.objects.exists() and not Registration.objects.exists()
    assert Event.objects.count() == events_before


def test_a_partner_taking_part_changes_the_details_but_not_the_partners(cast):
    event = _event(cast)
    updated = services.employer_event_update(
        event=event, membership=m(cast.agent_b), by=cast.agent_b, data=_data(title="Job dating apprentissage")
    )
    assert updated.title == "Job dating apprentissage"
    assert Event.objects.get(kind=EventKind.EMPLOYER_EVENT_UPDATED).payload["fields"] == ["held_on", "title"]
    with pytest.raises(ValidationError):
        services.employer_event_update(
            event=event, membership=m(cast.agent_b), by=cast.agent_b, data=_data(), partners=[]
        )
    assert list(event.partners.all()) == [cast.agency_b]


def test_only_the_organiser_declares_the_event_held_and_not_before_its_day(cast):
    event = _event(cast)
    with pytest.raises(PermissionDenied):
        services.employer_event_hold(event=event, membership=m(cast.agent_b), by=cast.agent_b)
    with pytest.raises(ValidationError):
        services.employer_event_hold(event=event, membership=m(cast.adviser_a), by=cast.adviser_a)
    event.held_on = TODAY
    event.save()
    held = services.employer_event_hold(event=event, membership=m(cast.adviser_a), by=cast.adviser_a)
    assert held.status == EventStatus.HELD
    assert Event.objects.filter(kind=EventKind.EMPLOYER_EVENT_HELD, subject_id=event.pk).count() == 1
    with pytest.raises(TransitionError):
        services.employer_event_cancel(event=held, membership=m(cast.adviser_a), by=cast.adviser_a)


def test_a_cancelled_event_takes_no_more_companies_nor_young_people(cast):
    event = _event(cast)
    services.employer_event_cancel(event=event, membership=m(cast.director_a), by=cast.director_a)
    with pytest.raises(Conflict):
        services.invitation_create(
            event=event, employer=EmployerFactory(), membership=m(cast.adviser_a), by=cast.adviser_a
        )
    with pytest.raises(Conflict):
        services.registration_create(
            event=event,
            person=young_person(cast.adviser_a, cast.ml_a),
            membership=m(cast.adviser_a),
            by=cast.adviser_a,
        )


def test_a_company_within_reach_is_invited_once_and_its_timeline_says_so(cast):
    event = _event(cast)
    employer = EmployerFactory(name="Boulangerie de Haguenau")
    invitation = services.invitation_create(event=event, employer=employer, membership=m(cast.agent_b), by=cast.agent_b)
    assert invitation.status == InvitationStatus.INVITED and invitation.organisation == cast.agency_b
    logged = Event.objects.get(kind=EventKind.EMPLOYER_EVENT_INVITED)
    assert (logged.subject_type, logged.subject_id) == ("employer", employer.pk)
    with pytest.raises(Conflict):
        services.invitation_create(event=event, employer=employer, membership=m(cast.adviser_a), by=cast.adviser_a)


def test_a_company_out_of_reach_is_not_invited(cast):
    # Bordeaux: Mission Locale C's territory, no referent, no exchange with A.
    event = _event(cast)
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            event=event, employer=EmployerFactory(commune_id="33063"), membership=m(cast.adviser_a), by=cast.adviser_a
        )
    assert not Invitation.objects.exists()


def test_the_offers_a_company_brings_are_its_own(cast):
    from tandem.offers.services import offer_create

    event = _event(cast)
    employer, other = EmployerFactory(), EmployerFactory()
    own = offer_create(
        organisation=cast.ml_a, by=cast.adviser_a, title="Vendeur", contract_type="cdd", employer=employer
    )
    foreign = offer_create(
        organisation=cast.ml_a, by=cast.adviser_a, title="Caissier", contract_type="cdd", employer=other
    )
    with pytest.raises(ValidationError):
        services.invitation_create(
            event=event, employer=employer, membership=m(cast.adviser_a), by=cast.adviser_a, offers=[foreign]
        )
    invitation = services.invitation_create(
        event=event, employer=employer, membership=m(cast.adviser_a), by=cast.adviser_a, offers=[own]
    )
    assert list(invitation.offers.all()) == [own]


def test_a_company_answers_then_attends_once_the_event_is_held(cast):
    event = _event(cast, held_on=TODAY)
    invitation = InvitationFactory(event=event)
    invitation = services.invitation_confirm(invitation=invitation, membership=m(cast.agent_b), by=cast.agent_b)
    assert invitation.status == InvitationStatus.CONFIRMED
    with pytest.raises(Conflict):
        services.invitation_attend(invitation=invitation, membership=m(cast.adviser_a), by=cast.adviser_a)
    services.employer_event_hold(event=event, membership=m(cast.adviser_a), by=cast.adviser_a)
    invitation = services.invitation_attend(invitation=invitation, membership=m(cast.agent_b), by=cast.agent_b)
    assert invitation.status == InvitationStatus.ATTENDED
    attended = Event.objects.get(kind=EventKind.EMPLOYER_EVENT_ATTENDED)
    assert (attended.subject_type, attended.subject_id) == ("employer", invitation.employer_id)
    with pytest.raises(TransitionError):
        services.invitation_miss(invitation=invitation, membership=m(cast.adviser_a), by=cast.adviser_a)
    with pytest.raises(ValidationError):
        services.invitation_decline(invitation=invitation, membership=m(cast.adviser_a), by=cast.adviser_a)


def test_the_outsider_records_no_answer_of_a_company(cast):
    invitation = InvitationFactory(event=_event(cast))
    with pytest.raises(PermissionDenied):
        services.invitation_confirm(invitation=invitation, membership=m(cast.adviser_c), by=cast.adviser_c)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_an_adviser_registers_a_young_person_they_see_and_the_persons_timeline_shows_it(cast):
    event = _event(cast)
    person = young_person(cast.adviser_a, cast.ml_a)
    registration = services.registration_create(
        event=event, person=person, membership=m(cast.adviser_a), by=cast.adviser_a
    )
    assert registration.status == RegistrationStatus.REGISTERED
    logged = Event.objects.get(kind=EventKind.EMPLOYER_EVENT_REGISTERED)
    assert logged.person_id == person.pk and logged.payload["event"] == event.pk
    with pytest.raises(Conflict):
        services.registration_create(event=event, person=person, membership=m(cast.adviser_a), by=cast.adviser_a)


def test_a_partner_taking_part_registers_no_young_person_it_does_not_see(cast):
    event = _event(cast)
    person = young_person(cast.adviser_a, cast.ml_a)
    with pytest.raises(PermissionDenied):
        services.registration_create(event=event, person=person, membership=m(cast.agent_b), by=cast.agent_b)
    assert not Registration.objects.exists()


def test_a_full_event_takes_no_one_more(cast):
    event = _event(cast, capacity=1)
    services.registration_create(
        event=event, person=young_person(cast.adviser_a, cast.ml_a), membership=m(cast.adviser_a), by=cast.adviser_a
    )
    with pytest.raises(Conflict):
        services.registration_create(
            event=event,
            person=young_person(cast.adviser_a, cast.ml_a, last_name="Bernard"),
            membership=m(cast.adviser_a),
            by=cast.adviser_a,
        )


def test_presence_and_its_outcome_are_recorded_once_the_event_is_held_on_the_persons_timeline(cast):
    event = _event(cast, held_on=TODAY)
    person = young_person(cast.adviser_a, cast.ml_a)
    registration = services.registration_create(
        event=event, person=person, membership=m(cast.adviser_a), by=cast.adviser_a
    )
    with pytest.raises(Conflict):
        services.registration_present(registration=registration, membership=m(cast.adviser_a), by=cast.adviser_a)
    services.employer_event_hold(event=event, membership=m(cast.adviser_a), by=cast.adviser_a)
    with pytest.raises(PermissionDenied):  # France Travail B takes part but does not see this young person
        services.registration_present(registration=registration, membership=m(cast.agent_b), by=cast.agent_b)
    registration = services.registration_present(
        registration=registration, membership=m(cast.adviser_a), by=cast.adviser_a, outcome="interview"
    )
    assert (registration.status, registration.outcome) == (RegistrationStatus.PRESENT, "interview")
    registration = services.registration_follow_up(
        registration=registration, membership=m(cast.adviser_a), by=cast.adviser_a, outcome="hired"
    )
    assert registration.outcome == "hired"
    kinds = list(Event.objects.filter(person=person).values_list("kind", "payload__outcome"))
    assert (EventKind.EMPLOYER_EVENT_PRESENT, "interview") in kinds
    assert (EventKind.EMPLOYER_EVENT_OUTCOME, "hired") in kinds


def test_an_absent_young_person_has_no_outcome(cast):
    event = _held(cast)
    person = young_person(cast.adviser_a, cast.ml_a)
    # Registered before the day (the event is held now: registrations are closed).
    registration = Registration.objects.create(event=event, person=person, organisation=cast.ml_a)
    registration = services.registration_absent(
        registration=registration, membership=m(cast.adviser_a), by=cast.adviser_a
    )
    assert registration.status == RegistrationStatus.ABSENT
    with pytest.raises(TransitionError):
        services.registration_follow_up(
            registration=registration, membership=m(cast.adviser_a), by=cast.adviser_a, outcome="hired"
        )
