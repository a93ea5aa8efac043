"""A referral goes only along a partnership link, for a person the sender sees, and to a temp agency only with
the person's consent: the same rule whatever the channel (page, API token, service)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.enums import TokenScope
from tandem.people.services import consent_revoke, person_register
from tandem.referrals import services
from tandem.referrals.models import Referral
from tests.accounts.factories import bearer
from tests.organisations.factories import OrganisationFactory
from tests.people.factories import consent_to_the_temp_agency


@pytest.fixture
def led_by_a(cast):
    return person_register(
        by=cast.adviser_a,
        organisation=cast.ml_a,
        adviser=cast.adviser_a,
        first_name="Léa",
        last_name="Orientable",
        birth_date=datetime.date(2005, 3, 2),
        commune_id="67544",
    )


def test_the_api_refuses_a_referral_to_an_organisation_without_partnership(client, cast, led_by_a):
    tours = OrganisationFactory(kind="mission_locale", name="Mission Locale de Tours")
    response = client.post(
        "/api/v1/referrals",
        data={"person_id": led_by_a.pk, "to_organisation_id": tours.pk, "reason": "Déménagement"},
        content_type="application/json",
        **bearer(cast.ml_a, scope=TokenScope.WRITE),
    )
    assert response.status_code == 409
    assert "n'ont pas de partenariat en cours" in response.json()["detail"]
    assert not Referral.objects.exists()
    # The unrelated Mission Locale still cannot read the record.
    assert client.get(f"/api/v1/people/{led_by_a.pk}", **bearer(tours)).status_code == 404


def test_the_service_refuses_it_too_and_a_partner_is_accepted(cast, led_by_a):
    with pytest.raises(ValidationError, match="n'ont pas de partenariat en cours"):
        services.referral_propose(
            person=led_by_a, from_organisation=cast.ml_a, to_organisation=cast.ml_c, by=cast.adviser_a
        )
    referral = services.referral_propose(
        person=led_by_a, from_organisation=cast.ml_a, to_organisation=cast.agency_b, by=cast.adviser_a
    )
    assert referral.link.is_reference_site


def test_an_organisation_cannot_refer_a_person_it_does_not_follow(cast, led_by_a):
    with pytest.raises(ValidationError, match="ne suit pas cette personne"):
        services.referral_propose(
            person=led_by_a, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b
        )


def test_an_expired_partnership_is_no_partnership(cast, led_by_a):
    link = cast.ml_a.links_as_a.get(organisation_b=cast.agency_b)
    link.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    link.save()
    with pytest.raises(ValidationError, match="n'ont pas de partenariat en cours"):
        services.referral_propose(
            person=led_by_a, from_organisation=cast.ml_a, to_organisation=cast.agency_b, by=cast.adviser_a
        )


def test_the_page_offers_only_partners_and_refuses_a_forged_choice(client, cast, led_by_a):
    client.force_login(cast.adviser_a)
    url = reverse("people:refer", args=[led_by_a.pk])
    body = client.get(url).content.decode()
    assert "France Travail B" in body and "Mission Locale C" not in body
    response = client.post(url, {"to_organisation": cast.ml_c.pk, "reason": "Forcé"})
    assert response.status_code == 200 and not Referral.objects.exists()


def test_a_referral_to_a_temp_agency_needs_the_consent_first(cast, led_by_a):
    with pytest.raises(ValidationError, match="demande d'abord le consentement"):
        services.referral_propose(
            person=led_by_a, from_organisation=cast.ml_a, to_organisation=cast.temp_agency, by=cast.adviser_a
        )


def test_a_temp_agency_sees_nothing_nominative_in_its_inbox_or_the_referral_page_once_consent_is_withdrawn(
    client, cast, led_by_a
):
    consent = consent_to_the_temp_agency(cast, led_by_a)
    referral = services.referral_propose(
        person=led_by_a,
        from_organisation=cast.ml_a,
        to_organisation=cast.temp_agency,
        by=cast.adviser_a,
        reason="Mission Jeunes : missions en logistique",
    )
    client.force_login(cast.temp_contact)
    assert "Orientable" in client.get(reverse("referrals:inbox")).content.decode()
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 200
    consent_revoke(consent=consent, by=cast.adviser_a, organisation=cast.ml_a)
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert "Orientable" not in inbox and "logistique" not in inbox
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert client.get(f"/api/v1/referrals/{referral.pk}").status_code == 404
    assert client.get("/api/v1/referrals").json() == []


def test_a_first_meeting_cannot_precede_the_referral(client, cast, led_by_a):
    referral = services.referral_propose(
        person=led_by_a, from_organisation=cast.ml_a, to_organisation=cast.agency_b, by=cast.adviser_a
    )
    services.referral_accept(referral=referral, by=cast.agent_b, organisation=cast.agency_b)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="ne peut pas précéder l'orientation"):
        services.referral_record_meeting(
            referral=referral, by=cast.agent_b, organisation=cast.agency_b, held_on=yesterday
        )
    client.force_login(cast.agent_b)
    response = client.post(
        reverse("referrals:schedule", args=[referral.pk]),
        {"schedule-meeting_at": (timezone.localtime() - datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "Le premier rendez-vous ne peut pas précéder l&#x27;orientation" in response.content.decode()
    referral.refresh_from_db()
    assert referral.meeting_at is None
