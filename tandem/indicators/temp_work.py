"""Family of indicators: the partnership with temp agencies (Mission Jeunes, seed 003) — its conventions, the young
people put forward to the agencies, the missions that started, the immersions (staff at a temp agency or from one,
young people in a company) and the trainings reached (CPF, the temp sector's fund).

Conventions follow the governance family's scope (tandem.indicators.governance.conventions_of). The other figures
belong to the organisations of the scope as each one says; for a convention, both sides among its parties where the
row has two (a mission's agency and who recorded it; a staff immersion's two organisations)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import BigIntegerField, Count, Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from tandem.career_paths.enums import TRAINING_SCHEMES
from tandem.career_paths.models import Mission
from tandem.employer_events.enums import EventFormat
from tandem.employer_events.models import Registration
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.immersions.models import Pmsmp
from tandem.indicators.governance import conventions_of, signed_by
from tandem.indicators.offers import in_period, positionings_of
from tandem.indicators.periods import Period
from tandem.indicators.registry import COUNT, IndicatorValue, indicator
from tandem.indicators.scopes import Scope
from tandem.offers.models import Positioning
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import ConventionKind
from tandem.partnerships.models import Convention
from tandem.referrals.models import Referral

FAMILY = "temp_work"
TEMP_KINDS = [OrganisationKind.TEMP_AGENCY, OrganisationKind.TEMP_NETWORK]
# The collective sessions of seed 003: an agency presents its jobs at the Mission Locale, or takes part in a CEJ /
# Garantie Jeunes group session.
COLLECTIVE_SESSIONS = [EventFormat.JOB_PRESENTATION, EventFormat.GROUP_SESSION]


def _sides(scope: Scope, first: str, second: str) -> Q | None:
    """A two-sided row in the scope: either side (both for a convention); None when nothing is filtered."""
    organisations = scope.organisations()
    if organisations is None:
        return None
    one, other = Q(**{f"{first}__in": organisations}), Q(**{f"{second}__in": organisations})
    return (one & other) if scope.is_between_parties else (one | other)


def _started_between(events: QuerySet[Event], period: Period) -> QuerySet[Event]:
    """Events whose payload's first day (`starts_on`, an ISO date that no longer changes once the event is written)
    falls in the period."""
    day = Cast(KT("payload__starts_on"), TextField())  # compared as text: KT's lookups would read the bound as JSON
    return events.annotate(day=day).filter(day__gte=period.start.isoformat(), day__lt=period.end.isoformat())


@indicator(
    code="temp_work_conventions",
    name=_("Conventions Mission Jeunes"),
    definition=_(
        "Nombre de conventions Mission Jeunes (Mission Locale – agences d'emploi) du périmètre en vigueur à la fin de "
        "la période : signées au plus tard le dernier jour de la période (date de la signature ; pour une convention "
        "reprise d'un partenariat antérieur, sans date de signature : sa date de début) et dont le dernier jour "
        "n'est pas antérieur au sien. Détail : signées pendant la période, en vigueur à sa fin. Périmètre : celui "
        "des conventions (une de leurs parties dans le périmètre)."
    ),
    unit=COUNT,
    family=FAMILY,
)
def temp_work_conventions(period: Period, scope: Scope) -> IndicatorValue:
    # A convention's kind never changes; nor does the day of its signature (governance.signed_by).
    last_day = period.end - datetime.timedelta(days=1)
    rows = Convention.objects.filter(signed_by(last_day), kind=ConventionKind.MISSION_JEUNES)
    conventions = conventions_of(scope)
    if conventions is not None:
        rows = rows.filter(pk__in=conventions)
    counts = rows.aggregate(
        signed=Count("pk", filter=Q(signed_on__gte=period.start)),
        active=Count("pk", filter=Q(ends_on__isnull=True) | Q(ends_on__gte=last_day)),
    )
    return IndicatorValue(value=counts["active"], breakdown=counts)


@indicator(
    code="temp_work_young_people_put_forward",
    name=_("Jeunes présentés aux agences d'emploi"),
    definition=_(
        "Nombre de jeunes différents présentés à une agence d'emploi pendant la période, par l'un de trois chemins : "
        "une mise en relation proposée sur une offre partagée par une agence d'emploi (date de la proposition), une "
        "orientation proposée à une agence d'emploi (date de la proposition), une inscription à une séance "
        "collective avec les agences (présentation de métiers par une agence, séance collective CEJ / Garantie "
        "Jeunes ; date de l'inscription). Un côté au moins dans le périmètre (les deux pour une convention ; pour un "
        "conseiller : ce qu'il a proposé ou inscrit). Détail : le nombre de chaque chemin."
    ),
    unit=COUNT,
    family=FAMILY,
)
def temp_work_young_people_put_forward(period: Period, scope: Scope) -> IndicatorValue:
    positionings: Any = positionings_of(scope, Positioning.objects.filter(offer__organisation__kind__in=TEMP_KINDS))
    referrals = Referral.objects.filter(to_organisation__kind__in=TEMP_KINDS)
    registrations = Registration.objects.filter(event__format__in=COLLECTIVE_SESSIONS)
    if scope.adviser_id is not None:
        referrals = referrals.filter(proposed_by_id=scope.adviser_id)
        registrations = registrations.filter(registered_by_id=scope.adviser_id)
    else:
        referral_sides = _sides(scope, "from_organisation", "to_organisation")
        registration_sides = _sides(scope, "organisation", "event__organisation")
        referrals = referrals if referral_sides is None else referrals.filter(referral_sides)
        registrations = registrations if registration_sides is None else registrations.filter(registration_sides)
    positioned = Q(kind=EventKind.POSITIONING_PROPOSED, subject_type="positioning")
    if positionings is not None:
        positioned &= Q(subject_id__in=positionings)
    referred = Q(kind=EventKind.REFERRAL_PROPOSED, subject_type="referral", subject_id__in=referrals.values("pk"))
    registered = Q(
        kind=EventKind.EMPLOYER_EVENT_REGISTERED, subject_type="registration", subject_id__in=registrations.values("pk")
    )
    # One query per path, then the people of the three together: `subject_id IN (…)` joined by OR cannot be hashed
    # by PostgreSQL once the subqueries outgrow its working memory, and was then read row by row (hours for a
    # région at national scale); each path alone is a semi-join.
    paths = {"positioning": positioned, "referral": referred, "registration": registered}
    events = {path: in_period(Event.objects.filter(condition), period) for path, condition in paths.items()}
    counts = {path: rows.count() for path, rows in events.items()}
    people = [rows.filter(person__isnull=False).order_by().values("person") for rows in events.values()]
    return IndicatorValue(value=people[0].union(*people[1:]).count(), breakdown=counts)


@indicator(
    code="temp_work_missions_started",
    name=_("Missions d'intérim commencées"),
    definition=_(
        "Nombre de missions d'intérim enregistrées dont le premier jour (tel qu'enregistré) tombe dans la période, "
        "hors missions annulées depuis, dont l'agence d'emploi ou l'organisation qui a enregistré la mission est "
        "dans le périmètre (pour une convention : les deux parmi ses parties ; pour un conseiller : celles qu'il a "
        "enregistrées). L'agence est lue sur la mission (elle se corrige rarement)."
    ),
    unit=COUNT,
    family=FAMILY,
)
def temp_work_missions_started(period: Period, scope: Scope) -> IndicatorValue:
    recorded = Event.objects.filter(kind=EventKind.MISSION_RECORDED, subject_type="mission")
    cancelled = Event.objects.filter(
        kind=EventKind.MISSION_CANCELLED, subject_type="mission", subject_id=OuterRef("subject_id")
    )
    events = _started_between(recorded, period).filter(~Exists(cancelled))
    if scope.adviser_id is not None:
        events = events.filter(actor_id=scope.adviser_id)
    else:
        sides = _sides(scope, "agency", "organisation")
        if sides is not None:
            events = events.filter(subject_id__in=Mission.objects.filter(sides).values("pk"))
    return IndicatorValue(value=events.count())


@indicator(
    code="temp_work_immersions",
    name=_("Immersions"),
    definition=_(
        "Immersions commencées pendant la période (premier jour de l'immersion) : immersions de professionnels "
        "déclarées réalisées entre une agence d'emploi et une autre organisation (l'une ou l'autre dans le "
        "périmètre, les deux pour une convention), et immersions en entreprise (PMSMP) de jeunes déclarées "
        "commencées, dont la structure prescriptrice est dans le périmètre (pour un conseiller : celles qu'il a "
        "déclarées). Détail : professionnels, PMSMP."
    ),
    unit=COUNT,
    family=FAMILY,
)
def temp_work_immersions(period: Period, scope: Scope) -> IndicatorValue:
    temp = Organisation.objects.filter(kind__in=TEMP_KINDS).values("pk")
    staff = Q(kind=EventKind.STAFF_IMMERSION_DONE, subject_type="staffimmersion")
    staff &= Q(sending__in=temp) | Q(host__in=temp)
    pmsmp = Q(kind=EventKind.PMSMP_STARTED, subject_type="pmsmp")
    if scope.adviser_id is not None:
        staff &= Q(actor_id=scope.adviser_id)
        pmsmp &= Q(actor_id=scope.adviser_id)
    organisations = scope.organisations()
    if scope.adviser_id is None and organisations is not None:
        sending, host = Q(sending__in=organisations), Q(host__in=organisations)
        staff &= (sending & host) if scope.is_between_parties else (sending | host)
        pmsmp &= Q(subject_id__in=Pmsmp.objects.filter(organisation__in=organisations).values("pk"))
    kinds = [EventKind.STAFF_IMMERSION_DONE, EventKind.PMSMP_STARTED]
    # The two organisations of a staff immersion are in its events' payload (their ids, fixed once written).
    events = _started_between(Event.objects.filter(kind__in=kinds), period).annotate(
        sending=Cast(KT("payload__sending"), BigIntegerField()), host=Cast(KT("payload__host"), BigIntegerField())
    )
    events = events.filter(staff | pmsmp)
    counts = events.aggregate(
        staff=Count("pk", filter=Q(kind=EventKind.STAFF_IMMERSION_DONE)),
        pmsmp=Count("pk", filter=Q(kind=EventKind.PMSMP_STARTED)),
    )
    return IndicatorValue(value=counts["staff"] + counts["pmsmp"], breakdown=counts)


@indicator(
    code="temp_work_trainings",
    name=_("Formations engagées"),
    definition=_(
        "Nombre d'entrées en formation financée par le CPF ou par le fonds du travail temporaire (FAF.TT) pendant la "
        "période (date d'entrée), enregistrées par une organisation du périmètre (pour un conseiller : celles qu'il "
        "a enregistrées). Détail par financement."
    ),
    unit=COUNT,
    family=FAMILY,
)
def temp_work_trainings(period: Period, scope: Scope) -> IndicatorValue:
    events = in_period(Event.objects.filter(kind=EventKind.SCHEME_STARTED), period)
    events = events.filter(payload__scheme__in=list(TRAINING_SCHEMES))
    organisations = scope.organisations()
    if scope.adviser_id is not None:
        events = events.filter(actor_id=scope.adviser_id)
    elif organisations is not None:
        events = events.filter(actor_organisation__in=organisations)
    counts = events.aggregate(**{scheme: Count("pk", filter=Q(payload__scheme=scheme)) for scheme in TRAINING_SCHEMES})
    return IndicatorValue(value=sum(counts.values()), breakdown=counts)
