import json

import pytest
from django.core.exceptions import ValidationError

from tandem.designations.enums import DesignationOutcome, RecordOutcome
from tandem.designations.parsing import row_from_fields
from tandem.designations.services import designation_import, designation_propose, designation_submit
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, Person
from tandem.people.services import follow_set_lead
from tandem.referrals.enums import ReferralStatus
from tandem.referrals.models import Referral
from tandem.referrals.services import referral_accept
from tests.designations.factories import born, csv_file, row
from tests.people.factories import PersonFactory


def totals() -> tuple[int, int, int, int]:
    return Person.objects.count(), Referral.objects.count(), Event.objects.count(), Follow.objects.count()


# One person --------------------------------------------------------------------------------


def test_a_young_person_in_wissembourg_is_proposed_by_agency_b_to_mission_locale_a(cast):
    person = PersonFactory(birth_date=born(19), commune_id="67544", followed_by=cast.agency_b)
    result = designation_propose(person=person, agency=cast.agency_b, by=cast.agent_b)
    assert result.outcome == DesignationOutcome.PROPOSED
    referral = result.referral
    assert referral.is_designation and referral.status == ReferralStatus.PROPOSED
    assert (referral.from_organisation, referral.to_organisation) == (cast.agency_b, cast.ml_a)
    assert referral.link.is_reference_site
    assert "Délégation du PPAE" in referral.reason
    event = Event.objects.get(person=person)
    assert event.kind == EventKind.DESIGNATION_PROPOSED and event.actor == cast.agent_b
    assert result.message.startswith("Proposé à Mission Locale A")


def test_proposing_again_while_a_referral_is_open_is_already_proposed_and_changes_nothing(cast):
    person = PersonFactory(birth_date=born(19), commune_id="67544", followed_by=cast.agency_b)
    first = designation_propose(person=person, agency=cast.agency_b, by=cast.agent_b)
    before = totals()
    again = designation_propose(person=person, agency=cast.agency_b, by=cast.agent_b)
    assert again.outcome == DesignationOutcome.ALREADY_PROPOSED and again.referral == first.referral
    assert totals() == before


def test_a_person_whose_lead_is_already_the_mission_locale_is_already_followed(cast):
    person = PersonFactory(birth_date=born(19), commune_id="67544", followed_by=cast.agency_b)
    proposal = designation_propose(person=person, agency=cast.agency_b, by=cast.agent_b)
    referral_accept(referral=proposal.referral, by=cast.adviser_a, organisation=cast.ml_a)
    before = totals()
    result = designation_propose(person=person, agency=cast.agency_b, by=cast.agent_b)
    assert result.outcome == DesignationOutcome.ALREADY_FOLLOWED
    assert "Déjà suivi par Mission Locale A" in result.message
    assert totals() == before


def test_a_person_not_eligible_is_not_proposed_and_the_reason_is_given(cast):
    person = PersonFactory(birth_date=born(27), commune_id="67544", followed_by=cast.agency_b)
    result = designation_propose(person=person, agency=cast.agency_b, by=cast.agent_b)
    assert result.outcome == DesignationOutcome.NOT_ELIGIBLE and result.referral is None
    assert result.message == "Non éligible : Trop âgé·e : 27 ans, au-delà de 25 ans (29 ans avec une RQTH)."
    assert not Referral.objects.exists()


def test_only_a_france_travail_agency_proposes(cast):
    person = PersonFactory(birth_date=born(19), commune_id="67544")
    with pytest.raises(ValidationError):
        designation_propose(person=person, agency=cast.ml_c, by=cast.adviser_c)


def test_a_new_registrant_is_followed_by_the_agency_with_its_adviser_as_lead(cast):
    row_ = row_from_fields(
        ft_identifier="1234567A", last_name="Martin", first_name="Léa", birth_date=born(18), commune_code="67544"
    )
    submission = designation_submit(row=row_, agency=cast.agency_b, by=cast.agent_b)
    assert submission.record == RecordOutcome.CREATED
    lead = Follow.objects.get(person=submission.person, role=FollowRole.LEAD)
    assert (lead.organisation, lead.adviser) == (cast.agency_b, cast.agent_b)
    assert submission.designation.outcome == DesignationOutcome.PROPOSED


# A list ------------------------------------------------------------------------------------


@pytest.fixture
def a_list() -> bytes:
    return csv_file(
        [
            row("1000001A", "Martin", "Léa", born(18), code_commune="67544"),
            row("1000002B", "Durand", "Hugo", born(22), code_commune="", code_postal="67500", commune="Haguenau"),
            row("1000003C", "Petit", "Inès", born(20), code_commune="33063"),
            row("1000004D", "Moreau", "Louis", born(40), code_commune="67544"),
            row("1000005E", "Roux", "Emma", born(20), code_commune="67482"),
        ]
    )


def test_a_list_creates_records_and_proposes_the_eligible_to_their_mission_locale(cast, a_list):
    report = designation_import(rows_or_file=a_list, agency=cast.agency_b, by=cast.agent_b)
    assert report.errors == []
    assert (report.rows, report.created, report.updated, report.unchanged) == (5, 5, 0, 0)
    # Bordeaux's Mission Locale C is no partner of agency B: a designation, like any referral, goes to a partner.
    assert report.proposed == {"Mission Locale A": 2}
    assert [(item.line, item.code) for item in report.not_eligible] == [
        (4, "no_partnership"),
        (5, "too_old"),
        (6, "not_covered"),
    ]
    assert report.not_eligible_by_reason == {
        "Pas de partenariat avec la Mission Locale": 1,
        "Trop âgé·e": 1,
        "Commune couverte par aucune Mission Locale": 1,
    }
    hugo = Person.objects.get(ft_identifier="1000002B")
    assert hugo.commune_id == "67180" and hugo.has_rqth is False
    assert Referral.objects.filter(is_designation=True, from_organisation=cast.agency_b).count() == 2


def test_importing_the_same_list_twice_changes_nothing(cast, a_list):
    designation_import(rows_or_file=a_list, agency=cast.agency_b, by=cast.agent_b)
    before = totals()
    report = designation_import(rows_or_file=a_list, agency=cast.agency_b, by=cast.agent_b)
    assert totals() == before
    assert (report.rows, report.unchanged, report.created, report.updated) == (5, 5, 0, 0)
    assert report.proposed == {} and report.already_proposed == 2 and len(report.not_eligible) == 3
    assert report.errors == [] and report.likely_duplicates == []


def test_bad_rows_are_reported_with_their_line_and_reason_and_good_rows_are_kept(cast):
    data = csv_file(
        [
            row("2000001A", "Martin", "Léa", born(18)),
            row("2000002B", "Durand", "Hugo", "31/02/2005"),
            row("2000003C", "Petit", "Inès", born(20), code_commune="99999"),
            row("2000004D", "", "Louis", born(20)),
            row("2000005E", "Roux", "Emma", born(20)),
        ]
    )
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert [(error.line, error.reason) for error in report.errors] == [
        (3, "date de naissance invalide « 31/02/2005 » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)"),
        (4, "commune inconnue « 99999 »"),
        (5, "nom manquant"),
    ]
    assert report.created == 2 and report.proposed == {"Mission Locale A": 2}
    assert set(Person.objects.values_list("ft_identifier", flat=True)) == {"2000001A", "2000005E"}


def test_every_problem_of_a_row_is_given_at_once(cast):
    data = csv_file([row("", "Martin", "Léa", "2005-13-01", code_commune="99999", rqth="peut-être")])
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    reason = report.errors[0].reason
    for part in (
        "identifiant France Travail manquant",
        "date de naissance invalide",
        "commune inconnue",
        "RQTH invalide",
    ):
        assert part in reason


def test_a_missing_column_is_reported_on_the_header_line_and_nothing_is_imported(cast):
    header = ["identifiant_ft", "nom", "prenom", "date_naissance", "code_commune"]
    data = csv_file([["1", "Martin", "Léa", "2005-01-01", "67544"]], header=header)
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert [(error.line, error.reason) for error in report.errors] == [(1, "colonnes manquantes : date_inscription")]
    assert report.rows == 0 and not Person.objects.exists()


def test_a_row_with_too_many_or_too_few_cells_is_reported(cast):
    data = csv_file([row("3000001A", "Martin", "Léa", born(18)) + ["en trop"], ["3000002B", "Durand"]])
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert [error.line for error in report.errors] == [2, 3]
    assert "trop de cellules" in report.errors[0].reason and "ligne incomplète" in report.errors[1].reason


def test_a_windows_1252_file_separated_by_semicolons_is_read(cast):
    data = csv_file([row("4000001A", "Lefèvre", "Chloé", born(18))], delimiter=";", encoding="cp1252")
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert report.created == 1 and report.errors == []
    assert Person.objects.get().first_name == "Chloé"


def test_a_utf8_file_with_a_byte_order_mark_separated_by_commas_is_read(cast):
    data = csv_file([row("4000002B", "Lefèvre", "Zoé", born(18))], delimiter=",", encoding="utf-8-sig")
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert report.created == 1 and report.errors == []
    assert Person.objects.get().last_name == "Lefèvre"


def test_headers_are_read_whatever_their_case_accents_and_spaces(cast):
    header = ["Identifiant FT", "NOM", "Prénom", "Date de naissance", "Code commune", "Date d'inscription"]
    data = csv_file([["4000003C", "Martin", "Léa", "01/02/2007", "67544", "03/01/2026"]], header=header)
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert report.created == 1, report.errors


def test_dates_in_french_order_are_read(cast):
    data = csv_file([row("5000001A", "Martin", "Léa", "05/03/2007", date_inscription="02/01/2026")])
    designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    person = Person.objects.get()
    assert person.birth_date.isoformat() == "2007-03-05" and person.ft_registered_on.isoformat() == "2026-01-02"


def test_a_postcode_gives_its_commune_and_a_shared_one_needs_the_commune_name(cast):
    data = csv_file(
        [
            row("6000001A", "Petit", "Inès", born(20), code_commune="", code_postal="33000"),
            row("6000002B", "Martin", "Léa", born(18), code_commune="", code_postal="67160", commune="WISSEMBOURG"),
            row("6000003C", "Durand", "Hugo", born(18), code_commune="", code_postal="67160"),
            row("6000004D", "Roux", "Emma", born(18), code_commune="", code_postal="67160", commune="Paris"),
        ]
    )
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert Person.objects.get(ft_identifier="6000001A").commune_id == "33063"
    assert Person.objects.get(ft_identifier="6000002B").commune_id == "67544"
    assert [error.line for error in report.errors] == [4, 5]
    assert "le code postal 67160 dessert plusieurs communes" in report.errors[0].reason
    assert "« Paris » n'est pas desservie par le code postal 67160" in report.errors[1].reason


def test_a_row_without_any_commune_is_recorded_and_said_not_eligible(cast):
    data = csv_file([row("6100001A", "Martin", "Léa", born(18), code_commune="")])
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert report.created == 1 and report.errors == []
    assert report.not_eligible[0].code == "no_commune"


def test_a_municipal_arrondissement_code_gives_its_commune(cast):
    data = csv_file([row("7000001A", "Martin", "Léa", born(18), code_commune="75111")])
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert Person.objects.get().commune_id == "75056"
    assert report.not_eligible[0].reason == "Aucune Mission Locale ne couvre la commune Paris (75056)."


def test_a_namesake_with_another_identifier_is_a_new_record_flagged_as_likely_duplicate_never_merged(cast):
    known = PersonFactory(
        first_name="Léa",
        last_name="Martin",
        birth_date=born(18),
        commune_id="67544",
        ft_identifier="8000001A",
        email="lea@example.org",
        followed_by=cast.agency_b,
    )
    data = csv_file([row("8000002B", "MARTIN", "Léa", born(18), email="autre@example.org")])
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert report.created == 1 and len(report.likely_duplicates) == 1
    new = Person.objects.get(ft_identifier="8000002B")
    assert new.possible_duplicate_of == known
    assert (report.likely_duplicates[0].person_id, report.likely_duplicates[0].duplicate_of_id) == (new.pk, known.pk)
    known.refresh_from_db()
    assert known.email == "lea@example.org" and known.ft_identifier == "8000001A"
    again = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert again.unchanged == 1 and again.likely_duplicates == []


def test_a_record_without_identifier_is_found_by_name_birth_date_and_commune_and_completed(cast):
    known = PersonFactory(first_name="Léa", last_name="Martin", birth_date=born(18), commune_id="67544")
    follow_set_lead(person=known, organisation=cast.agency_b, adviser=cast.agent_b, by=cast.agent_b)
    data = csv_file([row("9000001A", "MARTIN", "léa", born(18), rqth="oui")])
    report = designation_import(rows_or_file=data, agency=cast.agency_b, by=cast.agent_b)
    assert (report.created, report.updated) == (0, 1)
    known.refresh_from_db()
    assert known.ft_identifier == "9000001A" and known.has_rqth is True
    assert known.first_name == "Léa", "a name only re-cased is not a change"
    update = Event.objects.get(person=known, kind=EventKind.PERSON_UPDATED)
    assert sorted(update.payload["fields"]) == ["ft_identifier", "ft_registered_on", "has_rqth"]


def test_changed_fields_of_a_known_registrant_are_updated_with_an_event(cast):
    designation_import(
        rows_or_file=csv_file([row("9000002B", "Martin", "Léa", born(18))]), agency=cast.agency_b, by=cast.agent_b
    )
    moved = csv_file([row("9000002B", "Martin", "Léa", born(18), code_commune="67180", email="lea@example.org")])
    report = designation_import(rows_or_file=moved, agency=cast.agency_b, by=cast.agent_b)
    assert report.updated == 1 and report.already_proposed == 1
    person = Person.objects.get()
    assert person.commune_id == "67180" and person.email == "lea@example.org"
    update = Event.objects.get(person=person, kind=EventKind.PERSON_UPDATED)
    assert sorted(update.payload["fields"]) == ["commune", "email"]


def test_an_empty_optional_cell_keeps_what_the_record_says(cast):
    PersonFactory(
        first_name="Léa",
        last_name="Martin",
        birth_date=born(18),
        ft_identifier="9000003C",
        email="lea@example.org",
        has_rqth=True,
        followed_by=cast.agency_b,
    )
    report = designation_import(
        rows_or_file=csv_file([row("9000003C", "Martin", "Léa", born(18), date_inscription="")]),
        agency=cast.agency_b,
        by=cast.agent_b,
    )
    assert report.unchanged == 1
    person = Person.objects.get()
    assert person.email == "lea@example.org" and person.has_rqth is True


ROWS = [
    {
        "identifiant_ft": "9100001A",
        "Nom": "Martin",
        "prenom": "Léa",
        "date_naissance": born(18).isoformat(),
        "code_commune": "67544",
        "date_inscription": "",
    }
]


def test_rows_already_read_are_accepted_and_numbered_as_in_a_file(cast):
    report = designation_import(rows_or_file=ROWS, agency=cast.agency_b, by=cast.agent_b)
    assert report.results[0].line == 2 and report.proposed == {"Mission Locale A": 1}


def test_when_no_adviser_of_the_agency_acts_the_agency_contributes_without_claiming_the_lead(cast):
    report = designation_import(rows_or_file=ROWS, agency=cast.agency_b, by=cast.admin)
    assert report.created == 1 and report.proposed == {"Mission Locale A": 1}
    follow = Follow.objects.get()
    assert (follow.organisation, follow.role, follow.adviser) == (cast.agency_b, FollowRole.CONTRIBUTOR, None)


def test_a_list_imported_without_a_user_is_proposed_in_the_agency_name(cast):
    report = designation_import(rows_or_file=ROWS, agency=cast.agency_b, by=None)
    assert report.errors == [] and report.proposed == {"Mission Locale A": 1}
    assert Referral.objects.get().proposed_by is None


def test_the_report_serialises_to_json(cast, a_list):
    report = designation_import(rows_or_file=a_list, agency=cast.agency_b, by=cast.agent_b)
    data = json.loads(json.dumps(report.as_json()))
    assert data["counts"]["created"] == 5 and data["counts"]["proposed"] == 2
    assert data["counts"]["proposed_by_mission_locale"] == {"Mission Locale A": 2}
    assert data["not_eligible"][0]["line"] == 4 and data["results"][0]["designation"] == "proposed"


def test_a_file_too_large_is_refused_as_a_whole(cast, monkeypatch):
    from tandem.designations import parsing

    monkeypatch.setattr(parsing, "MAX_FILE_BYTES", 100)
    report = designation_import(
        rows_or_file=csv_file([row("9200001A", "Martin", "Léa", born(18))] * 3), agency=cast.agency_b, by=cast.agent_b
    )
    assert report.errors[0].line == 1 and "fichier trop volumineux" in report.errors[0].reason
    assert not Person.objects.exists()


def test_a_file_in_neither_utf8_nor_windows_1252_is_refused_as_a_whole(cast):
    report = designation_import(rows_or_file=b"identifiant_ft;nom\n\x81\x8d", agency=cast.agency_b, by=cast.agent_b)
    assert report.errors[0].line == 1 and "encodage non reconnu" in report.errors[0].reason
