"""Family of indicators: offers and positionings (mises en relation), read from the offers' and positionings' events
(tandem.offers.workflow, tandem.offers.positioning.workflow). An offer's events name it as their subject, a
positioning's events name the positioning. An offer belongs to a scope when the organisation that shares it is in it
(fixed when the offer is created); a positioning when the organisation that proposed the person or the one sharing the
offer is (for a convention: both among its parties); for an adviser, the offers they created and the positionings
they proposed. Each figure counts the events that happened (occurred_at) in the period, whenever they were recorded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
from tandem.offers.enums import ContractType, OfferSource
from tandem.offers.models import Offer, Positioning
from tandem.prospecting.models import Visit

FAMILY = "offers"
OFFER, POSITIONING = "offer", "positioning"
CLOSED = [EventKind.OFFER_FILLED, EventKind.OFFER_EXPIRED, EventKind.OFFER_WITHDRAWN]


def in_period(events: QuerySet[Event], period: Period) -> QuerySet[Event]:
    return events.filter(occurred_at__gte=period.starts_at, occurred_at__lt=period.ends_at)


def offers_of(scope: Scope) -> QuerySet[Any] | None:
    """The scope's offers as a subquery of ids (None for the nation): shared by one of its organisations, or created
    by the adviser."""
    organisations = scope.organisations()
    if organisations is None:
        return None
    if scope.adviser_id is not None:
        created = Event.objects.filter(kind=EventKind.OFFER_CREATED, subject_type=OFFER, actor_id=scope.adviser_id)
        return created.values("subject_id")
    return Offer.objects.filter(organisation__in=organisations).values("pk")


def offer_events(*, kinds: Sequence[str], period: Period, scope: Scope) -> QuerySet[Event]:
    events = in_period(Event.objects.filter(kind__in=kinds, subject_type=OFFER), period)
    offers = offers_of(scope)
    return events if offers is None else events.filter(subject_id__in=offers)


def positionings_of(scope: Scope, positionings: QuerySet[Positioning] | None = None) -> QuerySet[Any] | None:
    """Among `positionings` (all by default), the scope's as a subquery of ids; None when nothing is filtered."""
    organisations = scope.organisations()
    if organisations is None:
        return None if positionings is None else positionings.values("pk")
    rows = Positioning.objects.all() if positionings is None else positionings
    if scope.adviser_id is not None:
        return rows.filter(proposed_by_id=scope.adviser_id).values("pk")
    proposer, sharer = Q(organisation__in=organisations), Q(offer__organisation__in=organisations)
    return rows.filter((proposer & sharer) if scope.is_between_parties else (proposer | sharer)).values("pk")


def positioning_events(*, kinds: Sequence[str], period: Period, scope: Scope) -> QuerySet[Event]:
    events = in_period(Event.objects.filter(kind__in=kinds, subject_type=POSITIONING), period)
    positionings = positionings_of(scope)
    return events if positionings is None else events.filter(subject_id__in=positionings)


@indicator(
    code="offers_shared",
    name=_("Offres partagées"),
    definition=_(
        "Nombre d'offres partagées pendant la période (date de création de l'offre dans Tandem : saisie, import ou "
        "compte rendu de visite), dont l'organisation qui partage l'offre est dans le périmètre (pour un conseiller : "
        "les offres qu'il a saisies). Détail par source de l'offre (France Travail, partenaire, agence d'emploi, "
        "employeur)."
    ),
    unit=COUNT,
    family=FAMILY,
)
def offers_shared(period: Period, scope: Scope) -> IndicatorValue:
    rows = (
        offer_events(kinds=[EventKind.OFFER_CREATED], period=period, scope=scope)
        .annotate(source=KT("payload__source"))
        .values("source")
        .annotate(count=Count("pk"))
        .order_by("source")
    )
    breakdown = dict.fromkeys(OfferSource.values, 0)
    for row in rows:  # one row per source, grouped by the database
        source = row["source"] or OfferSource.PARTNER
        breakdown[source] = breakdown.get(source, 0) + row["count"]
    return IndicatorValue(value=sum(breakdown.values()), breakdown=breakdown)


@indicator(
    code="offers_collected_by_pairs",
    name=_("Offres recueillies par les binômes"),
    definition=_(
        "Nombre d'offres recueillies lors d'une visite d'entreprise faite par un binôme de prospection et partagées "
        "pendant la période (date du compte rendu de la visite, qui crée l'offre). Une offre est dans le périmètre "
        "quand l'organisation qui la partage ou l'une des deux organisations du binôme y est (pour une convention : "
        "les deux organisations du binôme parmi ses parties ; pour un conseiller : s'il est membre du binôme)."
    ),
    unit=COUNT,
    family=FAMILY,
)
def offers_collected_by_pairs(period: Period, scope: Scope) -> IndicatorValue:
    collected = Visit.offers.through.objects.filter(visit__pair__isnull=False)
    organisations = scope.organisations()
    if scope.adviser_id is not None:
        adviser = scope.adviser_id
        collected = collected.filter(Q(visit__pair__first_member_id=adviser) | Q(visit__pair__second_member_id=adviser))
    elif organisations is not None:
        first = Q(visit__pair__first_organisation__in=organisations)
        second = Q(visit__pair__second_organisation__in=organisations)
        if scope.is_between_parties:
            collected = collected.filter(first & second)
        else:
            collected = collected.filter(first | second | Q(offer__organisation__in=organisations))
    events = in_period(Event.objects.filter(kind=EventKind.OFFER_CREATED, subject_type=OFFER), period)
    return IndicatorValue(value=events.filter(subject_id__in=collected.values("offer_id")).count())


@indicator(
    code="offers_positionings",
    name=_("Mises en relation"),
    definition=_(
        "Nombre de mises en relation proposées pendant la période (date de la proposition), dont l'organisation qui "
        "propose la personne ou celle qui partage l'offre est dans le périmètre (pour une convention : les deux "
        "parmi ses parties ; pour un conseiller : celles qu'il a proposées). Détail : proposées, et candidatures "
        "envoyées à l'employeur pendant la période (date de l'envoi)."
    ),
    unit=COUNT,
    family=FAMILY,
)
def offers_positionings(period: Period, scope: Scope) -> IndicatorValue:
    kinds = [EventKind.POSITIONING_PROPOSED, EventKind.POSITIONING_SENT]
    counts = positioning_events(kinds=kinds, period=period, scope=scope).aggregate(
        proposed=Count("pk", filter=Q(kind=EventKind.POSITIONING_PROPOSED)),
        sent=Count("pk", filter=Q(kind=EventKind.POSITIONING_SENT)),
    )
    return IndicatorValue(value=counts["proposed"], breakdown=counts)


@indicator(
    code="offers_hires",
    name=_("Embauches"),
    definition=_(
        "Nombre d'embauches enregistrées sur une mise en relation pendant la période (date de l'embauche), même "
        "périmètre que les mises en relation. Détail par type de contrat signé."
    ),
    unit=COUNT,
    family=FAMILY,
)
def offers_hires(period: Period, scope: Scope) -> IndicatorValue:
    rows = (
        positioning_events(kinds=[EventKind.POSITIONING_HIRED], period=period, scope=scope)
        .annotate(contract=KT("payload__contract_type"))
        .values("contract")
        .annotate(count=Count("pk"))
        .order_by("contract")
    )
    breakdown = dict.fromkeys(ContractType.values, 0)
    for row in rows:  # one row per contract type, grouped by the database
        contract = row["contract"] or ContractType.OTHER
        breakdown[contract] = breakdown.get(contract, 0) + row["count"]
    return IndicatorValue(value=sum(breakdown.values()), breakdown=breakdown)


@indicator(
    code="offers_fill_rate",
    name=_("Taux de pourvoi des offres"),
    definition=_(
        "Offres pourvues ÷ offres clôturées (pourvues, expirées ou retirées), les clôtures survenues pendant la "
        "période (date de la clôture), pour les offres partagées par une organisation du périmètre. Une offre "
        "rouverte puis clôturée de nouveau compte à chaque clôture."
    ),
    unit=RATE,
    family=FAMILY,
)
def offers_fill_rate(period: Period, scope: Scope) -> IndicatorValue:
    counts = offer_events(kinds=CLOSED, period=period, scope=scope).aggregate(
        filled=Count("pk", filter=Q(kind=EventKind.OFFER_FILLED)), closed=Count("pk")
    )
    return rate(counts["filled"], counts["closed"])


@indicator(
    code="offers_time_to_fill",
    name=_("Délai médian de pourvoi"),
    definition=_(
        "Médiane, en jours, du délai entre la création d'une offre dans Tandem et le moment où elle est pourvue (sa "
        "dernière place prise par une embauche), pour les offres pourvues pendant la période, partagées par une "
        "organisation du périmètre."
    ),
    unit=DAYS,
    family=FAMILY,
)
def offers_time_to_fill(period: Period, scope: Scope) -> IndicatorValue:
    created = Event.objects.filter(kind=EventKind.OFFER_CREATED, subject_type=OFFER, subject_id=OuterRef("subject_id"))
    created_at = Subquery(created.order_by("occurred_at", "pk").values("occurred_at")[:1], output_field=DateTimeField())
    filled = offer_events(kinds=[EventKind.OFFER_FILLED], period=period, scope=scope).filter(Exists(created))
    delay = ExpressionWrapper(F("occurred_at") - created_at, output_field=DurationField())
    return median_days(filled, delay)
