"""First family: referrals (orientations), read from the referral workflow's events (tandem.referrals.workflow). Every
event of a referral names it as its subject (subject_type "referral"). A referral belongs to a scope when its
sending or its receiving organisation is in it (for a convention: both, its parties' dealings with each other; for
an adviser: the referrals they proposed or answered); these are fixed once written, so a past period keeps its
figures. Each figure counts the events that happened (occurred_at) in the period, whenever they were recorded."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.indicators.periods import Period
from tandem.indicators.registry import COUNT, DAYS, RATE, IndicatorValue, indicator, rate
from tandem.indicators.scopes import Scope
from tandem.indicators.sql import median_days
from tandem.referrals.enums import RefusalReason
from tandem.referrals.models import Referral

FAMILY = "referrals"
SUBJECT = "referral"
PROPOSED = [EventKind.REFERRAL_PROPOSED, EventKind.DESIGNATION_PROPOSED]
ANSWERED = [EventKind.REFERRAL_ACCEPTED, EventKind.REFERRAL_REFUSED]


def referral_events(*, kinds: Sequence[str], period: Period, scope: Scope) -> QuerySet[Event]:
    """The referrals' events of these kinds that happened in the period, for the referrals of the scope."""
    events = Event.objects.filter(
        kind__in=kinds,
        subject_type=SUBJECT,
        occurred_at__gte=period.starts_at,
        occurred_at__lt=period.ends_at,
    )
    organisations = scope.organisations()
    if organisations is None:
        return events
    if scope.adviser_id is not None:
        # An adviser's referrals: those they proposed or answered.
        in_scope = Q(proposed_by_id=scope.adviser_id) | Q(answered_by_id=scope.adviser_id)
    elif scope.is_between_parties:
        in_scope = Q(from_organisation__in=organisations) & Q(to_organisation__in=organisations)
    else:
        in_scope = Q(from_organisation__in=organisations) | Q(to_organisation__in=organisations)
    return events.filter(subject_id__in=Referral.objects.filter(in_scope).values("pk"))


def _moment_of(kinds: Sequence[str]) -> Subquery:
    """When the same referral's (first) event of these kinds happened."""
    earlier = Event.objects.filter(kind__in=kinds, subject_type=SUBJECT, subject_id=OuterRef("subject_id"))
    return Subquery(earlier.order_by("occurred_at", "pk").values("occurred_at")[:1], output_field=DateTimeField())


def _since(kinds: Sequence[str]) -> ExpressionWrapper:
    return ExpressionWrapper(F("occurred_at") - _moment_of(kinds), output_field=DurationField())


@indicator(
    code="referrals_proposed",
    name=_("Orientations proposées"),
    definition=_(
        "Nombre d'orientations proposées pendant la période (date de la proposition), délégations du PPAE "
        "(cotraitance) comprises, dont l'organisation qui oriente ou l'organisation destinataire est dans le "
        "périmètre (pour une convention : les deux parmi ses parties). Détail : orientations et délégations."
    ),
    unit=COUNT,
    family=FAMILY,
)
def referrals_proposed(period: Period, scope: Scope) -> IndicatorValue:
    counts = referral_events(kinds=PROPOSED, period=period, scope=scope).aggregate(
        referral=Count("pk", filter=Q(kind=EventKind.REFERRAL_PROPOSED)),
        designation=Count("pk", filter=Q(kind=EventKind.DESIGNATION_PROPOSED)),
    )
    return IndicatorValue(value=counts["referral"] + counts["designation"], breakdown=counts)


@indicator(
    code="referrals_acceptance_rate",
    name=_("Taux d'acceptation des orientations"),
    definition=_(
        "Orientations acceptées ÷ orientations ayant reçu une réponse (acceptées ou refusées), les réponses "
        "données pendant la période (date de la réponse). Les orientations retirées ou expirées sans réponse ne "
        "comptent pas."
    ),
    unit=RATE,
    family=FAMILY,
    discloses=("referrals_refused_by_reason",),
)
def referrals_acceptance_rate(period: Period, scope: Scope) -> IndicatorValue:
    counts = referral_events(kinds=ANSWERED, period=period, scope=scope).aggregate(
        accepted=Count("pk", filter=Q(kind=EventKind.REFERRAL_ACCEPTED)), answered=Count("pk")
    )
    return rate(counts["accepted"], counts["answered"])


@indicator(
    code="referrals_refused_by_reason",
    name=_("Orientations refusées, par motif"),
    definition=_(
        "Nombre d'orientations refusées pendant la période (date du refus), avec le détail par motif de refus "
        "(le code du motif choisi par l'organisation destinataire)."
    ),
    unit=COUNT,
    family=FAMILY,
)
def referrals_refused_by_reason(period: Period, scope: Scope) -> IndicatorValue:
    # One row per reason (at most the number of reasons), grouped by the database.
    rows = (
        referral_events(kinds=[EventKind.REFERRAL_REFUSED], period=period, scope=scope)
        .annotate(reason=KT("payload__reason"))
        .values("reason")
        .annotate(count=Count("pk"))
        .order_by("reason")
    )
    breakdown = dict.fromkeys(RefusalReason.values, 0)
    for row in rows:
        # A code no longer among the reasons is kept as it was recorded: the log is never rewritten.
        reason = row["reason"] or RefusalReason.OTHER
        breakdown[reason] = breakdown.get(reason, 0) + row["count"]
    return IndicatorValue(value=sum(breakdown.values()), breakdown=breakdown)


@indicator(
    code="referrals_entry_rate",
    name=_("Taux d'entrée effective"),
    definition=_(
        "Parmi les orientations acceptées pendant la période (date de l'acceptation), la part dont le premier "
        "rendez-vous a eu lieu (entrée effective), à quelque date que ce soit. Le taux d'une période récente peut "
        "encore monter tant que ses premiers rendez-vous se tiennent."
    ),
    unit=RATE,
    family=FAMILY,
)
def referrals_entry_rate(period: Period, scope: Scope) -> IndicatorValue:
    held = Event.objects.filter(kind=EventKind.MEETING_HELD, subject_type=SUBJECT, subject_id=OuterRef("subject_id"))
    counts = referral_events(kinds=[EventKind.REFERRAL_ACCEPTED], period=period, scope=scope).aggregate(
        accepted=Count("pk"), entered=Count("pk", filter=Exists(held))
    )
    return rate(counts["entered"], counts["accepted"])


@indicator(
    code="referrals_answer_delay",
    name=_("Délai médian de réponse"),
    definition=_(
        "Médiane, en jours, du délai entre la proposition d'une orientation et la réponse (acceptation ou refus), "
        "pour les réponses données pendant la période (date de la réponse)."
    ),
    unit=DAYS,
    family=FAMILY,
)
def referrals_answer_delay(period: Period, scope: Scope) -> IndicatorValue:
    answers = referral_events(kinds=ANSWERED, period=period, scope=scope)
    return median_days(answers, _since(PROPOSED))


@indicator(
    code="referrals_first_meeting_delay",
    name=_("Délai médian jusqu'au premier rendez-vous"),
    definition=_(
        "Médiane, en jours, du délai entre l'acceptation d'une orientation et son premier rendez-vous honoré (jour "
        "du rendez-vous, compté à midi), pour les premiers rendez-vous tenus pendant la période."
    ),
    unit=DAYS,
    family=FAMILY,
)
def referrals_first_meeting_delay(period: Period, scope: Scope) -> IndicatorValue:
    meetings = referral_events(kinds=[EventKind.MEETING_HELD], period=period, scope=scope)
    return median_days(meetings, _since([EventKind.REFERRAL_ACCEPTED]))
