"""Search as you type, in the caseload and in the offers: what one keystroke costs, against the raw-SQL limit.

Each figure is a page as the list shows it (the count, then 50 rows), for a query typed in lower case without
accents; the raw-SQL figure is the same two statements written by hand on the normalised search key. The ratio
says what the access rule, the ORM and the filters cost above what the database itself needs.
"""

from __future__ import annotations

import random
import statistics

from django.db import connection
from django.utils import timezone

from bench.scale import bench_scale
from bench.timing import median_ms
from tandem.access.selectors import caseload_for
from tandem.core.text import search_normalise
from tandem.offers.enums import ContractType, OfferSource, OfferStatus, SharingScope
from tandem.offers.models import Offer
from tandem.offers.search import offer_search_key
from tandem.offers.selectors import offer_list_for
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, Person

PEOPLE = max(200, int(50_000 * bench_scale()))
OFFERS = max(200, int(100_000 * bench_scale()))
QUERIES = ["mart", "dupont", "lea", "hugo ber", "nguyen", "moreau c"]
LAST = ["Martin", "Dupont", "Bernard", "Moreau", "Nguyen", "Lefèvre", "Müller", "Le Gall", "Durand", "Bérard"]
FIRST = ["Léa", "Hugo", "Chloé", "Yanis", "Inès", "Éloïse", "Nathan", "Camille", "Zoé", "Adam"]
TITLES = ["Cuisinier", "Serveuse", "Maçon", "Aide-soignant", "Vendeuse", "Préparateur de commandes", "Électricien"]


def _raw(sql_count: str, sql_page: str, pattern: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql_count, [pattern])
        cursor.fetchone()
        cursor.execute(sql_page, [pattern])
        cursor.fetchall()


def _people(cast) -> None:
    rng = random.Random(20261202)
    now = timezone.now()
    people = []
    for n in range(PEOPLE):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        person = Person(first_name=first, last_name=f"{last}{n % 97 or ''}", birth_date="2005-01-15")
        person.commune_id = "67180"
        person.search_key = search_normalise(f"{person.last_name} {person.first_name}")
        people.append(person)
    Person.objects.bulk_create(people, batch_size=2000)
    Follow.objects.bulk_create(
        [
            Follow(person=p, organisation=cast.ml_a, adviser=cast.adviser_a, role=FollowRole.LEAD, started_at=now)
            for p in people
        ],
        batch_size=2000,
    )


def _offers(cast) -> None:
    rng = random.Random(20261203)
    offers = []
    for n in range(OFFERS):
        title, employer = rng.choice(TITLES), f"{rng.choice(LAST)} et fils {n % 500}"
        offers.append(
            Offer(
                source=OfferSource.PARTNER,
                external_id=f"bench-{n}",
                organisation=cast.ml_a,
                title=title,
                employer_name=employer,
                contract_type=ContractType.CDD,
                status=OfferStatus.OPEN,
                sharing=SharingScope.TERRITORY,
                search_key=offer_search_key(title=title, employer_name=employer),
            )
        )
    Offer.objects.bulk_create(offers, batch_size=2000)


def test_a_keystroke_in_the_caseload_and_in_the_offers(cast, capsys):
    _people(cast)
    _offers(cast)
    membership = cast.adviser_a.memberships.get()
    lines = []
    for label, typed in (("caseload", True), ("offers", False)):
        ours, raw = [], []
        for query in QUERIES:
            pattern = "%" + "%".join(search_normalise(query).split()) + "%"
            if typed:
                found = caseload_for(membership=membership, query=query)
                sql = "FROM people_person WHERE search_key LIKE %s"
                table_order = "ORDER BY last_name, first_name LIMIT 50"
            else:
                found = offer_list_for(membership=membership, query=query)
                sql = "FROM offers_offer WHERE status = 'open' AND search_key LIKE %s"
                table_order = "ORDER BY published_at DESC, id DESC LIMIT 50"
            ours.append(median_ms(lambda found=found: (found.count(), list(found[:50]))))
            raw.append(
                median_ms(
                    lambda sql=sql, order=table_order, pattern=pattern: _raw(
                        f"SELECT COUNT(*) {sql}", f"SELECT id, search_key {sql} {order}", pattern
                    )
                )
            )
        median_ours, median_raw = statistics.median(ours), statistics.median(raw)
        lines.append(
            f"{label} search ({PEOPLE if typed else OFFERS} rows, {connection.vendor}): "
            f"{median_ours:.1f} ms a keystroke, raw SQL {median_raw:.1f} ms, ratio {median_ours / median_raw:.1f}"
        )
    with capsys.disabled():
        print("\n" + "\n".join(lines))

    assert caseload_for(membership=membership, query="lefevre").exists()
    assert offer_list_for(membership=membership, query="electricien").exists()
