"""Reads of employers: scoped to the caller where they show personal data.

Sector in tension: read from the ROME↔NAF hiring weights and the jobs in tension (no stored tag).

A NAF activity is "in tension" when at least half of its hirings (La Bonne Boîte weights,
`referentials.RomeNafHiring`) are in jobs in tension (`RomeCode.in_tension`, from the BMO survey).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, Sum

from tandem.referentials.models import RomeNafHiring

TENSION_SHARE = 0.5


def naf_codes_in_tension(*, naf_codes: Iterable[str]) -> set[str]:
    """Which of these NAF codes (stored form, "4711D") are sectors in tension: one query."""
    codes = sorted({code for code in naf_codes if code})
    if not codes:
        return set()
    rows = (
        RomeNafHiring.objects.filter(naf_id__in=codes)
        .values("naf_id")
        .annotate(total=Sum("hirings"), tense=Sum("hirings", filter=Q(rome__in_tension=True)))
    )
    return {str(row["naf_id"]) for row in rows if row["total"] and (row["tense"] or 0) >= TENSION_SHARE * row["total"]}


def naf_in_tension(naf_code: str | None) -> bool:
    return bool(naf_code) and naf_code in naf_codes_in_tension(naf_codes=[naf_code or ""])


def tension_jobs_of_naf(*, naf_code: str, limit: int = 5) -> list[tuple[str, str]]:
    """The jobs in tension most hired in this activity, (ROME code, label), most hired first."""
    return list(
        RomeNafHiring.objects.filter(naf_id=naf_code, rome__in_tension=True)
        .order_by("-hirings", "rome_id")
        .values_list("rome_id", "rome__label")[:limit]
    )
