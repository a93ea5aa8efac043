"""A scope's parts and their referrals, for the dashboards' drill-down: the nation's régions, a région's
départements and Missions Locales, a département's Missions Locales, a convention's parties.

Each table is two grouped queries over the scope's referral events, whatever the number of parts or events: one
grouped by the part the sending organisation belongs to, one by the receiving organisation's (a referral between two
organisations of the same part counted once). So a part's figure is the one its own dashboard shows: an
organisation's referrals are those it sent or received (a Mission Locale's with its sites')."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from tandem.events.enums import EventKind
from tandem.indicators.periods import Period
from tandem.indicators.referrals import ANSWERED, PROPOSED, referral_events
from tandem.indicators.scopes import CONVENTION, DEPARTEMENT, NATION, ORGANISATION, REGION, Scope
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.partnerships.models import ConventionParty
from tandem.referrals.models import Referral
from tandem.territories.models import Departement, Region

# Each way of cutting a scope: its table's caption (with %(year)s) and the header of its first column.
PART_TEXTS = {
    "regions": (_("Régions, orientations %(year)s"), _("Région")),
    "departements": (_("Départements, orientations %(year)s"), _("Département")),
    "missions-locales": (_("Missions Locales, orientations %(year)s"), _("Mission Locale")),
    "parties": (_("Parties de la convention, orientations %(year)s"), _("Partie")),
}


@dataclass(frozen=True)
class Part:
    """A way of cutting a scope: the kind of scope each row opens, the rows (code, name) and where a referral's
    organisation says which row it belongs to (`side` is completed with `from_` or `to_`)."""

    kind: str
    key: str  # in PART_TEXTS
    members: list[tuple[str, str]]
    side: str  # "region", "departement" or "organisation"


def _missions_locales(**located: str) -> list[tuple[str, str]]:
    rows = Organisation.objects.filter(kind=OrganisationKind.MISSION_LOCALE, **located).order_by("name")
    return [(str(pk), name) for pk, name in rows.values_list("pk", "name")]


def parts_of(scope: Scope) -> list[Part]:
    """The parts a scope drills down to (none below an organisation)."""
    if scope.kind == NATION:
        regions = [(code, name) for code, name in Region.objects.order_by("name").values_list("code", "name")]
        return [Part(REGION, "regions", regions, "region")]
    if scope.kind == REGION:
        departements = Departement.objects.filter(region_id=scope.code).order_by("code").values_list("code", "name")
        return [
            Part(
                DEPARTEMENT, "departements", [(code, f"{name} ({code})") for code, name in departements], "departement"
            ),
            Part(ORGANISATION, "missions-locales", _missions_locales(commune__region_id=scope.code), "organisation"),
        ]
    if scope.kind == DEPARTEMENT:
        return [
            Part(
                ORGANISATION,
                "missions-locales",
                _missions_locales(commune__departement_id=scope.code),
                "organisation",
            )
        ]
    if scope.kind == CONVENTION:
        parties = (
            ConventionParty.objects.filter(convention_id=int(scope.code))
            .exclude(organisation__kind=OrganisationKind.ML_SITE)
            .order_by("organisation__name")
            .values_list("organisation_id", "organisation__name")
        )
        return [Part(ORGANISATION, "parties", [(str(pk), name) for pk, name in parties], "organisation")]
    return []


def _part_of(side: str, part: Part) -> Subquery:
    """The part of the referral's sending (side "from") or receiving ("to") organisation."""
    organisation = f"{side}_organisation"
    expression: Case | F
    if part.side == "organisation":
        # A Mission Locale's site belongs to its Mission Locale.
        expression = Case(
            When(**{f"{organisation}__kind": OrganisationKind.ML_SITE}, then=F(f"{organisation}__parent_id")),
            default=F(f"{organisation}_id"),
        )
    else:
        expression = F(f"{organisation}__commune__{part.side}_id")
    referral = Referral.objects.filter(pk=OuterRef("subject_id")).annotate(part=expression).values("part")
    return Subquery(referral[:1])


def referrals_by_part(*, period: Period, scope: Scope, part: Part) -> dict[str, tuple[int, int, int]]:
    """Part code → (proposed, answered, accepted) for the scope's referral events of the period."""
    events = referral_events(kinds=[*PROPOSED, *ANSWERED], period=period, scope=scope).annotate(
        sender=_part_of("from", part), receiver=_part_of("to", part)
    )
    measures = {
        "proposed": Count("pk", filter=Q(kind__in=PROPOSED)),
        "answered": Count("pk", filter=Q(kind__in=ANSWERED)),
        "accepted": Count("pk", filter=Q(kind=EventKind.REFERRAL_ACCEPTED)),
    }
    totals: dict[str, list[int]] = {}
    by_sender = events.values("sender").annotate(**measures).order_by()
    same = Case(When(receiver=F("sender"), then=Value(True)), default=Value(False), output_field=BooleanField())
    by_receiver = events.annotate(same=same).filter(same=False).values("receiver").annotate(**measures).order_by()
    grouped: list[tuple[str, list[dict[str, Any]]]] = [
        ("sender", list(by_sender)),  # type: ignore[arg-type]
        ("receiver", list(by_receiver)),  # type: ignore[arg-type]
    ]
    for key, rows in grouped:
        for row in rows:
            if row[key] is None:
                continue
            counts = totals.setdefault(str(row[key]), [0, 0, 0])
            counts[0] += row["proposed"]
            counts[1] += row["answered"]
            counts[2] += row["accepted"]
    return {code: (counts[0], counts[1], counts[2]) for code, counts in totals.items()}
