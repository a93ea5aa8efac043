"""The offers list read page by page (one index read per sharing branch) is exactly the single-query list."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.accounts.models import Membership
from tandem.core.pagination import BoundedPaginator
from tandem.offers.enums import SharingScope
from tandem.offers.models import Offer
from tandem.offers.selectors import offer_list_for, offer_pages_for
from tandem.territories.models import Commune
from tests.offers.factories import OfferFactory

MOMENT = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)

offer_specs = st.lists(
    st.tuples(
        st.sampled_from(["ml_a", "agency_b", "ml_c"]),
        st.sampled_from(list(SharingScope.values)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=5)),  # few moments: ties on published_at
        st.sampled_from(["67180", "67482", "33063"]),
    ),
    min_size=0,
    max_size=40,
)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=offer_specs, page_size=st.integers(min_value=1, max_value=7), bound=st.integers(min_value=1, max_value=30))
def test_every_page_holds_the_same_offers_in_the_same_order_as_the_whole_list(cast, specs, page_size, bound):
    Offer.objects.all().delete()
    for organisation, sharing, moment, commune in specs:
        OfferFactory(
            organisation=getattr(cast, organisation),
            sharing=sharing,
            published_at=None if moment is None else MOMENT + datetime.timedelta(hours=moment),
            commune_id=commune,
        )
    membership = Membership.objects.get(user=cast.adviser_a)
    whole = list(offer_list_for(membership=membership))

    paginator = BoundedPaginator(offer_pages_for(membership=membership), page_size, bound=bound)
    paged = [offer for number in paginator.page_range for offer in paginator.page(number).object_list]

    assert paged == whole[:bound]
    assert paginator.count == min(len(whole), bound) and paginator.more == (len(whole) > bound)


@pytest.mark.django_db
def test_around_a_commune_the_pages_go_nearest_first_like_the_whole_list(cast):
    for commune in ["67180", "67482", "67544", "67437"]:
        place = Commune.objects.get(code=commune)
        OfferFactory(organisation=cast.ml_a, commune_id=commune, latitude=place.latitude, longitude=place.longitude)
    membership = Membership.objects.get(user=cast.adviser_a)
    haguenau = Commune.objects.get(code="67180")
    filters = {"commune": haguenau, "distance_km": 60}

    whole = list(offer_list_for(membership=membership, **filters))
    pages = offer_pages_for(membership=membership, **filters)

    assert len(whole) >= 3 and pages[0 : len(whole)] == whole
    assert [offer.distance_km for offer in pages[0:2]] == sorted(offer.distance_km for offer in whole)[:2]
