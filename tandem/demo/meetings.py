"""Seed 001/002 — the governance of Bordeaux's local convention (Mission Locale Bordeaux Avenir Jeunes with France
Travail Mériadeck): its steering committees (five a year, the convention's target) with one short this year, so
that the cadence's warning shows; its directors' committee every two months (six a year), on pace; minutes and
decisions, one decision made an action; and its joint action plan for the year, one action overdue.

Dates are placed in the current year relative to the day of the load: the steering committees already held are one
fewer than an even pace asks by today, and one more is planned in two weeks. Everything goes through the meetings'
services as the Mission Locale's director, so the convention's timeline shows it. Deterministic and idempotent: a
meeting is found again by its convention and title, an action by its convention, year and title.
"""

from __future__ import annotations

import datetime
import math

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Membership, User
from tandem.demo.builders import agency, demo_email
from tandem.demo.scenarios import bordeaux
from tandem.meetings import services
from tandem.meetings.enums import ActionStatus, MeetingKind, MeetingStatus
from tandem.meetings.models import Meeting, PlanAction
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import ConventionLevel, Indicator
from tandem.partnerships.models import Convention

DIRECTOR = "direction.bordeaux"
MERIADECK_DIRECTOR = "direction.meriadeck"
STEERING_PER_YEAR = 5
DIRECTORS_PER_YEAR = 6
AGENDA_STEERING = (
    "Bilan des orientations et des délais de réponse",
    "Point sur le plan d'action commun",
    "Questions diverses",
)
AGENDA_DIRECTORS = ("Suivi du plan d'action commun", "Mises à disposition et organisation des équipes")
STEERING_DECISIONS = (
    "Organiser un job dating commun sur les contrats aidés avant l'été.",
    "Réduire à 5 jours le délai de réponse aux orientations en cotraitance.",
    "Présenter l'offre de services aux entreprises du quartier Mériadeck.",
)
# The plan's actions not born of a decision: title, pilot (Mission Locale or agency), due in days from today, status.
ACTIONS = (
    (
        "Former les conseillers à la prescription des prestations France Travail",
        "agency",
        -30,
        ActionStatus.IN_PROGRESS,
    ),
    (
        "Tenir une permanence hebdomadaire de France Travail à la Mission Locale",
        "mission_locale",
        -60,
        ActionStatus.DONE,
    ),
    ("Partager les offres en contrats aidés chaque semaine", "agency", 45, ActionStatus.TODO),
)


def _director() -> tuple[User, Membership]:
    user = User.objects.get(email=demo_email(DIRECTOR))
    return user, Membership.objects.active().select_related("organisation").get(user=user)


def bordeaux_convention() -> Convention:
    meriadeck = agency(bordeaux.MERIADECK)
    return Convention.objects.get(
        level=ConventionLevel.LOCAL, title=f"Convention locale {bordeaux.ML_NAME} – {meriadeck.name}"
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _meeting(
    convention: Convention, *, kind: str, title: str, day: datetime.date, agenda: tuple[str, ...]
) -> tuple[Meeting, bool]:
    user, membership = _director()
    meeting = Meeting.objects.filter(convention=convention, title=title).first()
    if meeting is not None:
        return meeting, False
    starts_at = _at(day, 14 if kind == MeetingKind.STEERING else 9)
    meeting = services.meeting_create(
        convention=convention,
        user=user,
        membership=membership,
        data=services.MeetingData(
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            place="Mission Locale Bordeaux Avenir Jeunes, salle du conseil"
            if kind == MeetingKind.STEERING
            else "France Travail Mériadeck",
            agenda=agenda,
        ),
    )
    return meeting, True


def _held(meeting: Meeting, *, minutes: str, approve: bool, decision: str = "") -> Meeting:
    """Held, both parties present, its minutes and decision written (and approved, but for the last steering
    committee)."""
    user, membership = _director()
    meeting = services.meeting_hold(meeting=meeting, user=user, membership=membership)
    present = {pk: "present" for pk in meeting.invitees.values_list("pk", flat=True)}
    services.meeting_attendance_record(meeting=meeting, user=user, membership=membership, attendance=present)
    meeting = services.meeting_minutes_write(meeting=meeting, user=user, membership=membership, minutes=minutes)
    if decision:
        services.decision_record(meeting=meeting, user=user, membership=membership, text=decision)
    if approve:
        meeting = services.meeting_approve(meeting=meeting, user=user, membership=membership)
    return meeting


@transaction.atomic
def bordeaux_meetings_load(today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    convention = bordeaux_convention()
    user, membership = _director()
    year_start = datetime.date(today.year, 1, 1)
    elapsed = (today - year_start).days + 1
    # The cadence: steering committees read the convention's target (five a year, set by the conventions' demo);
    # the directors' committee meets every two months.
    if not convention.targets.filter(indicator=Indicator.STEERING_MEETINGS_PER_YEAR, year=today.year).exists():
        services.cadence_set(
            convention=convention, user=user, membership=membership, kind=MeetingKind.STEERING, per_year=5
        )
    services.cadence_set(
        convention=convention, user=user, membership=membership, kind=MeetingKind.DIRECTORS, per_year=DIRECTORS_PER_YEAR
    )

    # Steering committees: one fewer held than an even pace asks by today, one planned in two weeks.
    due = math.floor(STEERING_PER_YEAR * elapsed / (366 if today.year % 4 == 0 else 365))
    held = max(due - 1, 0)
    last_held: Meeting | None = None
    for index in range(held):
        day = year_start + datetime.timedelta(days=int((index + 0.5) * elapsed / max(held, 1)))
        day = min(day, today - datetime.timedelta(days=1))
        meeting, created = _meeting(
            convention,
            kind=MeetingKind.STEERING,
            title=f"Comité de pilotage n° {index + 1} – {today.year}",
            day=day,
            agenda=AGENDA_STEERING,
        )
        if created:
            last = index == held - 1
            meeting = _held(
                meeting,
                minutes=(
                    "Le comité a fait le point sur les orientations du trimestre et sur l'avancement du plan "
                    "d'action commun. Les délais de réponse restent au-dessus de l'objectif."
                ),
                approve=not last,
                decision=STEERING_DECISIONS[index % len(STEERING_DECISIONS)],
            )
        last_held = meeting
    _meeting(
        convention,
        kind=MeetingKind.STEERING,
        title=f"Comité de pilotage n° {held + 1} – {today.year}",
        day=today + datetime.timedelta(days=14),
        agenda=AGENDA_STEERING,
    )

    # The directors' committee: the fifteenth of every other month; those past are held.
    for month in range(1, 13, 2):
        day = datetime.date(today.year, month, 15)
        meeting, created = _meeting(
            convention,
            kind=MeetingKind.DIRECTORS,
            title=f"Comité des directeurs – {day:%m/%Y}",
            day=day,
            agenda=AGENDA_DIRECTORS,
        )
        if created and day < today:
            _held(
                meeting,
                minutes="Les directions ont suivi le plan d'action commun et l'organisation des mises à disposition.",
                approve=True,
            )

    # The joint action plan of the year: one action from the last steering committee's decision, three others.
    mission_locale = Organisation.objects.get(kind=OrganisationKind.MISSION_LOCALE, name=bordeaux.ML_NAME)
    meriadeck = agency(bordeaux.MERIADECK)
    meriadeck_director = User.objects.get(email=demo_email(MERIADECK_DIRECTOR))
    actions = []
    for title, pilot, days, status in ACTIONS:
        action = PlanAction.objects.filter(convention=convention, year=today.year, title=title).first()
        if action is None:
            action = services.action_create(
                convention=convention,
                user=user,
                membership=membership,
                data=services.ActionData(
                    year=today.year,
                    title=title,
                    owner_organisation=meriadeck if pilot == "agency" else mission_locale,
                    owner=meriadeck_director if pilot == "agency" else None,
                    due_on=today + datetime.timedelta(days=days),
                    indicator=Indicator.REFERRALS_PER_YEAR if pilot == "agency" else "",
                ),
            )
            if status in (ActionStatus.IN_PROGRESS, ActionStatus.DONE):
                action = services.action_start(action=action, user=user, membership=membership)
            if status == ActionStatus.DONE:
                action = services.action_complete(action=action, user=user, membership=membership)
        actions.append(action)
    if last_held is not None:
        decision = last_held.decisions.order_by("pk").first()
        if decision is not None and not PlanAction.objects.filter(decision=decision).exists():
            services.decision_to_action(
                decision=decision, user=user, membership=membership, due_on=datetime.date(today.year, 12, 31)
            )
        if last_held.status == MeetingStatus.HELD and not last_held.reviews.exists():
            for action in actions[:2]:
                services.action_review(
                    meeting=last_held,
                    action=action,
                    user=user,
                    membership=membership,
                    note="Point d'étape présenté par le pilote de l'action.",
                )
