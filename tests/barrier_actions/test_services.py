"""Writes of barrier-lifting actions: the places and the waiting list (the last place, the second person waits, a
freed place goes to the first one waiting), each write by the right people only (the outsider refused, nothing
changed), an event in the log for each."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tandem.barrier_actions import services
from tandem.barrier_actions.enums import ActionStatus, EnrolmentStatus
from tandem.barrier_actions.models import BarrierAction, Enrolment
from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.people.enums import BarrierKind
from tests.barrier_actions.factories import BarrierActionFactory, person_of
from tests.service_catalogue.factories import ServiceFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def m(user):
    return user.memberships.select_related("organisation").get()


def _data(**changes) -> services.ActionData:
    fields = {
        "title": "Aide au permis de conduire",
        "barrier_kind": BarrierKind.MOBILITY,
        "capacity": 2,
        "starts_on": TODAY,
    }
    return services.ActionData(**(fields | changes))


def _people(cast, count: int):
    names = ["Martin", "Bernard", "Petit", "Durand", "Leroy"]
    return [person_of(cast.adviser_a, cast.ml_a, last_name=names[i]) for i in range(count)]


def _enrol(cast, action, person, user=None):
    user = user or cast.adviser_a
    return services.enrolment_create(action=action, person=person, membership=m(user), by=user)


def _statuses(action) -> list[tuple[str, str]]:
    rows = Enrolment.objects.filter(action=action).select_related("person").order_by("created_at", "pk")
    return [(row.person.last_name, row.status) for row in rows]


def test_a_manager_adds_an_action_of_their_organisation(cast):
    service = ServiceFactory(organisation=cast.ml_a)
    action = services.action_create(
        membership=m(cast.director_a), by=cast.director_a, data=_data(service=service, communes=[])
    )
    assert action.organisation == cast.ml_a and action.status == ActionStatus.OPEN
    created = Event.objects.get(kind=EventKind.BARRIER_ACTION_CREATED)
    assert created.subject_id == action.pk and created.payload["barrier_kind"] == "mobility"


def test_an_adviser_adds_no_action_and_a_service_of_another_organisation_is_refused(cast):
    with pytest.raises(PermissionDenied):
        services.action_create(membership=m(cast.adviser_a), by=cast.adviser_a, data=_data())
    with pytest.raises(ValidationError) as error:
        services.action_create(
            membership=m(cast.director_a),
            by=cast.director_a,
            data=_data(service=ServiceFactory(organisation=cast.ml_c)),
        )
    assert "service" in error.value.message_dict
    assert not BarrierAction.objects.exists()


def test_the_last_place_is_taken_then_the_next_person_waits(cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=2)
    first, second, third = _people(cast, 3)
    assert _enrol(cast, action, first).status == EnrolmentStatus.ENROLLED
    assert _enrol(cast, action, second).status == EnrolmentStatus.ENROLLED  # the last place
    waiting = _enrol(cast, action, third)
    assert waiting.status == EnrolmentStatus.WAITLISTED and waiting.placed_at is None
    kinds = list(Event.objects.filter(person__isnull=False).order_by("pk").values_list("kind", "person_id"))
    assert kinds[-3:] == [
        (EventKind.BARRIER_ACTION_ENROLLED, first.pk),
        (EventKind.BARRIER_ACTION_ENROLLED, second.pk),
        (EventKind.BARRIER_ACTION_WAITLISTED, third.pk),
    ]


def test_leaving_frees_the_place_for_the_first_person_waiting(cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=1)
    holder, first_waiting, second_waiting = _people(cast, 3)
    place = _enrol(cast, action, holder)
    _enrol(cast, action, first_waiting)
    _enrol(cast, action, second_waiting)
    services.enrolment_leave(enrolment=place, membership=m(cast.adviser_a), by=cast.adviser_a)
    assert _statuses(action) == [
        ("Martin", EnrolmentStatus.LEFT),
        ("Bernard", EnrolmentStatus.ENROLLED),
        ("Petit", EnrolmentStatus.WAITLISTED),
    ]
    promoted = Event.objects.get(kind=EventKind.BARRIER_ACTION_PROMOTED)
    assert promoted.person_id == first_waiting.pk
    assert Event.objects.filter(kind=EventKind.BARRIER_ACTION_LEFT, person=holder).count() == 1


def test_completing_frees_the_place_the_same_way(cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=1)
    holder, waiting = _people(cast, 2)
    place = _enrol(cast, action, holder)
    _enrol(cast, action, waiting)
    services.enrolment_complete(enrolment=place, membership=m(cast.adviser_a), by=cast.adviser_a)
    assert _statuses(action) == [("Martin", EnrolmentStatus.COMPLETED), ("Bernard", EnrolmentStatus.ENROLLED)]
    assert Event.objects.filter(kind=EventKind.BARRIER_ACTION_COMPLETED, person=holder).count() == 1
    assert Event.objects.filter(kind=EventKind.BARRIER_ACTION_PROMOTED, person=waiting).count() == 1


def test_leaving_the_waiting_list_promotes_nobody_and_keeps_the_order(cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=1)
    holder, first, second = _people(cast, 3)
    _enrol(cast, action, holder)
    first_waiting = _enrol(cast, action, first)
    _enrol(cast, action, second)
    services.enrolment_leave(enrolment=first_waiting, membership=m(cast.adviser_a), by=cast.adviser_a)
    assert _statuses(action) == [
        ("Martin", EnrolmentStatus.ENROLLED),
        ("Bernard", EnrolmentStatus.LEFT),
        ("Petit", EnrolmentStatus.WAITLISTED),
    ]
    assert not Event.objects.filter(kind=EventKind.BARRIER_ACTION_PROMOTED).exists()


def test_a_person_waiting_cannot_complete_and_nobody_leaves_twice(cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=1)
    holder, waiting = _people(cast, 2)
    place = _enrol(cast, action, holder)
    in_line = _enrol(cast, action, waiting)
    with pytest.raises(Conflict, match="attend encore"):
        services.enrolment_complete(enrolment=in_line, membership=m(cast.adviser_a), by=cast.adviser_a)
    services.enrolment_leave(enrolment=place, membership=m(cast.adviser_a), by=cast.adviser_a)
    events = Event.objects.count()
    with pytest.raises(Conflict, match="déjà terminée"):
        services.enrolment_leave(enrolment=place, membership=m(cast.adviser_a), by=cast.adviser_a)
    assert Event.objects.count() == events


def test_a_person_is_in_an_action_at_most_once_while_placed_or_waiting(cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=1)
    (person,) = _people(cast, 1)
    place = _enrol(cast, action, person)
    with pytest.raises(Conflict, match="déjà une place"):
        _enrol(cast, action, person)
    services.enrolment_leave(enrolment=place, membership=m(cast.adviser_a), by=cast.adviser_a)
    # Out of it, they may be referred again.
    assert _enrol(cast, action, person).status == EnrolmentStatus.ENROLLED


def test_the_database_refuses_a_second_active_enrolment(cast):
    action = BarrierActionFactory(organisation=cast.ml_a)
    (person,) = _people(cast, 1)
    _enrol(cast, action, person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            action=action, person=person, organisation=cast.ml_a, status=EnrolmentStatus.WAITLISTED
        )


def test_the_capacity_never_goes_below_the_places_taken(cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=3)
    for person in _people(cast, 2):
        _enrol(cast, action, person)
    with pytest.raises(ValidationError) as error:
        services.action_update(action=action, membership=m(cast.director_a), by=cast.director_a, data=_data(capacity=1))
    assert "2 personnes ont déjà une place" in error.value.message_dict["capacity"][0]
    action.refresh_from_db()
    assert action.capacity == 3
    services.action_update(action=action, membership=m(cast.director_a), by=cast.director_a, data=_data(capacity=2))
    assert "capacity" in Event.objects.get(kind=EventKind.BARRIER_ACTION_UPDATED).payload["fields"]


def test_more_places_go_at_once_to_the_people_waiting(cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=1)
    for person in _people(cast, 3):
        _enrol(cast, action, person)
    services.action_update(action=action, membership=m(cast.director_a), by=cast.director_a, data=_data(capacity=2))
    assert [status for _name, status in _statuses(action)] == ["enrolled", "enrolled", "waitlisted"]


def test_a_closed_action_takes_nobody_and_closes_once(cast):
    action = BarrierActionFactory(organisation=cast.ml_a)
    services.action_close(action=action, membership=m(cast.director_a), by=cast.director_a)
    assert Event.objects.filter(kind=EventKind.BARRIER_ACTION_CLOSED, subject_id=action.pk).count() == 1
    with pytest.raises(Conflict):
        services.action_close(action=action, membership=m(cast.director_a), by=cast.director_a)
    (person,) = _people(cast, 1)
    with pytest.raises(Conflict, match="close"):
        _enrol(cast, action, person)
    with pytest.raises(Conflict):
        services.action_update(action=action, membership=m(cast.director_a), by=cast.director_a, data=_data())


def test_only_someone_who_may_see_the_person_refers_them(cast):
    action = BarrierActionFactory(organisation=cast.ml_a)
    (person,) = _people(cast, 1)
    for user in (cast.adviser_c, cast.agent_b, cast.observer):
        with pytest.raises(PermissionDenied):
            _enrol(cast, action, person, user=user)
    assert not Enrolment.objects.exists()


def test_the_referrer_or_the_owner_s_managers_record_the_end(cast):
    # An action of Mission Locale C, whose managers do not see Mission Locale A's person.
    from tandem.accounts.enums import Role
    from tests.accounts.factories import MembershipFactory, UserFactory

    director_c = UserFactory(email="director.c@example.org")
    MembershipFactory(user=director_c, organisation=cast.ml_c, role=Role.MANAGER)
    action = BarrierActionFactory(organisation=cast.ml_c, capacity=2)
    first, second = _people(cast, 2)
    one, two = _enrol(cast, action, first), _enrol(cast, action, second)
    for user in (cast.adviser_c, cast.agent_b, cast.observer):
        with pytest.raises(PermissionDenied):
            services.enrolment_leave(enrolment=one, membership=m(user), by=user)
    services.enrolment_complete(enrolment=one, membership=m(director_c), by=director_c)
    services.enrolment_leave(enrolment=two, membership=m(cast.director_a), by=cast.director_a)
    assert [status for _name, status in _statuses(action)] == ["completed", "left"]


def test_the_outsider_changes_nothing_on_the_action(cast):
    action = BarrierActionFactory(organisation=cast.ml_a)
    outsider = m(cast.adviser_c)
    events = Event.objects.count()
    for write in (
        lambda: services.action_update(action=action, membership=outsider, by=cast.adviser_c, data=_data()),
        lambda: services.action_close(action=action, membership=outsider, by=cast.adviser_c),
    ):
        with pytest.raises(PermissionDenied):
            write()
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.title.startswith("Aide au transport")
    assert Event.objects.count() == events


def test_a_stale_copy_of_the_action_does_not_give_a_place_that_is_gone(cast):
    """The places are counted on the locked row, not on the caller's copy (which may be old)."""
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=1)
    stale = BarrierAction.objects.get(pk=action.pk)
    first, second = _people(cast, 2)
    _enrol(cast, action, first)
    assert _enrol(cast, stale, second).status == EnrolmentStatus.WAITLISTED
    # Nor does a stale copy of an enrolment end it twice.
    place = Enrolment.objects.get(person=first)
    stale_place = Enrolment.objects.get(pk=place.pk)
    services.enrolment_leave(enrolment=place, membership=m(cast.adviser_a), by=cast.adviser_a)
    with pytest.raises(Conflict):
        services.enrolment_complete(enrolment=stale_place, membership=m(cast.adviser_a), by=cast.adviser_a)
    assert Enrolment.objects.filter(action=action, status=EnrolmentStatus.ENROLLED).count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables; PostgreSQL runs this race for real",
)
@pytest.mark.django_db(transaction=True)
def test_two_advisers_taking_the_last_place_at_once_do_not_both_get_it(cast_committed):
    cast = cast_committed
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=1)
    people = [person_of(cast.adviser_a, cast.ml_a, last_name=name) for name in ("Martin", "Bernard")]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def enrol(person, user):
        try:
            barrier.wait()
            enrolment = services.enrolment_create(
                action=BarrierAction.objects.get(pk=action.pk), person=person, membership=m(user), by=user
            )
            outcomes.append(enrolment.status)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=enrol, args=args)
        for args in ((people[0], cast.adviser_a), (people[1], cast.director_a))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED]
    assert Enrolment.objects.filter(action=action, status=EnrolmentStatus.ENROLLED).count() == 1


def test_an_action_ends_after_it_starts(cast):
    with pytest.raises(ValidationError):
        services.action_create(
            membership=m(cast.director_a),
            by=cast.director_a,
            data=_data(ends_on=TODAY - datetime.timedelta(days=1)),
        )
