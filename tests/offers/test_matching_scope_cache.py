"""The matching's scopes, compiled once per process for what the access rules read of the organisation: the open
offers a person's suggestions are ranked among (queries._open_offers_scope), the people of each of an offer's job
tiers (queries._tier_candidates). The kept text must be the scope compiled afresh, and a partnership that starts or
ends changes the offers suggested at once."""

import datetime

import pytest
from django.utils import timezone

from tandem.core import compiled
from tandem.offers.enums import SharingScope
from tandem.offers.matching import criteria, queries
from tandem.organisations.models import PartnershipLink
from tests.offers.test_matching import COOK, HAGUENAU, OFFICE_CLEANING, OfferFactory, seeker, suggested
from tests.organisations.factories import OrganisationFactory, PartnershipLinkFactory


@pytest.fixture(autouse=True)
def _empty_cache(monkeypatch):
    monkeypatch.setattr(compiled, "_COMPILED", {})


def _fresh(user):
    return user.memberships.select_related("organisation").get()


def test_the_kept_scope_is_the_scope_compiled_afresh_for_each_organisation_and_person(cast):
    texts = set()
    for user in (cast.adviser_a, cast.agent_b, cast.adviser_c, cast.temp_contact):
        for licence in (True, False):
            for minor in (True, False):
                kept = queries._open_offers_scope(_fresh(user), licence=licence, minor=minor)
                offers = queries._open_offers(_fresh(user), licence=licence, minor=minor)
                assert kept == queries._base(offers, criteria.OFFER_BASE)
                assert queries._open_offers_scope(_fresh(user), licence=licence, minor=minor) == kept
                texts.add((kept[0], repr(kept[1])))  # (the partners are one list on PostgreSQL)
    scopes = [key for key in compiled._COMPILED if key[0] == "matching.open_offers"]
    assert len(scopes) == len(texts) == 16


def _partner_offer():
    """An offer of an organisation that is not Mission Locale A's partner yet, shared with its partners only."""
    return OfferFactory(
        organisation=OrganisationFactory(kind="temp_agency", commune_id=HAGUENAU),
        sharing=SharingScope.PARTNERS,
        rome_id=COOK,
        commune_id=HAGUENAU,
    )


def _suggested_ids(cast, person) -> set[int]:
    return {match.offer.pk for match in suggested(cast, person).matches}


def test_a_partnership_that_starts_shares_its_offers_with_the_next_suggestions(cast):
    person = seeker(cast, commune=HAGUENAU)
    offer = _partner_offer()
    assert offer.pk not in _suggested_ids(cast, person)
    PartnershipLinkFactory(organisation_a=cast.ml_a, organisation_b=offer.organisation)
    assert offer.pk in _suggested_ids(cast, person)


def test_a_partnership_that_ends_no_longer_shares_its_offers(cast):
    person = seeker(cast, commune=HAGUENAU)
    offer = _partner_offer()
    PartnershipLinkFactory(organisation_a=cast.ml_a, organisation_b=offer.organisation)
    assert offer.pk in _suggested_ids(cast, person)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    PartnershipLink.objects.filter(organisation_b=offer.organisation).update(ends_on=yesterday)
    assert offer.pk not in _suggested_ids(cast, person)


def _fresh_tier(membership, job, position, today):
    born_after = criteria.minor_birth_after(today) if job["o_night"] else None
    people = queries._candidates(membership, job, position, licence=bool(job["o_licence"]), born_after=born_after)
    return queries._base(people, criteria.SEEKER_BASE | queries.SHOWN_PERSON)


def test_each_tier_s_people_are_the_tier_compiled_afresh_for_every_offer_and_organisation(cast):
    """Offers of each shape (a job of a domain, no job; a licence asked, night work), then another offer of each
    shape, whose tiers are read from what the first ones compiled: each tier's text and values are those of the
    tier compiled afresh for that offer."""
    today = timezone.localdate()
    shapes = [
        {"rome_id": COOK},
        {"rome_id": OFFICE_CLEANING, "requires_driving_licence": True},
        {"rome_id": COOK, "night_work": True},
        {"rome_id": None, "appellation_id": None},
    ]
    users = (cast.adviser_a, cast.agent_b, cast.temp_contact)
    for round_ in range(2):
        for shape in shapes:
            job = queries.offer_features(offer=OfferFactory(**shape))
            for user in users:
                for position in range(len(queries._job_tiers(job))):
                    kept = queries._tier_candidates(_fresh(user), job, position, today=today)
                    assert kept == _fresh_tier(_fresh(user), job, position, today)
        if round_ == 0:
            compiled_count = len(compiled._COMPILED)
    assert len(compiled._COMPILED) == compiled_count  # the second offers read what the first ones compiled


def test_a_site_added_to_the_mission_locale_is_in_its_tiers_at_once(cast):
    today = timezone.localdate()
    job = queries.offer_features(offer=OfferFactory(rome_id=COOK))
    before = queries._tier_candidates(_fresh(cast.adviser_a), job, 0, today=today)
    site = OrganisationFactory(kind="ml_site", parent=cast.ml_a)
    after = queries._tier_candidates(_fresh(cast.adviser_a), job, 0, today=today)
    assert site.pk not in before[1]
    assert site.pk in after[1]
    assert after == _fresh_tier(_fresh(cast.adviser_a), job, 0, today)


def test_the_temp_agency_s_tiers_are_compiled_for_each_day(cast, monkeypatch):
    """A consent stands from the day it was given: the rule's day is in the temp agency's tiers."""
    job = queries.offer_features(offer=OfferFactory(rome_id=COOK))
    texts = set()
    for day in (datetime.date(2026, 3, 1), datetime.date(2026, 3, 2)):
        monkeypatch.setattr(timezone, "localdate", lambda day=day: day)
        kept = queries._tier_candidates(_fresh(cast.temp_contact), job, 0, today=day)
        assert kept == _fresh_tier(_fresh(cast.temp_contact), job, 0, day)
        texts.add(repr(kept))
    assert len(texts) == 2
