"""Who the generated data set's users are: shared by the generator, the benchmarks and the HTTP load test.

Every generated user has an address at GENERATED_DOMAIN and the one password GENERATED_PASSWORD (a benchmark
data set, never a production one: the generator refuses a database that already holds young people).
"""

from __future__ import annotations

GENERATED_DOMAIN = "generated.tandem.test"
GENERATED_PASSWORD = "banc-national-2026"


def adviser_email(organisation_id: int, number: int) -> str:
    """The address of adviser `number` (1, 2, …) of an organisation."""
    return f"org{organisation_id}.conseiller{number}@{GENERATED_DOMAIN}"


def manager_email(organisation_id: int) -> str:
    return f"org{organisation_id}.direction@{GENERATED_DOMAIN}"
