"""The legal basis of the processing of a record: set and changed by its lead organisation, on the person form and
through the API, checked against the allowed values, written as an update of the record (event and audit)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.accounts.enums import TokenScope
from tandem.accounts.services import api_token_create
from tandem.audit.models import AuditAction, AuditEntry
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.people.enums import LegalBasis
from tandem.people.models import Person
from tandem.people.services import follow_add_contributor


@pytest.fixture
def person(cast, followed_by_a):
    """Led by Mission Locale A; France Travail B contributes (it sees the shared part, changes nothing)."""
    person = followed_by_a()
    follow_add_contributor(person=person, organisation=cast.agency_b, by=cast.agent_b)
    return person


def _token(cast, organisation, scope=TokenScope.WRITE) -> dict[str, str]:
    _, key = api_token_create(organisation=organisation, name="SI", scope=scope, by=cast.admin)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _edit_data(client, person: Person, **changes) -> dict:
    """What the edit form posts back unchanged, with the given changes."""
    form = client.get(reverse("people:edit", args=[person.pk])).context["form"]
    return {name: form[name].value() or "" for name in form.fields} | changes


def _updates(person: Person) -> list[dict]:
    return list(Event.objects.filter(person=person, kind=EventKind.PERSON_UPDATED).values_list("payload", flat=True))


def _patch(client, person: Person, body: dict, **headers):
    return client.patch(f"/api/v1/people/{person.pk}", data=body, content_type="application/json", **headers)


# The person form ---------------------------------------------------------------------------------------------


def test_the_person_form_offers_the_legal_bases(client, cast):
    client.force_login(cast.adviser_a)

    body = client.get(reverse("people:create")).content.decode()

    assert 'name="legal_basis"' in body
    assert "Consentement (RGPD art. 6-1-a)" in body and "Mission d&#x27;intérêt public (RGPD art. 6-1-e)" in body


def test_the_lead_changes_the_legal_basis_on_the_form_and_it_is_recorded(client, cast, person):
    client.force_login(cast.adviser_a)
    data = _edit_data(client, person, legal_basis="consent", informed_on="2026-01-15")

    response = client.post(reverse("people:edit", args=[person.pk]), data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.legal_basis, person.informed_on) == (LegalBasis.CONSENT, datetime.date(2026, 1, 15))
    assert _updates(person) == [{"fields": ["legal_basis", "informed_on"]}]
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, person_id=person.pk, object_type="person").count() == 1


def test_an_unknown_legal_basis_is_a_form_error_and_changes_nothing(client, cast, person):
    client.force_login(cast.adviser_a)
    data = _edit_data(client, person, legal_basis="legitimate_interest")

    response = client.post(reverse("people:edit", args=[person.pk]), data)

    assert response.status_code == 200
    assert "legal_basis" in response.context["form"].errors
    person.refresh_from_db()
    assert person.legal_basis == LegalBasis.PUBLIC_INTEREST and _updates(person) == []


@pytest.mark.parametrize("persona", ["adviser_c", "agent_b"])
def test_an_outsider_or_a_contributor_cannot_change_the_legal_basis_on_the_form(client, cast, person, persona):
    client.force_login(cast.adviser_a)
    data = _edit_data(client, person, legal_basis="consent")
    client.force_login(getattr(cast, persona))

    response = client.post(reverse("people:edit", args=[person.pk]), data)

    assert response.status_code == 404
    person.refresh_from_db()
    assert person.legal_basis == LegalBasis.PUBLIC_INTEREST and _updates(person) == []
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, person_id=person.pk).exists()


# The API -----------------------------------------------------------------------------------------------------


def test_a_record_created_through_the_api_carries_its_legal_basis(client, cast):
    body = {
        "first_name": "Inès",
        "last_name": "Apibase",
        "birth_date": "2005-03-02",
        "legal_basis": "consent",
        "informed_on": "2026-02-01",
        "adviser_email": cast.adviser_a.email,
    }

    response = client.post("/api/v1/people", data=body, content_type="application/json", **_token(cast, cast.ml_a))

    assert response.status_code == 201, response.content
    assert (response.json()["legal_basis"], response.json()["informed_on"]) == ("consent", "2026-02-01")
    person = Person.objects.get(last_name="Apibase")
    assert (person.legal_basis, person.informed_on) == (LegalBasis.CONSENT, datetime.date(2026, 2, 1))


def test_the_api_refuses_an_unknown_legal_basis_at_creation(client, cast):
    body = {"first_name": "Inès", "last_name": "Apibase", "birth_date": "2005-03-02", "legal_basis": "contract"}

    response = client.post("/api/v1/people", data=body, content_type="application/json", **_token(cast, cast.ml_a))

    assert response.status_code == 422
    assert not Person.objects.filter(last_name="Apibase").exists()


def test_the_lead_s_system_changes_the_legal_basis_and_it_is_recorded(client, cast, person):
    response = _patch(client, person, {"legal_basis": "consent"}, **_token(cast, cast.ml_a))

    assert response.status_code == 200, response.content
    assert response.json()["legal_basis"] == "consent" and response.json()["informed_on"] is None
    person.refresh_from_db()
    assert person.legal_basis == LegalBasis.CONSENT
    assert _updates(person) == [{"fields": ["legal_basis"]}]
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, person_id=person.pk)
    assert (entry.object_type, entry.detail, entry.organisation) == ("person", "api", cast.ml_a)
    # Read back on the record.
    assert client.get(f"/api/v1/people/{person.pk}", **_token(cast, cast.ml_a)).json()["legal_basis"] == "consent"


def test_the_api_changes_only_the_fields_given(client, cast, person):
    person.informed_on = datetime.date(2025, 9, 1)
    person.save()
    client.force_login(cast.adviser_a)

    response = _patch(client, person, {"informed_on": "2026-01-15"})

    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.legal_basis, person.informed_on) == (LegalBasis.PUBLIC_INTEREST, datetime.date(2026, 1, 15))
    assert _patch(client, person, {}).status_code == 200
    assert _updates(person) == [{"fields": ["informed_on"]}]


@pytest.mark.parametrize("value", ["legitimate_interest", "", None, 1])
def test_the_api_refuses_an_unknown_legal_basis_and_changes_nothing(client, cast, person, value):
    response = _patch(client, person, {"legal_basis": value}, **_token(cast, cast.ml_a))

    assert response.status_code == 422
    person.refresh_from_db()
    assert person.legal_basis == LegalBasis.PUBLIC_INTEREST and _updates(person) == []


@pytest.mark.parametrize("organisation", ["ml_c", "agency_b"])
def test_an_outsider_s_or_a_contributor_s_token_gets_404_and_changes_nothing(client, cast, person, organisation):
    response = _patch(client, person, {"legal_basis": "consent"}, **_token(cast, getattr(cast, organisation)))

    assert response.status_code == 404
    person.refresh_from_db()
    assert person.legal_basis == LegalBasis.PUBLIC_INTEREST and _updates(person) == []
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, person_id=person.pk, detail="api").exists()


def test_an_outsider_s_session_gets_404_on_the_api_too(client, cast, person):
    client.force_login(cast.adviser_c)

    assert _patch(client, person, {"legal_basis": "consent"}).status_code == 404
    person.refresh_from_db()
    assert person.legal_basis == LegalBasis.PUBLIC_INTEREST


def test_a_read_only_token_cannot_change_the_legal_basis(client, cast, person):
    response = _patch(client, person, {"legal_basis": "consent"}, **_token(cast, cast.ml_a, scope=TokenScope.READ))

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.legal_basis == LegalBasis.PUBLIC_INTEREST
