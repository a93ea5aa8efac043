from __future__ import annotations

import datetime
import json

from django.core.management import call_command

from tandem.audit.models import AuditAction, AuditEntry
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.offers.enums import NotRetainedReason
from tandem.offers.positioning.services import positioning_not_retain
from tandem.people.enums import BarrierKind, ConsentRecipient, QualificationLevel
from tandem.people.models import Barrier, BarrierAction, Consent, JobProfile, Note, Person
from tandem.people.services import (
    barrier_add_action,
    barrier_identify,
    consent_give,
    job_profile_save,
    note_add,
    scheme_start,
)
from tandem.privacy.services import person_anonymise, privacy_export_person, privacy_purge_expired
from tandem.referrals.models import Referral
from tandem.referrals.services import referral_propose
from tests.employer_events.factories import EmployerEventFactory, RegistrationFactory
from tests.offers.test_positioning_services import propose

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

    with django_assert_max_num_queries(13):
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


def _job_project_and_positioning(cast, person: Person):
    """A job project with free text in every row, and a positioning the employer did not retain."""
    job_profile_save(
        person=person,
        by=cast.adviser_a,
        organisation=cast.ml_a,
        rome_codes=["G1602"],
        appellation_codes=["12758"],
        wished_contract_types=["cdi", "apprenticeship"],
        max_distance_km=15,
        has_driving_licence=True,
        qualification_level=QualificationLevel.LEVEL_3,
        skills="Plonge\nRecommandée par sa tante Mme Martin",
        experiences=[{"title": "Commis chez Martin Traiteur", "sector": "Restauration", "duration_months": 6}],
        trainings=[{"title": "CAP Cuisine au lycée Heinrich", "year": 2023, "level": "3"}],
        languages=[{"language": "Tamoul", "level": "native"}],
    )
    positioning = propose(cast, person=person)
    positioning_not_retain(
        positioning=positioning, by=cast.agent_b, organisation=cast.agency_b, reason=NotRetainedReason.NO_SHOW
    )
    return positioning


def test_the_export_holds_the_job_project_and_the_positionings(cast, followed_by_a):
    person = followed_by_a()
    positioning = _job_project_and_positioning(cast, person)

    data = privacy_export_person(person=person)

    json.dumps(data)
    project = data["job_project"]
    assert project["sought_romes"] == [{"code": "G1602", "label": "Personnel de cuisine"}]
    assert [(a["code_ogr"], a["rome"]) for a in project["sought_appellations"]] == [("12758", "G1602")]
    assert project["wished_contract_types"] == [
        {"code": "cdi", "label": "CDI"},
        {"code": "apprenticeship", "label": "Contrat d'apprentissage"},
    ]
    assert (project["max_distance_km"], project["has_driving_licence"], project["has_vehicle"]) == (15, True, False)
    assert project["qualification_level"]["code"] == "3"
    # Every free text typed about the person, as written.
    assert project["skills"] == "Plonge\nRecommandée par sa tante Mme Martin"
    assert project["experiences"][0]["title"] == "Commis chez Martin Traiteur"
    assert project["experiences"][0]["sector"] == "Restauration"
    assert project["trainings"][0]["title"] == "CAP Cuisine au lycée Heinrich"
    assert project["trainings"][0]["level_label"] == "CAP, BEP (niveau 3)"
    assert project["languages"] == [{"language": "Tamoul", "level": "native", "level_label": "Langue maternelle"}]
    [exported] = data["positionings"]
    assert exported["offer"] == {
        "id": positioning.offer_id,
        "title": positioning.offer.title,
        "employer": "Brasserie du Marché",
    }
    assert (exported["organisation"], exported["proposed_by"]) == ("Mission Locale A", cast.adviser_a.get_full_name())
    assert exported["status"]["code"] == "not_retained"
    assert exported["not_retained_reason"] == {"code": "no_show", "label": "Absence à l'entretien"}
    assert exported["cv_kind"]["code"] == "anonymous"
    assert exported["proposed_at"] and exported["closed_at"]


def test_the_export_of_a_record_without_job_project_nor_positioning_says_so(followed_by_a):
    data = privacy_export_person(person=followed_by_a())

    assert data["job_project"] is None and data["positionings"] == []


def test_the_export_reads_a_fixed_number_of_queries_whatever_the_rows(
    cast, followed_by_a, django_assert_max_num_queries
):
    person = _full_record(cast, followed_by_a)
    _job_project_and_positioning(cast, person)
    propose(cast, person=person)

    # person, 12 relations prefetched (barriers and actions, schemes, follows, consents, notes, referrals,
    # positionings with their offer, employer, organisation and adviser, employer events, events), the job project
    # and its jobs.
    with django_assert_max_num_queries(25):
        data = privacy_export_person(person=person)
    assert len(data["positionings"]) == 2


def test_the_anonymisation_erases_the_job_project_free_text_and_keeps_its_codes(cast, followed_by_a):
    person = followed_by_a()
    positioning = _job_project_and_positioning(cast, person)

    assert person_anonymise(person=person)

    profile = JobProfile.objects.get(person=person)
    assert profile.skills == ""
    assert (profile.experiences, profile.trainings, profile.languages) == ([], [], [])
    # What statistics read stays: coded, identifying no one.
    assert list(profile.sought_romes.values_list("code", flat=True)) == ["G1602"]
    assert list(profile.sought_appellations.values_list("code_ogr", flat=True)) == ["12758"]
    assert profile.wished_contract_types == ["cdi", "apprenticeship"]
    assert (profile.qualification_level, profile.max_distance_km, profile.has_driving_licence) == ("3", 15, True)
    # The positioning has no free text: its offer, status, dates and coded reason stay.
    positioning.refresh_from_db()
    assert (positioning.status, positioning.not_retained_reason) == ("not_retained", "no_show")
    # Nothing of the former identity is left in the record, the search key included.
    anonymised = Person.objects.get(pk=person.pk)
    assert anonymised.search_key == ""
    row = " ".join(str(value) for value in Person.objects.filter(pk=person.pk).values().get().values()).lower()
    assert "martin" not in row and "léa" not in row and "lea" not in row.split()


def test_the_anonymised_export_shows_nothing_of_the_free_text(cast, followed_by_a):
    person = _full_record(cast, followed_by_a)
    _job_project_and_positioning(cast, person)

    person_anonymise(person=person)

    data = privacy_export_person(person=person)
    text = json.dumps(data, ensure_ascii=False)
    # The name itself is checked where it was: advisers' generated names may be Martin too (a common name).
    assert "Martin" not in data["identity"]["last_name"]
    for written in [
        "Léa",
        "Mme Martin",
        "Martin Traiteur",
        "lea@example.org",
        "0601020304",
        "Lilas",
        "1234567A",
        "Pas de permis",
        "auto-école",
        "Rendez-vous difficile",
        "Note privée",
        "formation qualifiante",
        "Plonge",
        "Traiteur",
        "Heinrich",
        "Tamoul",
    ]:
        assert written not in text, written


def test_the_export_holds_the_employer_events_the_person_took_part_in(cast, followed_by_a):
    person = followed_by_a()
    event = EmployerEventFactory(organisation=cast.ml_a, title="Job dating contrats aidés", held_on=TODAY)
    RegistrationFactory(event=event, person=person, organisation=cast.ml_a, registered_by=cast.adviser_a)

    data = privacy_export_person(person=person)

    json.dumps(data)
    [exported] = data["employer_events"]
    assert exported["event"]["title"] == "Job dating contrats aidés"
    assert exported["event"]["held_on"] == TODAY.isoformat()
    assert (exported["organisation"], exported["registered_by"]) == ("Mission Locale A", cast.adviser_a.get_full_name())
    assert exported["status"]["code"] == "registered"
