"""Every read of barrier-lifting actions, scoped to the caller. The catalogue is no personal data: any member of a
partner reads every action with its counts. The people in an action are rows for staff only, and a row names the
person only for those who may see them (tandem.access); the others read the referring organisation and the dates.

"Where" an action is offered: its communes when it has some, else the owner's territory (its coverage)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from tandem.access.permissions import can_view_person
from tandem.access.selectors import person_list_for
from tandem.accounts.models import Membership
from tandem.barrier_actions.enums import ActionStatus, EnrolmentStatus
from tandem.barrier_actions.models import BarrierAction, Enrolment
from tandem.barrier_actions.permissions import (
    can_end_enrolment,
    can_read_actions,
    can_see_enrolments,
)
from tandem.organisations.models import Coverage
from tandem.people.models import Person
from tandem.people.search import person_search_q
from tandem.territories.models import Commune

ACTION_COMMUNES = BarrierAction.communes.through


@dataclass(frozen=True, kw_only=True)
class ActionFilters:
    """What the list is narrowed to; empty values do not filter."""

    barrier_kind: str = ""
    commune: Commune | None = None
    organisation_id: int | None = None
    include_closed: bool = False


def served_in_q(commune: Commune) -> Q:
    """Actions offered in the commune: among their communes, or without communes, the owner covers it."""
    listed = ACTION_COMMUNES.objects.filter(barrieraction_id=OuterRef("pk"))
    in_list = Q(pk__in=ACTION_COMMUNES.objects.filter(commune_id=commune.pk).values("barrieraction_id"))
    covering = Coverage.objects.filter(commune_id=commune.pk).values("organisation_id")
    return in_list | (~Q(Exists(listed)) & Q(organisation_id__in=covering))


def with_counts(actions: QuerySet[BarrierAction]) -> QuerySet[BarrierAction]:
    """Each action with its places taken and its waiting list's length, in the same query."""
    return actions.annotate(
        taken=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
        waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED)),
    )


def action_list_for(*, membership: Membership | None, filters: ActionFilters | None = None) -> QuerySet[BarrierAction]:
    """The actions narrowed by the filters, open ones first, soonest first, with their counts."""
    if not can_read_actions(membership):
        return BarrierAction.objects.none()
    filters = filters or ActionFilters()
    actions = BarrierAction.objects.all()
    if not filters.include_closed:
        actions = actions.filter(status=ActionStatus.OPEN)
    if filters.barrier_kind:
        actions = actions.filter(barrier_kind=filters.barrier_kind)
    if filters.organisation_id:
        actions = actions.filter(organisation_id=filters.organisation_id)
    if filters.commune is not None:
        actions = actions.filter(served_in_q(filters.commune))
    return with_counts(actions.select_related("organisation")).order_by("status", "starts_on", "title", "pk")


def action_get_for(*, membership: Membership | None, pk: int) -> BarrierAction:
    """An action, open or closed, with its counts; 404 for a caller without a membership."""
    if not can_read_actions(membership):
        raise Http404
    action = (
        with_counts(BarrierAction.objects.filter(pk=pk))
        .select_related("organisation", "service", "created_by")
        .prefetch_related("communes")
        .first()
    )
    if action is None:
        raise Http404
    return action


@dataclass(frozen=True)
class EnrolmentRow:
    """One person in an action as the reader may see it: the name only when they may see the person."""

    enrolment: Enrolment
    name: str | None
    can_end: bool


@dataclass(frozen=True)
class ActionPeople:
    enrolled: list[EnrolmentRow]
    waiting: list[EnrolmentRow]  # in the order places will be given
    ended: list[EnrolmentRow]

    @property
    def named(self) -> int:
        """How many rows show a name (what the audit records as read)."""
        return sum(1 for row in self.enrolled + self.waiting + self.ended if row.name is not None)


def action_people_for(*, action: BarrierAction, membership: Membership | None) -> ActionPeople:
    """The people of the action for a staff member (none for observers): two queries, whatever their number (the
    rows, and which of their persons the caller may see)."""
    if not can_see_enrolments(membership):
        return ActionPeople([], [], [])
    rows = list(
        Enrolment.objects.filter(action=action).select_related("person", "organisation").order_by("created_at", "pk")
    )
    person_ids = {row.person_id for row in rows}
    visible = set(person_list_for(membership=membership).filter(pk__in=person_ids).values_list("pk", flat=True))
    people = ActionPeople([], [], [])
    for row in rows:
        row.action = action
        name = f"{row.person.first_name} {row.person.last_name}" if row.person_id in visible else None
        item = EnrolmentRow(row, name, can_end_enrolment(membership, row))
        if row.status == EnrolmentStatus.ENROLLED:
            people.enrolled.append(item)
        elif row.status == EnrolmentStatus.WAITLISTED:
            people.waiting.append(item)
        else:
            people.ended.append(item)
    people.ended.sort(key=lambda item: item.enrolment.ended_at or item.enrolment.created_at, reverse=True)
    return people


def enrolment_get_for(*, membership: Membership | None, pk: int) -> Enrolment:
    """An enrolment the caller may act on (its referrer's staff, the owner's managers) or whose person they may
    see; 404 otherwise (its existence is not told)."""
    enrolment = Enrolment.objects.select_related("action", "person", "organisation").filter(pk=pk).first()
    if enrolment is None or not can_see_enrolments(membership):
        raise Http404
    if not (can_end_enrolment(membership, enrolment) or can_view_person(membership, enrolment.person)):
        raise Http404
    return enrolment


def enrolments_for_person(*, person: Person, membership: Membership | None) -> QuerySet[Enrolment]:
    """The person's actions, latest first, for a caller who may see them (the person page); none otherwise."""
    if not can_see_enrolments(membership) or not can_view_person(membership, person):
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(person=person)
        .select_related("action__organisation", "organisation")
        .order_by("-created_at", "-pk")
    )


def actions_overview(*, membership: Membership | None) -> QuerySet[BarrierAction]:
    """The caller's organisation's open actions with places left and waiting counts (a home page's block)."""
    if not can_read_actions(membership):
        return BarrierAction.objects.none()
    filters = ActionFilters(organisation_id=membership.organisation_id)
    return action_list_for(membership=membership, filters=filters)


def people_to_enrol(*, membership: Membership, query: str, limit: int = 20) -> list[Person]:
    """The people the caller may see matching what they typed (names, accents and case aside)."""
    if not query.strip():
        return []
    people = person_list_for(membership=membership).filter(person_search_q(query)).select_related("commune")
    return list(people.order_by("last_name", "first_name", "pk")[:limit])


def person_to_enrol(*, membership: Membership, pk: int) -> Person | None:
    """One person the caller may see (the form's preselected person), else None."""
    return person_list_for(membership=membership).filter(pk=pk).select_related("commune").first()
