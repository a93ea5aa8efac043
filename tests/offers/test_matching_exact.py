"""The matching returns the exact best pairs: for pools larger than any page, its top N is the top N of a
brute-force ranking of every eligible row (tests/offers/matching_oracle.py), in both directions.

Each example builds its pool inside a transaction rolled back at its end. The pools mix every criterion: jobs of
the same code, domain or neither, appellations, places with and without coordinates (an offer's own, its
commune's, none), licences, night work and minors, part time and childcare, contract wishes, experience asked in
months or years, qualification levels named or usual, mobility barriers, visibility and earlier positionings.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.access.selectors import person_list_for
from tandem.offers import matching
from tandem.offers.enums import ContractType, ExperienceRequirement, OfferSource, OfferStatus, SharingScope
from tandem.offers.models import Offer, Positioning
from tandem.offers.selectors import offer_visible_to
from tandem.people.enums import BarrierKind, BarrierStatus, FollowRole
from tandem.people.models import Barrier, Follow, JobProfile, Person
from tandem.referentials.models import RomeAppellation
from tandem.territories.models import Commune
from tests.offers.matching_oracle import best_offers, best_people

TODAY = datetime.date(2026, 6, 15)
PAGE = 5
# Bas-Rhin around Haguenau, one commune of the Haut-Rhin, and Bordeaux (out of Mission Locale A's territory).
COMMUNES = ["67180", "67544", "67482", "67437", "67462", "67046", "68066", "33063"]
ROMES = ["G1602", "G1603", "K2204"]  # G1602 and G1603 share the domain G16
QUALIFICATIONS = [
    "",
    "CAP cuisine exigé",
    "Bac+2 ou BTS",
    "BAC PRO",
    "Licence professionnelle",
    "niveau 5",
    "Employé qualifié",
    "EMPLOYÉ QUALIFIÉ",
    "Employé non qualifié",
    "Manœuvre",
    "Technicien",
    "Agent de maîtrise",
    "Cadre",
    "Sérieux et motivé",
]
EXPERIENCE_LABELS = ["", "2 An(s)", "6 Mois", "1 an minimum", "Débutant accepté", "24 mois ou 2 ans", "0 mois"]
LEVELS = ["", "none", "3", "4", "5", "6", "7"]
CONTRACTS = [ContractType.CDI, ContractType.CDD, ContractType.TEMP, ContractType.APPRENTICESHIP]
COORDINATES = st.tuples(st.integers(4840, 4910), st.integers(720, 800)).map(lambda p: (p[0] / 100, p[1] / 100))


def _appellations() -> list[str]:
    """One real appellation of each ROME code."""
    return [RomeAppellation.objects.filter(rome_id=code).order_by("code_ogr")[0].code_ogr for code in ROMES]


offer_rows = st.fixed_dictionaries(
    {
        "rome": st.sampled_from([*ROMES, None]),
        "appellation": st.sampled_from([None, 0, 1, 2]),
        "commune": st.sampled_from([*COMMUNES, None]),
        "own_point": st.one_of(st.none(), COORDINATES),
        "licence": st.booleans(),
        "night": st.booleans(),
        "working_time": st.sampled_from(["", "full_time", "part_time"]),
        "contract": st.sampled_from(CONTRACTS),
        "experience": st.sampled_from(list(ExperienceRequirement.values)),
        "experience_label": st.sampled_from(EXPERIENCE_LABELS),
        "qualification": st.sampled_from(QUALIFICATIONS),
        "status": st.sampled_from([OfferStatus.OPEN] * 5 + [OfferStatus.FILLED]),
        "owner": st.sampled_from(["ml_a"] * 4 + ["agency_b", "ml_c"]),
    }
)
experiences = st.lists(
    st.one_of(
        st.fixed_dictionaries({"title": st.just("Commis"), "duration_months": st.integers(1, 30)}),
        st.just({"title": "Plonge", "duration_months": None}),
        st.just({"intitulé": "Commis", "durée": "6 mois"}),
    ),
    max_size=3,
)
person_rows = st.fixed_dictionaries(
    {
        "commune": st.sampled_from([*COMMUNES, None]),
        "minor": st.booleans(),
        "profile": st.booleans() | st.just(True),
        "romes": st.lists(st.sampled_from(ROMES), max_size=2, unique=True),
        "appellations": st.lists(st.sampled_from([0, 1, 2]), max_size=2, unique=True),
        "max_km": st.sampled_from([5, 10, 30, 60, 300]),
        "licence": st.booleans(),
        "vehicle": st.booleans(),
        "part_time": st.booleans(),
        "wishes": st.lists(st.sampled_from(CONTRACTS), max_size=2, unique=True),
        "level": st.sampled_from(LEVELS),
        "experiences": experiences,
        "childcare": st.sampled_from([None, BarrierStatus.IDENTIFIED, BarrierStatus.LIFTED]),
        "mobility": st.sampled_from([None, BarrierStatus.BEING_LIFTED, BarrierStatus.LIFTED]),
        "followed": st.sampled_from([True, True, True, False]),
        "positioned": st.sampled_from([False, False, False, True]),
    }
)


def _offer(cast, row, appellations, n) -> Offer:
    rome = row["rome"]
    appellation = None
    if row["appellation"] is not None and rome is not None:
        appellation = appellations[row["appellation"]]
    lat, lon = row["own_point"] or (None, None)
    owner = getattr(cast, row["owner"])
    return Offer.objects.create(
        source=OfferSource.PARTNER,
        external_id=f"exact-{n}",
        organisation=owner,
        title=f"Offre {n}",
        rome_id=rome,
        appellation_id=appellation,
        commune_id=row["commune"],
        latitude=lat,
        longitude=lon,
        requires_driving_licence=row["licence"],
        night_work=row["night"],
        working_time=row["working_time"],
        contract_type=row["contract"],
        experience=row["experience"],
        experience_label=row["experience_label"],
        qualification_level=row["qualification"],
        status=row["status"],
        sharing={"ml_a": SharingScope.OWN, "agency_b": SharingScope.PARTNERS, "ml_c": SharingScope.OWN}[row["owner"]],
    )


def _person(cast, row, appellations) -> Person:
    years = 16 if row["minor"] else 22
    person = Person.objects.create(
        first_name="Camille",
        last_name="Test",
        birth_date=TODAY.replace(year=TODAY.year - years),
        commune_id=row["commune"],
    )
    if row["followed"]:
        Follow.objects.create(
            person=person,
            organisation=cast.ml_a,
            adviser=cast.adviser_a,
            role=FollowRole.LEAD,
            started_at=timezone.now(),
        )
    if row["profile"]:
        profile = JobProfile.objects.create(
            person=person,
            max_distance_km=row["max_km"],
            has_driving_licence=row["licence"],
            has_vehicle=row["vehicle"],
            part_time_only=row["part_time"],
            wished_contract_types=[str(c) for c in row["wishes"]],
            qualification_level=row["level"],
            experiences=row["experiences"],
        )
        profile.sought_romes.set(row["romes"])
        profile.sought_appellations.set([appellations[i] for i in row["appellations"]])
    for kind, status in ((BarrierKind.CHILDCARE, row["childcare"]), (BarrierKind.MOBILITY, row["mobility"])):
        if status is not None:
            Barrier.objects.create(person=person, kind=kind, status=status, identified_on=TODAY)
    return person


def _pairs_of(matches):
    return [(m.offer.pk, m.person.pk, m.score) for m in matches]


def _reference(judged):
    return [(j.offer_id, j.person_id, j.score) for j in judged]


class _Rollback(Exception):
    pass


def _in_rollback(run):
    try:
        with transaction.atomic():
            run()
            raise _Rollback
    except _Rollback:
        pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seeker=person_rows,
    offers=st.lists(offer_rows, min_size=3 * PAGE, max_size=40),
    commune_without_point=st.sampled_from([None, *COMMUNES[:3]]),
)
def test_the_offers_suggested_are_the_exact_best_ones(cast, seeker, offers, commune_without_point):
    appellations = _appellations()
    membership = cast.adviser_a.memberships.get()

    def run():
        if commune_without_point:
            Commune.objects.filter(code=commune_without_point).update(latitude=None, longitude=None)
        person = _person(cast, {**seeker, "followed": True}, appellations)
        for n, row in enumerate(offers):
            _offer(cast, row, appellations, n)
        eligible = offer_visible_to(membership=membership).select_related("rome", "commune")
        expected = best_offers(Person.objects.get(pk=person.pk), eligible, today=TODAY, limit=PAGE)

        found = matching.offer_suggestions_for(person=person, membership=membership, today=TODAY, limit=PAGE)

        assert _pairs_of(found.matches) == _reference(expected)
        # What the ranking deferred is computed again for the page (queries._ranked): each pair's outcomes, the
        # reasons' source, are those of the pair judged alone, every feature read.
        for shown in found.matches:
            alone = matching.match_for(person=person, offer=shown.offer, today=TODAY)
            assert (shown.outcomes, shown.reasons_met, shown.reasons_missed) == (
                alone.outcomes,
                alone.reasons_met,
                alone.reasons_missed,
            )

    _in_rollback(run)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    offer=offer_rows,
    people=st.lists(person_rows, min_size=3 * PAGE, max_size=30),
    commune_without_point=st.sampled_from([None, *COMMUNES[:3]]),
)
def test_the_candidates_suggested_are_the_exact_best_ones(cast, offer, people, commune_without_point):
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
        eligible = person_list_for(membership=membership).exclude(positionings__offer=job).select_related("commune")
        expected = best_people(Offer.objects.get(pk=job.pk), eligible, today=TODAY, limit=PAGE)

        found = matching.candidate_suggestions_for(offer=job, membership=membership, today=TODAY, limit=PAGE)

        assert _pairs_of(found.matches) == _reference(expected)
        # A tier's shared features are given, not read (queries._Tier.known): each pair's outcomes, the reasons'
        # source, are those of the pair judged alone.
        for shown in found.matches:
            alone = matching.match_for(person=shown.person, offer=job, today=TODAY)
            assert (shown.outcomes, shown.reasons_met, shown.reasons_missed) == (
                alone.outcomes,
                alone.reasons_met,
                alone.reasons_missed,
            )

    _in_rollback(run)
