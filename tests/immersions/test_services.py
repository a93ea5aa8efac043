"""Immersions' services: a staff immersion between partners and its workflow, a PMSMP and its workflow, the
30-day rule, and who may write (every write refuses the outsider and changes nothing)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.core.errors import Conflict
from tandem.core.transitions import TransitionError
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.immersions import services
from tandem.immersions.enums import PmsmpObjective, PmsmpResult, PmsmpStatus, StaffImmersionStatus
from tandem.immersions.models import Pmsmp, StaffImmersion, pmsmp_dates_error
from tandem.immersions.workflow import PMSMP, STAFF_IMMERSION
from tandem.organisations.enums import OrganisationKind
from tests.employers.factories import EmployerFactory
from tests.immersions.factories import TODAY, a_pmsmp, a_staff_immersion, led_person, m, temp_agency_follows
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def staff_data(cast, **overrides) -> services.StaffImmersionData:
    values = {
        "staff_name": "Claire Dumas",
        "staff_user": cast.adviser_a,
        "sending_organisation": cast.ml_a,
        "host_organisation": cast.temp_agency,
        "starts_on": TODAY + 7 * DAY,
        "ends_on": TODAY + 9 * DAY,
        "objective": "Voir comment l'agence recrute",
    }
    return services.StaffImmersionData(**(values | overrides))


def pmsmp_data(**overrides) -> services.PmsmpData:
    values = {
        "employer": EmployerFactory(name="Boulangerie Haguenau"),
        "tutor_name": "Marc Lefèvre",
        "starts_on": TODAY + 7 * DAY,
        "ends_on": TODAY + 20 * DAY,
        "objective": PmsmpObjective.CONFIRM,
        "job_label": "Boulanger",
        "activities": "Façonnage, cuisson",
        "weekly_hours": 30,
    }
    return services.PmsmpData(**(values | overrides))


# Staff immersions.


def test_a_manager_plans_an_immersion_of_their_adviser_at_a_partner_temp_agency(cast):
    immersion = services.staff_immersion_plan(membership=m(cast.director_a), by=cast.director_a, data=staff_data(cast))
    assert immersion.status == StaffImmersionStatus.PLANNED and immersion.staff_user == cast.adviser_a
    event = Event.objects.get(kind=EventKind.STAFF_IMMERSION_PLANNED)
    assert (event.subject_type, event.subject_id, event.actor_organisation_id) == (
        "staffimmersion",
        immersion.pk,
        cast.ml_a.pk,
    )
    assert event.person_id is None and "Claire" not in str(event.payload)


def test_an_adviser_plans_no_immersion_and_an_outsider_manager_neither(cast):
    with pytest.raises(PermissionDenied):
        services.staff_immersion_plan(membership=m(cast.adviser_a), by=cast.adviser_a, data=staff_data(cast))
    outsider = OrganisationFactory(kind=OrganisationKind.MISSION_LOCALE)
    from tests.accounts.factories import MembershipFactory

    manager = MembershipFactory(organisation=outsider, role="manager")
    with pytest.raises(ValidationError, match="Votre organisation est l'organisation d'origine ou d'accueil"):
        services.staff_immersion_plan(membership=manager, by=manager.user, data=staff_data(cast))
    assert not StaffImmersion.objects.exists()


def test_the_two_organisations_must_be_a_mission_locale_and_a_partner_agency(cast):
    with pytest.raises(ValidationError, match="ne sont pas partenaires"):
        services.staff_immersion_plan(
            membership=m(cast.director_a),
            by=cast.director_a,
            data=staff_data(cast, host_organisation=OrganisationFactory(kind=OrganisationKind.TEMP_AGENCY)),
        )
    with pytest.raises(ValidationError, match="entre une Mission Locale et une agence"):
        services.staff_immersion_plan(
            membership=m(cast.director_a), by=cast.director_a, data=staff_data(cast, host_organisation=cast.ml_c)
        )
    with pytest.raises(ValidationError):
        services.staff_immersion_plan(
            membership=m(cast.director_a), by=cast.director_a, data=staff_data(cast, ends_on=TODAY)
        )
    # France Travail B is A's partner (cotraitance): its agent may spend days at the Mission Locale.
    immersion = services.staff_immersion_plan(
        membership=m(cast.director_a),
        by=cast.director_a,
        data=staff_data(cast, sending_organisation=cast.agency_b, host_organisation=cast.ml_a, staff_user=None),
    )
    assert immersion.host_organisation == cast.ml_a


def test_the_staff_account_must_belong_to_the_sending_organisation(cast):
    with pytest.raises(ValidationError, match="n'est pas membre de l'organisation d'origine"):
        services.staff_immersion_plan(
            membership=m(cast.director_a), by=cast.director_a, data=staff_data(cast, staff_user=cast.agent_b)
        )


def test_the_immersion_is_done_with_its_report_or_cancelled_and_then_no_longer_moves(cast):
    immersion = a_staff_immersion(cast, starts_on=TODAY - 3 * DAY, ends_on=TODAY - DAY)
    with pytest.raises(ValidationError, match="bilan"):
        services.staff_immersion_complete(immersion=immersion, membership=m(cast.director_a), by=None, report=" ")
    done = services.staff_immersion_complete(
        immersion=immersion, membership=m(cast.director_a), by=cast.director_a, report="Très instructif."
    )
    assert done.status == StaffImmersionStatus.DONE and done.report == "Très instructif."
    assert Event.objects.filter(kind=EventKind.STAFF_IMMERSION_DONE, subject_id=immersion.pk).count() == 1
    with pytest.raises(TransitionError):
        services.staff_immersion_cancel(immersion=done, membership=m(cast.director_a), by=cast.director_a)
    with pytest.raises(Conflict):
        services.staff_immersion_update(
            immersion=done, membership=m(cast.director_a), by=cast.director_a, data=staff_data(cast)
        )


def test_an_immersion_to_come_is_not_declared_done_but_may_be_cancelled(cast):
    immersion = a_staff_immersion(cast)
    with pytest.raises(ValidationError, match="n'a pas commencé"):
        services.staff_immersion_complete(immersion=immersion, membership=m(cast.director_a), by=None, report="x")
    cancelled = services.staff_immersion_cancel(immersion=immersion, membership=m(cast.director_a), by=None)
    assert cancelled.status == StaffImmersionStatus.CANCELLED
    assert Event.objects.filter(kind=EventKind.STAFF_IMMERSION_CANCELLED).count() == 1


def test_only_the_two_organisations_managers_write_an_immersion(cast):
    immersion = a_staff_immersion(cast)
    for user in (cast.adviser_a, cast.adviser_c, cast.agent_b, cast.temp_contact):
        with pytest.raises(PermissionDenied):
            services.staff_immersion_cancel(immersion=immersion, membership=m(user), by=user)
        with pytest.raises(PermissionDenied):
            services.staff_immersion_update(immersion=immersion, membership=m(user), by=user, data=staff_data(cast))
    immersion.refresh_from_db()
    assert immersion.status == StaffImmersionStatus.PLANNED
    assert not Event.objects.exists()


def test_an_update_records_the_fields_changed_and_nothing_when_nothing_changed(cast):
    immersion = services.staff_immersion_plan(membership=m(cast.director_a), by=cast.director_a, data=staff_data(cast))
    services.staff_immersion_update(
        immersion=immersion, membership=m(cast.director_a), by=cast.director_a, data=staff_data(cast)
    )
    assert not Event.objects.filter(kind=EventKind.STAFF_IMMERSION_UPDATED).exists()
    services.staff_immersion_update(
        immersion=immersion,
        membership=m(cast.director_a),
        by=cast.director_a,
        data=staff_data(cast, ends_on=TODAY + 10 * DAY),
    )
    assert Event.objects.get(kind=EventKind.STAFF_IMMERSION_UPDATED).payload["fields"] == ["ends_on"]


def test_two_managers_closing_the_same_immersion_at_once_cannot_both_win(cast):
    immersion = a_staff_immersion(cast, starts_on=TODAY - DAY, ends_on=TODAY)
    stale = StaffImmersion.objects.get(pk=immersion.pk)
    services.staff_immersion_complete(immersion=immersion, membership=m(cast.director_a), by=None, report="Fait")
    with pytest.raises(TransitionError, match="déjà « Réalisée »"):
        services.staff_immersion_cancel(immersion=stale, membership=m(cast.director_a), by=None)
    assert Event.objects.filter(subject_id=immersion.pk, kind=EventKind.STAFF_IMMERSION_CANCELLED).count() == 0


def test_the_staff_workflow_offers_its_steps_to_either_party_and_none_to_others(cast):
    immersion = a_staff_immersion(cast)
    assert [a.name for a in STAFF_IMMERSION.actions_for(immersion, cast.ml_a.pk)] == ["complete", "cancel"]
    assert [a.name for a in STAFF_IMMERSION.actions_for(immersion, cast.temp_agency.pk)] == ["complete", "cancel"]
    assert STAFF_IMMERSION.actions_for(immersion, cast.agency_b.pk) == []


# PMSMP.


def test_the_lead_adviser_proposes_a_pmsmp_written_on_the_person(cast):
    person = led_person(cast)
    pmsmp = services.pmsmp_propose(person=person, membership=m(cast.adviser_a), by=cast.adviser_a, data=pmsmp_data())
    assert (pmsmp.status, pmsmp.organisation, pmsmp.adviser) == (PmsmpStatus.PROPOSED, cast.ml_a, cast.adviser_a)
    event = Event.objects.get(kind=EventKind.PMSMP_PROPOSED)
    assert event.person_id == person.pk and event.payload["employer_name"] == "Boulangerie Haguenau"
    assert "Marc" not in str(event.payload) and "Façonnage" not in str(event.payload)


@pytest.mark.parametrize(
    ("days", "allowed"), [(1, True), (30, True), (31, False), (45, False)], ids=["1", "30", "31", "45"]
)
def test_a_pmsmp_lasts_thirty_calendar_days_at_most(cast, days, allowed):
    start = TODAY + 5 * DAY
    data = pmsmp_data(starts_on=start, ends_on=start + (days - 1) * DAY)
    person = led_person(cast)
    if allowed:
        services.pmsmp_propose(person=person, membership=m(cast.adviser_a), by=cast.adviser_a, data=data)
        assert Pmsmp.objects.count() == 1
        return
    with pytest.raises(ValidationError, match="au plus 30 jours calendaires"):
        services.pmsmp_propose(person=person, membership=m(cast.adviser_a), by=cast.adviser_a, data=data)
    assert not Pmsmp.objects.exists()


def test_the_thirty_days_error_names_the_latest_last_day_in_french():
    message = pmsmp_dates_error(datetime.date(2026, 3, 1), datetime.date(2026, 4, 15))
    assert "commencée le 01/03/2026, elle finit au plus tard le 30/03/2026" in message
    assert pmsmp_dates_error(datetime.date(2026, 3, 2), datetime.date(2026, 3, 1)).startswith("Le dernier jour")
    assert pmsmp_dates_error(datetime.date(2026, 2, 1), datetime.date(2026, 3, 2)) == ""


def test_weekly_hours_and_the_company_s_siret_are_checked(cast):
    person = led_person(cast)
    with pytest.raises(ValidationError):
        services.pmsmp_propose(
            person=person, membership=m(cast.adviser_a), by=cast.adviser_a, data=pmsmp_data(weekly_hours=36)
        )
    with pytest.raises(ValidationError):
        services.pmsmp_propose(
            person=person, membership=m(cast.adviser_a), by=cast.adviser_a, data=pmsmp_data(weekly_hours=0)
        )
    with pytest.raises(ValidationError, match="SIRET"):
        services.pmsmp_propose(
            person=person,
            membership=m(cast.adviser_a),
            by=cast.adviser_a,
            data=pmsmp_data(employer=EmployerFactory(siret="")),
        )
    assert not Pmsmp.objects.exists()


def test_who_proposes_a_pmsmp_lead_contributor_and_the_temp_agency_only_with_consent(cast):
    person = led_person(cast)
    for user in (cast.adviser_c, cast.observer, cast.temp_contact, cast.agent_b):
        with pytest.raises(PermissionDenied):
            services.pmsmp_propose(person=person, membership=m(user), by=user, data=pmsmp_data())
    temp_agency_follows(cast, person, consent=False)
    with pytest.raises(PermissionDenied):
        services.pmsmp_propose(person=person, membership=m(cast.temp_contact), by=cast.temp_contact, data=pmsmp_data())
    assert not Pmsmp.objects.exists()
    temp_agency_follows(cast, person, consent=True)
    pmsmp = services.pmsmp_propose(
        person=person, membership=m(cast.temp_contact), by=cast.temp_contact, data=pmsmp_data()
    )
    assert pmsmp.organisation == cast.temp_agency
    # A contributor (France Travail B following the person too) proposes one as well.
    from tandem.people.services import follow_add_contributor

    follow_add_contributor(person=person, organisation=cast.agency_b, by=cast.adviser_a)
    assert services.pmsmp_propose(person=person, membership=m(cast.agent_b), by=cast.agent_b, data=pmsmp_data())


def test_the_pmsmp_goes_from_proposed_to_signed_started_and_assessed_each_step_on_the_person(cast):
    pmsmp = a_pmsmp(cast, starts_on=TODAY, ends_on=TODAY + 10 * DAY)
    actor = m(cast.adviser_a)
    pmsmp = services.pmsmp_sign(pmsmp=pmsmp, membership=actor, by=cast.adviser_a, signed_on=TODAY - DAY)
    assert (pmsmp.status, pmsmp.signed_on) == (PmsmpStatus.SIGNED, TODAY - DAY)
    pmsmp = services.pmsmp_start(pmsmp=pmsmp, membership=actor, by=cast.adviser_a)
    assert pmsmp.status == PmsmpStatus.IN_PROGRESS
    pmsmp = services.pmsmp_assess(
        pmsmp=pmsmp,
        membership=actor,
        by=cast.adviser_a,
        attendance_ok=True,
        skills_observed="Ponctuelle, à l'aise avec la clientèle",
        result=PmsmpResult.HIRING_OFFERED,
    )
    assert (pmsmp.status, pmsmp.result, pmsmp.attendance_ok) == (PmsmpStatus.ASSESSED, "hiring_offered", True)
    kinds = list(
        Event.objects.filter(person_id=pmsmp.person_id, subject_type="pmsmp")
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == [EventKind.PMSMP_SIGNED, EventKind.PMSMP_STARTED, EventKind.PMSMP_ASSESSED]
    assessed = Event.objects.get(kind=EventKind.PMSMP_ASSESSED)
    assert assessed.payload["result"] == "hiring_offered" and "Ponctuelle" not in str(assessed.payload)
    for step in ("sign", "start", "cancel"):
        with pytest.raises(TransitionError):
            PMSMP.run(step, pmsmp, by=None, organisation=cast.ml_a, data={"reason": "x"})


@pytest.mark.parametrize(
    ("step", "source"),
    [
        ("sign", PmsmpStatus.SIGNED),
        ("sign", PmsmpStatus.IN_PROGRESS),
        ("sign", PmsmpStatus.CANCELLED),
        ("start", PmsmpStatus.PROPOSED),
        ("start", PmsmpStatus.IN_PROGRESS),
        ("start", PmsmpStatus.ASSESSED),
        ("assess", PmsmpStatus.PROPOSED),
        ("assess", PmsmpStatus.SIGNED),
        ("assess", PmsmpStatus.CANCELLED),
        ("cancel", PmsmpStatus.ASSESSED),
        ("cancel", PmsmpStatus.CANCELLED),
    ],
)
def test_every_step_refused_from_a_state_it_does_not_leave(cast, step, source):
    signed_on = None if source == PmsmpStatus.PROPOSED else TODAY
    pmsmp = a_pmsmp(cast, status=source, signed_on=signed_on, starts_on=TODAY)
    data = {"reason": "x", "attendance_ok": True, "skills_observed": "x", "result": "other"}
    with pytest.raises(TransitionError):
        PMSMP.run(step, pmsmp, by=cast.adviser_a, organisation=cast.ml_a, data=data)
    pmsmp.refresh_from_db()
    assert pmsmp.status == source and not Event.objects.filter(subject_type="pmsmp").exists()


@pytest.mark.parametrize("source", [PmsmpStatus.PROPOSED, PmsmpStatus.SIGNED, PmsmpStatus.IN_PROGRESS])
def test_a_pmsmp_is_cancelled_with_a_reason_from_each_open_state(cast, source):
    pmsmp = a_pmsmp(cast, status=source, signed_on=None if source == PmsmpStatus.PROPOSED else TODAY)
    with pytest.raises(ValidationError, match="motif"):
        services.pmsmp_cancel(pmsmp=pmsmp, membership=m(cast.adviser_a), by=cast.adviser_a, reason="  ")
    cancelled = services.pmsmp_cancel(
        pmsmp=pmsmp, membership=m(cast.adviser_a), by=cast.adviser_a, reason="L'entreprise a fermé"
    )
    assert (cancelled.status, cancelled.cancel_reason) == (PmsmpStatus.CANCELLED, "L'entreprise a fermé")
    event = Event.objects.get(kind=EventKind.PMSMP_CANCELLED)
    assert event.payload["from"] == source and "fermé" not in str(event.payload)


def test_a_pmsmp_is_not_started_before_its_first_day_nor_signed_in_the_future(cast):
    pmsmp = a_pmsmp(cast)
    with pytest.raises(ValidationError, match="à venir"):
        services.pmsmp_sign(pmsmp=pmsmp, membership=m(cast.adviser_a), by=None, signed_on=TODAY + DAY)
    pmsmp = services.pmsmp_sign(pmsmp=pmsmp, membership=m(cast.adviser_a), by=None)
    with pytest.raises(ValidationError, match="ne peut pas être déclarée commencée avant"):
        services.pmsmp_start(pmsmp=pmsmp, membership=m(cast.adviser_a), by=None)


def test_the_assessment_needs_attendance_skills_and_a_result(cast):
    pmsmp = a_pmsmp(cast, status=PmsmpStatus.IN_PROGRESS, signed_on=TODAY)
    with pytest.raises(ValidationError, match="résultat"):
        services.pmsmp_assess(
            pmsmp=pmsmp, membership=m(cast.adviser_a), by=None, attendance_ok=True, skills_observed="x", result=""
        )
    with pytest.raises(ValidationError, match="compétences"):
        services.pmsmp_assess(
            pmsmp=pmsmp, membership=m(cast.adviser_a), by=None, attendance_ok=False, skills_observed="", result="other"
        )
    pmsmp.refresh_from_db()
    assert pmsmp.status == PmsmpStatus.IN_PROGRESS


def test_two_advisers_taking_a_step_at_once_cannot_both_win(cast):
    pmsmp = a_pmsmp(cast)
    stale = Pmsmp.objects.get(pk=pmsmp.pk)
    services.pmsmp_sign(pmsmp=pmsmp, membership=m(cast.adviser_a), by=cast.adviser_a)
    with pytest.raises(TransitionError, match="déjà « Convention signée »"):
        services.pmsmp_sign(pmsmp=stale, membership=m(cast.director_a), by=cast.director_a)
    assert Event.objects.filter(kind=EventKind.PMSMP_SIGNED).count() == 1


def test_a_pmsmp_changes_while_proposed_only_and_by_who_acts_for_the_person(cast):
    pmsmp = a_pmsmp(cast)
    employer = pmsmp.employer
    for user in (cast.adviser_c, cast.agent_b, cast.temp_contact):
        with pytest.raises(PermissionDenied):
            services.pmsmp_update(pmsmp=pmsmp, membership=m(user), by=user, data=pmsmp_data(employer=employer))
        with pytest.raises(PermissionDenied):
            services.pmsmp_sign(pmsmp=pmsmp, membership=m(user), by=user)
    assert not Event.objects.filter(subject_type="pmsmp").exists()
    services.pmsmp_update(
        pmsmp=pmsmp, membership=m(cast.adviser_a), by=cast.adviser_a, data=pmsmp_data(employer=employer)
    )
    assert "tutor_name" not in Event.objects.get(kind=EventKind.PMSMP_UPDATED).payload["fields"]
    services.pmsmp_sign(pmsmp=pmsmp, membership=m(cast.adviser_a), by=cast.adviser_a)
    with pytest.raises(Conflict, match="Annulez-la"):
        services.pmsmp_update(
            pmsmp=pmsmp, membership=m(cast.adviser_a), by=cast.adviser_a, data=pmsmp_data(employer=employer)
        )


def test_the_temp_agency_loses_its_hand_when_the_consent_is_withdrawn(cast):
    from tandem.people.models import Consent

    person = led_person(cast)
    temp_agency_follows(cast, person, consent=True)
    pmsmp = a_pmsmp(cast, person=person)
    assert [a.name for a in PMSMP.actions_for(pmsmp, cast.temp_agency.pk)] == ["sign", "cancel"]
    Consent.objects.filter(person=person).update(revoked_on=TODAY)
    pmsmp = Pmsmp.objects.get(pk=pmsmp.pk)
    with pytest.raises(PermissionDenied):
        services.pmsmp_sign(pmsmp=pmsmp, membership=m(cast.temp_contact), by=cast.temp_contact)
    assert PMSMP.actions_for(pmsmp, cast.temp_agency.pk) == []


def test_the_convention_named_must_bind_both_organisations(cast):
    from tandem.partnerships.services import convention_of_link

    cotraitance = convention_of_link(link=cast.ml_a.links_as_a.get(organisation_b=cast.agency_b))
    mission_jeunes = convention_of_link(link=cast.ml_a.links_as_a.get(organisation_b=cast.temp_agency))
    with pytest.raises(ValidationError, match="ne sont pas parties à cette convention"):
        services.staff_immersion_plan(
            membership=m(cast.director_a), by=None, data=staff_data(cast, convention=cotraitance)
        )
    immersion = services.staff_immersion_plan(
        membership=m(cast.director_a), by=None, data=staff_data(cast, convention=mission_jeunes)
    )
    assert immersion.convention == mission_jeunes
