"""PLIE participants (seed 004): the PLIE follows adults too, so a person's record takes any age, while the
cotraitance designation keeps its age rule; referrals between the PLIE, France Travail and a Mission Locale run on
the same workflow, and whoever refers sees who already follows the person (one lead per person)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.designations.services import designation_check
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, Person
from tandem.people.services import follow_add_contributor, follow_set_lead
from tandem.referrals.enums import ReferralStatus
from tandem.referrals.models import Referral
from tandem.territories.models import Commune
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.organisations.factories import OrganisationFactory, PartnershipLinkFactory
from tests.people.factories import PersonFactory


@pytest.fixture
def plie(cast):
    plie = OrganisationFactory(kind=OrganisationKind.PLIE, name="PLIE Test", commune_id="67180")
    PartnershipLinkFactory(
        organisation_a=plie,
        organisation_b=cast.agency_b,
        kind=PartnershipKind.PLIE,
        starts_on=datetime.date(2025, 1, 1),
    )
    adviser = MembershipFactory(
        user=UserFactory(email="conseiller.plie@example.org"), organisation=plie, role=Role.ADVISER
    ).user
    return plie, adviser


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def test_a_plie_adviser_registers_a_participant_aged_45_and_leads_the_record(client, plie):
    organisation, adviser = plie
    client.force_login(adviser)

    response = client.post(
        reverse("people:create"),
        {
            "first_name": "Karim",
            "last_name": "Participant",
            "birth_date": _years_ago(45).isoformat(),
            "commune": "67180",
            "legal_basis": "public_interest",
        },
    )

    person = Person.objects.get(last_name="Participant")
    assert response.status_code == 302
    assert person.age_on(timezone.localdate()) == 45
    lead = Follow.objects.get(person=person, role=FollowRole.LEAD)
    assert (lead.organisation, lead.adviser) == (organisation, adviser)


def test_the_designation_rule_is_unchanged_a_45_year_old_is_not_designated_to_a_mission_locale(cast):
    eligibility = designation_check(
        birth_date=_years_ago(45),
        has_rqth=False,
        commune=Commune.objects.get(code="67180"),
        day=timezone.localdate(),
    )

    assert not eligibility.eligible
    assert "Trop âgé·e : 45 ans" in eligibility.reason


def test_the_plie_refers_a_participant_to_france_travail_on_the_same_workflow(client, cast, plie):
    organisation, adviser = plie
    client.force_login(adviser)
    client.post(
        reverse("people:create"),
        {
            "first_name": "Sonia",
            "last_name": "Adulte",
            "birth_date": _years_ago(38).isoformat(),
            "commune": "67180",
            "legal_basis": "public_interest",
        },
    )
    person = Person.objects.get(last_name="Adulte")

    form = client.get(reverse("people:refer", args=[person.pk]))
    response = client.post(
        reverse("people:refer", args=[person.pk]),
        {"to_organisation": cast.agency_b.pk, "reason": "Accompagnement vers l'emploi"},
    )

    section = form.content.decode().split('id="who-follows"')[1]
    assert f"PLIE Test – référent ({adviser.get_full_name()})" in section
    referral = Referral.objects.get(person=person)
    assert response.status_code == 302
    assert (referral.from_organisation, referral.to_organisation, referral.status) == (
        organisation,
        cast.agency_b,
        ReferralStatus.PROPOSED,
    )


def test_who_already_follows_shows_the_lead_and_the_contributors_before_referring(client, cast):
    person = PersonFactory()
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    follow_add_contributor(person=person, organisation=cast.agency_b, by=cast.agent_b)
    client.force_login(cast.adviser_a)

    page = client.get(reverse("people:refer", args=[person.pk])).content.decode()

    section = page[page.index('id="who-follows"') :]
    assert f"{cast.ml_a.name} – référent ({cast.adviser_a.get_full_name()})" in section
    assert f"{cast.agency_b.name} – contributeur" in section
