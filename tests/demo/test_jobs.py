"""The demo's jobs side: job profiles, offers on the demo territories and positionings (the demo loaded once)."""

from __future__ import annotations

from django.db.models import Count

from tandem.demo.jobs.offers import DEMO_MARKER, FT_PREFIX
from tandem.demo.jobs.profiles import demo_people
from tandem.demo.jobs.summary import journey_example, near_offers
from tandem.demo.scenarios import bordeaux
from tandem.events.models import Event
from tandem.offers.enums import OfferSource, OfferStatus, PositioningStatus, SharingScope
from tandem.offers.matching.scoring import haversine_km
from tandem.offers.models import Offer, Positioning
from tandem.organisations.enums import OrganisationKind
from tandem.people.models import JobProfile


def test_every_demo_young_person_has_a_job_profile(demo):
    assert demo.counts["job_profiles"] == JobProfile.objects.count() == demo_people().count() > 250
    assert demo.counts["offers"] >= 350


def test_every_young_person_seeks_one_or_two_jobs_in_tension_sectors(demo):
    sought = JobProfile.objects.annotate(n=Count("sought_romes")).values_list("n", flat=True)

    assert set(sought) <= {1, 2}
    profiles = JobProfile.objects.all()
    licences = profiles.filter(has_driving_licence=True).count() / profiles.count()
    assert 0.25 < licences < 0.5
    assert profiles.filter(part_time_only=True).exists()
    assert all(10 <= km <= 40 for km in profiles.values_list("max_distance_km", flat=True))


def test_there_are_positionings_in_every_status_each_with_its_events(demo):
    statuses = dict(Positioning.objects.values_list("status").annotate(n=Count("pk")).order_by())

    assert set(statuses) == set(PositioningStatus.values)
    assert 50 <= sum(statuses.values()) <= 70
    proposed = Event.objects.filter(kind="positioning_proposed").count()
    assert proposed == sum(statuses.values())
    assert Event.objects.filter(kind="positioning_hired").count() == statuses[PositioningStatus.HIRED]


def test_positionings_are_proposed_by_mission_locale_advisers_and_hires_fill_single_position_offers(demo):
    positionings = Positioning.objects.select_related("organisation", "offer")
    # In Grenoble, the PLIE and the Métropole's employer-relations officer put their own people forward.
    grenoble = {OrganisationKind.PLIE, OrganisationKind.EPCI}

    assert {p.organisation.kind for p in positionings} == {OrganisationKind.MISSION_LOCALE, *grenoble}
    assert all(p.proposed_by.memberships.filter(organisation=p.organisation).exists() for p in positionings)
    hires = [p for p in positionings if p.status == PositioningStatus.HIRED]
    assert hires and all(p.offer.hires >= 1 for p in hires)
    local = [p for p in hires if p.organisation.kind == OrganisationKind.MISSION_LOCALE]
    assert local and all(p.offer.positions == 1 and p.offer.status == OfferStatus.FILLED for p in local)
    assert any(p.organisation.kind == OrganisationKind.PLIE for p in hires)


def test_offers_come_from_every_source_and_are_clearly_fictitious(demo):
    by_source = dict(Offer.objects.values_list("source").annotate(n=Count("pk")).order_by())

    assert set(by_source) == set(OfferSource.values)
    france_travail = Offer.objects.filter(source=OfferSource.FRANCE_TRAVAIL)
    assert not france_travail.exclude(external_id__startswith=FT_PREFIX).exists()
    assert not france_travail.exclude(sharing=SharingScope.TERRITORY).exists()
    assert not france_travail.exclude(organisation__kind=OrganisationKind.FT_AGENCY).exists()
    temp = Offer.objects.filter(source=OfferSource.TEMP_AGENCY)
    assert set(temp.values_list("contract_type", flat=True)) == {"temp"}
    assert set(temp.values_list("commune__departement_id", flat=True)) == {"42"}
    assert not Offer.objects.exclude(employer_name__endswith="(fictif)").exists()
    assert not Offer.objects.exclude(description__contains=DEMO_MARKER).exists()
    assert set(Offer.objects.values_list("status", flat=True)) >= {OfferStatus.OPEN, OfferStatus.FILLED, "expired"}


def test_offers_are_on_real_communes_at_their_coordinates(demo):
    offers = Offer.objects.select_related("commune")

    assert all(o.commune is not None and o.commune.latitude is not None for o in offers)
    assert all((o.latitude, o.longitude) == (o.commune.latitude, o.commune.longitude) for o in offers)


def test_a_bordeaux_young_person_finds_france_travail_offers_of_their_sought_job_near_home(demo):
    example = journey_example()

    assert example is not None
    assert example.adviser.memberships.filter(organisation__name=bordeaux.ML_NAME).exists()
    assert len(example.offers) >= 5
    home, sought = example.person.commune, set(example.person.job_profile.sought_romes.values_list("code", flat=True))
    for offer in example.offers:
        assert offer.source == OfferSource.FRANCE_TRAVAIL and offer.status == OfferStatus.OPEN
        assert offer.rome_id in sought
        assert haversine_km(home.latitude, home.longitude, offer.latitude, offer.longitude) <= 20


def test_most_bordeaux_young_people_have_several_offers_near_home(demo):
    people = (
        demo_people().filter(commune_id__in=bordeaux.MISSION_LOCALE_TERRITORY).select_related("commune", "job_profile")
    )

    with_several = [person for person in people if len(near_offers(person)) >= 3]

    assert len(with_several) > people.count() / 2
