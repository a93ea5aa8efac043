"""Who the simulated users log in as: advisers of the generated data set, else a few demo personas.

Run in the served database's environment (`python -m bench.http_load.accounts COUNT`): prints the accounts as
JSON. Before a run, each chosen account's failed logins are forgotten through the accounts' own mechanism
(`tandem.accounts.lockout.account_unlock`, what a password reset does), so an earlier mistyped password cannot
lock a simulated user out; the load itself only logs in with the right password, and a successful login
never counts against the lockout.
"""

from __future__ import annotations

import json
import os
import sys
from itertools import zip_longest

from bench.national.identities import GENERATED_DOMAIN, GENERATED_PASSWORD

# The demo's advisers (README.md), used when the database holds no generated data set (`make run`'s demo).
DEMO_DOMAIN = "demo.tandem.localhost"
DEMO_PASSWORD = "tandem-demo-2026"
DEMO_PERSONAS = (
    "conseiller.alsace-nord",
    "conseiller.wissembourg",
    "agent.haguenau",
    "conseiller.plie-grenoble",
)


def _interleaved(groups: list[list]) -> list:
    """The first of each group, then the second of each…"""
    return [item for row in zip_longest(*groups) for item in row if item is not None]


def accounts_choose(count: int, *, personas: tuple[str, ...] = DEMO_PERSONAS) -> list[dict[str, str]]:
    """Up to `count` advisers with a generated e-mail, spread over organisations and their kinds (a Mission Locale,
    a France Travail agency, a temp agency, then another of each…, one adviser per organisation before a second),
    so that the load reads several organisations' data; the demo personas when there is none. Needs Django set up.
    """
    from tandem.accounts.enums import Role
    from tandem.accounts.lockout import account_unlock
    from tandem.accounts.models import Membership
    from tandem.organisations.enums import OrganisationKind

    rows = (
        Membership.objects.active()
        .filter(role=Role.ADVISER, user__is_active=True, user__email__endswith=f"@{GENERATED_DOMAIN}")
        .order_by("organisation_id", "user_id")
        .values_list("organisation__kind", "organisation_id", "user__email")
    )
    by_kind: dict[str, dict[int, list[str]]] = {}
    for kind, organisation_id, email in rows.iterator():
        by_kind.setdefault(kind, {}).setdefault(organisation_id, []).append(email)
    first = [OrganisationKind.MISSION_LOCALE, OrganisationKind.FT_AGENCY]
    kinds = sorted(by_kind, key=lambda kind: (first.index(kind) if kind in first else len(first), kind))
    organisations = _interleaved([list(by_kind[kind].values()) for kind in kinds])
    chosen = list(dict.fromkeys(_interleaved(organisations)))[:count]
    if chosen:
        accounts = [{"email": email, "password": GENERATED_PASSWORD} for email in chosen]
    else:
        accounts = [{"email": f"{name}@{DEMO_DOMAIN}", "password": DEMO_PASSWORD} for name in personas]
    for account in accounts:
        account_unlock(email=account["email"])
    return accounts


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    print(json.dumps(accounts_choose(count)))


if __name__ == "__main__":
    main()
