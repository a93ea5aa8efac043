"""A Mission Locale's site is part of it: referrals for the site's communes land in the site's inbox, the Mission
Locale's staff see them too, the site's advisers see the young people of their site only (docs/access.md)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tandem.access.permissions import Access, person_access
from tandem.accounts.enums import Role
from tandem.designations.services import designation_propose
from tandem.organisations.enums import OrganisationKind
from tandem.people.enums import FollowRole
from tandem.referrals import services
from tandem.referrals.enums import ReferralStatus
from tandem.referrals.selectors import referral_inbox_for
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.organisations.factories import OrganisationFactory
from tests.people.factories import PersonFactory

WISSEMBOURG, HAGUENAU = "67544", "67180"


@pytest.fixture
def site(cast):
    return OrganisationFactory(
        kind=OrganisationKind.ML_SITE,
        name="Mission Locale A – site de Wissembourg",
        parent=cast.ml_a,
        commune_id=WISSEMBOURG,
        coverage=[WISSEMBOURG],
    )


@pytest.fixture
def site_adviser(site):
    user = UserFactory(email="adviser.site@example.org")
    MembershipFactory(user=user, organisation=site, role=Role.ADVISER)
    return user


def _propose(cast, commune_id: str):
    person = PersonFactory(followed_by=cast.agency_b, commune_id=commune_id)
    referral = services.referral_propose(
        person=person,
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_a,
        by=cast.agent_b,
        is_designation=True,
    )
    return person, referral


def test_a_referral_for_a_commune_of_a_site_lands_in_the_site_s_inbox_and_the_mission_locale_s(
    cast, site, site_adviser
):
    person, referral = _propose(cast, WISSEMBOURG)

    assert referral.to_organisation == site
    assert referral.link.organisation_a == cast.ml_a  # the deadlines are the Mission Locale's partnership's
    site_membership = site_adviser.memberships.get()
    parent_membership = cast.adviser_a.memberships.get()
    assert list(referral_inbox_for(membership=site_membership)) == [referral]
    assert list(referral_inbox_for(membership=parent_membership)) == [referral]
    assert person_access(site_membership, person) == Access.SHARED
    assert person_access(parent_membership, person) == Access.SHARED


def test_a_referral_for_another_commune_of_the_mission_locale_stays_out_of_the_site(cast, site, site_adviser, client):
    person, referral = _propose(cast, HAGUENAU)

    assert referral.to_organisation == cast.ml_a
    site_membership = site_adviser.memberships.get()
    assert list(referral_inbox_for(membership=site_membership)) == []
    assert person_access(site_membership, person) == Access.NONE
    client.force_login(site_adviser)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404


def test_the_site_adviser_accepts_through_the_page_and_the_site_leads_seen_in_full_by_the_mission_locale(
    cast, site, site_adviser, client
):
    person, referral = _propose(cast, WISSEMBOURG)
    client.force_login(site_adviser)

    response = client.post(reverse("referrals:accept", args=[referral.pk]))

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    lead = person.follows.get(role=FollowRole.LEAD, ended_at__isnull=True)
    assert lead.organisation == site and lead.adviser == site_adviser
    assert person_access(site_adviser.memberships.get(), person) == Access.FULL
    assert person_access(cast.adviser_a.memberships.get(), person) == Access.FULL  # a site is part of its ML
    assert person_access(cast.adviser_c.memberships.get(), person) == Access.NONE
    client.force_login(cast.adviser_a)
    caseload = client.get(reverse("people:caseload") + "?status=lead")
    assert person in caseload.context["page"].object_list


def test_the_mission_locale_s_staff_may_answer_for_its_site_but_no_other_organisation(cast, site, site_adviser):
    _person, referral = _propose(cast, WISSEMBOURG)
    other_site = OrganisationFactory(kind=OrganisationKind.ML_SITE, parent=cast.ml_c, coverage=[])

    with pytest.raises(ValidationError):
        services.referral_accept(referral=referral, by=cast.adviser_c, organisation=cast.ml_c)
    with pytest.raises(ValidationError):
        services.referral_accept(referral=referral, by=cast.adviser_c, organisation=other_site)
    accepted = services.referral_accept(referral=referral, by=cast.adviser_a, organisation=cast.ml_a)

    assert accepted.status == ReferralStatus.ACCEPTED
    assert accepted.person.follows.get(role=FollowRole.LEAD).organisation == cast.ml_a


def test_a_second_proposal_to_the_mission_locale_finds_the_site_s_open_one(cast, site):
    person, _referral = _propose(cast, WISSEMBOURG)

    with pytest.raises(ValidationError) as refused:
        services.referral_propose(
            person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b
        )
    assert refused.value.code == "already_open"


def test_a_designation_routes_to_the_site_and_a_second_one_says_already_proposed(cast, site):
    person = PersonFactory(followed_by=cast.agency_b, commune_id=WISSEMBOURG)

    first = designation_propose(person=person, agency=cast.agency_b, by=cast.agent_b)
    second = designation_propose(person=person, agency=cast.agency_b, by=cast.agent_b)

    assert first.referral.to_organisation == site
    assert second.outcome == "already_proposed" and second.referral == first.referral


def test_a_site_adviser_does_not_see_the_mission_locale_s_own_young_people(cast, site, site_adviser):
    person, referral = _propose(cast, HAGUENAU)
    services.referral_accept(referral=referral, by=cast.adviser_a, organisation=cast.ml_a)

    assert person_access(site_adviser.memberships.get(), person) == Access.NONE
