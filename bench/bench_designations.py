"""Designation routing: a France Travail list imported in bulk, against the row-by-row import and raw SQL.

The test database gets one Mission Locale and one France Travail agency per département, covering all its
communes, partners; then bench.national.designation_routing generates registrants on the real communes (drawn by
population) and imports them as the agencies would. The raw figure routes the same rows by hand (one
INSERT … SELECT through the coverage). `make bench` measures; `make test` runs it small, to check it still runs.
"""

from __future__ import annotations

import time

from django.db import connection

from bench.national.designation_routing import measure_designation_routing
from bench.scale import bench_scale
from tandem.accounts.enums import Role
from tandem.designations.services import designation_import_rows
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import Coverage, Organisation
from tandem.people.models import Person
from tandem.referrals.models import Referral
from tandem.territories.models import Commune
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.organisations.factories import PartnershipLinkFactory

ROWS = max(1_000, int(100_000 * bench_scale()))
ROWS_ONE_BY_ONE = max(20, int(300 * bench_scale()))


def _network() -> list[Organisation]:
    """One Mission Locale and one agency per département, covering its communes, partners; an adviser each."""
    agencies = []
    by_departement: dict[str, list[str]] = {}
    for code, departement in Commune.objects.exclude(departement=None).values_list("code", "departement_id"):
        by_departement.setdefault(departement, []).append(code)
    coverage = []
    for departement, codes in sorted(by_departement.items()):
        ml = Organisation.objects.create(kind=OrganisationKind.MISSION_LOCALE, name=f"Mission Locale {departement}")
        agency = Organisation.objects.create(kind=OrganisationKind.FT_AGENCY, name=f"France Travail {departement}")
        PartnershipLinkFactory(organisation_a=agency, organisation_b=ml, kind=PartnershipKind.COTRAITANCE)
        MembershipFactory(user=UserFactory(), organisation=agency, role=Role.ADVISER)
        coverage += [Coverage(organisation=org, commune_id=code) for code in codes for org in (ml, agency)]
        agencies.append(agency)
    Coverage.objects.bulk_create(coverage, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as after the national data set's loading: plans read the coverage's index
    return agencies


def test_routing_france_travail_lists_to_their_mission_locale(db, capsys):
    _network()
    figures = measure_designation_routing(rows=ROWS)
    assert Person.objects.count() == ROWS
    proposed = Referral.objects.filter(is_designation=True).count()
    assert proposed > 0.8 * ROWS, "nearly every young person is routed to their Mission Locale"
    again = measure_designation_routing(rows=ROWS)  # the same lists again: found, nothing written
    assert Person.objects.count() == ROWS and Referral.objects.count() == proposed

    # Row by row (designation_submit each), on a sample, for the comparison.
    agency = Organisation.objects.get(name="France Travail 67")
    lines = ["identifiant_ft;nom;prenom;date_naissance;code_commune;date_inscription"]
    lines += [f"R{n:07d};Martin{n};Léa;14/03/2006;67544;2026-01-05" for n in range(ROWS_ONE_BY_ONE)]
    started = time.perf_counter()
    designation_import_rows(rows_or_file="\r\n".join(lines).encode(), agency=agency, by=None)
    one_by_one = ROWS_ONE_BY_ONE / (time.perf_counter() - started)
    with capsys.disabled():
        print(
            f"\ndesignation routing ({connection.vendor}): {ROWS} young people at {figures['rate']:.0f}/s in bulk "
            f"({figures['seconds']:.1f} s), a second import of the same lists {again['rate']:.0f}/s; "
            f"raw SQL {figures['raw_rate']:.0f}/s, ratio {figures['ratio']:.1f}; "
            f"row by row {one_by_one:.0f}/s ({ROWS_ONE_BY_ONE} rows)"
        )
