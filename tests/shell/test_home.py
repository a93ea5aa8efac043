"""A France Travail agency's home follows the designations it sent to the Missions Locales."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.referrals import services
from tandem.referrals.enums import RefusalReason
from tandem.referrals.models import Referral
from tandem.referrals.selectors import designations_sent_summary_for
from tests.people.factories import PersonFactory


def designate(cast, **person):
    return services.referral_propose(
        person=PersonFactory(followed_by=cast.agency_b, **person),
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_a,
        by=cast.agent_b,
        is_designation=True,
    )


@pytest.fixture
def sent(cast):
    """Four designations of France Travail B: one waiting, one accepted, one refused, one expired."""
    waiting = designate(cast, first_name="Alix", last_name="Attente")
    accepted = designate(cast, first_name="Bruno", last_name="Accepté")
    services.referral_accept(referral=accepted, by=cast.adviser_a, organisation=cast.ml_a)
    refused = designate(cast, first_name="Chloé", last_name="Refus")
    services.referral_refuse(
        referral=refused, by=cast.adviser_a, organisation=cast.ml_a, reason=RefusalReason.OUTSIDE_TERRITORY
    )
    expired = designate(cast, first_name="Dylan", last_name="Expiré")
    services.referral_propose(  # a referral that is no designation is not counted
        person=PersonFactory(followed_by=cast.agency_b),
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_a,
        by=cast.agent_b,
    )
    Referral.objects.filter(pk=expired.pk).update(answer_due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert services.referrals_expire() == 1
    return {"waiting": waiting, "accepted": accepted, "refused": refused, "expired": expired}


def test_the_summary_counts_the_agency_s_designations_by_outcome(cast, sent, django_assert_num_queries):
    membership = cast.agent_b.memberships.select_related("organisation").get()
    with django_assert_num_queries(2):  # the counts (one aggregate), the latest designations
        counts, latest = designations_sent_summary_for(membership=membership, latest=3)
        [referral.person.first_name for referral in latest]  # the names come with them
    assert counts == {"pending": 1, "accepted": 1, "refused": 1, "expired": 1}
    assert len(latest) == 3


def test_the_agency_s_home_shows_its_designations_linked_to_their_pages_and_the_sent_tab(client, cast):
    designate(cast, first_name="Alix", last_name="Attente")
    refused = designate(cast, first_name="Chloé", last_name="Refus")
    services.referral_refuse(
        referral=refused, by=cast.adviser_a, organisation=cast.ml_a, reason=RefusalReason.OUTSIDE_TERRITORY
    )
    client.force_login(cast.agent_b)
    response = client.get(reverse("shell:home"))
    body = response.content.decode()
    assert "Vos désignations en cotraitance" in body
    assert [tile[:2] for tile in response.context["designation_tiles"]] == [
        ("En attente de réponse", 1),
        ("Acceptées", 0),
        ("Refusées", 1),
        ("Expirées sans suite", 0),
    ]
    assert f'href="/orientations/{refused.pk}/"' in body and "Chloé Refus" in body
    assert "Hors de notre territoire" in body
    assert 'href="/orientations/?onglet=envoyees"' in body
    assert AuditEntry.objects.filter(object_type="referral_list", detail="home: 2").exists()


def test_a_mission_locale_s_home_has_no_designations_section(client, cast, sent):
    client.force_login(cast.adviser_a)
    response = client.get(reverse("shell:home"))
    assert "designation_tiles" not in response.context
    assert "Vos désignations en cotraitance" not in response.content.decode()


def test_another_agency_sees_none_of_b_s_designations(client, cast, sent):
    from tandem.accounts.enums import Role
    from tandem.organisations.enums import OrganisationKind
    from tests.accounts.factories import MembershipFactory
    from tests.organisations.factories import OrganisationFactory

    other = MembershipFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail D"), role=Role.ADVISER
    )
    client.force_login(other.user)
    response = client.get(reverse("shell:home"))
    assert response.context["designations_sent"] == []
    assert "Chloé" not in response.content.decode()


def test_the_agency_home_query_count_is_pinned(client, cast, sent, django_assert_num_queries):
    client.force_login(cast.agent_b)
    # session, user, memberships (acting and switcher), coverage count, partnership links with partners,
    # referrals needing attention (one aggregate), designations sent (counts, latest), the audit entry of the
    # names shown, is_administrator (menu), the header's unread notifications, the territory's shared diagnostics
    with django_assert_num_queries(12):
        client.get(reverse("shell:home"))
