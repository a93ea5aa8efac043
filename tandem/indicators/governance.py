"""Family of indicators: the governance of conventions (tandem.partnerships, tandem.meetings) — staff seconded against
the target, steering committees held against their cadence, completion of the joint action plan.

The conventions of a scope: a convention's scope is itself; for an organisation, a commune, an EPCI, a département
or a région, the conventions **one of whose parties** is among the scope's organisations (a party located there, or
the organisation or one of its Mission Locale sites), so a convention between partners of two départements counts in
both and once in the nation; for an adviser, the conventions where they are a party's single contact. The parties
are read as they are now (adding or removing a party is rare and recorded on the convention's timeline)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.indicators.periods import MONTH, QUARTER, Period
from tandem.indicators.registry import COUNT, RATE, IndicatorValue, indicator
from tandem.indicators.scopes import CONVENTION, Scope
from tandem.meetings.enums import ActionStatus, MeetingKind
from tandem.partnerships.enums import ConventionStatus
from tandem.partnerships.enums import Indicator as TargetIndicator
from tandem.partnerships.models import Convention, ConventionParty, Secondment, Target

FAMILY = "governance"
SUBJECT = "convention"
# At least five steering committees a year when the convention sets no target of its own.
DEFAULT_STEERING_PER_YEAR = 5
ACTION_KINDS = [
    EventKind.CONVENTION_ACTION_CREATED,
    EventKind.CONVENTION_ACTION_UPDATED,
    EventKind.CONVENTION_ACTION_STARTED,
    EventKind.CONVENTION_ACTION_DONE,
    EventKind.CONVENTION_ACTION_DROPPED,
]


def conventions_of(scope: Scope) -> QuerySet[Any] | None:
    """The scope's conventions as a subquery of ids (None for the nation: all of them)."""
    if scope.kind == CONVENTION:
        return Convention.objects.filter(pk=int(scope.code)).values("pk")
    if scope.adviser_id is not None:
        return ConventionParty.objects.filter(contact_id=scope.adviser_id).values("convention_id")
    organisations = scope.organisations()
    if organisations is None:
        return None
    return ConventionParty.objects.filter(organisation__in=organisations).values("convention_id")


def signed_by(day: datetime.date) -> Q:
    """Conventions signed by that day: the day of the signature is written by it and never changes (it is not
    among a convention's terms). A convention adopted from a partnership link written before conventions existed has
    no signature day: it counts from its start unless it is still a draft."""
    adopted = Q(signed_on__isnull=True, starts_on__lte=day) & ~Q(status=ConventionStatus.DRAFT)
    return Q(signed_on__lte=day) | adopted


def reference_day(period: Period) -> datetime.date:
    """The day a level (staff seconded) is read on: the period's last day, or today while the period runs (a period
    still to come: its first day)."""
    return min(period.end - datetime.timedelta(days=1), max(timezone.localdate(), period.start))


def _scoped(rows: QuerySet[Any], scope: Scope, field: str = "convention") -> QuerySet[Any]:
    conventions = conventions_of(scope)
    return rows if conventions is None else rows.filter(**{f"{field}__in": conventions})


def _fte_seconded(period: Period, scope: Scope) -> Decimal:
    day = reference_day(period)
    rows = _scoped(Secondment.objects.filter(starts_on__lte=day), scope).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    return rows.aggregate(fte=Sum("fte"))["fte"] or Decimal(0)


@indicator(
    code="governance_fte_seconded",
    name=_("ETP mis à disposition"),
    definition=_(
        "Somme des quotités (ETP) des agents de France Travail mis à disposition d'une Mission Locale au titre des "
        "conventions du périmètre, en cours le dernier jour de la période (aujourd'hui pour la période en cours). "
        "Lu sur les mises à disposition telles qu'elles sont enregistrées : le journal ne garde pas leurs dates, "
        "une mise à disposition corrigée après coup change donc aussi les périodes passées."
    ),
    unit=COUNT,
    family=FAMILY,
    counts_people=False,
)
def governance_fte_seconded(period: Period, scope: Scope) -> IndicatorValue:
    return IndicatorValue(value=float(_fte_seconded(period, scope)))


@indicator(
    code="governance_fte_seconded_rate",
    name=_("ETP mis à disposition, rapportés à l'objectif"),
    definition=_(
        "ETP mis à disposition (voir « ETP mis à disposition ») ÷ somme des objectifs « ETP mis à disposition » des "
        "conventions du périmètre pour l'année de la période (ou dont les dates d'objectif couvrent le dernier jour de "
        "la période). Un niveau, non proratisé. Aucune valeur sans objectif."
    ),
    unit=RATE,
    family=FAMILY,
    counts_people=False,
)
def governance_fte_seconded_rate(period: Period, scope: Scope) -> IndicatorValue:
    day = reference_day(period)
    targets = _scoped(Target.objects.filter(indicator=TargetIndicator.FTE_SECONDED), scope).filter(
        Q(year=period.start.year) | Q(year__isnull=True, starts_on__lte=day, ends_on__gte=day)
    )
    target = targets.aggregate(total=Sum("value"))["total"]
    if not target:
        return IndicatorValue(value=None)
    return IndicatorValue(value=round(float(100 * _fte_seconded(period, scope) / target), 1))


def _steering_held(period: Period, scope: Scope) -> QuerySet[Event]:
    events = Event.objects.filter(
        kind=EventKind.CONVENTION_MEETING_HELD,
        subject_type=SUBJECT,
        occurred_at__gte=period.starts_at,
        occurred_at__lt=period.ends_at,
    )
    return _scoped(events, scope, field="subject_id")


@indicator(
    code="governance_steering_meetings",
    name=_("Comités de pilotage tenus"),
    definition=_(
        "Nombre de comités de pilotage tenus pendant la période (jour et heure de début de la réunion) par les "
        "conventions du périmètre. Détail : les réunions tenues de chaque instance (comité de pilotage, réunion de "
        "coordination, comité des directeurs, comité national, comité technique)."
    ),
    unit=COUNT,
    family=FAMILY,
    counts_people=False,
)
def governance_steering_meetings(period: Period, scope: Scope) -> IndicatorValue:
    counts = _steering_held(period, scope).aggregate(
        **{kind: Count("pk", filter=Q(payload__meeting_kind=kind)) for kind in MeetingKind.values}
    )
    return IndicatorValue(value=counts[MeetingKind.STEERING], breakdown=counts)


@indicator(
    code="governance_steering_cadence_rate",
    name=_("Comités de pilotage tenus, rapportés au rythme attendu"),
    definition=_(
        "Comités de pilotage tenus pendant la période ÷ comités attendus. Attendus : pour chaque convention du "
        "périmètre signée au plus tard le dernier jour de la période (date de signature ; pour une convention reprise "
        "d'un partenariat antérieur, sans date de signature : sa date de début) et non terminée avant son premier "
        "jour, son objectif « comités de pilotage par an » de l'année (5 par an sans objectif), au prorata de la "
        "durée de la période (un douzième pour un mois, un quart pour un trimestre), sans tenir compte d'une "
        "convention signée ou terminée en cours de période. Le détail donne les comités attendus sur l'année "
        "entière ; le numérateur, les comités tenus."
    ),
    unit=RATE,
    family=FAMILY,
    counts_people=False,
)
def governance_steering_cadence_rate(period: Period, scope: Scope) -> IndicatorValue:
    held = _steering_held(period, scope).filter(payload__meeting_kind=MeetingKind.STEERING).count()
    target = Target.objects.filter(
        convention=OuterRef("pk"), indicator=TargetIndicator.STEERING_MEETINGS_PER_YEAR, year=period.start.year
    ).values("value")[:1]
    last_day = period.end - datetime.timedelta(days=1)
    in_force = _scoped(Convention.objects.filter(signed_by(last_day)), scope, field="pk").filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.start)
    )
    cadence = Coalesce(
        Subquery(target, output_field=DecimalField()),
        Value(Decimal(DEFAULT_STEERING_PER_YEAR)),
        output_field=DecimalField(),
    )
    per_year = in_force.aggregate(total=Sum(cadence))["total"] or Decimal(0)
    months = {MONTH: 1, QUARTER: 3}.get(period.kind, 12)
    expected = float(per_year) * months / 12
    value = round(100 * held / expected, 1) if expected else None
    return IndicatorValue(value=value, numerator=held, breakdown={"expected_per_year": round(float(per_year))})


@indicator(
    code="governance_action_plan_completion",
    name=_("Réalisation du plan d'action"),
    definition=_(
        "Actions réalisées ÷ actions non abandonnées, parmi les actions du plan d'action de l'année de la période "
        "des conventions du périmètre, chacune dans l'état où la laisse son dernier événement survenu avant la fin "
        "de la période (ajoutée, engagée, réalisée ou abandonnée). Une action ajoutée après la période n'y compte pas."
    ),
    unit=RATE,
    family=FAMILY,
    counts_people=False,
)
def governance_action_plan_completion(period: Period, scope: Scope) -> IndicatorValue:
    def before_end() -> Any:
        return Event.objects.filter(
            kind__in=ACTION_KINDS, subject_type=SUBJECT, occurred_at__lt=period.ends_at
        ).annotate(action=KT("payload__action"))

    later = before_end().filter(subject_id=OuterRef("subject_id"), action=OuterRef("action"))
    later = later.filter(
        Q(occurred_at__gt=OuterRef("occurred_at")) | Q(occurred_at=OuterRef("occurred_at"), pk__gt=OuterRef("pk"))
    )
    last = _scoped(before_end(), scope, field="subject_id").filter(~Exists(later), payload__year=period.start.year)
    counts = last.aggregate(
        done=Count("pk", filter=Q(payload__status=ActionStatus.DONE)),
        kept=Count("pk", filter=~Q(payload__status=ActionStatus.DROPPED)),
    )
    kept = counts["kept"]
    value = round(100 * counts["done"] / kept, 1) if kept else None
    return IndicatorValue(value=value, numerator=counts["done"], denominator=kept)
