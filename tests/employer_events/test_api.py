"""API of employer events: the same rules as the pages, for partner systems' tokens; an outsider's token gets 404
and changes nothing."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from tandem.accounts.enums import Role, TokenScope
from tandem.audit.models import AuditEntry
from tandem.employer_events.enums import EventStatus, InvitationStatus, RegistrationStatus
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tests.accounts.factories import api_key
from tests.employer_events.factories import EmployerEventFactory, InvitationFactory, RegistrationFactory, young_person
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/employer-events"
TODAY = timezone.localdate()


def bearer(organisation, *, role=Role.ADVISER, scope=TokenScope.WRITE) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope, role=role)}"}


def post(client, url, body=None, **headers):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def _event(cast, **fields) -> EmployerEvent:
    return EmployerEventFactory(organisation=cast.ml_a, taking_part=[cast.agency_b], **fields)


def test_a_token_organises_an_event_and_reads_it(client, cast):
    headers = bearer(cast.ml_a)
    response = post(
        client,
        URL,
        {
            "format": "information_meeting",
            "title": "Réunion apprentissage",
            "theme": "apprenticeship",
            "held_on": (TODAY + datetime.timedelta(days=7)).isoformat(),
            "starts_at": "14:00",
            "ends_at": "16:00",
            "commune_code": "67180",
            "partner_ids": [cast.agency_b.pk],
            "capacity": 30,
        },
        **headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["partner_ids"] == [cast.agency_b.pk] and body["status"] == "planned"
    assert client.get(f"{URL}/{body['id']}", **headers).json()["title"] == "Réunion apprentissage"
    listed = client.get(URL, **bearer(cast.agency_b)).json()["items"]
    assert [item["id"] for item in listed] == [body["id"]]


def test_a_partner_outside_the_organisers_partnerships_is_refused(client, cast):
    response = post(
        client,
        URL,
        {
            "format": "job_dating",
            "title": "Job dating",
            "held_on": TODAY.isoformat(),
            "starts_at": "09:00",
            "ends_at": "12:00",
            "commune_code": "67180",
            "partner_ids": [cast.ml_c.pk],
        },
        **bearer(cast.ml_a),
    )
    assert response.status_code == 422
    assert not EmployerEvent.objects.exists()


def test_the_outsiders_token_sees_nothing_and_changes_nothing(client, cast):
    event = _event(cast, held_on=TODAY)
    invitation = InvitationFactory(event=event)
    person = young_person(cast.adviser_a, cast.ml_a)
    registration = RegistrationFactory(event=event, person=person)
    outsider = young_person(cast.adviser_c, cast.ml_c, last_name="Charlie")
    headers = bearer(cast.ml_c)
    events_before = Event.objects.count()
    assert client.get(f"{URL}/{event.pk}", **headers).status_code == 404
    assert client.get(f"{URL}/{event.pk}/registrations", **headers).status_code == 404
    assert client.get(URL, **headers).json()["items"] == []
    writes = [
        (f"{URL}/{event.pk}/hold", {}),
        (f"{URL}/{event.pk}/cancel", {}),
        (f"{URL}/{event.pk}/invitations", {"employer_id": EmployerFactory(commune_id="33063").pk}),
        (f"{URL}/{event.pk}/registrations", {"person_id": outsider.pk}),
        (f"{URL}/invitations/{invitation.pk}/confirm", {}),
        (f"{URL}/registrations/{registration.pk}/present", {"outcome": "hired"}),
    ]
    for url, body in writes:
        assert post(client, url, body, **headers).status_code == 404, url
    event.refresh_from_db()
    invitation.refresh_from_db()
    registration.refresh_from_db()
    assert event.status == EventStatus.PLANNED and invitation.status == InvitationStatus.INVITED
    assert registration.status == RegistrationStatus.REGISTERED
    assert Invitation.objects.count() == 1 and Registration.objects.count() == 1
    assert Event.objects.count() == events_before


def test_a_partner_taking_part_neither_holds_the_event_nor_registers_a_young_person_it_cannot_see(client, cast):
    event = _event(cast, held_on=TODAY)
    person = young_person(cast.adviser_a, cast.ml_a)
    headers = bearer(cast.agency_b)
    assert post(client, f"{URL}/{event.pk}/hold", **headers).status_code == 404
    assert post(client, f"{URL}/{event.pk}/registrations", {"person_id": person.pk}, **headers).status_code == 404
    assert AuditEntry.objects.filter(action="denied", object_type="event_registration").exists()
    assert not Registration.objects.exists()


def test_a_job_dating_through_the_api_from_invitation_to_hire(client, cast):
    event = _event(cast, held_on=TODAY)
    employer = EmployerFactory(name="Boulangerie Haguenau")
    person = young_person(cast.adviser_a, cast.ml_a)
    headers = bearer(cast.ml_a)
    invitation = post(client, f"{URL}/{event.pk}/invitations", {"employer_id": employer.pk}, **headers)
    assert invitation.status_code == 201, invitation.content
    invitation_id = invitation.json()["id"]
    registration = post(client, f"{URL}/{event.pk}/registrations", {"person_id": person.pk}, **headers)
    assert registration.status_code == 201
    registration_id = registration.json()["id"]
    # Nobody came before the event is held.
    assert post(client, f"{URL}/invitations/{invitation_id}/attend", **headers).status_code == 409
    assert post(client, f"{URL}/{event.pk}/hold", **headers).json()["status"] == "held"
    assert post(client, f"{URL}/invitations/{invitation_id}/attend", **headers).json()["status"] == "attended"
    present = post(client, f"{URL}/registrations/{registration_id}/present", {"outcome": "interview"}, **headers)
    assert present.json() == {
        "id": registration_id,
        "event_id": event.pk,
        "person_id": person.pk,
        "status": "present",
        "outcome": "interview",
        "organisation_id": cast.ml_a.pk,
    }
    hired = post(client, f"{URL}/registrations/{registration_id}/follow-up", {"outcome": "hired"}, **headers)
    assert hired.json()["outcome"] == "hired"
    assert Event.objects.filter(kind=EventKind.EMPLOYER_EVENT_ATTENDED, subject_id=employer.pk).exists()
    assert AuditEntry.objects.filter(action="update", person_id=person.pk, object_type="event_registration").exists()
    listed = client.get(f"{URL}/{event.pk}/registrations", **bearer(cast.agency_b)).json()
    assert listed["items"] == []  # France Travail B takes part but does not see this young person


def test_a_read_only_token_writes_nothing(client, cast):
    event = _event(cast)
    response = post(
        client,
        f"{URL}/{event.pk}/invitations",
        {"employer_id": EmployerFactory().pk},
        **bearer(cast.ml_a, scope=TokenScope.READ),
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_time_of_day_with_a_time_zone_is_refused_clearly_not_a_server_error(client, cast):
    """Found by the API contract test: "00:00:00Z" reached the database, which keeps local times only."""
    from tandem.accounts.enums import TokenScope
    from tandem.accounts.services import api_token_create

    key = api_token_create(organisation=cast.ml_a, name="SI", scope=TokenScope.WRITE, by=cast.director_a)[1]
    body = {
        "format": "forum",
        "title": "Forum de l'emploi",
        "held_on": "2026-06-25",
        "starts_at": "09:30:00Z",
        "ends_at": "12:00:00+02:00",
        "commune_code": "67180",
    }
    answer = client.post(
        "/api/v1/employer-events", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert answer.status_code == 422
    assert {tuple(error["loc"])[-1] for error in answer.json()["errors"]} == {"starts_at", "ends_at"}
    body |= {"starts_at": "09:30", "ends_at": "12:00"}
    created = client.post(
        "/api/v1/employer-events", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert created.status_code == 201 and created.json()["starts_at"] == "09:30:00"
