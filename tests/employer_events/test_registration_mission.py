"""A mission that follows a collective session (seed 003): the temp agency taking part positions a young person who
came on a mission, which joins their path across agencies; only an agency taking part, only for a young person it
may see (their consent standing), only for someone who came; by page and by token."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.enums import Role, TokenScope
from tandem.audit.models import AuditEntry
from tandem.career_paths.models import Mission
from tandem.career_paths.selectors import path_for
from tandem.core.errors import Conflict
from tandem.employer_events import services
from tandem.employer_events.enums import EventFormat, EventStatus, ParticipationOutcome, RegistrationStatus
from tandem.people.enums import ConsentRecipient
from tandem.people.services import consent_give, follow_add_contributor
from tests.accounts.factories import api_key
from tests.employer_events.factories import EmployerEventFactory, young_person
from tests.partnerships.factories import membership_of

TODAY = timezone.localdate()
MISSION = services.MissionData(
    employer_name="Logistique Test",
    job_label="Préparateur de commandes",
    rome_code="N1103",
    starts_on=TODAY,
    ends_on=TODAY + datetime.timedelta(days=9),
    hours=Decimal("70"),
)


def _agreed(cast, last_name: str):
    """A young person led by Mission Locale A who agreed to share with the temp agency, which follows them."""
    person = young_person(cast.adviser_a, cast.ml_a, last_name=last_name)
    consent_give(
        person=person,
        recipient_kind=ConsentRecipient.TEMP_AGENCY,
        recipient=cast.temp_agency,
        given_on=TODAY,
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    follow_add_contributor(person=person, organisation=cast.temp_agency, by=cast.temp_contact)
    return person


@pytest.fixture
def session(cast):
    """A job presentation by the temp agency at Mission Locale A, held: Martin came, Durand did not."""
    event = EmployerEventFactory(
        organisation=cast.ml_a,
        format=EventFormat.JOB_PRESENTATION,
        title="Présentation des métiers de la logistique",
        held_on=TODAY,
        taking_part=[cast.temp_agency],
    )
    adviser = membership_of(cast.adviser_a)
    came = services.registration_create(
        event=event, person=_agreed(cast, "Martin"), membership=adviser, by=cast.adviser_a
    )
    missed = services.registration_create(
        event=event, person=_agreed(cast, "Durand"), membership=adviser, by=cast.adviser_a
    )
    event = services.employer_event_hold(event=event, membership=adviser, by=cast.adviser_a)
    came.event = missed.event = event
    services.registration_present(registration=came, membership=adviser, by=cast.adviser_a)
    services.registration_absent(registration=missed, membership=adviser, by=cast.adviser_a)
    return event, came, missed


def test_the_agency_s_contact_positions_a_young_person_who_came_and_the_mission_is_on_their_path(client, cast, session):
    event, came, _missed = session
    client.force_login(cast.temp_contact)
    detail = client.get(reverse("employer_events:event_detail", args=[event.pk])).content.decode()
    assert reverse("employer_events:registration_mission", args=[came.pk]) in detail

    response = client.post(
        reverse("employer_events:registration_mission", args=[came.pk]),
        {
            "employer_name": "Logistique Test",
            "job_label": "Préparateur de commandes",
            "rome_code": "n1103",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + datetime.timedelta(days=9)).isoformat(),
            "hours": "70",
        },
    )

    assert response.status_code == 302
    mission = Mission.objects.get(person=came.person)
    assert (mission.agency, mission.job_label, mission.rome_id, mission.hours) == (
        cast.temp_agency,
        "Préparateur de commandes",
        "N1103",
        Decimal("70"),
    )
    came.refresh_from_db()
    assert came.outcome == ParticipationOutcome.MISSION
    path = path_for(person=came.person, membership=membership_of(cast.adviser_a))
    assert [m.pk for m in path.missions] == [mission.pk] and path.hours == Decimal("70")
    assert AuditEntry.objects.filter(user=cast.temp_contact, person_id=came.person_id, detail="mission").exists()


def test_no_mission_for_someone_who_did_not_come(cast, session):
    _event, _came, missed = session

    with pytest.raises(Conflict):
        services.registration_mission(
            registration=missed, membership=membership_of(cast.temp_contact), by=cast.temp_contact, mission=MISSION
        )
    assert not Mission.objects.exists()


def test_the_mission_locale_records_no_mission_from_a_session_only_an_agency_taking_part_does(cast, session):
    _event, came, _missed = session

    with pytest.raises(PermissionDenied):
        services.registration_mission(
            registration=came, membership=membership_of(cast.adviser_a), by=cast.adviser_a, mission=MISSION
        )
    assert not Mission.objects.exists()


def test_once_consent_is_revoked_the_agency_reaches_the_young_person_no_more(client, cast, session):
    _event, came, _missed = session
    consent = came.person.consents.get()
    consent.revoked_on = TODAY
    consent.save()
    client.force_login(cast.temp_contact)

    response = client.get(reverse("employer_events:registration_mission", args=[came.pk]))

    assert response.status_code == 404
    assert not Mission.objects.exists()


@pytest.mark.parametrize("persona", ["agent_b", "adviser_c", "observer"])
def test_an_outsider_s_page_and_token_get_404_and_change_nothing(client, cast, session, persona):
    _event, came, _missed = session
    user = getattr(cast, persona)
    client.force_login(user)
    url = f"/api/v1/employer-events/registrations/{came.pk}/mission"
    body = {"employer_name": "X", "job_label": "Y", "starts_on": TODAY.isoformat(), "hours": "7"}

    page = client.post(reverse("employer_events:registration_mission", args=[came.pk]), body)
    client.logout()
    token = client.post(
        url,
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_key(membership_of(user).organisation, scope=TokenScope.WRITE)}",
    )

    assert page.status_code == 404
    assert token.status_code == 404
    assert not Mission.objects.exists()


def test_the_agency_s_token_records_the_mission_and_a_read_only_token_is_refused(client, cast, session):
    _event, came, _missed = session
    url = f"/api/v1/employer-events/registrations/{came.pk}/mission"
    body = {"employer_name": "Logistique Test", "job_label": "Cariste", "starts_on": TODAY.isoformat(), "hours": "7"}

    def post(scope):
        key = api_key(cast.temp_agency, scope=scope, role=Role.ADVISER)
        return client.post(url, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")

    refused = post(TokenScope.READ)
    assert refused.status_code == 403 and not Mission.objects.exists()

    created = post(TokenScope.WRITE)

    assert created.status_code == 201, created.content
    assert created.json()["job_label"] == "Cariste" and created.json()["agency_id"] == cast.temp_agency.pk
    came.refresh_from_db()
    assert (came.status, came.outcome) == (RegistrationStatus.PRESENT, ParticipationOutcome.MISSION)
    assert came.event.status == EventStatus.HELD
