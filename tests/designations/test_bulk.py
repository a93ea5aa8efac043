"""The bulk import writes what the row-by-row import writes: same records, follows, job projects, referrals,
events, notifications, audit entries and report, row for row (numbers and moments aside)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import transaction

from tandem.accounts.enums import Role
from tandem.audit.models import AuditEntry
from tandem.audit.services import audit_record_by
from tandem.designations.auditing import audit_import, audit_import_by
from tandem.designations.bulk import AgencyList, designation_import_bulk, designation_import_lists
from tandem.designations.reports import ImportReport
from tandem.designations.services import designation_import_rows, designation_propose
from tandem.events.models import Event
from tandem.notifications.models import Notification
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import Organisation
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, JobProfile, Person
from tandem.people.services import follow_set_lead
from tandem.referrals.models import Referral
from tandem.referrals.services import referral_accept
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.designations.factories import born
from tests.organisations.factories import OrganisationFactory, PartnershipLinkFactory
from tests.people.factories import PersonFactory

COLUMNS = [
    "identifiant_ft",
    "nom",
    "prenom",
    "date_naissance",
    "code_commune",
    "code_postal",
    "commune",
    "date_inscription",
    "rqth",
    "email",
    "rome",
    "appellation",
]


def line(ft: str, last: str, first: str, birth: datetime.date | str, commune: str = "67544", **cells: str) -> list[str]:
    values = {
        "identifiant_ft": ft,
        "nom": last,
        "prenom": first,
        "date_naissance": birth if isinstance(birth, str) else birth.isoformat(),
        "code_commune": commune,
        "date_inscription": "" if ft.upper().startswith("K") else "2026-01-05",
        **cells,
    }
    return [values.get(column, "") for column in COLUMNS]


def csv(rows: list[list[str]]) -> bytes:
    return ("\r\n".join(";".join(cells) for cells in [COLUMNS, *rows]) + "\r\n").encode()


# What each case starts from: records already there.


def _records(cast) -> None:
    site = OrganisationFactory(
        kind=OrganisationKind.ML_SITE, name="Antenne de Wissembourg", parent=cast.ml_a, coverage=["67544"]
    )
    assert site.parent_id == cast.ml_a.pk
    # Known by its identifier, followed by the agency: unchanged, then proposed.
    PersonFactory(
        ft_identifier="K0000001",
        first_name="Paul",
        last_name="Known",
        birth_date=born(20),
        email="paul@example.org",
        followed_by=cast.agency_b,
    )
    # Known, led by the agency: its e-mail and commune change (an update), jobs added.
    led = PersonFactory(
        ft_identifier="K0000002", first_name="Lina", last_name="Led", birth_date=born(19), commune_id="67180"
    )
    follow_set_lead(person=led, organisation=cast.agency_b, adviser=cast.agent_b, by=cast.agent_b)
    # Known, seen but not led (a contributor): its identity changes are refused, its jobs too.
    PersonFactory(
        ft_identifier="K0000003",
        first_name="Noé",
        last_name="Contributed",
        birth_date=born(21),
        followed_by=cast.agency_b,
    )
    # Known, followed by a partner only: nothing is written or told.
    PersonFactory(
        ft_identifier="K0000004", first_name="Pia", last_name="Partner", birth_date=born(20), followed_by=cast.ml_c
    )
    # Known, already led by the Mission Locale (a designation accepted): already followed.
    accepted = PersonFactory(
        ft_identifier="K0000005", first_name="Ali", last_name="Accepted", birth_date=born(18), followed_by=cast.agency_b
    )
    proposal = designation_propose(person=accepted, agency=cast.agency_b, by=cast.agent_b)
    referral_accept(referral=proposal.referral, by=cast.adviser_a, organisation=cast.ml_a)
    # Known, already proposed to the Mission Locale: already proposed.
    pending = PersonFactory(
        ft_identifier="K0000006", first_name="Eva", last_name="Pending", birth_date=born(22), followed_by=cast.agency_b
    )
    designation_propose(person=pending, agency=cast.agency_b, by=cast.agent_b)
    # Known, too old.
    PersonFactory(
        ft_identifier="K0000007", first_name="Marc", last_name="Older", birth_date=born(30), followed_by=cast.agency_b
    )
    # Without identifier, followed by the agency: found by name, birth date and commune, identifier filled.
    PersonFactory(
        ft_identifier="", first_name="Léa", last_name="Martin", birth_date=born(18), followed_by=cast.agency_b
    )
    # A namesake with another identifier, that the agency sees: a new record flagged, told.
    PersonFactory(
        ft_identifier="N0000001", first_name="Hugo", last_name="Durand", birth_date=born(20), followed_by=cast.agency_b
    )
    # A namesake the agency may not see: a new record flagged, never told.
    PersonFactory(ft_identifier="", first_name="Inès", last_name="Petit", birth_date=born(19), followed_by=cast.ml_c)
    # Seen only through a referral the agency sent (no follow): its proposal is refused (an error).
    seen = PersonFactory(
        ft_identifier="K0000008",
        first_name="Zoé",
        last_name="Referred",
        birth_date=born(20),
        commune_id="67180",
        followed_by=cast.ml_c,
    )
    Referral.objects.create(
        person=seen,
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_c,
        proposed_at=datetime.datetime.now(datetime.UTC),
        answer_due_on=born(0),
    )


def _list() -> bytes:
    return csv(
        [
            # New, eligible, in a commune of the Mission Locale's site: proposed to the site.
            line(
                "1000001A",
                "Nouveau",
                "Adam",
                born(18),
                email="adam@example.org",
                rome="G1602|G1603",
                appellation="12758",
            ),
            # New, eligible, in Haguenau (the Mission Locale itself), with an RQTH at 27.
            line("1000002B", "Nouvelle", "Chloé", born(27), "67180", rqth="oui"),
            # New, too old, too young.
            line("1000003C", "Vieux", "Jean", born(40)),
            line("1000004D", "Jeune", "Tom", born(15)),
            # New, in a commune no Mission Locale covers (Paris, by an arrondissement's code).
            line("1000005E", "Parisien", "Léo", born(20), "75111"),
            # New, in Bordeaux: Mission Locale C is no partner of the agency.
            line("1000006F", "Bordelais", "Max", born(20), "33063"),
            # New, without commune: recorded, not eligible.
            line("1000007G", "Sanscommune", "Ema", born(20), ""),
            # An ambiguous postcode: the row's error.
            line("1000008H", "Ambigu", "Sam", born(20), "", code_postal="67160"),
            # The same person twice (applied once), and an identifier repeated with other values (neither).
            line("1000009J", "Double", "Rose", born(20)),
            line("1000009J", "Double", "Rose", born(20)),
            line("1000010K", "Conflit", "Ana", born(20)),
            line("1000010K", "Conflit", "Anna", born(20)),
            # Two new records with the same name, birth date and commune: the second flagged.
            line("1000011L", "Jumeau", "Luc", born(21)),
            line("1000012M", "JUMEAU", "luc", born(21)),
            line("1000013N", "Jumeau", "Luc", born(21)),
            # Known records.
            line("K0000001", "Known", "Paul", born(20)),
            line("K0000002", "Led", "Lina", born(19), "67544", email="lina@example.org", rome="J1501"),
            line("K0000003", "Contributed", "Noah", born(21), rome="J1501"),
            line("K0000004", "Partner", "Pia", born(20)),
            line("k0000005", "Accepted", "Ali", born(18)),
            line("K0000006", "Pending", "Eva", born(22)),
            line("K0000007", "Older", "Marc", born(30)),
            line("K0000008", "Referred", "Zoé", born(20), "67180"),
            # Found by name (no identifier yet), and namesakes with another identifier, or not seen.
            line("2000001A", "MARTIN", "léa", born(18)),
            line("2000002B", "Durand", "Hugo", born(20)),
            line("2000004D", "DURAND", "hugo", born(20)),
            line("2000003C", "Petit", "Inès", born(19)),
            # A bad date, an unknown job code.
            line("3000001A", "Faux", "Date", "31/02/2005"),
            line("3000002B", "Faux", "Code", born(20), rome="Z9999"),
        ]
    )


# The outcome, without numbers or moments.


def _outcome(report: ImportReport) -> dict[str, Any]:
    people = {person.pk: _person_label(person) for person in Person.objects.all()}
    follows = {follow.pk: (people[follow.person_id], follow.organisation.name) for follow in Follow.objects.all()}
    referrals = {
        referral.pk: (people[referral.person_id], referral.to_organisation.name, referral.status)
        for referral in Referral.objects.all()
    }
    profiles = {profile.pk: people[profile.person_id] for profile in JobProfile.objects.all()}
    subjects: dict[str, dict[int, Any]] = {
        "person": people,
        "follow": follows,
        "referral": referrals,
        "jobprofile": profiles,
    }
    events = {
        event.pk: (
            event.kind,
            event.actor_id,
            event.actor_organisation_id,
            people.get(event.person_id),
            event.subject_type,
            subjects[event.subject_type][event.subject_id],
            event.is_shared,
            event.payload,
        )
        for event in Event.objects.all()
    }
    data = report.as_json()
    for result in data["results"]:
        result["person_id"] = people[result["person_id"]]
        result["referral_id"] = referrals[result["referral_id"]] if result["referral_id"] else None
    for duplicate in data["likely_duplicates"]:
        duplicate["person_id"] = people[duplicate["person_id"]]
        duplicate["duplicate_of_id"] = people[duplicate["duplicate_of_id"]]
    return {
        "people": sorted(
            (
                label,
                person.first_name,
                person.last_name,
                person.birth_date,
                person.commune_id,
                person.ft_identifier,
                person.ft_registered_on,
                person.ft_category,
                person.has_rqth,
                person.email,
                person.phone,
                person.search_key,
                person.last_contact_on,
                person.legal_basis,
                people.get(person.possible_duplicate_of_id),
            )
            for person in Person.objects.all()
            for label in [people[person.pk]]
        ),
        "follows": sorted(
            (people[f.person_id], f.organisation_id, f.adviser_id, f.role, f.ended_at is None, f.end_reason)
            for f in Follow.objects.all()
        ),
        "profiles": sorted(
            (
                people[p.person_id],
                sorted(p.sought_romes.values_list("code", flat=True)),
                sorted(p.sought_appellations.values_list("code_ogr", flat=True)),
                p.max_distance_km,
                p.wished_contract_types,
            )
            for p in JobProfile.objects.all()
        ),
        "referrals": sorted(
            (
                people[r.person_id],
                r.from_organisation.name,
                r.to_organisation.name,
                r.link_id,
                r.is_designation,
                r.status,
                r.reason,
                r.proposed_by_id,
                r.answer_due_on,
            )
            for r in Referral.objects.all()
        ),
        "events": sorted(events.values(), key=repr),
        "notifications": sorted(
            (
                n.recipient_id,
                n.kind,
                n.subject_type,
                referrals.get(n.subject_id) if n.subject_type == "referral" else n.subject_id,
                events.get(n.event_id),
                n.payload,
            )
            for n in Notification.objects.all()
        ),
        "audit": sorted(
            (
                a.user_id,
                a.organisation_id,
                a.action,
                people.get(a.person_id),
                a.object_type,
                people.get(a.object_id),
                a.detail,
                a.path,
                a.method,
            )
            for a in AuditEntry.objects.all()
        ),
        "report": data,
    }


def _person_label(person: Person) -> str:
    return person.ft_identifier or f"{person.last_name}/{person.first_name}/{person.birth_date}"


Importer = Callable[..., ImportReport]


def _run(importer: Importer, audit: Callable[..., Any], data: bytes, **kwargs: Any) -> ImportReport:
    report = importer(rows_or_file=data, **kwargs)
    audit(report)
    return report


def _per_row_audit(report: ImportReport, *, agency, by) -> None:
    audit_import(
        report,
        record=partial(
            audit_record_by, user_id=by.pk if by else None, api_token=None, organisation_id=agency.pk, path="import 1"
        ),
    )


def _bulk_audit(report: ImportReport, *, agency, by) -> None:
    audit_import_by(report, user_id=by.pk if by else None, api_token=None, organisation_id=agency.pk, path="import 1")


def _both_ways(cast, scenario: Callable[[Importer, Callable], Any]) -> list[Any]:
    """The scenario row by row, then in bulk, each from the same records (rolled back in between)."""
    outcomes = []
    for importer, audit in ((designation_import_rows, _per_row_audit), (designation_import_bulk, _bulk_audit)):
        with transaction.atomic():
            _records(cast)
            outcomes.append(scenario(importer, audit))
            transaction.set_rollback(True)
    return outcomes


@pytest.mark.parametrize("acting", ["agent", "no one"])
def test_the_bulk_import_writes_what_the_row_by_row_import_writes_and_a_second_run_nothing(
    cast, django_capture_on_commit_callbacks, acting
):
    by = cast.agent_b if acting == "agent" else None

    def scenario(importer: Importer, audit: Callable) -> list[dict]:
        outcomes = []
        for _run_number in range(2):
            # What the import announces is heard once it commits (the notifications).
            with django_capture_on_commit_callbacks(execute=True):
                report = importer(rows_or_file=_list(), agency=cast.agency_b, by=by)
            audit(report, agency=cast.agency_b, by=by)
            outcomes.append(_outcome(report))
        return outcomes

    per_row, bulk = _both_ways(cast, scenario)
    for key in per_row[0]:
        assert bulk[0][key] == per_row[0][key], key
        assert bulk[1][key] == per_row[1][key], key
    first, second = per_row
    counts = first["report"]["counts"]
    # Every case is there: it is not two empty outcomes that are equal.
    assert counts["created"] >= 12 and counts["updated"] == 2 and counts["followed_by_partner"] == 1
    assert counts["proposed"] >= 4 and counts["already_followed"] == 1 and counts["already_proposed"] == 1
    assert counts["likely_duplicates"] == 4 and counts["changes_refused"] == 2 and counts["errors"] == 7
    assert {item["code"] for item in first["report"]["not_eligible"]} == {
        "too_old",
        "too_young",
        "not_covered",
        "no_partnership",
        "no_commune",
    }
    assert first["notifications"], "the Mission Locale's staff are told of the designations"
    receivers = {referral[2] for referral in first["referrals"]}
    assert receivers == {"Mission Locale A", "Antenne de Wissembourg", "Mission Locale C"}, "a site receives its own"
    # The second run changes nothing but its report.
    for key in ("people", "follows", "profiles", "referrals", "events", "notifications"):
        assert second[key] == first[key], key
    assert second["report"]["counts"]["created"] == 0 and second["report"]["counts"]["proposed"] == 0


def test_small_batches_write_what_one_batch_writes(cast, django_capture_on_commit_callbacks):
    def scenario(importer: Importer, audit: Callable) -> dict:
        if importer is designation_import_bulk:
            importer = partial(designation_import_bulk, batch_rows=3)
        with django_capture_on_commit_callbacks(execute=True):
            report = importer(rows_or_file=_list(), agency=cast.agency_b, by=cast.agent_b)
        audit(report, agency=cast.agency_b, by=cast.agent_b)
        return _outcome(report)

    per_row, bulk = _both_ways(cast, scenario)
    assert bulk == per_row


def test_a_list_of_new_registrants_costs_the_same_few_queries_whatever_its_length(cast, django_assert_max_num_queries):
    """Rows are read and written by batch, not one by one: 300 rows cost what 30 cost."""
    rows = [
        line(f"4{n:06d}A", f"Nom{n}", "Léa", born(18 + n % 8), ("67544", "67180", "75056")[n % 3]) for n in range(300)
    ]
    with django_assert_max_num_queries(40):
        report = designation_import_bulk(rows_or_file=csv(rows), agency=cast.agency_b, by=cast.agent_b)
    assert report.created == 300 and report.errors == []
    assert report.proposed_total == 200 and Referral.objects.filter(is_designation=True).count() == 200


def test_an_outsider_agency_designates_only_in_its_own_name_and_changes_nothing_outside_its_circle(cast):
    """An agency no Mission Locale partners, and that follows none of these records: the partner's records are
    neither changed nor told, a namesake it may not see is not matched; its own new records are its own."""
    outsider = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail Z", safir_code="99999")
    data = csv(
        [
            line("K0000001", "Known", "Paul", born(20), email="autre@example.org"),
            line("K0000002", "Led", "Lina", born(19), "67180", rome="J1501"),
            line("5000001A", "MARTIN", "léa", born(18)),
            line("5000002B", "Nouveau", "Zia", born(18)),
        ]
    )

    def scenario(importer: Importer, audit: Callable) -> dict:
        theirs = Person.objects.exclude(ft_identifier__startswith="5")
        before = (
            sorted(theirs.values_list("ft_identifier", "first_name", "email", "commune_id", "possible_duplicate_of")),
            Follow.objects.count(),
            Referral.objects.count(),
            Event.objects.count(),
        )
        report = importer(rows_or_file=data, agency=outsider, by=None)
        audit(report, agency=outsider, by=None)
        after = (
            sorted(theirs.values_list("ft_identifier", "first_name", "email", "commune_id", "possible_duplicate_of")),
            Follow.objects.exclude(organisation=outsider).count(),
            Referral.objects.count(),
            Event.objects.exclude(actor_organisation=outsider).count(),
        )
        assert after == before, "nothing outside the outsider's circle changes"
        assert report.followed_by_partner == [2, 3] and report.created == 2 and report.proposed == {}
        assert report.likely_duplicates == [], "a namesake it may not see is never told"
        assert {item.code for item in report.not_eligible} == {"no_partnership"}
        mine = Person.objects.filter(ft_identifier__startswith="5")
        assert set(Follow.objects.filter(person__in=mine).values_list("organisation", "role")) == {
            (outsider.pk, FollowRole.CONTRIBUTOR)
        }
        assert mine.get(ft_identifier="5000001A").possible_duplicate_of.ft_identifier == ""
        assert set(Event.objects.filter(person__in=mine).values_list("actor_organisation", flat=True)) == {outsider.pk}
        return _outcome(report)

    per_row, bulk = _both_ways(cast, scenario)
    assert bulk == per_row


# A day's lists: several agencies' lists imported together.


def _second_agency(cast) -> tuple[Organisation, Any]:
    """Agency D: partner of Mission Locales A and C, with an agent."""
    agency_d = OrganisationFactory(
        kind=OrganisationKind.FT_AGENCY, name="France Travail D", safir_code="33999", coverage=["33063"]
    )
    for mission_locale in (cast.ml_a, cast.ml_c):
        PartnershipLinkFactory(
            organisation_a=mission_locale,
            organisation_b=agency_d,
            kind=PartnershipKind.COTRAITANCE,
            starts_on=datetime.date(2021, 12, 1),
        )
    agent_d = UserFactory(email="agent.d@example.org")
    MembershipFactory(user=agent_d, organisation=agency_d, role=Role.ADVISER)
    return agency_d, agent_d


def _list_d() -> bytes:
    return csv(
        [
            # New, in Bordeaux: Mission Locale C is a partner of agency D.
            line("4000001A", "Bordelaise", "Inès", born(19), "33063"),
            # The registrant of list B's first row, in this list too: found (B's record, that D may not see).
            line("1000001A", "Nouveau", "Adam", born(18), email="adam@example.org"),
            # A record agency B follows: D may not see it.
            line("K0000001", "Known", "Paul", born(20)),
            # The namesake of list B's twins, in the same commune: flagged after them.
            line("4000002B", "Jumeau", "Luc", born(21)),
            # New, eligible, proposed to Mission Locale A by D.
            line("4000003C", "Nouvelle", "Maya", born(17), "67180", rome="G1602"),
            line("4000004D", "Faux", "Date", "30/02/2006"),
        ]
    )


def test_a_days_lists_imported_together_write_what_each_list_imported_after_the_other_writes(
    cast, django_capture_on_commit_callbacks
):
    agency_d, agent_d = _second_agency(cast)
    lists = [
        AgencyList(agency=cast.agency_b, rows_or_file=_list(), by=cast.agent_b),
        AgencyList(agency=agency_d, rows_or_file=_list_d(), by=agent_d),
        AgencyList(agency=cast.agency_b, rows_or_file=csv([line("4000005E", "Tardif", "Noé", born(20))]), by=None),
    ]
    outcomes = []
    for together in (False, True):
        with transaction.atomic():
            _records(cast)
            with django_capture_on_commit_callbacks(execute=True):
                if together:
                    reports = designation_import_lists(lists=lists)
                else:
                    reports = [
                        designation_import_bulk(rows_or_file=item.rows_or_file, agency=item.agency, by=item.by)
                        for item in lists
                    ]
            outcome = _outcome(reports[-1])
            outcome["reports"] = [report.as_json() for report in reports[:-1]]
            for data in outcome["reports"]:
                for result in data["results"]:
                    result["person_id"] = Person.objects.get(pk=result["person_id"]).ft_identifier
                    result["referral_id"] = bool(result["referral_id"])
                for duplicate in data["likely_duplicates"]:
                    duplicate["person_id"] = Person.objects.get(pk=duplicate["person_id"]).ft_identifier
                    duplicate["duplicate_of_id"] = Person.objects.get(pk=duplicate["duplicate_of_id"]).ft_identifier
            outcomes.append(outcome)
            transaction.set_rollback(True)
    one_after_the_other, together = outcomes
    for key in one_after_the_other:
        assert together[key] == one_after_the_other[key], key
    report_d = together["reports"][1]
    assert report_d["counts"]["proposed"] == 3 and report_d["followed_by_partner"] == [3, 4]
    assert report_d["counts"]["errors"] == 1 and report_d["likely_duplicates"] == [], "B's twins: D may not see them"
    assert {row["person_id"] for row in report_d["results"]} == {"4000001A", "4000002B", "4000003C"}
    referrals_d = {(r[0], r[2]) for r in together["referrals"] if r[1] == "France Travail D"}
    assert referrals_d == {
        ("4000001A", "Mission Locale C"),
        ("4000002B", "Antenne de Wissembourg"),
        ("4000003C", "Mission Locale A"),
    }
    assert len([p for p in together["people"] if p[5] == "1000001A"]) == 1, "B's record: D's row found it"


def test_a_days_lists_cost_the_same_few_queries_whatever_their_number(cast, django_assert_max_num_queries):
    """The routing, the partnership links and the referentials are read once for all the lists of a day."""
    agency_d, _agent_d = _second_agency(cast)
    lists = [
        AgencyList(
            agency=(cast.agency_b, agency_d)[number % 2],
            rows_or_file=csv(
                [
                    line(f"5{number:03d}{n:03d}A", f"Nom{number}", "Léa", born(18 + n % 8), ("67544", "33063")[n % 2])
                    for n in range(5)
                ]
            ),
        )
        for number in range(40)
    ]
    with django_assert_max_num_queries(40):
        reports = designation_import_lists(lists=lists)
    assert sum(report.created for report in reports) == 200 and all(report.errors == [] for report in reports)
    # B partners A only (Bordeaux's rows are not eligible through it); D partners both.
    assert [report.proposed_total for report in reports[:2]] == [3, 5]
    assert Referral.objects.filter(is_designation=True).count() == 20 * 3 + 20 * 5
