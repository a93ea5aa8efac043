"""Every read of missions along a path, scoped to the caller: the path of a person the caller may see (tandem.access),
whichever agency recorded each mission; nothing for anyone else (404)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.career_paths.enums import TRAINING_SCHEMES, MissionStatus
from tandem.career_paths.models import Mission
from tandem.career_paths.permissions import can_see_path
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import partner_organisations_of
from tandem.people.models import Person, SchemeEnrolment


@dataclass(frozen=True)
class CareerPath:
    """A person's path: missions newest first (cancelled ones shown, not counted), the totals over the others,
    and the trainings reached."""

    person: Person
    missions: list[Mission]
    hours: Decimal
    days: int  # calendar days covered by at least one mission (overlapping missions count a day once)
    agencies: int
    trainings: list[SchemeEnrolment]


def days_worked(missions: list[Mission], today: datetime.date) -> int:
    """The calendar days covered by the missions, each day once (to today for a mission that runs)."""
    spans = sorted(
        (mission.starts_on, mission.ends_on or today)
        for mission in missions
        if (mission.ends_on or today) >= mission.starts_on
    )
    total, reached = 0, None  # reached: the last day already counted
    for start, end in spans:
        if reached is not None and start <= reached:
            start = reached + datetime.timedelta(days=1)
        if end >= start:
            total += (end - start).days + 1
            reached = end
    return total


def missions_of(*, person: Person) -> QuerySet[Mission]:
    return (
        Mission.objects.filter(person=person)
        .select_related("agency", "employer", "rome", "appellation", "organisation")
        .order_by("-starts_on", "-id")
    )


def path_for(person: Person, membership: Membership | None, *, today: datetime.date | None = None) -> CareerPath:
    """The path of a person the caller may see (404 otherwise): two queries, whatever the number of missions."""
    if not can_see_path(membership, person):
        raise Http404
    missions = list(missions_of(person=person))
    counted = [mission for mission in missions if mission.status == MissionStatus.RECORDED]
    trainings = list(
        SchemeEnrolment.objects.filter(person=person, scheme__in=TRAINING_SCHEMES)
        .select_related("organisation")
        .order_by("-starts_on", "-id")
    )
    return CareerPath(
        person=person,
        missions=missions,
        hours=sum((mission.hours for mission in counted), Decimal(0)),
        days=days_worked(counted, today or timezone.localdate()),
        agencies=len({mission.agency_id for mission in counted}),
        trainings=trainings,
    )


def mission_get_for(*, membership: Membership | None, pk: int) -> Mission:
    """The mission if the caller may see its person; 404 otherwise (existence not told)."""
    mission = (
        Mission.objects.select_related("person", "agency", "employer", "rome", "organisation").filter(pk=pk).first()
    )
    if mission is None or not can_see_path(membership, mission.person):
        raise Http404
    return mission


def agencies_to_choose(*, membership: Membership) -> QuerySet[Organisation]:
    """The agencies a page offers for a mission: a temp agency's own; for the lead, the temp agencies in partnership
    with its organisation (Mission Jeunes; for a Mission Locale's site, its Mission Locale's). The services accept
    any temp agency (the API names it by its number)."""
    organisation = membership.organisation
    if organisation.kind == OrganisationKind.TEMP_AGENCY:
        return Organisation.objects.filter(pk=organisation.pk)
    if organisation.kind == OrganisationKind.ML_SITE and organisation.parent is not None:
        organisation = organisation.parent
    partners = partner_organisations_of(organisation=organisation).values("pk")
    return Organisation.objects.filter(pk__in=partners, kind=OrganisationKind.TEMP_AGENCY).order_by("name")
