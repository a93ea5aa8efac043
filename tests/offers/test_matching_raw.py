"""The benchmarks compare like with like: the hand-written SQL of bench/national/raw_matching.py returns the same
ids, in the same order, as the product's matching, on pools mixing every criterion (both directions)."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.national.raw_matching import raw_candidates_for_offer, raw_offers_for_person
from tandem.offers import matching
from tandem.offers.enums import OfferStatus
from tandem.offers.models import Positioning
from tandem.territories.models import Commune
from tests.offers.test_matching_exact import (
    COMMUNES,
    PAGE,
    _appellations,
    _in_rollback,
    _offer,
    _person,
    offer_rows,
    person_rows,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seeker=person_rows,
    offers=st.lists(offer_rows, min_size=3 * PAGE, max_size=40),
    commune_without_point=st.sampled_from([None, *COMMUNES[:3]]),
)
def test_the_raw_sql_finds_the_offers_the_product_finds(cast, seeker, offers, commune_without_point):
    appellations = _appellations()
    membership = cast.adviser_a.memberships.get()

    def run():
        if commune_without_point:
            Commune.objects.filter(code=commune_without_point).update(latitude=None, longitude=None)
        person = _person(cast, {**seeker, "followed": True}, appellations)
        for n, row in enumerate(offers):
            _offer(cast, row, appellations, n)
        ours = matching.offer_suggestions_for(person=person, membership=membership, limit=PAGE)
        with connection.cursor() as cursor:
            raw = raw_offers_for_person(cursor, person_id=person.pk, organisation_id=cast.ml_a.pk, limit=PAGE)
        assert raw == [match.offer.pk for match in ours.matches]

    _in_rollback(run)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    offer=offer_rows,
    people=st.lists(person_rows, min_size=3 * PAGE, max_size=30),
    commune_without_point=st.sampled_from([None, *COMMUNES[:3]]),
)
def test_the_raw_sql_finds_the_candidates_the_product_finds(cast, offer, people, commune_without_point):
    appellations = _appellations()
    membership = cast.adviser_a.memberships.get()

    def run():
        if commune_without_point:
            Commune.objects.filter(code=commune_without_point).update(latitude=None, longitude=None)
        job = _offer(cast, {**offer, "owner": "ml_a", "status": OfferStatus.OPEN}, appellations, 0)
        for row in people:
            person = _person(cast, row, appellations)
            if row["positioned"]:
                Positioning.objects.create(
                    person=person, offer=job, organisation=cast.ml_a, proposed_at=timezone.now(), status="withdrawn"
                )
        ours = matching.candidate_suggestions_for(offer=job, membership=membership, limit=PAGE)
        with connection.cursor() as cursor:
            raw = raw_candidates_for_offer(cursor, offer_id=job.pk, organisation_id=cast.ml_a.pk, limit=PAGE)
        assert raw == [match.person.pk for match in ours.matches]

    _in_rollback(run)
