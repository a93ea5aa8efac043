from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tandem.audit.models import AuditAction, AuditEntry
from tandem.people.services import note_add
from tandem.privacy.services import person_anonymise
from tandem.referrals.services import referral_propose


@pytest.fixture
def person(cast, followed_by_a):
    person = followed_by_a()
    note_add(person=person, text="Note privée de A", is_shared=False, by=cast.adviser_a, organisation=cast.ml_a)
    referral_propose(
        person=person,
        from_organisation=cast.ml_a,
        to_organisation=cast.agency_b,
        by=cast.adviser_a,
        reason="Inscription",
    )
    return person


def _url(person) -> str:
    return reverse("privacy:person_export", args=[person.pk])


def test_the_lead_downloads_the_whole_record_and_the_export_is_logged(client, cast, person):
    client.force_login(cast.adviser_a)

    response = client.get(_url(person))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="tandem-personne-{person.pk}.json"'
    data = json.loads(response.content)
    assert data["identity"]["last_name"] == "Martin"
    assert [note["text"] for note in data["notes"]] == ["Note privée de A"]
    assert [referral["to_organisation"] for referral in data["referrals"]] == ["France Travail B"]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, person_id=person.pk)
    assert (entry.user, entry.organisation, entry.object_type) == (cast.adviser_a, cast.ml_a, "person")


@pytest.mark.parametrize("persona", ["agent_b", "adviser_c", "temp_contact", "observer", "admin"])
def test_anyone_but_the_lead_gets_a_404(client, cast, person, persona):
    # agent_b sees the shared part through the open referral, but the right of access is the lead's to answer.
    client.force_login(cast.personas()[persona])

    assert client.get(_url(person)).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, person):
    response = client.get(_url(person))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_anonymised_record_cannot_be_exported(client, cast, person):
    person_anonymise(person=person)
    client.force_login(cast.adviser_a)

    assert client.get(_url(person)).status_code == 404
