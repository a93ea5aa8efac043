"""Matching with the job project: the qualification level against what the offer asks, the experience asked in
months, and a mobility barrier without a vehicle (far offers and offers needing a licence rank lower)."""

from __future__ import annotations

import datetime

import pytest

from tandem.offers import matching
from tandem.offers.enums import ExperienceRequirement
from tandem.people.enums import BarrierKind, BarrierStatus
from tandem.people.models import Barrier
from tests.offers.test_matching import HAGUENAU, WISSEMBOURG, OfferFactory, membership_of, seeker, suggested

ONE_YEAR = [{"title": "Commis", "sector": "Restauration", "duration_months": 12, "year": 2024}]


@pytest.mark.parametrize(
    "wording,level,named",
    [
        ("CAP cuisine exigé", "3", True),
        ("Bac+2 minimum", "5", True),
        ("BTS MCO", "5", True),
        ("Licence professionnelle", "6", True),
        ("Niveau 4", "4", True),
        ("Employé qualifié", "3", False),
        ("EMPLOYE QUALIFIE", "3", False),
        ("Technicien", "5", False),
        ("Cadre", "6", False),
        ("Employé non qualifié", None, None),
        ("Manœuvre", None, None),
        ("", None, None),
        ("Sérieux et motivé", None, None),
    ],
)
def test_the_level_an_offer_asks_is_read_from_its_qualification_field(db, wording, level, named):
    required = matching.offer_features(offer=OfferFactory(qualification_level=wording))["o_required"]
    assert (required // 10 if required else None, required % 10 == 1 if required else None) == (
        int(level) if level else None,
        named,
    )


def test_a_diploma_named_by_the_offer_ranks_the_qualified_first_with_the_reasons(cast):
    qualified = seeker(cast, qualification_level="5")
    below = seeker(cast, qualification_level="3")
    unknown = seeker(cast)
    offer = OfferFactory(organisation=cast.ml_a, qualification_level="BTS exigé")

    result = matching.candidate_suggestions_for(offer=offer, membership=membership_of(cast.adviser_a))

    assert [m.person for m in result.matches][0] == qualified
    by_person = {m.person: m for m in result.matches}
    assert (
        "Niveau de qualification attendu atteint : Bac+2 : BTS, DUT, DEUST (niveau 5)"
        in by_person[qualified].reasons_met
    )
    assert (
        "Diplôme demandé : Bac+2 : BTS, DUT, DEUST (niveau 5) ; niveau déclaré : CAP, BEP (niveau 3)"
        in by_person[below].reasons_missed
    )
    assert by_person[below].score < by_person[unknown].score < by_person[qualified].score
    assert any("non renseigné" in reason for reason in by_person[unknown].reasons_missed)


def test_the_level_usual_for_a_kind_of_job_counts_less_and_experience_stands_for_it(cast):
    none = seeker(cast, qualification_level="none")
    experienced = seeker(cast, qualification_level="none", experiences=ONE_YEAR)
    cap = seeker(cast, qualification_level="3")
    offer = OfferFactory(organisation=cast.ml_a, qualification_level="Employé qualifié")
    today = datetime.date(2026, 12, 1)

    judged = {p: matching.match_for(person=p, offer=offer, today=today) for p in (none, experienced, cap)}

    assert judged[cap].score > judged[experienced].score > judged[none].score
    assert (
        "Employé qualifié : CAP, BEP (niveau 3) généralement attendu ; niveau déclaré : Sans diplôme"
        in judged[none].reasons_missed
    )
    assert any("1 an d'expérience au lieu du niveau" in reason for reason in judged[experienced].reasons_met)


def test_the_experience_asked_in_years_is_compared_with_the_months_given(cast):
    short = seeker(cast, experiences=[{"title": "Commis", "duration_months": 8}])
    enough = seeker(
        cast, experiences=[{"title": "Commis", "duration_months": 18}, {"title": "Plonge", "duration_months": 8}]
    )
    offer = OfferFactory(experience=ExperienceRequirement.REQUIRED, experience_label="2 An(s)")
    today = datetime.date(2026, 12, 1)

    low = matching.match_for(person=short, offer=offer, today=today)
    high = matching.match_for(person=enough, offer=offer, today=today)

    assert "Expérience exigée : 2 ans ; expérience renseignée : 8 mois" in low.reasons_missed
    assert "Expérience exigée : 2 ans ; expérience renseignée : 26 mois" in high.reasons_met
    assert high.score > low.score


def mobility_barrier(person, status=BarrierStatus.IDENTIFIED):
    return Barrier.objects.create(
        person=person, kind=BarrierKind.MOBILITY, status=status, identified_on=datetime.date(2026, 1, 5)
    )


def test_a_mobility_barrier_without_a_vehicle_ranks_far_offers_lower_with_the_reason(cast):
    person = seeker(cast, max_distance_km=30)  # Wissembourg
    near = OfferFactory(commune_id=WISSEMBOURG)
    far = OfferFactory(commune_id=HAGUENAU)  # 22 km
    before = {m.offer: m.score for m in suggested(cast, person).matches}

    barrier = mobility_barrier(person)
    result = suggested(cast, person)

    assert [m.offer for m in result.matches] == [near, far]
    by_offer = {m.offer: m for m in result.matches}
    assert "Frein mobilité : à 22 km, sans véhicule" in by_offer[far].reasons_missed
    assert by_offer[far].score == before[far] - 15
    assert "Proche du domicile malgré le frein mobilité" in by_offer[near].reasons_met
    # With a vehicle, or once the barrier is lifted: no penalty.
    person.job_profile.has_vehicle = True
    person.job_profile.save()
    assert {m.offer: m.score for m in suggested(cast, person).matches} == before
    person.job_profile.has_vehicle = False
    person.job_profile.save()
    barrier.status = BarrierStatus.LIFTED
    barrier.save()
    assert {m.offer: m.score for m in suggested(cast, person).matches} == before


def test_a_mobility_barrier_without_a_vehicle_ranks_offers_needing_a_licence_lower(cast):
    person = seeker(cast, has_driving_licence=True)
    mobility_barrier(person, BarrierStatus.BEING_LIFTED)
    plain = OfferFactory(commune_id=WISSEMBOURG)
    driving = OfferFactory(commune_id=WISSEMBOURG, requires_driving_licence=True)

    first, second = suggested(cast, person).matches

    assert (first.offer, second.offer) == (plain, driving)
    assert "Frein mobilité : permis exigé, sans véhicule" in second.reasons_missed


def test_the_suggestions_read_the_barriers_in_one_query(cast, django_assert_num_queries):
    person = seeker(cast)
    mobility_barrier(person)
    OfferFactory.create_batch(3)
    membership = membership_of(cast.adviser_a)
    # the person's features, barriers and sought jobs included (1), the organisation of the offers' scope (1),
    # the départements of its territory (1) and its partners (1), the ranking with the reasons of the rows shown
    # (2: the sought jobs' offers, then their domains', the page not being full), each with what the page shows of
    # the offers
    with django_assert_num_queries(6):
        matching.offer_suggestions_for(person=person, membership=membership)
