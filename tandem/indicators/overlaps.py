"""Family of indicators: overlaps and duplicates (docs/indicators.md).

- Two lead organisations at once: the log names one lead at a time by construction (the last lead event), so the
  check reads the lead follows' own dates (people.Follow.started_at, ended_at: set once, when the lead starts and
  when it is handed over); it should be zero (the rule "one lead adviser").
- Referrals refused because the young person is already followed: the referrals family's refusals, reason
  ALREADY_FOLLOWED, in the same scope.
- Possible duplicates: a record is flagged, never merged, when it is created beside another with the same names,
  birth date and commune (people.services.person_create, designations' imports); the flag is read on the record
  (set at creation, cleared only when the record is anonymised). Tandem has no merge of records: none counted.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.indicators.periods import Period
from tandem.indicators.referrals import referral_events
from tandem.indicators.registry import COUNT, IndicatorValue, indicator
from tandem.indicators.scopes import Scope
from tandem.people.enums import FollowRole
from tandem.people.models import Follow
from tandem.referrals.enums import RefusalReason

FAMILY = "overlaps"


@indicator(
    code="overlaps_two_leads",
    name=_("Jeunes ayant deux organisations référentes à la fois"),
    definition=_(
        "Nombre de jeunes suivis comme référents par au moins deux organisations différentes au dernier instant de "
        "la période, dont l'une au moins est dans le périmètre (pour un conseiller ou une conseillère : dont il ou "
        "elle est l'un des référents). Doit valoir zéro : un jeune a un seul référent à la fois. Lu sur les dates "
        "de début et de fin des suivis (fixées à la désignation et au passage de relais), car le journal ne "
        "nomme par construction qu'un référent à la fois."
    ),
    unit=COUNT,
    family=FAMILY,
)
def overlaps_two_leads(period: Period, scope: Scope) -> IndicatorValue:
    moment = period.ends_at
    in_force = Follow.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=moment), role=FollowRole.LEAD, started_at__lt=moment
    )
    organisations = scope.organisations()
    if organisations is not None:
        mine = in_force.filter(organisation__in=organisations)
        if scope.adviser_id is not None:
            mine = mine.filter(adviser_id=scope.adviser_id)
        in_force = in_force.filter(person__in=mine.values("person"))
    people = (
        in_force.values("person")
        .annotate(organisations=Count("organisation", distinct=True))
        .filter(organisations__gte=2)
        .order_by()
    )
    return IndicatorValue(value=people.count())


@indicator(
    code="overlaps_refused_already_followed",
    name=_("Orientations refusées car le jeune est déjà accompagné"),
    definition=_(
        "Nombre d'orientations et de délégations refusées pendant la période (date du refus) pour le motif « déjà "
        "accompagné·e par une autre structure », dans le périmètre de la famille des orientations (l'organisation "
        "qui oriente ou la destinataire dans le périmètre ; pour une convention : les deux ; pour un conseiller ou "
        "une conseillère : celles qu'il ou elle a proposées ou auxquelles il ou elle a répondu)."
    ),
    unit=COUNT,
    family=FAMILY,
    discloses=("referrals_refused_by_reason",),
)
def overlaps_refused_already_followed(period: Period, scope: Scope) -> IndicatorValue:
    refusals = referral_events(kinds=[EventKind.REFERRAL_REFUSED], period=period, scope=scope)
    return IndicatorValue(value=refusals.filter(payload__reason=RefusalReason.ALREADY_FOLLOWED).count())


@indicator(
    code="overlaps_possible_duplicates",
    name=_("Dossiers créés signalés comme doublons possibles"),
    definition=_(
        "Nombre de dossiers créés pendant la période (date de création) par une organisation du périmètre (pour "
        "un conseiller ou une conseillère : ceux qu'il ou elle a créés) et signalés comme doublon possible d'un "
        "dossier existant (mêmes nom, prénom, date de naissance et commune). Le signalement est lu sur le dossier : "
        "posé à la création, il n'est retiré que si le dossier est anonymisé. Tandem ne fusionne pas les dossiers : "
        "aucune fusion n'est comptée."
    ),
    unit=COUNT,
    family=FAMILY,
)
def overlaps_possible_duplicates(period: Period, scope: Scope) -> IndicatorValue:
    created = Event.objects.filter(
        kind=EventKind.PERSON_CREATED,
        occurred_at__gte=period.starts_at,
        occurred_at__lt=period.ends_at,
        person__possible_duplicate_of__isnull=False,
    )
    organisations = scope.organisations()
    if organisations is not None:
        created = created.filter(actor_organisation__in=organisations)
        if scope.adviser_id is not None:
            created = created.filter(actor_id=scope.adviser_id)
    return IndicatorValue(value=created.count())
