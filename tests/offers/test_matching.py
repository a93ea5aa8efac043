"""Matching: offers suggested to a young person and candidates suggested for an offer, with the reasons."""

from __future__ import annotations

import datetime
import logging

import factory
from django.utils import timezone

from tandem.offers import matching
from tandem.offers.enums import ContractType, ExperienceRequirement, OfferSource, SharingScope, WorkingTime
from tandem.offers.models import Offer, Positioning, SeenSoughtJob
from tandem.people.enums import BarrierKind, BarrierStatus
from tandem.people.models import Barrier, JobProfile
from tandem.people.services import consent_revoke, follow_set_lead
from tandem.referentials.models import RomeAppellation
from tandem.territories.models import Commune
from tests.organisations.factories import OrganisationFactory
from tests.people.factories import PersonFactory, referred_to_the_temp_agency

HAGUENAU, WISSEMBOURG, STRASBOURG, BORDEAUX = "67180", "67544", "67482", "33063"
COOK, RESTAURANT_CREW, OFFICE_CLEANING = "G1602", "G1603", "K2204"  # G1602 and G1603 share domain G16


class OfferFactory(factory.django.DjangoModelFactory):
    """Open offers placed by their commune (no coordinates of their own), shared with the territory."""

    class Meta:
        model = Offer

    source = OfferSource.PARTNER
    organisation = factory.SubFactory(OrganisationFactory, kind="ft_agency")
    external_id = factory.Sequence(lambda n: f"match-{n}")
    title = factory.Sequence(lambda n: f"Offre {n}")
    employer_name = "Employeur test"
    rome_id = COOK
    commune_id = HAGUENAU
    contract_type = ContractType.CDD
    working_time = WorkingTime.UNKNOWN
    sharing = SharingScope.TERRITORY


def membership_of(user):
    return user.memberships.get()


def seeker(cast, *, romes=(COOK,), commune=WISSEMBOURG, birth_date=None, **profile):
    """A young person led by Mission Locale A, with a job profile."""
    person = PersonFactory(commune_id=commune, **({"birth_date": birth_date} if birth_date else {}))
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    job_profile = JobProfile.objects.create(person=person, **profile)
    job_profile.sought_romes.set(romes)
    return person


def suggested(cast, person, **kwargs):
    return matching.offer_suggestions_for(person=person, membership=membership_of(cast.adviser_a), **kwargs)


def test_the_domain_s_offers_are_read_only_when_they_could_enter_the_page(cast, django_assert_num_queries):
    """Offers of the sought job in the person's own commune score above anything an offer of the domain can reach
    (scoring.BEST_POINTS_BESIDE_JOB): a full page of them is the answer, in one ranking. A page of sought-job
    offers far away scores less: the domain is read too, and its near offer enters the page."""
    person = seeker(cast, commune=HAGUENAU, max_distance_km=25)
    membership = membership_of(cast.adviser_a)
    near = [OfferFactory(rome_id=COOK, commune_id=HAGUENAU) for _ in range(3)]
    OfferFactory(rome_id=RESTAURANT_CREW, commune_id=HAGUENAU)
    # the person's features, the organisation, its départements and partners, one ranking (with what the page shows
    # of the offers)
    with django_assert_num_queries(5):
        found = matching.offer_suggestions_for(person=person, membership=membership, limit=3)
    assert {m.offer for m in found.matches} == set(near)
    far = [OfferFactory(rome_id=COOK, commune_id=WISSEMBOURG) for _ in range(3)]
    found = matching.offer_suggestions_for(person=person, membership=membership, limit=6)
    offers = [m.offer for m in found.matches]
    assert set(offers[:3]) == set(near) and set(offers[4:]) <= set(far)
    assert offers[3].rome_id == RESTAURANT_CREW  # 25 + 30 at home beats a cook's offer 22 km away (50 + 4)


def test_same_rome_ranks_above_same_domain_and_other_domains_are_left_out(cast):
    person = seeker(cast)
    domain = OfferFactory(rome_id=RESTAURANT_CREW)
    same = OfferFactory(rome_id=COOK)
    OfferFactory(rome_id=OFFICE_CLEANING)

    result = suggested(cast, person)

    assert [m.offer for m in result.matches] == [same, domain]
    assert "Même métier (G1602)" in result.matches[0].reasons_met
    assert any(r.startswith("Même domaine professionnel") for r in result.matches[1].reasons_met)


def test_a_sought_appellation_counts_as_its_rome_and_its_domain(cast):
    person = seeker(cast, romes=())
    person.job_profile.sought_appellations.set(RomeAppellation.objects.filter(rome_id=COOK)[:1])
    same = OfferFactory(rome_id=COOK)
    domain = OfferFactory(rome_id=RESTAURANT_CREW)

    assert [m.offer for m in suggested(cast, person).matches] == [same, domain]


def test_far_offers_are_left_out_and_near_ones_show_the_distance(cast):
    person = seeker(cast)  # Wissembourg: Haguenau is 22 km away, Strasbourg 53 km, Bordeaux 800 km
    near = OfferFactory(commune_id=HAGUENAU)
    far = OfferFactory(commune_id=STRASBOURG)
    OfferFactory(commune_id=BORDEAUX)

    result = suggested(cast, person)

    assert [m.offer for m in result.matches] == [near]
    assert "à 22 km" in result.matches[0].reasons_met
    assert round(result.matches[0].distance_km) == 22
    beyond = matching.match_for(person=person, offer=far, today=timezone.localdate())
    assert beyond.excluded == "Trop loin"
    assert "à 53 km, au-delà des 30 km acceptés" in beyond.reasons_missed


def test_a_wider_maximum_distance_brings_farther_offers(cast):
    person = seeker(cast, max_distance_km=60)
    far = OfferFactory(commune_id=STRASBOURG)

    assert [m.offer for m in suggested(cast, person).matches] == [far]


def test_an_offer_s_own_coordinates_win_over_its_commune(cast):
    person = seeker(cast)
    # Registered in Bordeaux but placed next to Wissembourg: the coordinates decide.
    offer = OfferFactory(organisation=cast.ml_a, commune_id=BORDEAUX, latitude=49.03, longitude=7.96)

    [match] = suggested(cast, person).matches

    assert match.offer == offer
    assert match.distance_km < 2


def test_without_coordinates_the_tier_of_communes_decides(cast):
    person = seeker(cast)
    Commune.objects.filter(code=WISSEMBOURG).update(latitude=None, longitude=None)  # as if the referential had none
    same_commune = matching.match_for(person=person, offer=OfferFactory(commune_id=WISSEMBOURG))
    same_departement = matching.match_for(person=person, offer=OfferFactory(commune_id=STRASBOURG))
    elsewhere = matching.match_for(person=person, offer=OfferFactory(commune_id=BORDEAUX))

    assert (same_commune.tier, same_departement.tier, elsewhere.tier) == (
        "same_commune",
        "same_departement",
        "elsewhere",
    )
    assert same_commune.score > same_departement.score > elsewhere.score
    assert not elsewhere.excluded
    assert "Même commune" in same_commune.reasons_met
    # The suggestions rank them the same way (Bordeaux lies outside what Mission Locale A sees).
    assert [m.offer for m in suggested(cast, person).matches] == [same_commune.offer, same_departement.offer]


def test_offers_requiring_a_licence_are_left_out_without_one(cast):
    without = seeker(cast)
    holder = seeker(cast, has_driving_licence=True)
    offer = OfferFactory(requires_driving_licence=True)

    result = suggested(cast, without)

    assert result.matches == []
    assert "Sans permis de conduire : offres exigeant le permis écartées" in result.filters
    [match] = suggested(cast, holder).matches
    assert match.offer == offer
    assert "Permis de conduire exigé : détenu" in match.reasons_met


def test_minors_are_not_offered_night_work(cast):
    today = timezone.localdate()
    minor = seeker(cast, birth_date=today.replace(year=today.year - 16, month=1, day=1))
    adult = seeker(cast)
    night = OfferFactory(night_work=True)

    assert suggested(cast, minor).matches == []
    assert [m.offer for m in suggested(cast, adult).matches] == [night]
    judged = matching.match_for(person=minor, offer=night, today=today)
    assert judged.excluded == "Travail de nuit interdit aux mineurs"


def test_a_childcare_barrier_penalises_full_time_offers_with_the_reason(cast):
    person = seeker(cast)
    barrier = Barrier.objects.create(person=person, kind=BarrierKind.CHILDCARE, identified_on=datetime.date(2026, 1, 5))
    full_time = OfferFactory(working_time=WorkingTime.FULL_TIME)
    part_time = OfferFactory(working_time=WorkingTime.PART_TIME)

    result = suggested(cast, person)

    assert [m.offer for m in result.matches] == [part_time, full_time]
    assert "Temps plein, alors que temps partiel seulement (garde d'enfants)" in result.matches[1].reasons_missed
    assert "Temps partiel" in result.matches[0].reasons_met
    barrier.status = BarrierStatus.LIFTED
    barrier.save()
    lifted = suggested(cast, person)
    assert all(not m.reasons_missed for m in lifted.matches)


def test_part_time_only_in_the_profile_penalises_full_time_too(cast):
    person = seeker(cast, part_time_only=True)
    OfferFactory(working_time=WorkingTime.FULL_TIME)

    [match] = suggested(cast, person).matches

    assert "Temps plein, alors que temps partiel seulement" in match.reasons_missed


def test_wished_contracts_and_required_experience_are_explained(cast):
    person = seeker(cast, wished_contract_types=[ContractType.CDI])
    wished = OfferFactory(contract_type=ContractType.CDI, experience=ExperienceRequirement.BEGINNER)
    other = OfferFactory(contract_type=ContractType.CDD, experience=ExperienceRequirement.REQUIRED)

    first, second = suggested(cast, person).matches

    assert (first.offer, second.offer) == (wished, other)
    assert {"Contrat souhaité : CDI", "Débutant accepté"} <= set(first.reasons_met)
    assert {"Contrat non souhaité : CDD", "Expérience exigée, aucune expérience renseignée"} <= set(
        second.reasons_missed
    )
    person.job_profile.experiences = [{"intitulé": "Commis", "secteur": "Restauration", "durée": "6 mois"}]
    person.job_profile.save()
    assert "Expérience exigée, aucune expérience renseignée" not in suggested(cast, person).matches[1].reasons_missed


def test_a_person_seeking_no_job_yet_gets_every_job_with_the_reason(cast):
    person = seeker(cast, romes=())
    cook = OfferFactory(rome_id=COOK)
    cleaning = OfferFactory(rome_id=OFFICE_CLEANING)

    result = suggested(cast, person)

    assert {m.offer for m in result.matches} == {cook, cleaning}
    assert all("Pas encore de métier recherché" in m.reasons_missed for m in result.matches)


def test_only_open_offers_the_organisation_may_see_are_suggested(cast):
    person = seeker(cast)
    shared = OfferFactory(organisation=cast.agency_b, sharing=SharingScope.PARTNERS)
    OfferFactory(organisation=cast.ml_c, sharing=SharingScope.OWN)  # another Mission Locale's own offer
    OfferFactory(organisation=cast.ml_a, status="filled")

    assert [m.offer for m in suggested(cast, person).matches] == [shared]


def test_the_best_offers_are_found_however_many_came_before_them(cast):
    person = seeker(cast)
    OfferFactory.create_batch(30, rome_id=RESTAURANT_CREW)  # same domain: 25 points
    best = OfferFactory(rome_id=COOK, commune_id=WISSEMBOURG)  # same job, at home: the newest, yet ranked first

    result = suggested(cast, person, limit=2)

    assert [m.offer for m in result.matches][0] == best
    assert len(result.matches) == 2


def test_candidates_are_ranked_with_reasons_among_visible_people_only(cast):
    cook = seeker(cast, commune=HAGUENAU)
    crew = seeker(cast, romes=(RESTAURANT_CREW,))
    seeker(cast, romes=(OFFICE_CLEANING,))  # another domain
    seeker(cast, commune=BORDEAUX)  # too far
    offer = OfferFactory(organisation=cast.ml_a, rome_id=COOK)

    result = matching.candidate_suggestions_for(offer=offer, membership=membership_of(cast.adviser_a))

    assert [m.person for m in result.matches] == [cook, crew]
    assert "Même métier (G1602)" in result.matches[0].reasons_met
    assert "à 22 km" in result.matches[1].reasons_met
    outsider = matching.candidate_suggestions_for(offer=offer, membership=membership_of(cast.adviser_c))
    assert outsider.matches == []


def test_a_candidate_the_index_holds_wrongly_is_not_shown_and_the_error_is_logged(cast, caplog):
    """SeenSoughtJob only says whom an organisation reaches; the rows shown are checked with the whole access rule.
    Written by hand here (the triggers never would), a row for someone Mission Locale A does not see shows nothing."""
    cook = seeker(cast)
    stranger = PersonFactory(commune_id=WISSEMBOURG)
    follow_set_lead(person=stranger, organisation=cast.ml_c, adviser=cast.adviser_c, by=cast.adviser_c)
    JobProfile.objects.create(person=stranger).sought_romes.set([COOK])
    SeenSoughtJob.objects.create(organisation=cast.ml_a, person=stranger, rome_id=COOK, domain="G16")
    offer = OfferFactory(organisation=cast.ml_a, rome_id=COOK)

    with caplog.at_level(logging.ERROR, logger="tandem.offers.matching.queries"):
        result = matching.candidate_suggestions_for(offer=offer, membership=membership_of(cast.adviser_a))

    assert [m.person for m in result.matches] == [cook]
    assert f"out of step with the access rule: persons [{stranger.pk}]" in caplog.text
    caplog.clear()  # checked: the guard of tests/offers/conftest.py would fail on it


def test_a_temp_agency_s_candidates_stop_at_a_withdrawn_consent_without_the_recheck(cast, caplog):
    """The ranking itself leaves out someone whose consent to share with the temp agency was withdrawn, though its
    referral stays open: nothing is left for the rows' recheck to catch (no "out of step" logged)."""
    cook = seeker(cast)
    consent = referred_to_the_temp_agency(cast, cook)
    offer = OfferFactory(organisation=cast.temp_agency, rome_id=COOK)
    temp = membership_of(cast.temp_contact)
    assert [m.person for m in matching.candidate_suggestions_for(offer=offer, membership=temp).matches] == [cook]

    consent_revoke(consent=consent, by=cast.adviser_a, organisation=cast.ml_a)

    assert matching.candidate_suggestions_for(offer=offer, membership=temp).matches == []
    assert "out of step" not in caplog.text


def test_candidates_left_out_say_why_one_by_one(cast):
    without_licence = seeker(cast)
    far = seeker(cast, commune=STRASBOURG, romes=(COOK,), has_driving_licence=True)
    offer = OfferFactory(organisation=cast.ml_a, commune_id=WISSEMBOURG, requires_driving_licence=True)

    result = matching.candidate_suggestions_for(offer=offer, membership=membership_of(cast.adviser_a))

    assert result.matches == []
    assert "Permis de conduire exigé : personnes sans permis écartées" in result.filters
    assert matching.match_for(person=without_licence, offer=offer).excluded == "Permis de conduire exigé"
    assert matching.match_for(person=far, offer=offer).excluded == "Trop loin"


def test_people_already_put_forward_for_the_offer_are_not_suggested_again(cast):
    proposed = seeker(cast)
    other = seeker(cast)
    offer = OfferFactory(organisation=cast.ml_a, commune_id=WISSEMBOURG)
    Positioning.objects.create(
        person=proposed, offer=offer, organisation=cast.ml_a, proposed_at=timezone.now(), status="not_retained"
    )

    result = matching.candidate_suggestions_for(offer=offer, membership=membership_of(cast.adviser_a))

    assert [m.person for m in result.matches] == [other]


def test_candidates_are_read_tier_by_tier_and_the_first_tier_suffices_when_its_page_is_beyond_reach(
    cast, django_assert_num_queries
):
    """People who seek the offer's job at home score above anything a person of the domain or seeking nothing can
    reach (scoring.BEST_POINTS_BESIDE_JOB): one ranking query reads them alone, and the answer is the same."""
    cooks = [seeker(cast, commune=HAGUENAU) for _ in range(3)]
    seeker(cast, romes=(RESTAURANT_CREW,), commune=HAGUENAU)  # the domain, at home: 25 + 30 points
    seeker(cast, romes=(), commune=HAGUENAU)  # seeks nothing yet: 10 + 30 points
    offer = OfferFactory(organisation=cast.ml_a, rome_id=COOK, commune_id=HAGUENAU)
    membership = membership_of(cast.adviser_a)
    membership.organisation  # noqa: B018 (read before counting, as a request has it)

    # The offer's features, the organisation's sites (the access rule), the first tier's ranking (with what the page
    # shows of the people), the jobs the reasons name.
    with django_assert_num_queries(4):
        result = matching.candidate_suggestions_for(offer=offer, membership=membership, limit=3)

    assert [m.person for m in result.matches] == sorted(cooks, key=lambda person: person.pk)


def test_when_the_first_tier_leaves_room_the_next_tiers_are_read_in_order(cast, django_assert_num_queries):
    cook = seeker(cast, commune=HAGUENAU)
    crew = seeker(cast, romes=(RESTAURANT_CREW,), commune=HAGUENAU)
    nothing_yet = seeker(cast, romes=(), commune=HAGUENAU)
    seeker(cast, romes=(OFFICE_CLEANING,), commune=HAGUENAU)  # another domain: never
    offer = OfferFactory(organisation=cast.ml_a, rome_id=COOK, commune_id=HAGUENAU)
    membership = membership_of(cast.adviser_a)
    membership.organisation  # noqa: B018

    with django_assert_num_queries(6):  # as above, with the three tiers' rankings
        result = matching.candidate_suggestions_for(offer=offer, membership=membership, limit=3)

    assert [m.person for m in result.matches] == [cook, crew, nothing_yet]


def test_the_offers_shown_are_read_by_the_ranking_as_the_database_holds_them(cast, django_assert_num_queries):
    """What a suggestion shows of an offer (title, employer, place, job, domain, appellation, commune, contract,
    working time) comes with the ranking's rows: the same values as a fresh read, and reading them costs no query.
    An offer without a job or a commune shows none."""
    person = seeker(cast, romes=(), commune=HAGUENAU)
    appellation = RomeAppellation.objects.filter(rome_id=COOK).order_by("code_ogr").first()
    full = OfferFactory(
        rome_id=COOK,
        appellation=appellation,
        place_label="67 - HAGUENAU",
        employer_name="Brasserie du Marché",
        working_time=WorkingTime.PART_TIME,
        contract_type=ContractType.CDI,
    )
    bare = OfferFactory(organisation=cast.ml_a, rome_id=None, commune_id=None, employer_name="", place_label="")
    found = suggested(cast, person)
    shown = {match.offer.pk: match.offer for match in found.matches}
    assert set(shown) == {full.pk, bare.pk}
    fields = ("title", "employer_name", "place_label", "contract_type", "working_time")
    with django_assert_num_queries(0):
        read = {
            pk: (
                [getattr(offer, name) for name in fields],
                offer.rome and (offer.rome.code, offer.rome.label, offer.rome.domain_code, offer.rome.domain_label),
                offer.appellation and (offer.appellation.code_ogr, offer.appellation.label),
                offer.commune and (offer.commune.code, offer.commune.name),
                offer.get_contract_type_display(),
            )
            for pk, offer in shown.items()
        }
    for pk, values in read.items():
        fresh = Offer.objects.select_related("rome", "appellation", "commune").get(pk=pk)
        assert values == (
            [getattr(fresh, name) for name in fields],
            fresh.rome and (fresh.rome.code, fresh.rome.label, fresh.rome.domain_code, fresh.rome.domain_label),
            fresh.appellation and (fresh.appellation.code_ogr, fresh.appellation.label),
            fresh.commune and (fresh.commune.code, fresh.commune.name),
            fresh.get_contract_type_display(),
        )
    assert read[full.pk][2] is not None and read[full.pk][3] == (HAGUENAU, "Haguenau")
    assert read[bare.pk][1:4] == (None, None, None)
