"""Family of indicators: PLIE: participants, positive exits, barrier-lifting actions (docs/indicators.md).

A PLIE participant is a person with a PLIE enrolment (people.SchemeEnrolment, scheme "plie") active at some point
in the period. Its start is in the log: the SCHEME_STARTED event (payload scheme "plie"), dated on the enrolment's
first day. Its end is not: the SCHEME_ENDED event is dated when the end was recorded, not on the last day, so the
last day is read from the enrolment itself (`ends_on`, written once by the step that ends it: the least mutable
source of that day). A participant belongs to a scope when the organisation that enrolled them in the PLIE (the
event's author, fixed in the log) is in it; for an adviser, the participants they enrolled."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from tandem.barrier_actions.models import Enrolment
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.exits.enums import ExitReason
from tandem.indicators.exits import exits_of_period
from tandem.indicators.periods import Period
from tandem.indicators.registry import COUNT, IndicatorValue, indicator
from tandem.indicators.scopes import Scope
from tandem.people.enums import Scheme
from tandem.people.models import SchemeEnrolment

FAMILY = "plie"
ENROLMENT_SUBJECT = "schemeenrolment"
BARRIER_SUBJECT = "enrolment"
# A place in a barrier-lifting action: at once, or from the waiting list.
PLACED = [EventKind.BARRIER_ACTION_ENROLLED, EventKind.BARRIER_ACTION_PROMOTED]
POSITIVE = [ExitReason.EMPLOYMENT, ExitReason.TRAINING, ExitReason.OTHER_POSITIVE]


def plie_starts(scope: Scope) -> QuerySet[Event]:
    """The PLIE enrolments' start events of the scope (any date)."""
    events = Event.objects.filter(
        kind=EventKind.SCHEME_STARTED, subject_type=ENROLMENT_SUBJECT, payload__scheme=Scheme.PLIE
    )
    organisations = scope.organisations()
    if organisations is None:
        return events
    events = events.filter(actor_organisation__in=organisations)
    if scope.adviser_id is not None:
        events = events.filter(actor_id=scope.adviser_id)
    return events


def active_in(period: Period, scope: Scope) -> QuerySet[Event]:
    """The start events of the PLIE enrolments active at some point in the period: started before its end, not
    ended before its first day."""
    not_ended = SchemeEnrolment.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
    return plie_starts(scope).filter(occurred_at__lt=period.ends_at, subject_id__in=not_ended.values("pk"))


def participants_of(period: Period, scope: Scope) -> QuerySet[Event, Any]:
    """The people of the scope in the PLIE during the period, as a subquery of person ids."""
    return active_in(period, scope).values("person_id")


@indicator(
    code="plie_participants",
    name=_("Participants du PLIE"),
    definition=_(
        "Nombre de personnes ayant une inscription au PLIE active à un moment de la période : commencée avant la "
        "fin de la période (date de début, journal des événements) et non terminée avant son premier jour (la date "
        "de fin est lue sur l'inscription, le journal ne datant que l'enregistrement de la fin). Une personne "
        "compte une fois. Périmètre : l'organisation qui l'a inscrite au PLIE (conseiller : les inscriptions "
        "qu'il a faites)."
    ),
    unit=COUNT,
    family=FAMILY,
)
def plie_participants(period: Period, scope: Scope) -> IndicatorValue:
    counts = active_in(period, scope).aggregate(people=Count("person_id", distinct=True))
    return IndicatorValue(value=counts["people"])


@indicator(
    code="plie_new_participants",
    name=_("Nouveaux participants du PLIE"),
    definition=_(
        "Nombre de personnes dont l'inscription au PLIE a commencé pendant la période (date de début) sans "
        "inscription au PLIE commencée auparavant (une réinscription ne compte pas). Même périmètre que les "
        "participants."
    ),
    unit=COUNT,
    family=FAMILY,
)
def plie_new_participants(period: Period, scope: Scope) -> IndicatorValue:
    earlier = Event.objects.filter(
        kind=EventKind.SCHEME_STARTED,
        subject_type=ENROLMENT_SUBJECT,
        payload__scheme=Scheme.PLIE,
        person_id=OuterRef("person_id"),
        occurred_at__lt=period.starts_at,
    )
    counts = (
        plie_starts(scope)
        .filter(occurred_at__gte=period.starts_at, occurred_at__lt=period.ends_at)
        .exclude(Exists(earlier))
        .aggregate(people=Count("person_id", distinct=True))
    )
    return IndicatorValue(value=counts["people"])


@indicator(
    code="plie_positive_exits",
    name=_("Sorties positives des participants du PLIE"),
    definition=_(
        "Nombre de sorties d'accompagnement positives (emploi, formation, autre sortie positive) dont la date est "
        "dans la période, de personnes participantes du PLIE pendant la période (au sens de « Participants du "
        "PLIE », dans le même périmètre), avec le détail par motif. Dernière version de chaque sortie, les sorties "
        "annulées exclues (voir la famille des sorties) ; toute organisation référente."
    ),
    unit=COUNT,
    family=FAMILY,
)
def plie_positive_exits(period: Period, scope: Scope) -> IndicatorValue:
    rows = (
        exits_of_period(period, Scope("nation"))
        .filter(payload__positive=True, person_id__in=participants_of(period, scope))
        .annotate(reason=KT("payload__reason"))
        .values("reason")
        .annotate(count=Count("pk"))
        .order_by("reason")
    )
    breakdown: dict[str, int] = {str(reason): 0 for reason in POSITIVE}
    for row in rows:
        breakdown[row["reason"]] = breakdown.get(row["reason"], 0) + row["count"]
    return IndicatorValue(value=sum(breakdown.values()), breakdown=breakdown)


@indicator(
    code="plie_barrier_actions",
    name=_("Actions de levée des freins des participants du PLIE"),
    definition=_(
        "Nombre de places obtenues dans une action de levée des freins pendant la période (date de l'inscription "
        "avec une place, ou de la place libérée pour une personne en liste d'attente) par des participants du PLIE "
        "de la période, orientés par une organisation du périmètre (conseiller : les orientations qu'il a faites). "
        "Détail : places obtenues et actions suivies jusqu'au bout pendant la période (date de fin)."
    ),
    unit=COUNT,
    family=FAMILY,
)
def plie_barrier_actions(period: Period, scope: Scope) -> IndicatorValue:
    events = Event.objects.filter(
        kind__in=[*PLACED, EventKind.BARRIER_ACTION_COMPLETED],
        subject_type=BARRIER_SUBJECT,
        occurred_at__gte=period.starts_at,
        occurred_at__lt=period.ends_at,
        person_id__in=participants_of(period, Scope("nation")),
    )
    organisations = scope.organisations()
    if organisations is not None:
        enrolments = Enrolment.objects.filter(organisation__in=organisations)
        if scope.adviser_id is not None:
            enrolments = enrolments.filter(adviser_id=scope.adviser_id)
        events = events.filter(subject_id__in=enrolments.values("pk"))
    counts = events.aggregate(
        placed=Count("pk", filter=Q(kind__in=PLACED)),
        completed=Count("pk", filter=Q(kind=EventKind.BARRIER_ACTION_COMPLETED)),
    )
    return IndicatorValue(value=counts["placed"], breakdown=counts)
