"""The figures of a diagnostic on a date: aggregate queries only, six whatever the data (docs/diagnostics.md).

Who is counted: the young job seekers of the territory on the date — 16 to 25 years old that day (from the birth
date: 16 on the 16th birthday, no longer counted on the 26th), living in the territory (the record's commune),
registered with France Travail on or before the date (`Person.ft_registered_on`).

Each table is rows × columns of counts: `{"columns": [...], "rows": [{"key", "label"?, "values": {column: n}}]}`.
A value may become None once statistical secrecy masks it (tandem.core.secrecy, wired at merge); the pages show
« s » for it and every difference with it is unknown.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from tandem.diagnostics.models import Diagnostic
from tandem.offers.enums import OfferStatus
from tandem.offers.models import Offer
from tandem.people.enums import BarrierKind, QualificationLevel
from tandem.people.models import Barrier, JobProfile, Person
from tandem.referentials.models import RomeCode
from tandem.territories.models import ZrrStatus

# Bump when a definition changes: a version keeps the definitions it was computed with.
DEFINITIONS = 1
AGE_BANDS = (("16_17", 16, 17), ("18_21", 18, 21), ("22_25", 22, 25))
TOP_ROMES = 15
UNKNOWN = "unknown"
Table = dict[str, Any]


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier (28 February for a 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_aged_q(as_of: datetime.date, youngest: int, oldest: int, field: str = "birth_date") -> Q:
    """Aged `youngest` to `oldest` on `as_of`: born after the day `oldest + 1` years earlier, on or before the day
    `youngest` years earlier (Person.age_on reads a birthday the same way)."""
    return Q(**{f"{field}__gt": years_before(as_of, oldest + 1), f"{field}__lte": years_before(as_of, youngest)})


def young_job_seekers_q(diagnostic: Diagnostic, as_of: datetime.date, prefix: str = "") -> Q:
    """The people counted, as a filter on Person (or on a relation to it, `prefix="person__"`)."""
    q = born_aged_q(as_of, 16, 25, f"{prefix}birth_date") & diagnostic.place_q(f"{prefix}commune")
    return q & Q(**{f"{prefix}ft_registered_on__lte": as_of})


def offer_open_on_q(as_of: datetime.date) -> Q:
    """Open on the date: published by then, not expired, and still open then (open today, or closed since: its
    last change came after the date)."""
    end_of_day = timezone.make_aware(datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time()))
    published = Q(published_at__lt=end_of_day) | Q(published_at__isnull=True, created_at__lt=end_of_day)
    not_expired = Q(expires_on__isnull=True) | Q(expires_on__gte=as_of)
    still_open = Q(status=OfferStatus.OPEN) | Q(updated_at__gte=end_of_day)
    return published & not_expired & still_open


def _column(rows: list[tuple[str, int]], column: str = "people") -> Table:
    return {"columns": [column], "rows": [{"key": key, "values": {column: n}} for key, n in rows]}


def _people_tables(diagnostic: Diagnostic, as_of: datetime.date) -> dict[str, Table]:
    """Ages, qualification levels, priority areas: one query."""
    counts: dict[str, Any] = {"total": Count("pk")}
    for key, youngest, oldest in AGE_BANDS:
        counts[f"age_{key}"] = Count("pk", filter=born_aged_q(as_of, youngest, oldest))
    levels = [level for level in QualificationLevel.values if level]
    for level in levels:
        counts[f"level_{level}"] = Count("pk", filter=Q(job_profile__qualification_level=level))
    counts["qpv"] = Count("pk", filter=Q(commune__has_qpv=True))
    counts["zrr"] = Count("pk", filter=Q(commune__zrr__in=[ZrrStatus.CLASSEE, ZrrStatus.PARTIELLEMENT]))
    row = Person.objects.filter(young_job_seekers_q(diagnostic, as_of)).aggregate(**counts)
    total = row["total"]
    known = sum(row[f"level_{level}"] for level in levels)
    return {
        "ages": _column([(key, row[f"age_{key}"]) for key, _, _ in AGE_BANDS] + [("total", total)]),
        "qualifications": _column([(level, row[f"level_{level}"]) for level in levels] + [(UNKNOWN, total - known)]),
        "areas": _column([("qpv", row["qpv"]), ("zrr", row["zrr"]), ("total", total)]),
    }


def _rome_tables(diagnostic: Diagnostic, as_of: datetime.date) -> dict[str, Table]:
    """Offers open on the date in the territory by ROME against the young job seekers seeking it: three queries
    (offers by ROME, candidates by ROME, the labels of the thirty shown)."""
    offers = dict(
        Offer.objects.filter(diagnostic.place_q(), offer_open_on_q(as_of), rome__isnull=False)
        .values("rome_id")
        .annotate(n=Count("pk"))
        .values_list("rome_id", "n")
    )
    sought = JobProfile.sought_romes.through.objects.filter(
        young_job_seekers_q(diagnostic, as_of, "jobprofile__person__")
    )
    candidates: dict[str, int] = {
        row["romecode_id"]: row["n"]
        for row in sought.values("romecode_id").annotate(n=Count("jobprofile_id", distinct=True))
    }
    codes = set(offers) | set(candidates)

    def ratio(code: str) -> float:
        wanted = candidates.get(code, 0)
        return offers.get(code, 0) / wanted if wanted else float("inf")

    # Most in tension: the most offers per candidate (offers nobody seeks first, the most offers first).
    tension = sorted((code for code in codes if offers.get(code)), key=lambda c: (-ratio(c), -offers.get(c, 0), c))[
        :TOP_ROMES
    ]
    # Least: the most candidates per offer (sought jobs without any offer first, the most candidates first).
    surplus = sorted(
        (code for code in codes if candidates.get(code)), key=lambda c: (ratio(c), -candidates.get(c, 0), c)
    )[:TOP_ROMES]
    labels = {
        code: (label, in_tension)
        for code, label, in_tension in RomeCode.objects.filter(code__in=set(tension) | set(surplus)).values_list(
            "code", "label", "in_tension"
        )
    }

    def table(chosen: list[str]) -> Table:
        return {
            "columns": ["offers", "candidates"],
            "rows": [
                {
                    "key": code,
                    "label": labels.get(code, ("", False))[0],
                    "in_tension": labels.get(code, ("", False))[1],
                    "values": {"offers": offers.get(code, 0), "candidates": candidates.get(code, 0)},
                }
                for code in chosen
            ],
        }

    return {
        "tension": table(tension),
        "surplus": table(surplus),
        "offers_total": _column([("total", sum(offers.values()))], "offers"),
    }


def _barrier_table(diagnostic: Diagnostic, as_of: datetime.date) -> Table:
    """Barriers identified by the date and not lifted then, by kind, the most frequent first: one query."""
    standing = Q(identified_on__lte=as_of) & (Q(lifted_on__isnull=True) | Q(lifted_on__gt=as_of))
    counts = dict(
        Barrier.objects.filter(standing, young_job_seekers_q(diagnostic, as_of, "person__"))
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    rows = sorted(((kind, counts.get(kind, 0)) for kind in BarrierKind.values), key=lambda row: (-row[1], row[0]))
    return _column(rows)


def figures_compute(*, diagnostic: Diagnostic, as_of: datetime.date) -> dict[str, Any]:
    """Every table of the diagnostic on the date, ready to freeze as JSON."""
    tables = _people_tables(diagnostic, as_of) | _rome_tables(diagnostic, as_of)
    tables["barriers"] = _barrier_table(diagnostic, as_of)
    return {
        "definitions": DEFINITIONS,
        "as_of": as_of.isoformat(),
        "territory": {"kind": diagnostic.territory_kind, "code": diagnostic.territory_code},
        "tables": tables,
    }
