"""Matching in both directions: what the product's exact ranking costs, against the same answer in hand-written SQL.

Offers are spread over mainland France, denser around a few cities (Strasbourg and Haguenau among them, where the
young people live), over every ROME code; each figure is the median of a few suggestions pages (20 rows). The raw
figure is bench/national/raw_matching.py, which returns the same ids (tests/offers/test_matching_raw.py): the ratio
says what the ORM, the scope rules and the two-step reading cost above what the database itself needs.
`TANDEM_BENCH_SCALE` sizes it (1.0: 200,000 offers and 5,000 young people); no timing is asserted.
"""

from __future__ import annotations

import datetime
import random
import statistics

from django.db import connection
from django.utils import timezone

from bench.national.raw_matching import raw_candidates_for_offer, raw_offers_for_person
from bench.scale import bench_scale
from bench.timing import median_ms
from tandem.offers.enums import ContractType, OfferSource, OfferStatus, SharingScope, WorkingTime
from tandem.offers.matching import candidate_suggestions_for, offer_suggestions_for
from tandem.offers.models import Offer
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, JobProfile, Person
from tandem.referentials.models import RomeCode

OFFERS = max(300, int(200_000 * bench_scale()))
PEOPLE = max(100, int(5_000 * bench_scale()))
SAMPLES = 8
CITIES = [(48.58, 7.75), (48.82, 7.79), (48.86, 2.35), (45.76, 4.84), (43.30, 5.37), (47.22, -1.55), (50.63, 3.06)]
HOMES = ["67180", "67482", "67544", "67437"]  # Haguenau, Strasbourg, Wissembourg, Saverne
QUALIFICATIONS = ["", "Employé qualifié", "Ouvrier qualifié (P1,P2)", "Cadre", "CAP exigé", "Technicien"]
EXPERIENCES = [("D", "Débutant accepté"), ("E", "2 An(s)"), ("E", "6 Mois"), ("S", "1 An(s)"), ("", "")]


def _place(rng: random.Random) -> tuple[float, float]:
    if rng.random() < 0.6:
        lat, lon = rng.choice(CITIES)
        return lat + rng.gauss(0, 0.25), lon + rng.gauss(0, 0.35)
    return rng.uniform(42.5, 51.0), rng.uniform(-4.5, 8.0)


def _offers(cast, romes: list[str]) -> None:
    rng = random.Random(20261210)
    rows = []
    for n in range(OFFERS):
        lat, lon = _place(rng)
        experience, label = rng.choice(EXPERIENCES)
        rows.append(
            Offer(
                source=OfferSource.FRANCE_TRAVAIL,
                external_id=f"bench-match-{n}",
                organisation=cast.agency_b,
                sharing=SharingScope.PARTNERS,
                title="Offre",
                rome_id=rng.choice(romes),
                latitude=lat,
                longitude=lon,
                contract_type=rng.choice([ContractType.CDI, ContractType.CDD, ContractType.TEMP]),
                working_time=rng.choice([WorkingTime.FULL_TIME, WorkingTime.PART_TIME, WorkingTime.UNKNOWN]),
                requires_driving_licence=rng.random() < 0.2,
                night_work=rng.random() < 0.05,
                experience=experience,
                experience_label=label,
                qualification_level=rng.choice(QUALIFICATIONS),
                status=OfferStatus.OPEN if rng.random() < 0.9 else OfferStatus.FILLED,
            )
        )
    Offer.objects.bulk_create(rows, batch_size=5000)


def _people(cast, romes: list[str]) -> list[Person]:
    rng = random.Random(20261211)
    today = timezone.localdate()
    people = [
        Person(
            first_name="Camille",
            last_name=f"Banc{n}",
            birth_date=today - datetime.timedelta(days=rng.randint(16 * 365, 25 * 365)),
            commune_id=rng.choice(HOMES),
        )
        for n in range(PEOPLE)
    ]
    Person.objects.bulk_create(people, batch_size=2000)
    now = timezone.now()
    Follow.objects.bulk_create(
        [
            Follow(person=p, organisation=cast.ml_a, adviser=cast.adviser_a, role=FollowRole.LEAD, started_at=now)
            for p in people
        ],
        batch_size=2000,
    )
    profiles = JobProfile.objects.bulk_create(
        [
            JobProfile(
                person=p,
                max_distance_km=rng.choice([10, 30, 30, 50]),
                has_driving_licence=rng.random() < 0.5,
                qualification_level=rng.choice(["", "none", "3", "4", "5"]),
                wished_contract_types=rng.sample(["cdi", "cdd", "temp"], rng.randint(0, 2)),
                experiences=[{"title": "Commis", "duration_months": rng.randint(1, 30)}] if rng.random() < 0.5 else [],
            )
            for p in people
        ],
        batch_size=2000,
    )
    through = JobProfile.sought_romes.through
    through.objects.bulk_create(
        [through(jobprofile=profile, romecode_id=code) for profile in profiles for code in rng.sample(romes, 2)],
        batch_size=5000,
    )
    return people


def test_matching_ours_against_raw_sql(cast, capsys):
    romes = list(RomeCode.objects.order_by("code").values_list("code", flat=True))
    _offers(cast, romes)
    people = _people(cast, romes)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    membership = cast.adviser_a.memberships.get()
    rng = random.Random(3)
    lines = []
    sample_people = rng.sample(people, SAMPLES)
    ours = [
        median_ms(lambda p=p: offer_suggestions_for(person=p, membership=membership), repeat=3) for p in sample_people
    ]
    with connection.cursor() as cursor:
        raw = [
            median_ms(lambda p=p: raw_offers_for_person(cursor, person_id=p.pk, organisation_id=cast.ml_a.pk), repeat=3)
            for p in sample_people
        ]
    lines.append(("offers for a person", ours, raw))
    near = Offer.objects.filter(status=OfferStatus.OPEN, latitude__range=(48.4, 49.0), longitude__range=(7.4, 8.1))
    sample_offers = list(near.order_by("?")[:SAMPLES])
    ours = [
        median_ms(lambda o=o: candidate_suggestions_for(offer=o, membership=membership), repeat=3)
        for o in sample_offers
    ]
    with connection.cursor() as cursor:
        raw = [
            median_ms(
                lambda o=o: raw_candidates_for_offer(cursor, offer_id=o.pk, organisation_id=cast.ml_a.pk), repeat=3
            )
            for o in sample_offers
        ]
    lines.append(("candidates for an offer", ours, raw))
    with capsys.disabled():
        print()
        for label, ours_ms, raw_ms in lines:
            median_ours, median_raw = statistics.median(ours_ms), statistics.median(raw_ms)
            print(
                f"matching, {label} ({OFFERS} offers, {PEOPLE} people, {connection.vendor}): "
                f"{median_ours:.1f} ms, raw SQL {median_raw:.1f} ms, ratio {median_ours / median_raw:.2f} "
                f"(p95-ish max: ours {max(ours_ms):.1f}, raw {max(raw_ms):.1f})"
            )
    person = sample_people[0]
    with connection.cursor() as cursor:
        raw_ids = raw_offers_for_person(cursor, person_id=person.pk, organisation_id=cast.ml_a.pk)
    assert [m.offer.pk for m in offer_suggestions_for(person=person, membership=membership).matches] == raw_ids
