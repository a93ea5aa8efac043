from __future__ import annotations

import datetime
import json

from django.core.management import call_command

from tandem.audit.models import AuditAction, AuditEntry
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.people.enums import BarrierKind, ConsentRecipient
from tandem.people.models import Barrier, BarrierAction, Consent, Note, Person
from tandem.people.services import barrier_add_action, barrier_identify, consent_give, note_add, scheme_start
from tandem.privacy.services import privacy_export_person, privacy_purge_expired
from tandem.referrals.models import Referral
from tandem.referrals.services import referral_propose

TODAY = datetime.date(2026, 6, 1)


def _age_record(person: Person, *, last_contact_on: datetime.date | None) -> None:
    """Move a record back in time: creation, last contact and the events written so far."""
    long_ago = datetime.datetime(2023, 1, 10, 9, 0, tzinfo=datetime.UTC)
    Person.objects.filter(pk=person.pk).update(created_at=long_ago, last_contact_on=last_contact_on)
    Event.objects.filter(person=person).update(occurred_at=long_ago)  # test set-up only: events are append-only


def _full_record(cast, followed_by_a) -> Person:
    person = followed_by_a(
        email="lea@example.org",
        phone="0601020304",
        address="3 rue des Lilas",
        ft_identifier="1234567A",
        resources="RSA",
    )
    barrier = barrier_identify(
        person=person,
        kind=BarrierKind.MOBILITY,
        by=cast.adviser_a,
        organisation=cast.ml_a,
        comment="Pas de permis, vit chez sa mère",
    )
    barrier_add_action(
        barrier=barrier, description="Inscription auto-école sociale", by=cast.adviser_a, organisation=cast.ml_a
    )
    note_add(
        person=person,
        text="Rendez-vous difficile, à relancer",
        is_shared=False,
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    consent_give(
        person=person,
        recipient_kind=ConsentRecipient.TEMP_AGENCY,
        recipient=cast.temp_agency,
        given_on=datetime.date(2025, 1, 5),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    referral_propose(
        person=person,
        from_organisation=cast.ml_a,
        to_organisation=cast.agency_b,
        by=cast.adviser_a,
        reason="Besoin d'une formation qualifiante",
    )
    # A private note of the partner: the person's right of access covers it too.
    note_add(
        person=person,
        text="Note privée de France Travail",
        is_shared=False,
        by=cast.agent_b,
        organisation=cast.agency_b,
    )
    return person


def test_the_export_holds_everything_on_the_person_and_is_json(cast, followed_by_a, django_assert_max_num_queries):
    person = _full_record(cast, followed_by_a)

    with django_assert_max_num_queries(12):
        data = privacy_export_person(person=person)

    json.dumps(data)
    assert data["identity"] == {"id": person.pk, "first_name": "Léa", "last_name": "Martin", "birth_date": "2004-07-14"}
    assert data["contact"]["email"] == "lea@example.org"
    assert data["contact"]["commune"] == {"code": "67180", "name": "Haguenau"}
    assert data["situation"]["ft_identifier"] == "1234567A"
    assert data["processing"]["legal_basis"]["code"] == "public_interest"
    assert {note["text"] for note in data["notes"]} == {
        "Rendez-vous difficile, à relancer",
        "Note privée de France Travail",
    }
    assert data["referrals"][0]["to_organisation"] == "France Travail B"
    assert data["referrals"][0]["reason"] == "Besoin d'une formation qualifiante"
    assert data["barriers"][0]["comment"] == "Pas de permis, vit chez sa mère"
    assert data["barriers"][0]["actions"][0]["description"] == "Inscription auto-école sociale"
    assert data["consents"][0]["recipient"] == "Intérim Test"
    assert data["follows"][0]["organisation"] == "Mission Locale A"
    assert {event["kind"]["code"] for event in data["events"]} >= {"person_created", "note_added", "referral_proposed"}


def test_the_purge_anonymises_only_the_records_past_the_retention_period(cast, followed_by_a):
    expired = _full_record(cast, followed_by_a)
    _age_record(expired, last_contact_on=datetime.date(2024, 5, 1))
    recent = followed_by_a(first_name="Tom", ft_identifier="7654321B")
    _age_record(recent, last_contact_on=datetime.date(2025, 12, 1))

    assert privacy_purge_expired(today=TODAY, retention_days=730) == 1

    expired.refresh_from_db()
    assert (expired.first_name, expired.last_name) == ("", "Anonyme")
    assert expired.birth_date == datetime.date(2004, 1, 1)  # the age band survives
    assert expired.commune_id == "67180"
    assert (expired.email, expired.phone, expired.address, expired.ft_identifier) == ("", "", "", "")
    assert expired.anonymised_at is not None
    assert not Note.objects.filter(person=expired).exists()
    assert Barrier.objects.get(person=expired).comment == ""
    assert BarrierAction.objects.get(barrier__person=expired).description == ""
    assert Referral.objects.get(person=expired).reason == ""
    consent = Consent.objects.get(person=expired)
    assert (consent.given_on, consent.recipient_id) == (datetime.date(2025, 1, 5), cast.temp_agency.pk)
    assert Event.objects.filter(person=expired, kind=EventKind.PERSON_ANONYMISED, actor=None).count() == 1
    audit = AuditEntry.objects.get(action=AuditAction.ANONYMISE)
    assert (audit.person_id, audit.user, audit.organisation) == (expired.pk, None, None)
    recent.refresh_from_db()
    assert (recent.first_name, recent.ft_identifier, recent.anonymised_at) == ("Tom", "7654321B", None)


def test_the_purge_is_idempotent(cast, followed_by_a):
    person = followed_by_a()
    _age_record(person, last_contact_on=datetime.date(2023, 1, 10))

    assert privacy_purge_expired(today=TODAY, retention_days=730) == 1
    anonymised_at = Person.objects.get(pk=person.pk).anonymised_at
    assert privacy_purge_expired(today=TODAY, retention_days=730) == 0

    assert Person.objects.get(pk=person.pk).anonymised_at == anonymised_at
    assert Event.objects.filter(person=person, kind=EventKind.PERSON_ANONYMISED).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.ANONYMISE).count() == 1


def test_a_recent_event_keeps_a_record_whose_last_contact_is_old(cast, followed_by_a):
    # last_contact_on only moves with notes: a scheme started last month is activity too.
    person = followed_by_a()
    _age_record(person, last_contact_on=datetime.date(2023, 1, 10))
    scheme_start(
        person=person, scheme="cej", starts_on=datetime.date(2026, 5, 1), by=cast.adviser_a, organisation=cast.ml_a
    )

    assert privacy_purge_expired(today=TODAY, retention_days=730) == 0


def test_without_a_last_contact_the_creation_date_counts(cast, followed_by_a):
    person = followed_by_a()
    _age_record(person, last_contact_on=None)

    assert privacy_purge_expired(today=datetime.date(2024, 1, 1), retention_days=730) == 0
    assert privacy_purge_expired(today=datetime.date(2025, 1, 11), retention_days=730) == 1


def test_the_command_simulates_then_purges_with_a_summary(cast, followed_by_a, settings, capsys):
    settings.TANDEM_RETENTION_DAYS = 30
    person = followed_by_a()
    _age_record(person, last_contact_on=datetime.date(2023, 1, 10))

    call_command("purge_expired", "--dry-run")
    assert "1 dossier(s)" in capsys.readouterr().out
    assert Person.objects.get(pk=person.pk).anonymised_at is None

    call_command("purge_expired", "--no-progress")
    assert "1 dossier(s) anonymisé(s)" in capsys.readouterr().out
    call_command("purge_expired", "--no-progress")
    assert "0 dossier(s) anonymisé(s)" in capsys.readouterr().out
    assert Person.objects.get(pk=person.pk).last_name == "Anonyme"
