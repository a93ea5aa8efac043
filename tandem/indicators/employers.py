"""Family of indicators: relations with companies — visits (tandem.prospecting), the offers they collected, the
anonymous CVs sent with a positioning (tandem.offers.positioning) and the employer events held
(tandem.employer_events).

A visit counts once reported (its VISIT_REPORTED event), on the day it took place: the event is recorded when the
report is typed, and the day of the visit (`Visit.visited_on`) is written by that report and never changes afterwards
(a reported visit is neither edited nor cancelled), so it is read from the visit. A visit belongs to a scope when the
organisation that planned it or one of its pair's two organisations is in it (for a convention: both organisations
of its pair among its parties, or the planner for a visit without a pair; for an adviser: a member of its pair, or
who planned or reported it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from tandem.employer_events.enums import EventFormat
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.indicators.offers import positioning_events
from tandem.indicators.periods import Period
from tandem.indicators.registry import COUNT, IndicatorValue, indicator
from tandem.indicators.scopes import Scope
from tandem.offers.enums import CvKind
from tandem.prospecting.enums import VisitOutcome
from tandem.prospecting.models import Visit

FAMILY = "employers"


def reported_visits(*, period: Period, scope: Scope) -> QuerySet[Visit]:
    """The visits reported (whenever) that took place during the period, in the scope."""
    reported = Event.objects.filter(kind=EventKind.VISIT_REPORTED, subject_type="visit", subject_id=OuterRef("pk"))
    visits = Visit.objects.filter(Exists(reported), visited_on__gte=period.start, visited_on__lt=period.end)
    organisations = scope.organisations()
    if organisations is None:
        return visits
    if scope.adviser_id is not None:
        adviser = scope.adviser_id
        return visits.filter(
            Q(pair__first_member_id=adviser)
            | Q(pair__second_member_id=adviser)
            | Q(planned_by_id=adviser)
            | Q(reported_by_id=adviser)
        )
    first, second = Q(pair__first_organisation__in=organisations), Q(pair__second_organisation__in=organisations)
    planner = Q(organisation__in=organisations)
    if scope.is_between_parties:
        return visits.filter((Q(pair__isnull=False) & first & second) | (Q(pair__isnull=True) & planner))
    return visits.filter(first | second | planner)


@indicator(
    code="employers_companies_visited",
    name=_("Entreprises visitées"),
    definition=_(
        "Nombre d'entreprises différentes ayant reçu pendant la période (date de la visite inscrite au compte rendu) "
        "au moins une visite dont le compte rendu est saisi, dont l'organisation qui a prévu la visite ou l'une des "
        "deux organisations du binôme est dans le périmètre (pour une convention : les deux organisations du binôme "
        "parmi ses parties ; pour un conseiller : ses visites en binôme, prévues ou rapportées par lui)."
    ),
    unit=COUNT,
    family=FAMILY,
)
def employers_companies_visited(period: Period, scope: Scope) -> IndicatorValue:
    visits = reported_visits(period=period, scope=scope)
    return IndicatorValue(value=visits.aggregate(companies=Count("employer", distinct=True))["companies"])


@indicator(
    code="employers_visits",
    name=_("Visites d'entreprises"),
    definition=_(
        "Nombre de visites d'entreprises ayant eu lieu pendant la période (date de la visite) et dont le compte "
        "rendu est saisi, même périmètre que les entreprises visitées. Détail par issue de la visite."
    ),
    unit=COUNT,
    family=FAMILY,
)
def employers_visits(period: Period, scope: Scope) -> IndicatorValue:
    counts = reported_visits(period=period, scope=scope).aggregate(
        **{outcome: Count("pk", filter=Q(outcome=outcome)) for outcome in VisitOutcome.values}
    )
    return IndicatorValue(value=sum(counts.values()), breakdown=counts)


@indicator(
    code="employers_offers_per_visit",
    name=_("Offres recueillies par visite"),
    definition=_(
        "Offres recueillies lors des visites ÷ visites, pour les visites ayant eu lieu pendant la période et dont le "
        "compte rendu est saisi (même périmètre que les visites) : un nombre moyen d'offres par visite, deux "
        "décimales, avec les offres au numérateur et les visites au dénominateur."
    ),
    unit=COUNT,
    family=FAMILY,
)
def employers_offers_per_visit(period: Period, scope: Scope) -> IndicatorValue:
    counts = reported_visits(period=period, scope=scope).aggregate(
        visits=Count("pk", distinct=True), offers=Count("offers")
    )
    value = round(counts["offers"] / counts["visits"], 2) if counts["visits"] else None
    return IndicatorValue(value=value, numerator=counts["offers"], denominator=counts["visits"])


@indicator(
    code="employers_anonymous_cvs_sent",
    name=_("CV anonymes envoyés"),
    definition=_(
        "Nombre de candidatures envoyées à un employeur avec un CV anonyme pendant la période (date de l'envoi "
        "d'une mise en relation, le type de CV étant celui de l'envoi), dont l'organisation qui propose la personne "
        "ou celle qui partage l'offre est dans le périmètre (pour une convention : les deux parmi ses parties ; pour "
        "un conseiller : les mises en relation qu'il a proposées). Détail : CV anonymes et CV complets."
    ),
    unit=COUNT,
    family=FAMILY,
)
def employers_anonymous_cvs_sent(period: Period, scope: Scope) -> IndicatorValue:
    events = positioning_events(kinds=[EventKind.POSITIONING_SENT], period=period, scope=scope)
    counts = events.aggregate(
        **{kind: Count("pk", filter=Q(payload__cv_kind=kind)) for kind in (CvKind.ANONYMOUS, CvKind.FULL)}
    )
    return IndicatorValue(value=counts[CvKind.ANONYMOUS], breakdown=counts)


def held_employer_events(*, period: Period, scope: Scope) -> QuerySet[Event]:
    """The employer events declared held (whenever), held during the period (their day, in the event's payload, no
    longer changes once held), organised by an organisation of the scope (its declaration's author)."""
    held_on = Cast(KT("payload__held_on"), TextField())  # compared as text: KT's lookups would read the bound as JSON
    events = Event.objects.filter(kind=EventKind.EMPLOYER_EVENT_HELD, subject_type="employerevent")
    events = events.annotate(day=held_on).filter(day__gte=period.start.isoformat(), day__lt=period.end.isoformat())
    organisations = scope.organisations()
    if organisations is None:
        return events
    if scope.adviser_id is not None:
        return events.filter(actor_id=scope.adviser_id)
    return events.filter(actor_organisation__in=organisations)


@indicator(
    code="employers_events_held",
    name=_("Événements employeurs tenus"),
    definition=_(
        "Nombre d'événements employeurs (job datings, forums, réunions d'information, séances collectives avec les "
        "agences d'emploi…) tenus pendant la période (jour de l'événement), dont l'organisation qui organise est "
        "dans le périmètre (pour une convention : parmi ses parties ; pour un conseiller : ceux qu'il a déclarés "
        "tenus). Détail par type d'événement."
    ),
    unit=COUNT,
    family=FAMILY,
)
def employers_events_held(period: Period, scope: Scope) -> IndicatorValue:
    rows: Any = (
        held_employer_events(period=period, scope=scope)
        .annotate(format=KT("payload__format"))
        .values("format")
        .annotate(count=Count("pk"))
        .order_by("format")
    )
    breakdown = dict.fromkeys(EventFormat.values, 0)
    for row in rows:  # one row per format, grouped by the database
        event_format = row["format"] or EventFormat.OTHER
        breakdown[event_format] = breakdown.get(event_format, 0) + row["count"]
    return IndicatorValue(value=sum(breakdown.values()), breakdown=breakdown)
