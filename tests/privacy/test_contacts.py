"""Company contacts are personal data: right-of-access export, retention purge, audit."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.employers.enums import InteractionKind
from tandem.employers.models import EmployerContact, EmployerInteraction
from tandem.privacy.services import privacy_export_contact, privacy_purge_expired_contacts
from tests.employers.factories import EmployerContactFactory, EmployerFactory, EmployerInteractionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(cast):
    employer = EmployerFactory(name="Hôtel du Parc", commune_id="67180")
    contact = EmployerContactFactory(
        employer=employer, organisation=cast.ml_a, created_by=cast.adviser_a, first_name="Inès", last_name="Morel"
    )
    EmployerInteractionFactory(
        employer=employer,
        contact=contact,
        kind=InteractionKind.CALL,
        by=cast.adviser_a,
        organisation=cast.ml_a,
        note="Inès rappelle jeudi",
    )
    return contact


def test_the_export_gives_the_contact_and_the_interactions_that_name_them(cast, contact):
    data = privacy_export_contact(contact=contact)
    assert data["contact"]["last_name"] == "Morel" and data["contact"]["organisation"] == "Mission Locale A"
    assert data["company"]["name"] == "Hôtel du Parc"
    assert [i["note"] for i in data["interactions"]] == ["Inès rappelle jeudi"]


def test_the_export_page_is_for_partners_who_see_the_contacts_and_is_audited(client, cast, contact):
    client.force_login(cast.agent_b)
    answer = client.get(f"/donnees-personnelles/contacts/{contact.pk}/export/")
    assert answer.status_code == 200
    assert json.loads(answer.content)["contact"]["first_name"] == "Inès"
    assert AuditEntry.objects.filter(
        action="export", object_type="employer_contact", object_id=contact.pk, user=cast.agent_b
    ).exists()
    client.force_login(cast.adviser_c)
    assert client.get(f"/donnees-personnelles/contacts/{contact.pk}/export/").status_code == 404
    assert AuditEntry.objects.filter(action="denied", object_type="employer_contact", user=cast.adviser_c).exists()


def test_the_purge_erases_contacts_without_activity_and_their_notes(cast, contact):
    today = timezone.localdate()
    recent = EmployerContactFactory(employer=contact.employer, organisation=cast.ml_a)
    EmployerContact.objects.filter(pk__in=[contact.pk, recent.pk]).update(
        updated_at=timezone.now() - datetime.timedelta(days=800)
    )
    EmployerInteraction.objects.filter(contact=contact).update(
        occurred_at=timezone.now() - datetime.timedelta(days=800)
    )
    # A call with the second contact last month keeps them.
    EmployerInteractionFactory(employer=recent.employer, contact=recent, by=cast.agent_b, organisation=cast.agency_b)
    assert privacy_purge_expired_contacts(today=today, retention_days=730) == 1
    assert list(EmployerContact.objects.values_list("pk", flat=True)) == [recent.pk]
    call = EmployerInteraction.objects.get(note="", kind=InteractionKind.CALL, organisation=cast.ml_a)
    assert call.contact is None  # the call stays, without the contact nor the note that named them
    assert AuditEntry.objects.filter(action="anonymise", object_type="employer_contact", object_id=contact.pk).exists()
    assert privacy_purge_expired_contacts(today=today, retention_days=730) == 0


def test_the_purge_command_counts_the_contacts(cast, contact, capsys):
    EmployerContact.objects.filter(pk=contact.pk).update(updated_at=timezone.now() - datetime.timedelta(days=800))
    EmployerInteraction.objects.update(occurred_at=timezone.now() - datetime.timedelta(days=800))
    call_command("purge_expired", "--dry-run", "--no-progress")
    assert "1 contact(s) en entreprise" in capsys.readouterr().out
    assert EmployerContact.objects.filter(pk=contact.pk).exists()
    call_command("purge_expired", "--no-progress")
    assert "1 contact(s) en entreprise sans activité effacé(s)" in capsys.readouterr().out
    assert not EmployerContact.objects.filter(pk=contact.pk).exists()


def test_contact_edits_are_audited(client, cast, contact):
    client.force_login(cast.adviser_a)
    url = f"/entreprises/{contact.employer_id}/contacts/{contact.pk}/modifier/"
    client.get(url)
    client.post(url, {"first_name": "Inès", "last_name": "Morel-Diaz"})
    actions = set(
        AuditEntry.objects.filter(object_type="employer_contact", object_id=contact.pk).values_list("action", flat=True)
    )
    assert {"read", "update"} <= actions
    client.post(f"/entreprises/{contact.employer_id}/contacts/{contact.pk}/supprimer/")
    assert not EmployerContact.objects.filter(pk=contact.pk).exists()
    assert AuditEntry.objects.filter(object_type="employer_contact", object_id=contact.pk, action="anonymise").exists()
