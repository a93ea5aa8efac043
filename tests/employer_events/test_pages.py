"""Pages of employer events: the list (query count pinned), the form, the event's page, inviting a company,
registering a young person and recording who came; the outsider is refused every page and write, a partner
taking part sees the companies but only the young people it may see."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.employer_events import services
from tandem.employer_events.enums import EventStatus, InvitationStatus, RegistrationStatus
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.events.models import Event
from tests.employer_events.factories import (
    EmployerEventFactory,
    InvitationFactory,
    RegistrationFactory,
    young_person,
)
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _event(cast, **fields) -> EmployerEvent:
    return EmployerEventFactory(organisation=cast.ml_a, taking_part=[cast.agency_b], **fields)


def _form(**changes) -> dict:
    return {
        "format": "job_dating",
        "title": "Job dating contrats aidés",
        "theme": "subsidised_contracts",
        "held_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
        "starts_at": "09:30",
        "ends_at": "12:00",
        "street": "2 place de la Gare",
        "commune": "Haguenau",
        "partners": [],
        "capacity": "",
    } | changes


def test_an_adviser_organises_an_event_from_the_form(client, cast):
    client.force_login(cast.adviser_a)
    assert client.get(reverse("employer_events:event_create")).status_code == 200
    response = client.post(reverse("employer_events:event_create"), _form(partners=[cast.agency_b.pk], capacity="20"))
    event = EmployerEvent.objects.get()
    assert response.status_code == 302 and response.url == reverse("employer_events:event_detail", args=[event.pk])
    assert (event.commune_id, event.capacity, event.organisation) == ("67180", 20, cast.ml_a)
    assert list(event.partners.all()) == [cast.agency_b]


def test_the_form_asks_for_an_ambiguous_commune_and_offers_only_the_organisers_partners(client, cast):
    client.force_login(cast.adviser_a)
    response = client.post(reverse("employer_events:event_create"), _form(commune="Saint-Denis"))
    assert response.status_code == 200 and "Saint-Denis" in response.text
    response = client.post(reverse("employer_events:event_create"), _form(partners=[cast.ml_c.pk]))
    assert response.status_code == 200
    assert not EmployerEvent.objects.exists()


def test_the_list_shows_the_organisations_events_in_constant_queries(client, cast, django_assert_num_queries):
    _event(cast, title="Job dating de A")
    EmployerEventFactory(organisation=cast.ml_c, title="Forum de C")
    client.force_login(cast.agent_b)
    # The page's frame (session, user, acting membership, the navigation's membership check, unread
    # notifications), the count of the page's events (bounded), then the events with their companies and young
    # people counted in the same query.
    with django_assert_num_queries(7):
        response = client.get(reverse("employer_events:event_list"))
    assert "Job dating de A" in response.text and "Forum de C" not in response.text
    for index in range(5):
        event = _event(cast, title=f"Réunion {index}")
        InvitationFactory(event=event)
    with django_assert_num_queries(7):
        response = client.get(reverse("employer_events:event_list"))
    assert "Réunion 4" in response.text


def test_past_events_are_listed_apart(client, cast):
    _event(cast, title="Réunion passée", held_on=TODAY - datetime.timedelta(days=3))
    _event(cast, title="Job dating à venir")
    client.force_login(cast.adviser_a)
    upcoming = client.get(reverse("employer_events:event_list")).text
    past = client.get(reverse("employer_events:event_list") + "?periode=passes").text
    assert "Job dating à venir" in upcoming and "Réunion passée" not in upcoming
    assert "Réunion passée" in past and "Job dating à venir" not in past


@pytest.mark.parametrize("persona", ["adviser_c", "temp_contact", "observer"])
def test_the_event_and_its_forms_do_not_exist_for_those_outside_it(client, cast, persona):
    event = _event(cast)
    client.force_login(cast.personas()[persona])
    for name in ("event_detail", "event_edit", "invite", "register"):
        assert client.get(reverse(f"employer_events:{name}", args=[event.pk])).status_code == 404


def test_the_event_page_shows_the_companies_to_every_party_and_each_its_own_young_people(
    client, cast, django_assert_max_num_queries
):
    event = _event(cast)
    InvitationFactory(event=event, employer=EmployerFactory(name="Boulangerie Haguenau"))
    RegistrationFactory(event=event, person=young_person(cast.adviser_a, cast.ml_a, last_name="Alpha"))
    RegistrationFactory(
        event=event,
        person=young_person(cast.agent_b, cast.agency_b, last_name="Bravo"),
        organisation=cast.agency_b,
    )
    client.force_login(cast.agent_b)
    response = client.get(reverse("employer_events:event_detail", args=[event.pk]))
    assert "Boulangerie Haguenau" in response.text
    assert "Bravo" in response.text and "Alpha" not in response.text
    assert "Inscrits : 2 ·" in response.text
    assert AuditEntry.objects.filter(object_type="event_registration", detail__endswith=": 1").exists()
    client.force_login(cast.adviser_a)
    with django_assert_max_num_queries(30) as first:
        client.get(reverse("employer_events:event_detail", args=[event.pk]))
    for index in range(4):
        InvitationFactory(event=event)
        RegistrationFactory(event=event, person=young_person(cast.adviser_a, cast.ml_a, last_name=f"Nom{index}"))
    # The count does not grow with the rows: companies, offers and young people are each read in one query.
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("employer_events:event_detail", args=[event.pk]))
    assert "Nom3" in response.text


def test_a_company_is_invited_from_the_search_and_the_outsider_invites_nobody(client, cast):
    event = _event(cast)
    employer = EmployerFactory(name="Boulangerie Haguenau")
    client.force_login(cast.adviser_c)
    assert client.post(reverse("employer_events:invite", args=[event.pk]), {"employer": employer.pk}).status_code == 404
    assert not Invitation.objects.exists()
    client.force_login(cast.agent_b)
    response = client.get(reverse("employer_events:invite", args=[event.pk]) + "?q=boulangerie")
    assert "Boulangerie Haguenau" in response.text
    response = client.post(reverse("employer_events:invite", args=[event.pk]), {"employer": employer.pk})
    assert response.status_code == 302
    assert Invitation.objects.get().organisation == cast.agency_b


def test_a_company_out_of_reach_is_not_invited_from_the_page(client, cast):
    event = _event(cast)
    employer = EmployerFactory(name="Librairie Bordeaux", commune_id="33063")
    client.force_login(cast.adviser_a)
    response = client.post(reverse("employer_events:invite", args=[event.pk]), {"employer": employer.pk}, follow=True)
    assert "pas dans le périmètre" in response.text
    assert not Invitation.objects.exists()


def test_an_adviser_registers_their_young_person_and_nobody_they_cannot_see(client, cast):
    event = _event(cast)
    mine = young_person(cast.adviser_a, cast.ml_a, last_name="Alpha")
    not_mine = young_person(cast.adviser_c, cast.ml_c, last_name="Charlie")
    client.force_login(cast.adviser_a)
    response = client.get(reverse("employer_events:register", args=[event.pk]) + "?q=alpha")
    assert "Alpha" in response.text
    assert "Charlie" not in client.get(reverse("employer_events:register", args=[event.pk]) + "?q=charlie").text
    response = client.post(reverse("employer_events:register", args=[event.pk]), {"person": not_mine.pk})
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="denied", object_type="event_registration").exists()
    response = client.post(reverse("employer_events:register", args=[event.pk]), {"person": mine.pk})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.person == mine
    assert AuditEntry.objects.filter(action="create", person_id=mine.pk, object_type="event_registration").exists()


def test_the_outsider_registers_nobody(client, cast):
    event = _event(cast)
    person = young_person(cast.adviser_c, cast.ml_c)
    client.force_login(cast.adviser_c)
    assert client.post(reverse("employer_events:register", args=[event.pk]), {"person": person.pk}).status_code == 404
    assert not Registration.objects.exists()


def test_the_organiser_holds_the_event_and_records_who_came(client, cast):
    event = _event(cast, held_on=TODAY)
    invitation = InvitationFactory(event=event)
    person = young_person(cast.adviser_a, cast.ml_a)
    registration = RegistrationFactory(event=event, person=person)
    client.force_login(cast.agent_b)
    assert client.post(reverse("employer_events:event_hold", args=[event.pk])).status_code == 404
    client.force_login(cast.adviser_a)
    assert client.post(reverse("employer_events:event_hold", args=[event.pk])).status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.HELD
    client.post(reverse("employer_events:invitation_attend", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ATTENDED
    client.post(reverse("employer_events:registration_present", args=[registration.pk]), {"present-outcome": "hired"})
    registration.refresh_from_db()
    assert (registration.status, registration.outcome) == (RegistrationStatus.PRESENT, "hired")
    assert AuditEntry.objects.filter(action="update", person_id=person.pk, object_type="event_registration").exists()


def test_a_partner_records_no_presence_of_a_young_person_it_cannot_see(client, cast):
    event = _event(cast, held_on=TODAY)
    registration = RegistrationFactory(event=event, person=young_person(cast.adviser_a, cast.ml_a))
    services.employer_event_hold(event=event, membership=cast.adviser_a.memberships.get(), by=cast.adviser_a)
    events_before = Event.objects.count()
    for persona in ("agent_b", "adviser_c"):
        client.force_login(cast.personas()[persona])
        response = client.post(reverse("employer_events:registration_absent", args=[registration.pk]))
        assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED and Event.objects.count() == events_before


def test_the_outsider_records_no_answer_of_a_company(client, cast):
    invitation = InvitationFactory(event=_event(cast))
    client.force_login(cast.adviser_c)
    assert client.post(reverse("employer_events:invitation_confirm", args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_the_navigation_leads_to_the_events(client, cast):
    client.force_login(cast.adviser_a)
    assert reverse("employer_events:event_list") in client.get("/").text


def test_the_event_page_offers_answers_while_planned_and_presence_once_held(client, cast):
    event = _event(cast, held_on=TODAY)
    invitation = InvitationFactory(event=event)
    registration = RegistrationFactory(event=event, person=young_person(cast.adviser_a, cast.ml_a))
    client.force_login(cast.adviser_a)
    page = client.get(reverse("employer_events:event_detail", args=[event.pk])).text
    assert reverse("employer_events:invitation_confirm", args=[invitation.pk]) in page
    assert reverse("employer_events:invitation_attend", args=[invitation.pk]) not in page
    assert reverse("employer_events:registration_present", args=[registration.pk]) not in page
    services.employer_event_hold(event=event, membership=cast.adviser_a.memberships.get(), by=cast.adviser_a)
    page = client.get(reverse("employer_events:event_detail", args=[event.pk])).text
    assert reverse("employer_events:invitation_confirm", args=[invitation.pk]) not in page
    assert reverse("employer_events:invitation_attend", args=[invitation.pk]) in page
    assert reverse("employer_events:registration_present", args=[registration.pk]) in page
