"""The national benchmarks: each hot path on the generated data set, against the same answer in raw SQL.

Pages are requested through Django's whole stack (middleware, session, access rule, audit row, template) by a
logged-in adviser; the raw-SQL figure is the same answer (counts and rows of the page) written by hand, run on
the same connection in the same run. The ratio ours ÷ raw is what our own code costs above the database.

Each measure returns a `Figure`; `run()` writes them to bench/results/national.json and to docs/benchmarks.md
(between the national markers).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench.national import identities
from bench.timing import samples_ms
from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.core.pagination import DEFAULT_BOUND
from tandem.events.models import Event
from tandem.offers.enums import OfferStatus
from tandem.offers.models import Offer
from tandem.organisations.enums import OrganisationKind
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, JobProfile, Person
from tandem.prospecting.enums import CampaignStatus, VisitStatus
from tandem.prospecting.models import Campaign, Visit
from tandem.prospecting.services import target_candidates
from tandem.referrals.enums import OPEN_STATUSES, WAITING_STATUSES

RESULTS = Path(settings.BASE_DIR) / "bench" / "results" / "national.json"
DOCS = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
START, END = "<!-- national:start -->", "<!-- national:end -->"


@dataclass
class Figure:
    name: str
    label: str
    unit: str  # "ms" (latency: lower is better) or "/s" (rate: higher is better)
    ours: dict[str, float]
    raw: dict[str, float] | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    measured: str = ""  # when ("2026-12-03 12:40"): a partial run (--only) keeps the other figures' own

    @property
    def ratio(self) -> float | None:
        if not self.raw:
            return None
        if self.unit == "ms":
            return self.ours["median"] / max(self.raw["median"], 0.001)
        return self.raw["median"] / max(self.ours["median"], 0.001)


def timings(run: Callable[[], object], *, repeat: int, warm: int = 2) -> dict[str, float]:
    """Median and p95 in milliseconds over `repeat` runs, after `warm` unmeasured ones (caches, plans)."""
    samples = samples_ms(run, repeat=repeat, warm=warm)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {"median": round(statistics.median(samples), 2), "p95": round(p95, 2), "runs": repeat}


def _rows(sql: str, params: Any) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# ---------------------------------------------------------------------------------------------------- subjects
def busiest_advisers(kind: str, count: int) -> list[User]:
    """Advisers of the organisations of this kind with the most current follows (one per organisation)."""
    organisations = (
        Follow.objects.filter(ended_at__isnull=True, organisation__kind=kind)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation_id")[:count]
    )
    users = []
    for row in organisations:
        membership = (
            Membership.objects.filter(organisation_id=row["organisation_id"], role=Role.ADVISER)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            users.append(membership.user)
    return users


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, url: str) -> Callable[[], None]:
    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url}: {response.status_code}")

    return get


def _merge(samples: list[dict[str, float]]) -> dict[str, float]:
    """Several subjects' timings as one: the median of medians, the worst p95."""
    return {
        "median": round(statistics.median(s["median"] for s in samples), 2),
        "p95": round(max(s["p95"] for s in samples), 2),
        "runs": sum(int(s["runs"]) for s in samples),
    }


# -------------------------------------------------------------------------------------------------- raw SQL
def _in(values: Iterable[str]) -> tuple[str, list[str]]:
    """An IN list that SQLite and PostgreSQL both read: its placeholders and its parameters."""
    values = [str(value) for value in values]
    return "(" + ", ".join("%s" for _ in values) + ")", values


# The people a caseload lists: the adviser's own follows (the page's default for an adviser), or everyone the
# organisation follows or is in an open referral with (the whole structure).
VISIBLE_OWN = "SELECT person_id FROM people_follow WHERE organisation_id = %s AND ended_at IS NULL AND adviser_id = %s"
VISIBLE_ALL = """SELECT person_id FROM people_follow WHERE organisation_id = %s AND ended_at IS NULL
    UNION
    SELECT person_id FROM referrals_referral
    WHERE (from_organisation_id = %s OR to_organisation_id = %s) AND status IN {open}"""

# The total, counted no further than the page's bound (tandem.core.pagination).
RAW_CASELOAD_COUNT = """
WITH visible AS ({visible})
SELECT COUNT(*) FROM (
    SELECT p.id FROM people_person p JOIN visible v ON v.person_id = p.id WHERE p.anonymised_at IS NULL LIMIT {limit}
) counted
"""

RAW_CASELOAD_PAGE = """
WITH visible AS ({visible}), page AS (
    SELECT p.id, p.first_name, p.last_name, p.birth_date, c.name AS commune
    FROM people_person p JOIN visible v ON v.person_id = p.id LEFT JOIN territories_commune c ON c.code = p.commune_id
    WHERE p.anonymised_at IS NULL
    ORDER BY p.last_name, p.first_name, p.id LIMIT 50
)
SELECT page.*, o.name, u.first_name, u.last_name,
       (SELECT COUNT(*) FROM referrals_referral r WHERE r.person_id = page.id AND r.status IN {waiting}),
       (SELECT COUNT(*) FROM people_barrier b WHERE b.person_id = page.id AND b.status <> 'lifted')
FROM page
LEFT JOIN people_follow f ON f.person_id = page.id AND f.role = 'lead' AND f.ended_at IS NULL
LEFT JOIN organisations_organisation o ON o.id = f.organisation_id
LEFT JOIN accounts_user u ON u.id = f.adviser_id
ORDER BY page.last_name, page.first_name, page.id
"""

RAW_INBOX = """
SELECT * FROM (
    SELECT r.id, r.status, r.proposed_at, p.first_name, p.last_name, c.name, o.name, u.last_name,
           CASE WHEN r.status = 'proposed' THEN r.answer_due_on
                WHEN r.status IN {waiting} THEN r.meeting_due_on ELSE NULL END AS deadline
    FROM referrals_referral r
    JOIN people_person p ON p.id = r.person_id AND p.anonymised_at IS NULL
    LEFT JOIN territories_commune c ON c.code = p.commune_id
    JOIN organisations_organisation o ON o.id = r.from_organisation_id
    LEFT JOIN accounts_user u ON u.id = r.proposed_by_id
    WHERE r.to_organisation_id = %s AND r.status IN {waiting}
) waiting
ORDER BY deadline ASC NULLS LAST, id LIMIT 50
"""

# The inbox's total, counted no further than the page's bound (tandem.core.pagination).
RAW_INBOX_COUNT = """
SELECT COUNT(*) FROM (
    SELECT r.id FROM referrals_referral r JOIN people_person p ON p.id = r.person_id AND p.anonymised_at IS NULL
    WHERE r.to_organisation_id = %s AND r.status IN {waiting} LIMIT {limit}
) counted
"""

# The offers list, branch by branch as the page reads it (tandem.offers.selectors.offer_pages_for): each sharing
# branch's first rows from its own index, merged; the page's rows joined last.
RAW_OFFERS_HEADS = """
WITH territory AS (
    SELECT code FROM territories_commune WHERE departement_id IN ({departements})
), heads AS (
    SELECT id, published_at FROM (
        SELECT id, published_at FROM offers_offer WHERE status = 'open' AND organisation_id = %(org)s
        ORDER BY published_at DESC NULLS LAST, id DESC LIMIT %(head)s
    ) own
    UNION
    SELECT id, published_at FROM (
        SELECT id, published_at FROM offers_offer
        WHERE status = 'open' AND sharing IN ('partners', 'territory') AND organisation_id IN ({partners})
        ORDER BY published_at DESC NULLS LAST, id DESC LIMIT %(head)s
    ) shared
    UNION
    SELECT id, published_at FROM (
        SELECT id, published_at FROM offers_offer
        WHERE status = 'open' AND sharing = 'territory' AND commune_id IN (SELECT code FROM territory)
        ORDER BY published_at DESC NULLS LAST, id DESC LIMIT %(head)s
    ) local
)
"""

# The partners' ids are read first and written into the statement (integers), as the page does: a subquery makes
# the planner expect thousands of partners and read every open offer.
RAW_PARTNERS = """
SELECT organisation_a_id FROM organisations_partnershiplink
WHERE organisation_b_id = %s AND starts_on <= %s AND (ends_on IS NULL OR ends_on >= %s)
UNION
SELECT organisation_b_id FROM organisations_partnershiplink
WHERE organisation_a_id = %s AND starts_on <= %s AND (ends_on IS NULL OR ends_on >= %s)
"""

# The départements of the organisation's territory, read first as well (offers.selectors.territory_areas).
RAW_DEPARTEMENTS = """
SELECT DISTINCT c.departement_id FROM territories_commune c
WHERE c.departement_id IS NOT NULL AND (
    c.code IN (SELECT commune_id FROM organisations_coverage WHERE organisation_id = %s)
    OR c.code = (SELECT commune_id FROM organisations_organisation WHERE id = %s)
)
"""

RAW_OFFERS_COUNT = RAW_OFFERS_HEADS + "SELECT COUNT(*) FROM (SELECT id FROM heads LIMIT %(head)s) counted"

RAW_OFFERS = (
    RAW_OFFERS_HEADS
    + """
SELECT o.id, o.title, o.employer_name, o.published_at, c.name, org.name
FROM heads h JOIN offers_offer o ON o.id = h.id
LEFT JOIN territories_commune c ON c.code = o.commune_id
JOIN organisations_organisation org ON org.id = o.organisation_id
ORDER BY h.published_at DESC NULLS LAST, h.id DESC LIMIT 30
"""
)


def raw_offers_params(organisation_id: int) -> dict[str, Any]:
    return {"org": organisation_id, "today": timezone.localdate(), "head": DEFAULT_BOUND + 1}


def raw_offers_statements(user: User) -> list[tuple[str, Any]]:
    organisation = _organisation_of(user)
    params = raw_offers_params(organisation)
    today = params["today"]
    partners = [row[0] for row in _rows(RAW_PARTNERS, [organisation, today, today] * 2)]
    departements = [row[0] for row in _rows(RAW_DEPARTEMENTS, [organisation, organisation])]
    # Ids and département codes written into the statement: integers, and codes checked to be codes.
    assert all(code.isalnum() for code in departements)
    listed = {
        "partners": ", ".join(str(int(pk)) for pk in partners) or "NULL",
        "departements": ", ".join(f"'{code}'" for code in departements) or "NULL",
    }
    return [
        (RAW_PARTNERS, [organisation, today, today] * 2),
        (RAW_DEPARTEMENTS, [organisation, organisation]),
        (RAW_OFFERS_COUNT.format(**listed), params),
        (RAW_OFFERS.format(**listed), params),
    ]


def _raw_runner(statements: list[tuple[str, Any]]) -> Callable[[], None]:
    def run() -> None:
        for sql, params in statements:
            _rows(sql, params)

    return run


# ------------------------------------------------------------------------------------------------- measures
def _page_against_raw(
    url: str, statements_of: Callable[[User], list[tuple[str, Any]]], repeat: int
) -> tuple[dict[str, float], dict[str, float]]:
    """The page as the three busiest Missions Locales' advisers see it, and its hand-written SQL for each."""
    ours, raw = [], []
    for user in busiest_advisers(OrganisationKind.MISSION_LOCALE, 3):
        ours.append(timings(_page(_client(user), url), repeat=repeat))
        raw.append(timings(_raw_runner(statements_of(user)), repeat=repeat))
    return _merge(ours), _merge(raw)


def _organisation_of(user: User) -> int:
    return user.memberships.get().organisation_id


def raw_caseload_statements(user: User, *, own: bool = True) -> list[tuple[str, Any]]:
    """The caseload page's two statements: the adviser's own follows, or (own=False) the whole structure."""
    (open_in, open_values), (waiting_in, waiting_values) = _in(OPEN_STATUSES), _in(WAITING_STATUSES)
    organisation = _organisation_of(user)
    if own:
        visible, params = VISIBLE_OWN, [organisation, user.pk]
    else:
        visible, params = VISIBLE_ALL.format(open=open_in), [organisation, organisation, organisation, *open_values]
    return [
        (RAW_CASELOAD_COUNT.format(visible=visible, limit=DEFAULT_BOUND + 1), params),
        (RAW_CASELOAD_PAGE.format(visible=visible, waiting=waiting_in), [*params, *waiting_values]),
    ]


def raw_inbox_statements(user: User) -> list[tuple[str, Any]]:
    waiting_in, waiting_values = _in(WAITING_STATUSES)
    organisation = _organisation_of(user)
    return [
        (RAW_INBOX_COUNT.format(waiting=waiting_in, limit=DEFAULT_BOUND + 1), [organisation, *waiting_values]),
        (RAW_INBOX.format(waiting=waiting_in), [*waiting_values, organisation, *waiting_values]),
    ]


def measure_caseload(repeat: int) -> Figure:
    ours, raw = _page_against_raw(reverse("people:caseload"), raw_caseload_statements, repeat)
    return Figure(
        "caseload",
        "Liste des personnes suivies d'un conseiller : ses suivis, page de 50 et total (Missions Locales les plus "
        "chargées)",
        "ms",
        ours,
        raw,
        target="p95 ≤ 100 ms",
        met=ours["p95"] <= 100,
    )


def measure_caseload_structure(repeat: int) -> Figure:
    ours, raw = _page_against_raw(
        reverse("people:caseload") + "?scope=all", partial(raw_caseload_statements, own=False), repeat
    )
    return Figure(
        "caseload_structure",
        "Liste des personnes suivies par toute la structure (page de 50, total compté jusqu'à 1 000)",
        "ms",
        ours,
        raw,
    )


def measure_inbox(repeat: int) -> Figure:
    ours, raw = _page_against_raw(reverse("referrals:inbox"), raw_inbox_statements, repeat)
    return Figure(
        "inbox",
        "Orientations reçues (boîte de réception d'une Mission Locale)",
        "ms",
        ours,
        raw,
        target="p95 ≤ 100 ms",
        met=ours["p95"] <= 100,
    )


def measure_home(repeat: int) -> Figure:
    ours = [
        timings(_page(_client(u), "/"), repeat=repeat) for u in busiest_advisers(OrganisationKind.MISSION_LOCALE, 3)
    ]
    return Figure("home", "Accueil d'un conseiller de Mission Locale", "ms", _merge(ours))


def measure_offers_list(repeat: int) -> Figure:
    ours, raw = _page_against_raw(reverse("offers:list"), raw_offers_statements, repeat)
    return Figure("offers", "Liste des offres ouvertes visibles (première page)", "ms", ours, raw)


def _people_with_projects(organisation_id: int, count: int) -> list[int]:
    led = Follow.objects.filter(organisation_id=organisation_id, role=FollowRole.LEAD, ended_at__isnull=True)
    return list(
        JobProfile.objects.filter(person_id__in=led.values("person_id"))
        .order_by("person_id")
        .values_list("person_id", flat=True)[:count]
    )


def _membership_of(user: User) -> Membership:
    """The acting membership as a request reads it (organisation joined), fresh each time: what the organisation
    caches per request (its sites, territory, partners) is read again, as on a new request."""
    return user.memberships.select_related("organisation").get()


WARM_RUNS = 2


def _fresh_memberships(user: User, runs: int) -> Iterator[Membership]:
    """One fresh membership (_membership_of) per run, warm-up runs included (WARM_RUNS), read before the runs: the
    function measured is given the membership, as a request's middleware gives it (the hand-written SQL is given
    the organisation's id), and still reads what the organisation caches per request."""
    return iter([_membership_of(user) for _ in range(runs + WARM_RUNS)])


def measure_matching(repeat: int) -> list[Figure]:
    """Suggested offers for a person, and candidates for an offer: the ranking (the matching's own functions)
    against the hand-written ranking, and the whole pages."""
    from bench.national import raw_matching
    from tandem.offers.matching.queries import candidate_suggestions_for, offer_suggestions_for

    # Each subject as many runs as a page gets: over fewer (it was a third), the p95 of a subject was its slowest run.
    runs = repeat
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in ("offers", "offers_raw", "offers_page")}
    samples |= {name: [] for name in ("candidates", "candidates_raw", "candidates_page")}
    for user in busiest_advisers(OrganisationKind.MISSION_LOCALE, 3):
        org = user.memberships.get().organisation_id
        client = _client(user)
        for person_id in _people_with_projects(org, 3):
            person = Person.objects.get(pk=person_id)
            fresh_offers = _fresh_memberships(user, runs)
            samples["offers"].append(
                timings(
                    lambda p=person, ms=fresh_offers: offer_suggestions_for(person=p, membership=next(ms)),
                    repeat=runs,
                    warm=WARM_RUNS,
                )
            )
            samples["offers_raw"].append(
                timings(
                    lambda pid=person_id, o=org: _with_cursor(
                        lambda c: raw_matching.raw_offers_for_person(c, person_id=pid, organisation_id=o, limit=20)
                    ),
                    repeat=runs,
                )
            )
            url = reverse("offers:matching_offers", args=[person_id])
            samples["offers_page"].append(timings(_page(client, url), repeat=runs))
        open_offers = Offer.objects.filter(status=OfferStatus.OPEN, organisation__coverage_rows__isnull=False)
        near = (
            open_offers.filter(commune__coverage_rows__organisation_id=org).order_by("pk").values_list("pk", flat=True)
        )
        for offer in Offer.objects.filter(pk__in=list(near[:3])):
            fresh_candidates = _fresh_memberships(user, runs)
            samples["candidates"].append(
                timings(
                    lambda o=offer, ms=fresh_candidates: candidate_suggestions_for(offer=o, membership=next(ms)),
                    repeat=runs,
                    warm=WARM_RUNS,
                )
            )
            samples["candidates_raw"].append(
                timings(
                    lambda oid=offer.pk, o=org: _with_cursor(
                        lambda c: raw_matching.raw_candidates_for_offer(c, offer_id=oid, organisation_id=o, limit=20)
                    ),
                    repeat=runs,
                )
            )
            url = reverse("offers:matching_candidates", args=[offer.pk])
            samples["candidates_page"].append(timings(_page(client, url), repeat=runs))
    target = "p95 ≤ 50 ms et ≤ 1,5 × SQL"
    figures = [
        Figure(
            "matching_offers",
            "Offres suggérées pour un jeune parmi toutes les offres ouvertes (classement : la fonction du produit)",
            "ms",
            _merge(samples["offers"]),
            _merge(samples["offers_raw"]),
            target=target,
        ),
        Figure(
            "matching_candidates",
            "Candidats suggérés pour une offre (classement : la fonction du produit)",
            "ms",
            _merge(samples["candidates"]),
            _merge(samples["candidates_raw"]),
            target=target,
        ),
    ]
    for figure in figures:
        figure.met = figure.ours["p95"] <= 50 and (figure.ratio is not None and figure.ratio <= 1.5)
    figures += [
        Figure(
            "matching_offers_page",
            "Page des offres suggérées (requête HTTP entière)",
            "ms",
            _merge(samples["offers_page"]),
        ),
        Figure(
            "matching_candidates_page",
            "Page des candidats suggérés (requête HTTP entière)",
            "ms",
            _merge(samples["candidates_page"]),
        ),
    ]
    return figures


def _with_cursor(run: Callable[[Any], object]) -> object:
    with connection.cursor() as cursor:
        return run(cursor)


# The companies list (tandem.employers.selectors.employer_list): by name, or by a word typed.
RAW_EMPLOYERS_COUNT = """
SELECT COUNT(*) FROM (SELECT e.id FROM employers_employer e WHERE e.search_key LIKE %s LIMIT {limit}) counted
"""
RAW_EMPLOYERS_PAGE = """
SELECT e.id, e.name, e.siret, c.name, n.label, o.name
FROM employers_employer e
LEFT JOIN territories_commune c ON c.code = e.commune_id
LEFT JOIN referentials_nafcode n ON n.code = e.naf_id
LEFT JOIN organisations_organisation o ON o.id = e.referent_organisation_id
WHERE e.search_key LIKE %s
ORDER BY e.name, e.id LIMIT 30
"""
EMPLOYER_SEARCHES = ["", "boulangerie", "transports"]


def raw_employers_statements(word: str) -> list[tuple[str, Any]]:
    pattern = f"%{word}%"
    return [
        (RAW_EMPLOYERS_COUNT.format(limit=DEFAULT_BOUND + 1), [pattern]),
        (RAW_EMPLOYERS_PAGE, [pattern]),
    ]


def measure_employers(repeat: int) -> Figure:
    """The companies list, first page, unfiltered and searched by a word (500,000 companies at scale 1.0)."""
    user = busiest_advisers(OrganisationKind.MISSION_LOCALE, 1)[0]
    client = _client(user)
    ours, raw = [], []
    for word in EMPLOYER_SEARCHES:
        url = reverse("employers:list") + (f"?q={word}" if word else "")
        ours.append(timings(_page(client, url), repeat=repeat))
        raw.append(timings(_raw_runner(raw_employers_statements(word)), repeat=repeat))
    return Figure(
        "employers", "Liste des entreprises (première page, sans filtre ou par un mot)", "ms", _merge(ours), _merge(raw)
    )


def measure_person(repeat: int) -> Figure:
    """A young person's page (record, timeline of events, follows, referrals): latency only."""
    ours = []
    for user in busiest_advisers(OrganisationKind.MISSION_LOCALE, 3):
        org = user.memberships.get().organisation_id
        client = _client(user)
        for person_id in _people_with_projects(org, 2):
            ours.append(timings(_page(client, reverse("people:detail", args=[person_id])), repeat=max(3, repeat // 2)))
    return Figure("person", "Fiche d'un jeune (dossier et parcours)", "ms", _merge(ours))


def _database_env() -> dict[str, str]:
    """The TANDEM_* variables that name this database, for the measures that run in another process."""
    return {key: value for key, value in os.environ.items() if key.startswith("TANDEM_")}


def _size(variable: str, default: int) -> int:
    return int(os.environ.get(variable, default))


def measure_designation(repeat: int) -> Figure:
    """France Travail's lists of registered young people routed to their Mission Locale in bulk (rolled back)."""
    from django.db import transaction

    from bench.national.designation_routing import measure_designation_routing

    rows = _size("TANDEM_BENCH_DESIGNATION_ROWS", max(1_000, Person.objects.count() // 5))
    with transaction.atomic():
        result = measure_designation_routing(rows=rows)
        transaction.set_rollback(True)  # the data set stays as generated: the next run measures the same thing
    return Figure(
        "designation",
        f"Désignation de {_fmt(rows)} jeunes inscrits vers leur Mission Locale (import en masse)",
        "/s",
        {"median": result["rate"]},
        {"median": result["raw_rate"]},
        target="≥ 20 000 jeunes/s",
        met=result["rate"] >= 20_000,
        extra=result,
    )


def measure_offers_import(repeat: int) -> Figure:
    """France Travail's export of offers (JSON) imported by `import_offers` in its own process, then removed."""
    import tempfile

    from bench.national.ft_offers_file import measure_offers_import as measure
    from bench.national.ft_offers_file import write_ft_offers_file

    offers = _size("TANDEM_BENCH_IMPORT_OFFERS", max(1_000, Offer.objects.count() // 2))
    with tempfile.TemporaryDirectory(prefix="tandem-import-") as scratch:
        path = Path(scratch) / "offres.json"
        write_ft_offers_file(path, offers=offers)
        result = measure(path, database_env=_database_env())
    _imported_offers_removed()
    return Figure(
        "offers_import",
        f"Import de {_fmt(offers)} offres France Travail (JSON), mémoire maximale {_fmt(result['peak_rss_mb'])} Mo",
        "/s",
        {"median": result["rate"]},
        {"median": result["raw_rate"]},
        target="≥ 10 000 offres/s, ≤ 500 Mo",
        met=result["rate"] >= 10_000 and result["peak_rss_mb"] <= 500,
        extra=result,
    )


def _imported_offers_removed() -> None:
    """The benchmark's offers out again, with their events: France Travail's identifiers have letters ('194NRLQ'),
    the generated offers' are digits only."""
    imported = "source = 'france_travail' AND UPPER(external_id) <> LOWER(external_id)"
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM events_event WHERE subject_type = 'offer' "
            f"AND subject_id IN (SELECT id FROM offers_offer WHERE {imported})"
        )
        cursor.execute(f"DELETE FROM offers_offer WHERE {imported}")


def measure_http(repeat: int) -> Figure:
    """Locust on gunicorn: advisers of several organisations browsing the main pages at once."""
    from bench.http_load.run import measure_http_load

    users = _size("TANDEM_BENCH_HTTP_USERS", 50)
    seconds = _size("TANDEM_BENCH_HTTP_SECONDS", 60)
    result = measure_http_load(users=users, seconds=seconds, database_env=_database_env())
    return Figure(
        "http",
        f"Charge HTTP : {users} conseillers connectés pendant {seconds} s (gunicorn, pages principales)",
        "req/s",
        {"median": result.get("rps", 0.0), "p50_ms": result.get("p50_ms"), "p95_ms": result.get("p95_ms")},
        target="≥ 200 req/s sans erreur",
        met=result.get("rps", 0) >= 200 and not result.get("failures"),
        note=f"{result.get('failures', 0)} erreur(s) ; p50 {result.get('p50_ms')} ms, p95 {result.get('p95_ms')} ms",
        extra=result,
    )


# ---------------------------------------------------------------------------------------------- prospecting
# A campaign's target list (tandem.prospecting.services.target_candidates) for a campaign on communes only: the
# territory's active companies not visited within the revisit period nor held by another active campaign, ranked
# by hires and offers in Tandem and by their sector's hirings (ROME↔NAF), best first.
RAW_TARGETS = """
WITH candidate AS (
    SELECT e.id, e.name, e.naf_id FROM employers_employer e
    WHERE e.is_active
      AND e.commune_id IN (SELECT commune_id FROM prospecting_campaign_communes WHERE campaign_id = %(campaign)s)
      AND NOT EXISTS (SELECT 1 FROM prospecting_visit v WHERE v.employer_id = e.id AND v.status = 'reported'
                      AND v.visited_on >= %(since)s)
      AND NOT EXISTS (SELECT 1 FROM prospecting_campaigntarget t JOIN prospecting_campaign k ON k.id = t.campaign_id
                      WHERE t.employer_id = e.id AND k.status = 'active' AND t.campaign_id <> %(campaign)s)
),
sector AS (SELECT naf_id, SUM(hirings) AS total FROM referentials_romenafhiring GROUP BY naf_id),
best AS (SELECT MAX(s.total) AS top FROM sector s WHERE s.naf_id IN (SELECT naf_id FROM candidate))
SELECT c.id,
    3.0 * (SELECT COUNT(*) FROM offers_positioning p JOIN offers_offer o ON o.id = p.offer_id
           WHERE o.employer_id = c.id AND p.status = 'hired')
    + 1.0 * (SELECT COUNT(*) FROM offers_offer o WHERE o.employer_id = c.id)
    + 5.0 * COALESCE(s.total, 0) / COALESCE(NULLIF(best.top, 0), 1) AS score
FROM candidate c LEFT JOIN sector s ON s.naf_id = c.naf_id CROSS JOIN best
ORDER BY score DESC, c.name, c.id LIMIT %(count)s
"""
# The campaign page (tandem.prospecting.views.campaign_detail): its target list, its pairs and their progress, its
# latest visits.
RAW_CAMPAIGN_TARGETS = """
SELECT t.id, t.rank, t.score, e.id, e.name, c.name, n.label, p.number,
    EXISTS (SELECT 1 FROM prospecting_visit v WHERE v.campaign_id = t.campaign_id AND v.employer_id = t.employer_id
            AND v.status = 'reported')
FROM prospecting_campaigntarget t
JOIN employers_employer e ON e.id = t.employer_id
LEFT JOIN territories_commune c ON c.code = e.commune_id
LEFT JOIN referentials_nafcode n ON n.code = e.naf_id
LEFT JOIN prospecting_pair p ON p.id = t.pair_id
WHERE t.campaign_id = %s ORDER BY t.rank
"""
RAW_CAMPAIGN_PAIRS = """
SELECT p.id, p.number, u1.first_name, u1.last_name, o1.name, u2.first_name, u2.last_name, o2.name,
    (SELECT COUNT(*) FROM prospecting_campaigntarget t WHERE t.pair_id = p.id),
    (SELECT COUNT(DISTINCT v.employer_id) FROM prospecting_visit v WHERE v.pair_id = p.id AND v.status = 'reported')
FROM prospecting_pair p
JOIN accounts_user u1 ON u1.id = p.first_member_id
JOIN organisations_organisation o1 ON o1.id = p.first_organisation_id
JOIN accounts_user u2 ON u2.id = p.second_member_id
JOIN organisations_organisation o2 ON o2.id = p.second_organisation_id
WHERE p.campaign_id = %s ORDER BY p.number
"""
RAW_CAMPAIGN_VISITS = """
SELECT v.id, v.planned_on, v.status, v.outcome, e.name, p.number
FROM prospecting_visit v
JOIN employers_employer e ON e.id = v.employer_id
LEFT JOIN prospecting_pair p ON p.id = v.pair_id
WHERE v.campaign_id = %s ORDER BY v.planned_on DESC, v.id DESC LIMIT 50
"""
# "Mes visites" (tandem.prospecting.selectors.visits_to_report_for): planned visits whose day has come, of the
# caller's pairs or planned by them.
RAW_MY_VISITS = """
SELECT v.id, v.planned_on, e.name, k.name, p.number
FROM prospecting_visit v
JOIN employers_employer e ON e.id = v.employer_id
LEFT JOIN prospecting_campaign k ON k.id = v.campaign_id
LEFT JOIN prospecting_pair p ON p.id = v.pair_id
WHERE v.status = 'planned' AND v.planned_on <= %(today)s
  AND (p.first_member_id = %(user)s OR p.second_member_id = %(user)s OR v.planned_by_id = %(user)s)
ORDER BY v.planned_on, v.id
"""


def busiest_campaign() -> Campaign:
    """The campaign under way on the territory with the most companies (the largest target search)."""
    from tandem.employers.models import Employer

    ml = (
        Employer.objects.filter(commune__coverage_rows__organisation__kind=OrganisationKind.MISSION_LOCALE)
        .values("commune__coverage_rows__organisation")
        .annotate(n=Count("pk"))
        .order_by("-n", "commune__coverage_rows__organisation")
        .values_list("commune__coverage_rows__organisation", flat=True)
        .first()
    )
    return Campaign.objects.filter(status=CampaignStatus.ACTIVE, organisations=ml).order_by("pk").first()


def raw_targets_params(campaign: Campaign) -> dict[str, Any]:
    since = timezone.localdate() - datetime.timedelta(days=campaign.revisit_after_days)
    return {"campaign": campaign.pk, "since": since, "count": campaign.target_count}


def _targets_ranked(campaign: Campaign) -> list[tuple[int, float]]:
    return list(target_candidates(campaign=campaign).values_list("pk", "score")[: campaign.target_count])


def _pair_member(campaign: Campaign) -> User:
    """The Mission Locale member of the campaign's first pair (the adviser who visits)."""
    return campaign.pairs.order_by("number").first().second_member


def measure_prospecting(repeat: int) -> list[Figure]:
    """Joint prospecting on the largest territory: building its campaign's target list, the campaign page (target
    list, pairs, visits) as a pair member, "Mes visites", and a visited company's page with its timeline."""
    campaign = busiest_campaign()
    member = _pair_member(campaign)
    client = _client(member)
    params = raw_targets_params(campaign)
    figures = [
        Figure(
            "prospecting_targets",
            "Liste d'entreprises ciblées d'une campagne (classement, territoire le plus fourni)",
            "ms",
            timings(partial(_targets_ranked, campaign), repeat=max(3, repeat // 2)),
            timings(_raw_runner([(RAW_TARGETS, params)]), repeat=max(3, repeat // 2)),
        ),
        Figure(
            "prospecting_campaign",
            "Page d'une campagne (cibles, binômes, visites)",
            "ms",
            timings(_page(client, reverse("prospecting:campaign_detail", args=[campaign.pk])), repeat=repeat),
            timings(
                _raw_runner(
                    [(sql, [campaign.pk]) for sql in (RAW_CAMPAIGN_TARGETS, RAW_CAMPAIGN_PAIRS, RAW_CAMPAIGN_VISITS)]
                ),
                repeat=repeat,
            ),
        ),
        Figure(
            "prospecting_my_visits",
            "Mes visites à rendre compte",
            "ms",
            timings(_page(client, reverse("prospecting:my_visits")), repeat=repeat),
            timings(_raw_runner([(RAW_MY_VISITS, {"today": timezone.localdate(), "user": member.pk})]), repeat=repeat),
        ),
    ]
    visited = (
        Visit.objects.filter(
            campaign__organisations=member.memberships.get().organisation_id, status=VisitStatus.REPORTED
        )
        .values("employer")
        .annotate(n=Count("pk"))
        .order_by("-n", "employer")
        .values_list("employer", flat=True)[:3]
    )
    company = [timings(_page(client, reverse("employers:detail", args=[pk])), repeat=repeat) for pk in visited]
    if company:
        figures.append(
            Figure("company", "Fiche d'une entreprise (interlocuteur, contacts, historique)", "ms", _merge(company))
        )
    return figures


def measure_employer_events(repeat: int) -> list[Figure]:
    """Employer events as the busiest Missions Locales' advisers see them: the list of past events and the page of
    the event with the most young people registered (its companies, and the young people the reader may see among
    them): latency only (a territory holds a few events)."""
    from tandem.employer_events.models import EmployerEvent

    lists, pages = [], []
    for user in busiest_advisers(OrganisationKind.MISSION_LOCALE, 3):
        organisation = user.memberships.get().organisation_id
        client = _client(user)
        lists.append(timings(_page(client, reverse("employer_events:event_list") + "?periode=passes"), repeat=repeat))
        event = (
            EmployerEvent.objects.filter(Q(organisation=organisation) | Q(partners=organisation))
            .annotate(n=Count("registrations"))
            .order_by("-n", "pk")
            .first()
        )
        if event is not None:
            url = reverse("employer_events:event_detail", args=[event.pk])
            pages.append(timings(_page(client, url), repeat=repeat))
    figures = [Figure("employer_events", "Événements employeurs passés (liste)", "ms", _merge(lists))]
    if pages:
        figures.append(
            Figure("employer_event", "Page d'un événement employeurs (entreprises, jeunes)", "ms", _merge(pages))
        )
    return figures


def measure_conventions(repeat: int) -> list[Figure]:
    """Conventions as the busiest Missions Locales' advisers see them: the list, their local convention's page and
    the regional convention's (its own targets beside the sum of its local conventions'): latency only."""
    from tandem.partnerships.enums import ConventionLevel
    from tandem.partnerships.models import Convention

    lists, local_pages, regional_pages = [], [], []
    for user in busiest_advisers(OrganisationKind.MISSION_LOCALE, 3):
        organisation = user.memberships.get().organisation_id
        client = _client(user)
        lists.append(timings(_page(client, reverse("partnerships:convention_list")), repeat=repeat))
        local = (
            Convention.objects.filter(level=ConventionLevel.LOCAL, parties__organisation=organisation)
            .order_by("pk")
            .first()
        )
        if local is None:
            continue
        url = reverse("partnerships:convention_detail", args=[local.pk])
        local_pages.append(timings(_page(client, url), repeat=repeat))
        if local.parent_id is not None:
            url = reverse("partnerships:convention_detail", args=[local.parent_id])
            regional_pages.append(timings(_page(client, url), repeat=repeat))
    figures = [Figure("conventions", "Conventions d'une Mission Locale (liste)", "ms", _merge(lists))]
    if local_pages:
        figures.append(Figure("convention", "Page d'une convention locale", "ms", _merge(local_pages)))
    if regional_pages:
        figures.append(
            Figure(
                "convention_regional",
                "Page d'une convention régionale (objectifs et somme des objectifs locaux)",
                "ms",
                _merge(regional_pages),
            )
        )
    return figures


def measure_service_catalogue(repeat: int) -> list[Figure]:
    """The services catalogue as the busiest Missions Locales' advisers read it: the whole list (every partner's
    services, first page), the list of their département's, and the view by theme: latency only."""
    lists, near, themes = [], [], []
    for user in busiest_advisers(OrganisationKind.MISSION_LOCALE, 3):
        membership = user.memberships.select_related("organisation__commune").get()
        departement = membership.organisation.commune.departement_id if membership.organisation.commune else ""
        client = _client(user)
        lists.append(timings(_page(client, reverse("service_catalogue:list")), repeat=repeat))
        url = reverse("service_catalogue:list") + f"?departement={departement}"
        near.append(timings(_page(client, url), repeat=repeat))
        themes.append(timings(_page(client, reverse("service_catalogue:by_theme")), repeat=repeat))
    return [
        Figure(
            "service_catalogue", "Catalogue des services des partenaires (liste, première page)", "ms", _merge(lists)
        ),
        Figure("service_catalogue_near", "Catalogue : les services d'un département", "ms", _merge(near)),
        Figure("service_catalogue_themes", "Catalogue par thématique (département du lecteur)", "ms", _merge(themes)),
    ]


def measure_career_path(repeat: int) -> Figure:
    """The path page of the three young people with the most missions, as their lead adviser reads it."""
    from tandem.career_paths.models import Mission

    samples = []
    busiest = (
        Mission.objects.values("person_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "person_id")
        .values_list("person_id", flat=True)[:3]
    )
    for person in busiest:
        lead = (
            Follow.objects.filter(person_id=person, role=FollowRole.LEAD, ended_at__isnull=True)
            .select_related("adviser")
            .first()
        )
        if lead is None or lead.adviser is None:
            continue
        url = reverse("career_paths:path", args=[person])
        samples.append(timings(_page(_client(lead.adviser), url), repeat=repeat))
    if not samples:
        raise AssertionError("career_path: no young person with missions (generate_national --only …)")
    return Figure(
        "career_path", "Parcours d'un jeune (missions d'intérim, formations), par son référent", "ms", _merge(samples)
    )


def measure_immersions(repeat: int) -> Figure:
    ours = [
        timings(_page(_client(user), reverse("immersions:list")), repeat=repeat)
        for user in busiest_advisers(OrganisationKind.MISSION_LOCALE, 3)
    ]
    return Figure("immersions", "Immersions d'une Mission Locale (professionnels et PMSMP, liste)", "ms", _merge(ours))


def raw_barrier_actions_statements() -> list[tuple[str, Any]]:
    """The list's first page by hand: the open actions bounded count, then 30 with places taken and waiting."""
    from tandem.barrier_actions.enums import ActionStatus, EnrolmentStatus
    from tandem.barrier_actions.models import BarrierAction, Enrolment
    from tandem.organisations.models import Organisation

    actions, enrolments = BarrierAction._meta.db_table, Enrolment._meta.db_table
    organisations = Organisation._meta.db_table
    count = f"SELECT COUNT(*) FROM (SELECT 1 FROM {actions} WHERE status = %s LIMIT {DEFAULT_BOUND + 1}) AS bounded"
    page = (
        f"SELECT a.id, a.title, a.barrier_kind, a.capacity, a.starts_on, a.ends_on, a.status, o.id, o.name, "
        f"(SELECT COUNT(*) FROM {enrolments} e WHERE e.action_id = a.id AND e.status = %s) AS taken, "
        f"(SELECT COUNT(*) FROM {enrolments} e WHERE e.action_id = a.id AND e.status = %s) AS waiting "
        f"FROM {actions} a JOIN {organisations} o ON o.id = a.organisation_id WHERE a.status = %s "
        f"ORDER BY a.status, a.starts_on, a.title, a.id LIMIT 30"
    )
    return [
        (count, [ActionStatus.OPEN]),
        (page, [EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED, ActionStatus.OPEN]),
    ]


def measure_barrier_actions(repeat: int) -> list[Figure]:
    """The list of barrier-lifting actions (first page, places taken and waiting list) against its hand-written SQL,
    and the page of the fullest action, as an adviser of its owner (who may refer the people it leads)."""
    from tandem.barrier_actions.models import BarrierAction

    fullest = BarrierAction.objects.annotate(n=Count("enrolments")).order_by("-n", "pk").first()
    if fullest is None:
        raise AssertionError("barrier_actions: no action (generate_national --only temp_work_and_barriers)")
    membership = (
        Membership.objects.filter(organisation_id=fullest.organisation_id, role=Role.ADVISER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise AssertionError(f"barrier_actions: no adviser in organisation {fullest.organisation_id}")
    client = _client(membership.user)
    ours = timings(_page(client, reverse("barrier_actions:list")), repeat=repeat)
    raw = timings(_raw_runner(raw_barrier_actions_statements()), repeat=repeat)
    detail = timings(_page(client, reverse("barrier_actions:detail", args=[fullest.pk])), repeat=repeat)
    return [
        Figure(
            "barrier_actions",
            "Actions de levée des freins (liste, première page, places prises et liste d'attente)",
            "ms",
            ours,
            raw,
        ),
        Figure("barrier_action", "Page de l'action de levée des freins la plus demandée", "ms", detail),
    ]


def measure_partner_home(repeat: int) -> Figure:
    """The home of the temp agency's member with the most young people followed (its visible people)."""
    users = busiest_advisers(OrganisationKind.TEMP_AGENCY, 1)
    if not users:
        raise AssertionError("partner_home: no temp agency follows anyone")
    ours = timings(_page(_client(users[0]), "/"), repeat=repeat)
    return Figure("partner_home", "Accueil d'une agence d'emploi (jeunes suivis, missions)", "ms", ours)


def measure_indicators(repeat: int) -> list[Figure]:
    """The regional dashboard of the busiest Mission Locale's région, as its adviser opens it: read from its
    snapshot (the figures measured ahead of time by indicators_refresh) against the hand-written SELECT of that
    snapshot; and measuring the région's figures anew (what indicators_refresh does for each scope, and a request
    does when they are older than the maximum age)."""
    from tandem.indicators.scopes import Scope
    from tandem.indicators.snapshots import snapshot_store

    users = busiest_advisers(OrganisationKind.MISSION_LOCALE, 1)
    if not users:
        raise AssertionError("indicators: no Mission Locale adviser")
    organisation = users[0].memberships.select_related("organisation__commune").get().organisation
    if organisation.commune is None or not organisation.commune.region_id:
        raise AssertionError(f"indicators: organisation {organisation.pk} has no région")
    region, year = Scope("region", organisation.commune.region_id), timezone.localdate().year
    # Measured once: a région's figures take minutes to measure anew at national scale (docs/benchmarks.md).
    measured = timings(lambda: snapshot_store(scope=region, year=year), repeat=1, warm=0)
    url = reverse("indicators:dashboard") + f"?perimetre={region.label}&annee={year}"
    ours = timings(_page(_client(users[0]), url), repeat=repeat)
    raw = timings(
        _raw_runner(
            [
                (
                    "SELECT figures, computed_at FROM indicators_dashboardsnapshot WHERE scope = %s AND year = %s",
                    [region.label, year],
                )
            ]
        ),
        repeat=repeat,
    )
    return [
        Figure(
            "indicators_region",
            "Tableau de bord d'une région sur l'année (chiffres déjà mesurés)",
            "ms",
            ours,
            raw,
            target="p95 ≤ 300 ms",
            met=ours["p95"] <= 300,
        ),
        Figure(
            "indicators_region_measure",
            "Mesure des chiffres d'une région sur l'année (indicators_refresh)",
            "ms",
            measured,
        ),
    ]


# ---------------------------------------------------------------------------------------------------- report
def dataset() -> dict[str, int]:
    return {
        "missions_locales": _count_kind(OrganisationKind.MISSION_LOCALE),
        "ft_agencies": _count_kind(OrganisationKind.FT_AGENCY),
        "temp_agencies": _count_kind(OrganisationKind.TEMP_AGENCY),
        "people": Person.objects.count(),
        "offers": Offer.objects.count(),
        "open_offers": Offer.objects.filter(status=OfferStatus.OPEN).count(),
        "events": _estimate(Event),
        "generated_users": User.objects.filter(email__endswith=f"@{identities.GENERATED_DOMAIN}").count(),
    }


def _count_kind(kind: str) -> int:
    from tandem.organisations.models import Organisation

    return Organisation.objects.filter(kind=kind).count()


def _estimate(model: Any) -> int:
    """Rows of a big table: PostgreSQL's statistics (exact COUNT over 10 M rows takes seconds), else COUNT."""
    if connection.vendor == "postgresql":
        rows = _rows("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [model._meta.db_table])
        if rows and rows[0][0] > 0:
            return int(rows[0][0])
    return model.objects.count()


def _fmt(value: float | None, unit: str = "") -> str:
    """A figure as the docs write it: thin groups of thousands, one decimal under 100 (none for counts)."""
    if value is None:
        return "—"
    if isinstance(value, int) or value >= 100:
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.1f}"
    return text + (f" {unit}" if unit else "")


def markdown(figures: list[Figure], meta: dict[str, Any]) -> str:
    data = meta["dataset"]
    lines = [
        START,
        f"Measured on {meta['when']} on {meta['vendor']} ({meta['machine']}), data set at scale {meta['scale']}: "
        f"{_fmt(data['people'])} young people, {_fmt(data['offers'])} offers ({_fmt(data['open_offers'])} open), "
        f"about {_fmt(data['events'])} events, {_fmt(data['missions_locales'])} Missions Locales, "
        f"{_fmt(data['ft_agencies'])} France Travail agencies, {_fmt(data['temp_agencies'])} temp agencies.",
        "",
        "| Path | Ours (median / p95) | Raw SQL (median / p95) | Ratio | Target | Met | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for figure in figures:
        unit = figure.unit
        ours = f"{_fmt(figure.ours['median'], unit)} / {_fmt(figure.ours.get('p95'), unit)}"
        raw = f"{_fmt(figure.raw['median'], unit)} / {_fmt(figure.raw.get('p95'), unit)}" if figure.raw else "—"
        ratio = _fmt(figure.ratio) if figure.ratio is not None else "—"
        met = {True: "yes", False: "no", None: ""}[figure.met]
        note = figure.note
        if figure.name in meta.get("remeasured", ()):
            note = f"{note} (re-measured {figure.measured})".strip()
        lines.append(f"| {figure.label} | {ours} | {raw} | {ratio} | {figure.target or '—'} | {met} | {note} |")
    lines.append(END)
    return "\n".join(lines)


def _merged(figures: list[Figure], meta: dict[str, Any]) -> tuple[list[Figure], dict[str, Any]]:
    """A partial run's figures in place of the same ones of the last run kept (same database, scale and data set),
    the others kept as they were measured; the run's description stays the kept one's, naming the figures measured
    again."""
    if not RESULTS.exists():
        return figures, meta
    kept = json.loads(RESULTS.read_text(encoding="utf-8"))
    counted = ("missions_locales", "ft_agencies", "temp_agencies", "people", "offers")  # exact (events: estimated)
    same_data = all(kept.get("dataset", {}).get(key) == meta["dataset"].get(key) for key in counted)
    if kept.get("scale") != meta["scale"] or kept.get("vendor") != meta["vendor"] or not same_data:
        return figures, meta  # another database or data set: the kept figures do not describe this one
    known = {f.name for f in fields(Figure)}
    new = {figure.name: figure for figure in figures}
    merged = [
        new.pop(row["name"], None) or Figure(**{k: v for k, v in row.items() if k in known}) for row in kept["figures"]
    ]
    remeasured = sorted({*kept.get("remeasured", ()), *(figure.name for figure in figures)})
    meta = {**{k: v for k, v in kept.items() if k != "figures"}, "remeasured": remeasured}
    return [*merged, *new.values()], meta


def write(figures: list[Figure], meta: dict[str, Any], *, partial: bool = False) -> None:
    """The figures to bench/results/national.json and docs/benchmarks.md; a partial run (`--only`) replaces its own
    figures among those of the last run and keeps the others."""
    if partial:
        figures, meta = _merged(figures, meta)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    payload = {**meta, "figures": [{**asdict(f), "ratio": f.ratio} for f in figures]}
    RESULTS.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    text = DOCS.read_text(encoding="utf-8")
    block = markdown(figures, meta)
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n## National scale\n\n" + block + "\n"
    DOCS.write_text(text, encoding="utf-8")


MEASURES: dict[str, Callable[[int], Figure | list[Figure]]] = {
    "caseload": measure_caseload,
    "caseload_structure": measure_caseload_structure,
    "inbox": measure_inbox,
    "home": measure_home,
    "person": measure_person,
    "employers": measure_employers,
    "prospecting": measure_prospecting,
    "employer_events": measure_employer_events,
    "conventions": measure_conventions,
    "service_catalogue": measure_service_catalogue,
    "career_path": measure_career_path,
    "immersions": measure_immersions,
    "barrier_actions": measure_barrier_actions,
    "partner_home": measure_partner_home,
    "indicators": measure_indicators,
    "offers": measure_offers_list,
    "matching": measure_matching,
    "designation": measure_designation,
    "offers_import": measure_offers_import,
    "http": measure_http,
}
# Each page measure is quick on a small data set; the bulk and load measures have their own smoke runs (bench/).
PAGES = [
    "caseload",
    "caseload_structure",
    "inbox",
    "home",
    "person",
    "offers",
    "matching",
    "employers",
    "prospecting",
    "employer_events",
    "conventions",
    "service_catalogue",
    "career_path",
    "immersions",
    "barrier_actions",
    "partner_home",
    "indicators",
]


def run(
    *,
    repeat: int = 20,
    only: Iterable[str] = (),
    scale: str = "?",
    save: bool = True,
    log: Callable[[str], None] = print,
) -> list[Figure]:
    named = list(only)
    wanted = named or list(MEASURES)
    figures: list[Figure] = []
    for name in wanted:
        started = time.perf_counter()
        result = MEASURES[name](repeat)
        measured = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        for figure in result if isinstance(result, list) else [result]:
            figure.measured = measured
            figures.append(figure)
        log(f"{name}: {time.perf_counter() - started:.1f} s")
    for figure in figures:
        log(f"  {figure.name}: ours {figure.ours} raw {figure.raw} ratio {figure.ratio} ({figure.label})")
    if save:
        meta = {
            "when": timezone.localdate().isoformat(),
            "vendor": connection.vendor,
            "machine": f"{platform.machine()}, {_cores()} cores",
            "scale": scale,
            "dataset": dataset(),
        }
        write(figures, meta, partial=bool(named))
    return figures


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
