"""The job profiles of the demo's young people: one to two jobs sought in a sector in tension, how far they would
travel, their contracts, skills, experiences and trainings. Seeded per person (by identity, not by row number),
created once: a second load finds them and adds nothing.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tandem.demo.jobs.catalogue import LANGUAGES, SECTORS, Sector, rome_codes_present
from tandem.demo.young_people.identities import SEED, age_on, weighted
from tandem.offers.enums import ContractType
from tandem.people.models import JobProfile, Person

# Weights of the sectors among the young people, and of their other wishes.
SECTOR_WEIGHTS = {
    "santé et aide à la personne": 18,
    "bâtiment": 14,
    "hôtellerie et restauration": 20,
    "industrie": 14,
    "transport et logistique": 18,
    "commerce": 20,
}
MAX_DISTANCES = {10: 15, 15: 20, 20: 25, 25: 15, 30: 15, 40: 10}
WISHED_CONTRACTS = {
    ContractType.CDI: 40,
    ContractType.CDD: 25,
    ContractType.TEMP: 15,
    ContractType.APPRENTICESHIP: 10,
    ContractType.PROFESSIONALISATION: 5,
    ContractType.SEASONAL: 5,
}
DURATIONS = ("2 semaines", "1 mois", "2 mois", "3 mois", "6 mois")
# The ARCEP fiction range every demo young person's phone number is drawn from (identities.identity_make).
DEMO_PHONE_PREFIX = "06 39 98"


def demo_people() -> QuerySet[Person]:
    return Person.objects.filter(phone__startswith=DEMO_PHONE_PREFIX, anonymised_at__isnull=True).order_by("pk")


def person_rng(person: Person, salt: str) -> random.Random:
    # A string seed is hashed with SHA-512: stable across runs and machines, unlike hash().
    return random.Random(f"{SEED}:{salt}:{person.last_name}:{person.first_name}:{person.birth_date}")


def _sample_weighted(rng: random.Random, weights: dict, count: int) -> list:
    chosen: list = []
    while len(chosen) < count:
        pick = weighted(rng, {key: w for key, w in weights.items() if key not in chosen})
        chosen.append(pick)
    return chosen


def _profile_make(person: Person, *, present: set[str], today) -> tuple[JobProfile, list[str]]:
    rng = person_rng(person, "job-profile")
    sectors = {sector.name: sector for sector in SECTORS}
    sector: Sector = sectors[weighted(rng, SECTOR_WEIGHTS)]
    romes = [code for code in sector.romes if code in present]
    sought = rng.sample(romes, min(len(romes), 2 if rng.random() < 0.4 else 1))
    adult = age_on(person.birth_date, today) >= 18
    licence = adult and rng.random() < 0.45
    wishes = dict(WISHED_CONTRACTS)
    if not adult:
        wishes[ContractType.APPRENTICESHIP] = 50
    this_year = today.year
    experiences = [
        {
            "title": title,
            "sector": sector.name.capitalize(),
            "duration": rng.choice(DURATIONS),
            "year": str(this_year - rng.randint(0, 3)),
        }
        for title in rng.sample(sector.experiences, rng.choice((0, 0, 1, 1, 2)))
    ]
    trainings = [
        {"title": title, "year": str(this_year - rng.randint(0, 5))}
        for title in rng.sample(sector.trainings, rng.choice((0, 1, 1, 2)))
    ]
    languages = [{"language": "Français", "level": "courant"}]
    if rng.random() < 0.45:
        languages.append(rng.choice(LANGUAGES))
    profile = JobProfile(
        person=person,
        max_distance_km=weighted(rng, MAX_DISTANCES),
        has_driving_licence=licence,
        has_vehicle=licence and rng.random() < 0.55,
        wished_contract_types=[str(code) for code in _sample_weighted(rng, wishes, rng.randint(1, 3))],
        part_time_only=rng.random() < 0.07,
        skills="\n".join(rng.sample(sector.skills, rng.randint(2, min(3, len(sector.skills))))),
        experiences=experiences,
        trainings=trainings,
        languages=languages,
    )
    return profile, sought


@transaction.atomic
def job_profiles_load() -> int:
    """A job profile for each demo young person; nothing when they have them already. Returns how many."""
    people = demo_people()
    if JobProfile.objects.filter(person__in=people).exists():
        return 0
    present, today = rome_codes_present(), timezone.localdate()
    made = [_profile_make(person, present=present, today=today) for person in people]
    for profile, _sought in made:
        profile.full_clean(exclude=["person"])
    profiles = JobProfile.objects.bulk_create([profile for profile, _sought in made])
    through = JobProfile.sought_romes.through
    through.objects.bulk_create(
        [
            through(jobprofile_id=profile.pk, romecode_id=code)
            for profile, (_made, sought) in zip(profiles, made, strict=True)
            for code in sought
        ]
    )
    return len(profiles)
