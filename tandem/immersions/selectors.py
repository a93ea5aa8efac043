"""Every read of immersions, scoped to the caller: the staff immersions of the caller's organisation (sending or
host), and the PMSMPs of the young people the caller may see (tandem.access)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.access.permissions import can_view_person, person_access_q
from tandem.access.selectors import person_list_for
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.immersions.enums import OPEN_PMSMP_STATUSES, StaffImmersionStatus
from tandem.immersions.models import Pmsmp, StaffImmersion
from tandem.immersions.permissions import (
    can_see_pmsmp,
    can_see_staff_immersion,
    own_organisation_ids,
    staff_immersions_of_q,
)
from tandem.people.models import Person
from tandem.people.search import person_search_q


def staff_immersion_list_for(*, membership: Membership | None, status: str = "") -> QuerySet[StaffImmersion]:
    """The staff immersions the caller's organisation sends or hosts, latest first."""
    if not can_see_nominative_data(membership):
        return StaffImmersion.objects.none()
    immersions = StaffImmersion.objects.filter(staff_immersions_of_q(membership))
    if status:
        immersions = immersions.filter(status=status)
    return immersions.select_related("sending_organisation", "host_organisation").order_by("-starts_on", "-id")


def staff_immersion_get_for(*, membership: Membership | None, pk: int) -> StaffImmersion:
    """The immersion if the caller's organisation sends or hosts it; 404 otherwise (existence not told)."""
    immersion = (
        StaffImmersion.objects.select_related("sending_organisation", "host_organisation", "convention", "staff_user")
        .filter(pk=pk)
        .first()
    )
    if immersion is None or not can_see_staff_immersion(membership, immersion):
        raise Http404
    return immersion


def pmsmp_list_for(*, membership: Membership | None, status: str = "") -> QuerySet[Pmsmp]:
    """The PMSMPs the caller's organisation prescribed, of the young people it may still see, latest first."""
    if not can_see_nominative_data(membership):
        return Pmsmp.objects.none()
    pmsmps = Pmsmp.objects.filter(
        person_access_q(membership, through="person"), organisation__in=own_organisation_ids(membership.organisation)
    )
    if status:
        pmsmps = pmsmps.filter(status=status)
    return pmsmps.select_related("person", "employer", "organisation").order_by("-starts_on", "-id")


def pmsmp_get_for(*, membership: Membership | None, pk: int) -> Pmsmp:
    """The PMSMP if the caller may see its person; 404 otherwise."""
    pmsmp = (
        Pmsmp.objects.select_related("person__commune", "employer__commune", "organisation", "adviser", "rome")
        .filter(pk=pk)
        .first()
    )
    if pmsmp is None or not can_see_pmsmp(membership, pmsmp):
        raise Http404
    return pmsmp


def pmsmps_for_person(person: Person, membership: Membership | None) -> QuerySet[Pmsmp]:
    """The person's PMSMPs, whoever prescribed them, latest first, if the caller may see the person (the person
    page's list); none otherwise."""
    if not can_view_person(membership, person):
        return Pmsmp.objects.none()
    return Pmsmp.objects.filter(person=person).select_related("employer", "organisation").order_by("-starts_on", "-id")


def immersions_to_come(membership: Membership | None) -> int:
    """For a home: the caller's organisation's immersions not over yet — staff immersions planned and PMSMPs
    proposed, signed or in progress, whose last day is today or later (two counting queries)."""
    if not can_see_nominative_data(membership):
        return 0
    today = timezone.localdate()
    staff = StaffImmersion.objects.filter(
        staff_immersions_of_q(membership), status=StaffImmersionStatus.PLANNED, ends_on__gte=today
    ).count()
    pmsmps = Pmsmp.objects.filter(
        organisation__in=own_organisation_ids(membership.organisation),
        status__in=OPEN_PMSMP_STATUSES,
        ends_on__gte=today,
    ).count()
    return staff + pmsmps


def people_for_pmsmp(*, membership: Membership, query: str, limit: int = 20) -> list[Person]:
    """The caller's young people matching what they typed (names, accents and case aside)."""
    if not query.strip():
        return []
    people = person_list_for(membership=membership).filter(person_search_q(query)).select_related("commune")
    return list(people.order_by("last_name", "first_name", "pk")[:limit])
