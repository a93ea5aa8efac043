"""Family of indicators: active caseload, per adviser and per seconded FTE (docs/indicators.md).

A young person's lead (organisation and adviser) is named by the log: each LEAD_ASSIGNED or LEAD_HANDED_OVER event
has the new lead follow (people.Follow) as its subject; the lead at a moment is the one of the person's last such
event before it. The follow's organisation and adviser never change once written (only its end is set later), so
they are joined to place the lead in a scope. The helpers `leads_at` and `lead_entries` are shared with the
publics and overlaps families."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.exits.enums import ExitStatus
from tandem.exits.models import Exit
from tandem.indicators.periods import Period
from tandem.indicators.registry import COUNT, IndicatorValue, indicator
from tandem.indicators.scopes import Scope
from tandem.organisations.enums import OrganisationKind
from tandem.partnerships.models import Secondment
from tandem.people.models import Follow

FAMILY = "caseload"
LEAD_KINDS = [EventKind.LEAD_ASSIGNED, EventKind.LEAD_HANDED_OVER]
FOLLOW = "follow"
# A temp agency's members hold the adviser role as the agency's contacts: they do not accompany young people.
NOT_ACCOMPANYING = [OrganisationKind.TEMP_AGENCY, OrganisationKind.TEMP_NETWORK]


def _lead_events() -> QuerySet[Event]:
    return Event.objects.filter(kind__in=LEAD_KINDS, subject_type=FOLLOW)


def follows_in_scope(scope: Scope) -> QuerySet[Follow, Any] | None:
    """The follows whose organisation is in the scope (an adviser's: those they hold); None for the nation."""
    organisations = scope.organisations()
    if organisations is None:
        return None
    follows = Follow.objects.filter(organisation__in=organisations)
    if scope.adviser_id is not None:
        follows = follows.filter(adviser_id=scope.adviser_id)
    return follows.values("pk")


def leads_at(moment: datetime.datetime, scope: Scope) -> QuerySet[Event]:
    """The lead events still in force at `moment` (each person's last one before it), in the scope: one per
    young person who has a lead at that moment."""
    later = _lead_events().filter(
        Q(occurred_at__gt=OuterRef("occurred_at")) | Q(occurred_at=OuterRef("occurred_at"), pk__gt=OuterRef("pk")),
        person=OuterRef("person"),
        occurred_at__lt=moment,
    )
    events = _lead_events().filter(occurred_at__lt=moment).filter(~Exists(later))
    follows = follows_in_scope(scope)
    return events if follows is None else events.filter(subject_id__in=follows)


def lead_entries(period: Period, scope: Scope) -> QuerySet[Event]:
    """The lead events of the period that bring a young person into the scope's caseload: the new follow is in
    the scope and the lead just before (if any) was not (a change of adviser inside an organisation is no entry;
    for an adviser's scope, it is one)."""
    previous = _lead_events().filter(
        Q(occurred_at__lt=OuterRef("occurred_at")) | Q(occurred_at=OuterRef("occurred_at"), pk__lt=OuterRef("pk")),
        person=OuterRef("person"),
    )
    events = _lead_events().filter(occurred_at__gte=period.starts_at, occurred_at__lt=period.ends_at)
    follows = follows_in_scope(scope)
    if follows is None:
        return events.filter(~Exists(previous))
    before = Subquery(previous.order_by("-occurred_at", "-pk").values("subject_id")[:1])
    return (
        events.filter(subject_id__in=follows)
        .annotate(previous_follow=before)
        .filter(Q(previous_follow__isnull=True) | ~Q(previous_follow__in=follows))
    )


def _last_day(period: Period) -> datetime.date:
    return period.end - datetime.timedelta(days=1)


def exited_since_lead(moment: datetime.datetime) -> Exists:
    """For a lead event (`leads_at`, annotated with `lead_organisation` and `lead_day`): the young person left
    that lead's accompaniment before `moment`, by an exit its organisation recorded, dated on or after the day the
    lead began. The exit is read as it stands (`Exit.status`, `Exit.exited_on`): its last word, which the exits
    family reads from its events (a cancelled exit no longer counts, a corrected one counts on its new day)."""
    return Exists(
        Exit.objects.filter(
            person_id=OuterRef("person_id"),
            organisation_id=OuterRef("lead_organisation"),
            status=ExitStatus.RECORDED,
            exited_on__gte=OuterRef("lead_day"),
            exited_on__lt=timezone.localtime(moment).date(),
        )
    )


def _caseload(period: Period, scope: Scope) -> int:
    """The young people led at the end of the period, those who left their lead's accompaniment (an exit) aside."""
    lead_organisation = Follow.objects.filter(pk=OuterRef("subject_id")).values("organisation_id")[:1]
    leads = leads_at(period.ends_at, scope).annotate(
        lead_organisation=Subquery(lead_organisation),
        lead_day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()),
    )
    return leads.exclude(exited_since_lead(period.ends_at)).count()


def _ratio(numerator: int, denominator: Decimal | int) -> float | None:
    return round(numerator / float(denominator), 1) if denominator else None


@indicator(
    code="caseload_active",
    name=_("File active"),
    definition=_(
        "Nombre de jeunes ayant un ou une référente à la fin de la période, dans une organisation du périmètre "
        "(pour un conseiller ou une conseillère : les jeunes dont il ou elle est référent·e). Le référent est celui "
        "du dernier événement « référent désigné » ou « passage de relais » du jeune survenu avant la fin de la "
        "période. Un jeune sorti de l'accompagnement de son organisation référente (sortie enregistrée par elle, "
        "datée après le début de ce suivi et non annulée) n'en fait plus partie."
    ),
    unit=COUNT,
    family=FAMILY,
)
def caseload_active(period: Period, scope: Scope) -> IndicatorValue:
    return IndicatorValue(value=_caseload(period, scope))


@indicator(
    code="caseload_entries",
    name=_("Entrées en file active"),
    definition=_(
        "Nombre de jeunes entrés dans la file active du périmètre pendant la période (date de la désignation du "
        "référent ou du passage de relais) : le nouveau référent est dans le périmètre et le précédent, s'il y en "
        "avait un, n'y était pas (un changement de conseiller au sein d'une organisation n'est pas une entrée, "
        "sauf pour le périmètre d'un conseiller). Un jeune entré deux fois compte une fois."
    ),
    unit=COUNT,
    family=FAMILY,
)
def caseload_entries(period: Period, scope: Scope) -> IndicatorValue:
    counts = lead_entries(period, scope).aggregate(people=Count("person", distinct=True))
    return IndicatorValue(value=counts["people"])


@indicator(
    code="caseload_per_adviser",
    name=_("File active par conseiller"),
    definition=_(
        "File active à la fin de la période ÷ nombre de conseillers et conseillères (personnes ayant un "
        "rattachement de rôle « conseiller » à une organisation du périmètre, en cours le dernier jour de la "
        "période ; les contacts des agences d'emploi temporaire, qui n'accompagnent pas de jeunes, ne comptent "
        "pas). Les rattachements ne sont pas dans le journal : c'est leur état actuel, daté par leurs dates de "
        "début et de fin ; un rattachement modifié depuis change le chiffre d'une période passée."
    ),
    unit=COUNT,
    family=FAMILY,
)
def caseload_per_adviser(period: Period, scope: Scope) -> IndicatorValue:
    caseload = _caseload(period, scope)
    memberships = (
        Membership.objects.active(_last_day(period))
        .filter(role=Role.ADVISER)
        .exclude(organisation__kind__in=NOT_ACCOMPANYING)
    )
    organisations = scope.organisations()
    if organisations is not None:
        memberships = memberships.filter(organisation__in=organisations)
    if scope.adviser_id is not None:
        memberships = memberships.filter(user_id=scope.adviser_id)
    advisers = memberships.aggregate(users=Count("user", distinct=True))["users"]
    return IndicatorValue(value=_ratio(caseload, advisers), numerator=caseload, denominator=advisers)


@indicator(
    code="caseload_per_seconded_fte",
    name=_("File active par ETP mis à disposition"),
    definition=_(
        "File active à la fin de la période ÷ équivalents temps plein mis à disposition des organisations du "
        "périmètre (somme des quotités des mises à disposition des conventions en cours le dernier jour de la "
        "période ; pour un conseiller ou une conseillère : la sienne). Les mises à disposition ne sont pas dans le "
        "journal : c'est leur état actuel, daté par leurs dates de début et de fin. La part d'ETP portée par le "
        "rattachement de l'agent (Membership.fte_share) n'est pas ajoutée : elle décrit la même mise à "
        "disposition. Détail : file active et ETP en centièmes."
    ),
    unit=COUNT,
    family=FAMILY,
)
def caseload_per_seconded_fte(period: Period, scope: Scope) -> IndicatorValue:
    caseload = _caseload(period, scope)
    day = _last_day(period)
    secondments = Secondment.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day)
    organisations = scope.organisations()
    if organisations is not None:
        secondments = secondments.filter(to_mission_locale__in=organisations)
    if scope.adviser_id is not None:
        secondments = secondments.filter(agent_id=scope.adviser_id)
    fte = secondments.aggregate(total=Sum("fte"))["total"] or Decimal("0")
    return IndicatorValue(
        value=_ratio(caseload, fte),
        numerator=caseload,
        breakdown={"caseload": caseload, "fte_hundredths": int(fte * 100)},
    )
