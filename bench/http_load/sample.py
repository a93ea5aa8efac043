"""A handful of generated advisers and young people, for the HTTP load's smoke run (bench/bench_http_load.py).

`python -m bench.http_load.sample ORGANISATIONS ADVISERS PEOPLE [--migrate]`: ORGANISATIONS Missions Locales, each
with ADVISERS advisers at the generated identities (bench/national/identities.py) and PEOPLE young people each,
registered through the services (events and follows as in production), in a database migrated first with
--migrate. Enough for every page of the load to answer; the national data set comes from `generate_national`.
"""

from __future__ import annotations

import datetime
import os
import sys


def sample_create(*, organisations: int, advisers: int, people: int) -> None:
    from django.contrib.auth.hashers import make_password

    from bench.national.identities import GENERATED_PASSWORD, adviser_email
    from tandem.accounts.enums import Role
    from tandem.accounts.models import Membership, User
    from tandem.organisations.enums import OrganisationKind
    from tandem.organisations.services import organisation_create
    from tandem.people.services import person_register

    password = make_password(GENERATED_PASSWORD)  # hashed once: the hasher is slow by design
    for o in range(1, organisations + 1):
        organisation = organisation_create(kind=OrganisationKind.MISSION_LOCALE, name=f"Mission Locale d'essai {o}")
        team = []
        for n in range(1, advisers + 1):
            user = User.objects.create(
                email=adviser_email(organisation.pk, n), first_name="Conseil", last_name=f"{o}-{n}", password=password
            )
            Membership.objects.create(user=user, organisation=organisation, role=Role.ADVISER)
            team.append(user)
        for p in range(people):
            adviser = team[p % len(team)]
            person_register(
                by=adviser,
                organisation=organisation,
                adviser=adviser,
                first_name=f"Jeune{p}",
                last_name=f"Essai{o}",
                birth_date=datetime.date(2005, 1 + p % 12, 1 + p % 28),
            )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if "--migrate" in sys.argv:  # a new database: one process instead of three (Django starts once)
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
    organisations, advisers, people = (int(value) for value in sys.argv[1:4])
    sample_create(organisations=organisations, advisers=advisers, people=people)


if __name__ == "__main__":
    main()
