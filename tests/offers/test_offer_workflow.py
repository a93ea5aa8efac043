"""An offer's own life: shared and updated with events, withdrawn or reopened by its owner, expired by the
daily job, filled by its last hire (tandem.offers.workflow)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tandem.events.models import Event
from tandem.offers import services
from tandem.offers.enums import ContractType, OfferStatus, SharingScope
from tandem.offers.models import Offer


def kinds(offer: Offer) -> list[str]:
    return list(Event.objects.filter(subject_type="offer", subject_id=offer.pk).values_list("kind", flat=True))


@pytest.fixture
def offer(cast) -> Offer:
    return services.offer_create(
        organisation=cast.ml_a,
        by=cast.adviser_a,
        title="Serveur ou serveuse",
        contract_type=ContractType.CDD,
        commune_id="67180",
        sharing=SharingScope.PARTNERS,
    )


def test_sharing_and_changing_an_offer_write_events(cast, offer):
    services.offer_update(offer=offer, by=cast.adviser_a, title="Serveur ou serveuse (H/F)")
    services.offer_update(offer=offer, by=cast.adviser_a, title="Serveur ou serveuse (H/F)")  # no change
    assert kinds(offer) == ["offer_created", "offer_updated"]
    assert Event.objects.filter(kind="offer_updated").get().payload["fields"] == ["title"]


def test_only_the_owner_withdraws_and_reopens_with_an_event_each(client, cast, offer):
    with pytest.raises(ValidationError, match="Seule l'organisation qui partage l'offre"):
        services.offer_withdraw(offer=offer, by=cast.agent_b, organisation=cast.agency_b)
    client.force_login(cast.agent_b)  # a partner sees the offer but may not withdraw it
    assert client.post(reverse("offers:offer_withdraw", args=[offer.pk])).status_code == 404
    client.force_login(cast.adviser_a)
    page = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "Retirer l&#x27;offre" in page or "Retirer l'offre" in page
    client.post(reverse("offers:offer_withdraw", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    services.offer_reopen(offer=offer, by=cast.adviser_a, organisation=cast.ml_a)
    assert kinds(offer) == ["offer_created", "offer_withdrawn", "offer_reopened"]


def test_the_daily_job_expires_open_offers_past_their_date(cast, offer):
    Offer.objects.filter(pk=offer.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    call_command("offers_daily")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.EXPIRED and kinds(offer)[-1] == "offer_expired"
    assert services.offers_expire() == 0
