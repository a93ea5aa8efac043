"""Family of indicators: schemes mobilised (docs/indicators.md).

Entries into and exits from a scheme are the people app's SCHEME_STARTED and SCHEME_ENDED events (payload `scheme`,
a `people.enums.Scheme` code, trainings funded by the CPF or the temp sector's fund included); the organisation
that recorded them (the event's actor organisation, which is also the enrolment's) places them in a scope, the
adviser who recorded them in an adviser's scope. Subsidised contracts and IAE hires are the positionings' hires
(POSITIONING_HIRED, payload `contract_type`); temp-work missions belong to the temp-work family."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.indicators.periods import Period
from tandem.indicators.registry import COUNT, IndicatorValue, indicator
from tandem.indicators.scopes import Scope
from tandem.offers.enums import ContractType
from tandem.offers.models import Positioning
from tandem.people.enums import Scheme

FAMILY = "schemes"
# Contracts with public support (work-study, PEC and the historical subsidised contracts) and IAE.
SUBSIDISED = [
    ContractType.APPRENTICESHIP,
    ContractType.PROFESSIONALISATION,
    ContractType.PEC,
    ContractType.CUI_CAE,
    ContractType.CUI_CIE,
    ContractType.EMPLOI_AVENIR,
    ContractType.IAE,
]


def _events(kind: str, period: Period) -> QuerySet[Event]:
    return Event.objects.filter(kind=kind, occurred_at__gte=period.starts_at, occurred_at__lt=period.ends_at)


def _recorded_in_scope(events: QuerySet[Event], scope: Scope) -> QuerySet[Event]:
    """Events whose recording organisation is in the scope (an adviser's: those they recorded)."""
    organisations = scope.organisations()
    if organisations is None:
        return events
    events = events.filter(actor_organisation__in=organisations)
    if scope.adviser_id is not None:
        events = events.filter(actor_id=scope.adviser_id)
    return events


def _split(events: QuerySet[Event], field: str, codes: Iterable[str]) -> IndicatorValue:
    """The events counted by their payload's code, every code listed (zeros included); one GROUP BY query."""
    rows = events.annotate(code=KT(f"payload__{field}")).values("code").annotate(count=Count("pk")).order_by("code")
    breakdown = dict.fromkeys(codes, 0)
    for row in rows:
        # A code no longer in the list is kept as it was recorded: the log is never rewritten.
        breakdown[row["code"] or ""] = breakdown.get(row["code"] or "", 0) + row["count"]
    return IndicatorValue(value=sum(breakdown.values()), breakdown=breakdown)


@indicator(
    code="schemes_started",
    name=_("Entrées en dispositif"),
    definition=_(
        "Nombre d'entrées de jeunes dans un dispositif pendant la période (date de début de l'entrée, au matin), "
        "enregistrées par une organisation du périmètre (pour un conseiller ou une conseillère : celles qu'il ou "
        "elle a enregistrées). Détail par dispositif (PPAE délégué, PACEA, CEJ, Garantie Jeunes, PLIE, IAE, "
        "formations CPF et FAF.TT), chacun listé, zéros compris."
    ),
    unit=COUNT,
    family=FAMILY,
)
def schemes_started(period: Period, scope: Scope) -> IndicatorValue:
    events = _recorded_in_scope(_events(EventKind.SCHEME_STARTED, period), scope)
    return _split(events, "scheme", Scheme.values)


@indicator(
    code="schemes_ended",
    name=_("Sorties de dispositif"),
    definition=_(
        "Nombre de sorties de dispositif enregistrées pendant la période par une organisation du périmètre, "
        "par dispositif (chacun listé, zéros compris). La date est celle de l'enregistrement de la sortie : "
        "l'événement ne porte pas la date de fin déclarée, qui reste modifiable sur l'inscription."
    ),
    unit=COUNT,
    family=FAMILY,
)
def schemes_ended(period: Period, scope: Scope) -> IndicatorValue:
    events = _recorded_in_scope(_events(EventKind.SCHEME_ENDED, period), scope)
    return _split(events, "scheme", Scheme.values)


@indicator(
    code="schemes_subsidised_hires",
    name=_("Embauches en contrat aidé, en alternance ou en IAE"),
    definition=_(
        "Nombre d'embauches enregistrées pendant la période (date de l'embauche) sur une mise en relation, en "
        "contrat d'apprentissage, de professionnalisation, PEC, contrat aidé historique (CUI-CAE, CUI-CIE, emploi "
        "d'avenir) ou IAE, dont l'organisation qui a positionné le jeune ou celle qui partage l'offre est dans "
        "le périmètre (pour une convention : les deux parmi ses parties ; pour un conseiller ou une conseillère : "
        "les mises en relation qu'il ou elle a proposées). Détail par type de contrat. Les missions d'intérim ne "
        "sont pas comptées ici."
    ),
    unit=COUNT,
    family=FAMILY,
)
def schemes_subsidised_hires(period: Period, scope: Scope) -> IndicatorValue:
    events = _events(EventKind.POSITIONING_HIRED, period).filter(
        subject_type="positioning", payload__contract_type__in=SUBSIDISED
    )
    organisations = scope.organisations()
    if organisations is not None:
        if scope.adviser_id is not None:
            in_scope = Q(proposed_by_id=scope.adviser_id)
        elif scope.is_between_parties:
            in_scope = Q(organisation__in=organisations) & Q(offer__organisation__in=organisations)
        else:
            in_scope = Q(organisation__in=organisations) | Q(offer__organisation__in=organisations)
        events = events.filter(subject_id__in=Positioning.objects.filter(in_scope).values("pk"))
    return _split(events, "contract_type", SUBSIDISED)
