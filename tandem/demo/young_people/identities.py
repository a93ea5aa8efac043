"""Fictitious identities of the demo's young people: Faker fr_FR names, a phone range kept for fiction, identifiers
in a range the demo keeps for itself. One seed per person: the same person comes back on every fresh database.
"""

from __future__ import annotations

import datetime
import random
from functools import cache
from typing import Any

from django.utils.text import slugify
from faker import Faker

from tandem.demo.builders import DEMO_EMAIL_DOMAIN
from tandem.people.enums import FtCategory, HousingSituation
from tandem.territories.models import Commune

SEED = 2026
MIN_AGE, MAX_AGE, MAX_AGE_RQTH = 16, 25, 29
PERSON_EMAIL_DOMAIN = f"jeunes.{DEMO_EMAIL_DOMAIN}"
# France Travail identifiers are 7 digits and a letter; the demo's all start with 99.
FT_IDENTIFIER_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"

# Weights, most common first.
AGES = {16: 2, 17: 4, 18: 9, 19: 11, 20: 12, 21: 12, 22: 11, 23: 10, 24: 8, 25: 6}
FT_CATEGORIES = {FtCategory.A: 70, FtCategory.B: 10, FtCategory.D: 13, FtCategory.C: 4, FtCategory.E: 3}
EDUCATION_LEVELS = {"51": 20, "50": 14, "70": 15, "41": 15, "40": 14, "30": 8, "20": 5, "60": 5, "0": 3, "1": 1}
HOUSING = {
    HousingSituation.FAMILY: 55,
    HousingSituation.OWN: 15,
    HousingSituation.FRIENDS: 11,
    HousingSituation.TEMPORARY: 9,
    HousingSituation.HOMELESS: 3,
    HousingSituation.UNKNOWN: 7,
}
PRECARIOUS_HOUSING = {HousingSituation.TEMPORARY, HousingSituation.HOMELESS}
RESOURCES = {
    "Aucune ressource": 30,
    "Aide de la famille": 25,
    "Emploi à temps partiel": 12,
    "Allocation chômage (ARE)": 10,
    "Missions d'intérim ponctuelles": 10,
    "RSA du foyer": 8,
    "": 5,
}


def ft_identifier(index: int) -> str:
    return f"99{index:05d}{FT_IDENTIFIER_LETTERS[index * 7 % len(FT_IDENTIFIER_LETTERS)]}"


def weighted(rng: random.Random, weights: dict) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@cache
def _faker() -> Faker:
    return Faker("fr_FR")


def _birth_date(
    rng: random.Random, *, age: int, today: datetime.date, first_contact_on: datetime.date
) -> datetime.date:
    """Aged `age` today, and at least MIN_AGE already when first met."""
    while True:
        birth_date = add_years(today, -age) - datetime.timedelta(days=rng.randrange(365))
        if age_on(birth_date, today) == age and age_on(birth_date, first_contact_on) >= MIN_AGE:
            return birth_date
        age = min(age + 1, MAX_AGE)


def identity_make(
    *,
    index: int,
    rng: random.Random,
    commune: Commune,
    today: datetime.date,
    first_contact_on: datetime.date,
    registered: bool,
    education_levels: set[str],
) -> dict[str, Any]:
    """The fields of person_create for one young person; registered: with a France Travail registration."""
    fake = _faker()
    fake.seed_instance(SEED + index)
    first_name, last_name = fake.first_name(), fake.last_name()
    # A few are older, which the cotraitance allows with an RQTH (recognised disability).
    older_with_rqth = rng.random() < 0.03
    age = rng.randint(MAX_AGE + 1, MAX_AGE_RQTH) if older_with_rqth else weighted(rng, AGES)
    birth_date = _birth_date(rng, age=age, today=today, first_contact_on=first_contact_on)
    housing = weighted(rng, HOUSING)
    levels = {code: weight for code, weight in EDUCATION_LEVELS.items() if code in education_levels}
    fields: dict[str, Any] = {
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": birth_date,
        "email": f"{slugify(first_name)}.{slugify(last_name)}{index}@{PERSON_EMAIL_DOMAIN}"
        if rng.random() < 0.8
        else "",
        # ARCEP keeps 06 39 98 00 00 – 06 39 98 99 99 for works of fiction: never a real line.
        "phone": f"06 39 98 {rng.randrange(100):02d} {rng.randrange(100):02d}",
        "address": fake.street_address(),
        "commune": commune,
        "education_level_id": weighted(rng, levels) if levels else None,
        "has_rqth": older_with_rqth or rng.random() < 0.04,
        "housing": housing,
        "resources": weighted(rng, RESOURCES),
        "is_precarious": housing in PRECARIOUS_HOUSING or rng.random() < 0.1,
        "informed_on": first_contact_on,
    }
    if registered:
        registered_on = first_contact_on - datetime.timedelta(days=rng.randint(5, 400))
        fields |= {
            "ft_identifier": ft_identifier(index),
            "ft_registered_on": max(registered_on, add_years(birth_date, MIN_AGE)),
            "ft_category": weighted(rng, FT_CATEGORIES),
        }
    return fields
