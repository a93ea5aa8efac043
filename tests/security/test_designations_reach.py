"""A designation (one at a time, a file, the API) never reaches a record outside the agency's circle."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.accounts.enums import TokenScope
from tandem.audit.models import AuditAction, AuditEntry
from tandem.designations.enums import RecordOutcome
from tandem.designations.parsing import row_from_fields
from tandem.designations.services import FollowedByPartner, designation_import, designation_submit
from tandem.events.models import Event
from tandem.people.models import Follow, Person
from tandem.people.services import person_register
from tandem.referrals.models import Referral
from tandem.referrals.services import referral_accept
from tests.accounts.factories import bearer
from tests.designations.factories import born, csv_file, row

BORDEAUX = "33063"


@pytest.fixture
def followed_in_bordeaux(cast) -> Person:
    """A young person led by Mission Locale C in Bordeaux: France Travail B (Alsace) has no business with them."""
    return person_register(
        by=cast.adviser_c,
        organisation=cast.ml_c,
        adviser=cast.adviser_c,
        ft_identifier="7770001X",
        first_name="Camille",
        last_name="Bordelaise",
        birth_date=born(19),
        commune_id=BORDEAUX,
        email="camille@example.org",
        phone="0600000000",
    )


def snapshot(person: Person) -> tuple:
    person.refresh_from_db()
    return (
        person.first_name,
        person.last_name,
        person.email,
        person.phone,
        person.commune_id,
        Referral.objects.filter(person=person).count(),
        Follow.objects.filter(person=person).count(),
        Event.objects.filter(person=person).count(),
    )


def test_an_agency_token_reusing_the_identifier_of_a_record_followed_elsewhere_changes_and_learns_nothing(
    client, cast, followed_in_bordeaux
):
    before = snapshot(followed_in_bordeaux)
    response = client.post(
        "/api/v1/designations",
        data={
            "ft_identifier": "7770001X",
            "last_name": "Intrus",
            "first_name": "Paul",
            "birth_date": born(20).isoformat(),
            "commune_code": "67544",
            "email": "intrus@example.org",
            "phone": "0711111111",
        },
        content_type="application/json",
        **bearer(cast.agency_b, scope=TokenScope.WRITE),
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "Déjà suivi par un partenaire : rien n'a été modifié ni proposé."}
    assert snapshot(followed_in_bordeaux) == before
    # Nothing opened a way in: the record stays out of reach of the agency.
    detail = client.get(f"/api/v1/people/{followed_in_bordeaux.pk}", **bearer(cast.agency_b))
    assert detail.status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="designation").exists()


def test_a_designation_file_reports_the_row_as_followed_by_a_partner_and_writes_nothing(cast, followed_in_bordeaux):
    before = snapshot(followed_in_bordeaux)
    data = csv_file(
        [
            row("7770001X", "Intrus", "Paul", born(20), code_commune="67544", email="intrus@example.org"),
            row("7770002Y", "Martin", "Léa", born(18), code_commune="67544"),
        ]
    )
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert report.followed_by_partner == [2]
    assert report.created == 1 and report.errors == []
    assert snapshot(followed_in_bordeaux) == before
    listed = str(report.as_json())
    assert "Bordelaise" not in listed and str(followed_in_bordeaux.pk) not in [
        str(result["person_id"]) for result in report.as_json()["results"]
    ]


def test_the_designation_page_says_followed_by_a_partner_and_discloses_nothing(client, cast, followed_in_bordeaux):
    before = snapshot(followed_in_bordeaux)
    client.force_login(cast.agent_b)
    response = client.post(
        reverse("designations:create"),
        {
            "ft_identifier": "7770001X",
            "last_name": "Intrus",
            "first_name": "Paul",
            "birth_date": born(20).isoformat(),
            "commune_code": "67544",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Déjà suivi par un partenaire" in body
    assert "Bordelaise" not in body and "Mission Locale C" not in body
    assert snapshot(followed_in_bordeaux) == before


def test_the_service_refuses_whatever_the_channel(cast, followed_in_bordeaux):
    designated = row_from_fields(
        ft_identifier="7770001X", last_name="Intrus", first_name="Paul", birth_date=born(20), commune_code="67544"
    )
    with pytest.raises(FollowedByPartner):
        designation_submit(row=designated, agency=cast.agency_b, by=None)


def test_identity_changes_go_through_the_lead_organisation_only(cast):
    """B registered Léa and proposed her to A, who accepted: A leads. B's next list cannot rename her."""
    first = designation_import(
        rows_or_file=csv_file([row("7770003Z", "Martin", "Léa", born(18), email="lea@example.org")]),
        agency=cast.agency_b,
        by=cast.agent_b,
    )
    person = Person.objects.get(ft_identifier="7770003Z")
    referral_accept(
        referral=Referral.objects.get(pk=first.results[0].referral_id), by=cast.adviser_a, organisation=cast.ml_a
    )
    changed = csv_file(
        [row("7770003Z", "Autre", "Nom", born(18), email="autre@example.org", date_inscription="2026-02-01")]
    )
    report = designation_import(rows_or_file=changed, agency=cast.agency_b, by=cast.agent_b)
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.email) == ("Léa", "Martin", "lea@example.org")
    # France Travail's own registration date is B's to keep up to date.
    assert person.ft_registered_on.isoformat() == "2026-02-01"
    assert report.updated == 1 and len(report.changes_refused) == 1
    reason = report.changes_refused[0].reason
    assert "seule l'organisation référente modifie l'identité" in reason and "prénom" in reason


def test_a_likely_duplicate_outside_the_circle_is_flagged_for_managers_but_not_disclosed(cast, followed_in_bordeaux):
    # Same name, birth date and commune as the Bordeaux record, another identifier.
    data = csv_file([row("7770004W", "Bordelaise", "Camille", born(19), code_commune=BORDEAUX)])
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert report.created == 1 and report.likely_duplicates == []
    assert Person.objects.get(ft_identifier="7770004W").possible_duplicate_of == followed_in_bordeaux


# A file whose rows repeat one identifier ---------------------------------------------------------


def test_rows_repeating_one_identifier_with_different_values_are_all_refused_and_a_second_run_changes_nothing(cast):
    data = csv_file(
        [
            row("7780001A", "Martin", "Léa", born(18)),
            row("7780002B", "Durand", "Hugo", born(19)),
            row("7780001A", "Petit", "Inès", born(20)),
        ]
    )
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert [error.line for error in report.errors] == [2, 4]
    assert "répété avec d'autres valeurs (lignes 4)" in report.errors[0].reason
    assert "répété avec d'autres valeurs (lignes 2)" in report.errors[1].reason
    assert not Person.objects.filter(ft_identifier="7780001A").exists()
    assert report.created == 1
    again = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert (again.created, again.updated) == (0, 0)


def test_the_same_row_twice_is_applied_once(cast):
    data = csv_file([row("7790001A", "Martin", "Léa", born(18)), row("7790001A", "Martin", "Léa", born(18))])
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert report.created == 1
    assert [(error.line, error.reason) for error in report.errors] == [
        (3, "même personne que la ligne 2 : ligne ignorée")
    ]
    assert Person.objects.filter(ft_identifier="7790001A").count() == 1
    assert report.results[0].record == RecordOutcome.CREATED


def test_the_upload_page_reports_followed_by_a_partner(
    client, cast, followed_in_bordeaux, django_capture_on_commit_callbacks
):
    client.force_login(cast.agent_b)
    data = csv_file([row("7770001X", "Intrus", "Paul", born(20))])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("designations:upload"), {"file": SimpleUploadedFile("liste.csv", data, content_type="text/csv")}
        )
    body = client.get(response.url).content.decode()
    assert "Déjà suivis par un partenaire, rien n'a été modifié ni proposé : lignes 2." in body
    assert "Bordelaise" not in body


def test_a_cell_over_the_csv_limit_is_one_bad_row_and_the_others_are_imported(cast):
    header = "identifiant_ft;nom;prenom;date_naissance;code_commune;date_inscription\n"
    good = f"7800001A;Martin;Léa;{born(18).isoformat()};67544;2026-01-05\n"
    huge = f"7800002B;{'x' * 200_000};Hugo;{born(19).isoformat()};67544;2026-01-05\n"
    other = f"7800003C;Petit;Inès;{born(20).isoformat()};67544;2026-01-05\n"
    report = designation_import(
        rows_or_file=(header + good + huge + other).encode(), agency=cast.agency_b, by=cast.agent_b
    )
    assert [error.line for error in report.errors] == [3]
    assert "ligne illisible" in report.errors[0].reason
    assert report.created == 2


def test_random_bytes_are_refused_as_a_whole_with_a_clear_reason(client, cast, django_capture_on_commit_callbacks):
    import os

    client.force_login(cast.agent_b)
    data = bytes(range(256)) * 20 + os.urandom(2000)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("designations:upload"), {"file": SimpleUploadedFile("liste.csv", data, content_type="text/csv")}
        )
    page = client.get(response.url)
    assert page.status_code == 200
    assert "encodage non reconnu" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        api = client.post("/api/v1/designations/import", {"file": SimpleUploadedFile("l.csv", data)})
    job = client.get(api.json()["url"]).json()
    assert api.status_code == 202 and job["report"]["errors"][0]["line"] == 1
