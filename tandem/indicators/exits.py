"""Family of indicators: Exits by reason and access to employment, durable employment at exit and at 6 months
(docs/indicators.md), read from the exits' events (tandem.exits: EXIT_RECORDED, EXIT_UPDATED, EXIT_CANCELLED,
EXIT_FOLLOW_UP_RECORDED; each names the exit as its subject, subject_type "exit").

An exit counts on its day: its events are dated on the exit's day at noon (a correction's on the corrected day).
Each exit is read from its last word: the latest of its recorded / corrected / cancelled events (by the order they
were written). A cancelled exit therefore no longer counts, in whichever period it fell, and a corrected one counts
as corrected: the one exception to "a past period never changes", on purpose (a cancellation or a correction is the
correction of a mistake, not something that happened later). An exit belongs to a scope when its organisation (the
one that led the person, fixed once written) is in it; for a convention, among its parties; for an adviser, the
exits they recorded."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.exits.enums import FOLLOW_UP_MONTHS, ExitReason
from tandem.exits.models import Exit
from tandem.exits.rules import add_months
from tandem.indicators.periods import Period
from tandem.indicators.registry import COUNT, RATE, IndicatorValue, indicator, rate
from tandem.indicators.scopes import Scope

FAMILY = "exits"
SUBJECT = "exit"
VERSIONS = [EventKind.EXIT_RECORDED, EventKind.EXIT_UPDATED]
WORDS = [*VERSIONS, EventKind.EXIT_CANCELLED]


def exits_in_scope(scope: Scope) -> QuerySet[Exit] | None:
    """The exits of the scope's organisations as a subquery (None for the nation: no filter)."""
    organisations = scope.organisations()
    if organisations is None:
        return None
    exits = Exit.objects.filter(organisation__in=organisations)
    if scope.adviser_id is not None:
        exits = exits.filter(recorded_by_id=scope.adviser_id)
    return exits


def standing_exits(*, starts_at: datetime.datetime, ends_at: datetime.datetime, scope: Scope) -> QuerySet[Event]:
    """One event per exit of the scope whose day falls in [starts_at, ends_at): its last word, when that word is a
    version (recorded or corrected), not a cancellation."""
    later = Event.objects.filter(
        kind__in=WORDS, subject_type=SUBJECT, subject_id=OuterRef("subject_id"), pk__gt=OuterRef("pk")
    )
    events = Event.objects.filter(
        kind__in=VERSIONS, subject_type=SUBJECT, occurred_at__gte=starts_at, occurred_at__lt=ends_at
    ).exclude(Exists(later))
    exits = exits_in_scope(scope)
    if exits is not None:
        events = events.filter(subject_id__in=exits.values("pk"))
    return events


def exits_of_period(period: Period, scope: Scope) -> QuerySet[Event]:
    return standing_exits(starts_at=period.starts_at, ends_at=period.ends_at, scope=scope)


def _counts(period: Period, scope: Scope) -> dict[str, int]:
    return exits_of_period(period, scope).aggregate(
        exits=Count("pk"),
        employment=Count("pk", filter=Q(payload__reason=ExitReason.EMPLOYMENT)),
        durable=Count("pk", filter=Q(payload__durable=True)),
        positive=Count("pk", filter=Q(payload__positive=True)),
    )


@indicator(
    code="exits_by_reason",
    name=_("Sorties d'accompagnement, par motif"),
    definition=_(
        "Nombre de sorties d'accompagnement dont la date de sortie est dans la période, avec le détail par motif "
        "(emploi, formation, autre sortie positive, déménagement, plus de contact, fin de dispositif ou limite "
        "d'âge, autre). Chaque sortie est lue dans sa dernière version (une sortie corrigée compte corrigée) ; une "
        "sortie annulée ne compte plus, même dans une période passée : l'annulation corrige une erreur. Périmètre : "
        "l'organisation référente qui a enregistré la sortie (convention : parmi ses parties ; conseiller : les "
        "sorties qu'il a enregistrées)."
    ),
    unit=COUNT,
    family=FAMILY,
)
def exits_by_reason(period: Period, scope: Scope) -> IndicatorValue:
    rows = (
        exits_of_period(period, scope)
        .annotate(reason=KT("payload__reason"))
        .values("reason")
        .annotate(count=Count("pk"))
        .order_by("reason")
    )
    breakdown = dict.fromkeys(ExitReason.values, 0)
    for row in rows:
        # A code no longer among the reasons is kept as it was recorded: the log is never rewritten.
        reason = row["reason"] or ExitReason.OTHER
        breakdown[reason] = breakdown.get(reason, 0) + row["count"]
    return IndicatorValue(value=sum(breakdown.values()), breakdown=breakdown)


@indicator(
    code="exits_employment_rate",
    name=_("Taux d'accès à l'emploi à la sortie"),
    definition=_(
        "Sorties pour un emploi (tout contrat) ÷ sorties d'accompagnement, les sorties dont la date est dans la "
        "période (dernière version de chaque sortie, les sorties annulées exclues ; même périmètre que « Sorties "
        "d'accompagnement, par motif »)."
    ),
    unit=RATE,
    family=FAMILY,
    discloses=("exits_by_reason",),
)
def exits_employment_rate(period: Period, scope: Scope) -> IndicatorValue:
    counts = _counts(period, scope)
    return rate(counts["employment"], counts["exits"])


@indicator(
    code="exits_durable_employment_rate",
    name=_("Taux d'emploi durable à la sortie"),
    definition=_(
        "Sorties vers un emploi durable ÷ sorties d'accompagnement, les sorties dont la date est dans la période. "
        "Emploi durable : un CDI, ou un CDD, une mission d'intérim, un contrat aidé (PEC), un contrat "
        "d'apprentissage ou de professionnalisation de six mois ou plus (la règle de tandem.exits.rules, appliquée "
        "à l'enregistrement). Dernière version de chaque sortie, les sorties annulées exclues."
    ),
    unit=RATE,
    family=FAMILY,
    discloses=("exits_by_reason",),
)
def exits_durable_employment_rate(period: Period, scope: Scope) -> IndicatorValue:
    counts = _counts(period, scope)
    return rate(counts["durable"], counts["exits"])


@indicator(
    code="exits_positive_rate",
    name=_("Taux de sorties positives"),
    definition=_(
        "Sorties positives (emploi, formation, autre sortie positive telle qu'une création d'entreprise ou le "
        "service militaire) ÷ sorties d'accompagnement, les sorties dont la date est dans la période. Dernière "
        "version de chaque sortie, les sorties annulées exclues."
    ),
    unit=RATE,
    family=FAMILY,
    discloses=("exits_by_reason",),
)
def exits_positive_rate(period: Period, scope: Scope) -> IndicatorValue:
    counts = _counts(period, scope)
    return rate(counts["positive"], counts["exits"])


@indicator(
    code="exits_durable_at_six_months_rate",
    name=_("Taux d'emploi durable six mois après la sortie"),
    definition=_(
        "Parmi les sorties dont les six mois tombent dans la période (leur date de sortie est dans la période "
        "reculée de six mois : pour 2026-09, les sorties de mars 2026), la part dont la situation à six mois "
        "enregistrée est un emploi durable (même règle qu'à la sortie). Une sortie sans situation enregistrée "
        "compte au dénominateur : le taux d'une période récente monte à mesure que les situations sont "
        "recueillies. Dernière version de chaque sortie, les sorties annulées exclues ; même périmètre que les "
        "sorties."
    ),
    unit=RATE,
    family=FAMILY,
)
def exits_durable_at_six_months_rate(period: Period, scope: Scope) -> IndicatorValue:
    # Periods start on a month's first day: six months earlier is a month's first day too, the shift is exact.
    earlier = Period(kind=period.kind, start=add_months(period.start, -FOLLOW_UP_MONTHS))
    durable_follow_up = Event.objects.filter(
        kind=EventKind.EXIT_FOLLOW_UP_RECORDED,
        subject_type=SUBJECT,
        subject_id=OuterRef("subject_id"),
        payload__durable=True,
    )
    counts = standing_exits(starts_at=earlier.starts_at, ends_at=earlier.ends_at, scope=scope).aggregate(
        exits=Count("pk"), durable=Count("pk", filter=Exists(durable_follow_up))
    )
    return rate(counts["durable"], counts["exits"])
