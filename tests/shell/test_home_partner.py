"""The homes of a temp agency, a PLIE and a Métropole (seeds 003, 004): each lands on what it does — the young
people it may see, the sessions to come, its conventions and their single contacts — in a number of queries that
does not grow with the data."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.accounts.enums import Role
from tandem.audit.models import AuditEntry
from tandem.employer_events.enums import EventFormat
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import PartnershipLink
from tandem.partnerships import services as convention_services
from tandem.partnerships.enums import ConventionKind, ConventionLevel, PartyRole
from tandem.people.services import follow_add_contributor, follow_set_lead
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.barrier_actions.factories import BarrierActionFactory
from tests.employer_events.factories import EmployerEventFactory
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import membership_of
from tests.people.factories import PersonFactory, consent_to_the_temp_agency


def _led_by_a(cast, **fields):
    person = PersonFactory(**fields)
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    return person


def _consent(cast, person):
    """The person agreed to share with the temp agency, which contributes to their follow-up (a referral accepted)."""
    follow_add_contributor(person=person, organisation=cast.temp_agency, by=cast.temp_contact)
    consent_to_the_temp_agency(cast, person)


def _mission_jeunes(cast):
    # The cast's Mission Jeunes link predates conventions: the convention signed here takes its place.
    PartnershipLink.objects.filter(organisation_a=cast.ml_a, organisation_b=cast.temp_agency).delete()
    convention = convention_services.convention_create(
        user=cast.admin,
        membership=membership_of(cast.admin),
        level=ConventionLevel.LOCAL,
        kind=ConventionKind.MISSION_JEUNES,
        data=convention_services.ConventionData(
            title="Mission Jeunes A – Intérim Test", starts_on=datetime.date(2025, 1, 1)
        ),
        parties=[
            convention_services.PartyData(organisation=cast.ml_a, role=PartyRole.SIGNATORY, contact=cast.adviser_a),
            convention_services.PartyData(
                organisation=cast.temp_agency, role=PartyRole.SIGNATORY, contact=cast.temp_contact
            ),
        ],
    )
    return convention_services.convention_sign(
        convention=convention, user=cast.admin, membership=membership_of(cast.admin)
    )


def test_a_temp_agency_lands_on_the_young_people_who_agreed_its_sessions_and_its_single_contacts(client, cast):
    agreed = _led_by_a(cast, first_name="Yanis", last_name="Accord")
    _consent(cast, agreed)
    withdrawn = _led_by_a(cast, first_name="Léa", last_name="Sansaccord")
    follow_add_contributor(person=withdrawn, organisation=cast.temp_agency, by=cast.temp_contact)  # but no consent
    EmployerEventFactory(
        organisation=cast.ml_a,
        format=EventFormat.JOB_PRESENTATION,
        title="Présentation des métiers de la logistique",
        taking_part=[cast.temp_agency],
    )
    _mission_jeunes(cast)
    client.force_login(cast.temp_contact)

    page = client.get(reverse("shell:home")).content.decode()

    section = page[page.index('id="partner-home"') :]
    assert reverse("people:detail", args=[agreed.pk]) in section
    assert "Sansaccord" not in page
    assert "Présentation des métiers de la logistique" in section
    assert "Mission Jeunes A – Intérim Test" in section
    assert f"{cast.ml_a.name} : {cast.adviser_a.get_full_name()}" in section
    assert AuditEntry.objects.filter(user=cast.temp_contact, object_type="caseload", detail="home: 1").exists()


def test_a_plie_adviser_lands_on_their_participants(client, cast):
    plie = OrganisationFactory(kind=OrganisationKind.PLIE, name="PLIE Test")
    adviser = MembershipFactory(user=UserFactory(email="plie@example.org"), organisation=plie, role=Role.ADVISER).user
    participant = PersonFactory(first_name="Karim", last_name="Participant", birth_date=datetime.date(1980, 5, 1))
    follow_set_lead(person=participant, organisation=plie, adviser=adviser, by=adviser)
    client.force_login(adviser)

    page = client.get(reverse("shell:home")).content.decode()

    section = page[page.index('id="partner-home"') :]
    assert "Vos participants (1)" in section or "Votre participant (1)" in section
    assert reverse("people:detail", args=[participant.pk]) in section


def test_a_mission_locale_adviser_s_home_has_no_partner_section(client, cast):
    client.force_login(cast.adviser_a)

    assert 'id="partner-home"' not in client.get(reverse("shell:home")).content.decode()


@pytest.mark.parametrize("people", [2, 12])
def test_the_temp_agency_home_reads_the_same_number_of_queries_whatever_the_numbers(
    client, cast, people, django_assert_max_num_queries
):
    for index in range(people):
        person = _led_by_a(cast, last_name=f"Jeune{index}")
        _consent(cast, person)
        EmployerEventFactory(organisation=cast.ml_a, taking_part=[cast.temp_agency])
    _mission_jeunes(cast)
    client.force_login(cast.temp_contact)

    with django_assert_max_num_queries(28):
        response = client.get(reverse("shell:home"))

    assert response.status_code == 200


def test_a_metropole_manager_lands_on_the_actions_it_runs_with_their_places_left(client, cast):
    metropole = OrganisationFactory(kind=OrganisationKind.EPCI, name="Métropole Test")
    manager = MembershipFactory(
        user=UserFactory(email="direction.metropole@example.org"), organisation=metropole, role=Role.MANAGER
    ).user
    BarrierActionFactory(organisation=metropole, title="Places en crèche", capacity=3)
    client.force_login(manager)

    page = client.get(reverse("shell:home")).content.decode()

    section = page[page.index('id="partner-home"') :]
    assert "Vos actions de levée des freins" in section and "Places en crèche" in section
    assert "<td>3 sur 3\n</td>" in section  # places left, of the capacity
