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


def accounts_choose(count: int, *, personas: tuple[str, ...] = DEMO_PERSONAS) -> list[dict[str, str]]:
    """Up to `count` advisers with a generated e-mail, taken in turn from each organisation (so that the load
    spreads over several organisations' data); the demo personas when there is none. Needs Django set up."""
    from tandem.accounts.enums import Role
    from tandem.accounts.lockout import account_unlock
    from tandem.accounts.models import Membership

    rows = (
        Membership.objects.active()
        .filter(role=Role.ADVISER, user__is_active=True, user__email__endswith=f"@{GENERATED_DOMAIN}")
        .order_by("organisation_id", "user_id")
        .values_list("organisation_id", "user__email")
    )
    by_organisation: dict[int, list[str]] = {}
    for organisation_id, email in rows.iterator():
        by_organisation.setdefault(organisation_id, []).append(email)
    chosen: list[str] = []
    for row in zip_longest(*by_organisation.values()):  # first adviser of each organisation, then the second…
        chosen.extend(email for email in row if email and email not in chosen)
        if len(chosen) >= count:
            break
    if chosen:
        accounts = [{"email": email, "password": GENERATED_PASSWORD} for email in chosen[:count]]
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
