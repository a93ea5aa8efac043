"""Reads of barrier-lifting actions: where an action is offered (its communes, else its owner's territory), the
counts, the people of an action (names only for those who may see them, in the waiting order), a person's actions,
the search among the people the caller may see, the home's overview."""

from __future__ import annotations

import pytest

from tandem.barrier_actions import selectors, services
from tandem.barrier_actions.enums import ActionStatus
from tandem.people.enums import BarrierKind
from tandem.territories.models import Commune
from tests.barrier_actions.factories import BarrierActionFactory, person_of

pytestmark = pytest.mark.django_db


def m(user):
    return user.memberships.select_related("organisation").get()


def test_an_action_is_offered_in_its_communes_else_where_its_owner_covers(cast):
    covered = BarrierActionFactory(organisation=cast.ml_a, title="Couvert")  # A covers Haguenau and Wissembourg
    listed = BarrierActionFactory(organisation=cast.ml_c, title="Listé", communes=["67544"])
    BarrierActionFactory(organisation=cast.ml_a, title="Ailleurs", communes=["33063"])
    BarrierActionFactory(organisation=cast.ml_c, title="Bordeaux")
    BarrierActionFactory(organisation=cast.ml_a, title="Close", status=ActionStatus.CLOSED)
    filters = selectors.ActionFilters(commune=Commune.objects.get(code="67544"))
    found = selectors.action_list_for(membership=m(cast.observer), filters=filters)
    assert {action.title for action in found} == {covered.title, listed.title}
    everything = selectors.ActionFilters(include_closed=True, barrier_kind=BarrierKind.MOBILITY)
    assert selectors.action_list_for(membership=m(cast.observer), filters=everything).count() == 5
    assert not selectors.action_list_for(membership=None).exists()


def test_the_people_of_an_action_are_named_only_for_those_who_may_see_them_in_the_waiting_order(cast):
    action = BarrierActionFactory(organisation=cast.ml_c, capacity=1)
    membership = m(cast.adviser_a)
    for name in ("Alpha", "Bravo", "Charlie"):
        person = person_of(cast.adviser_a, cast.ml_a, last_name=name)
        services.enrolment_create(action=action, person=person, membership=membership, by=cast.adviser_a)
    mine = selectors.action_people_for(action=action, membership=membership)
    assert [row.name for row in mine.enrolled] == ["Inès Alpha"]
    assert [row.name for row in mine.waiting] == ["Inès Bravo", "Inès Charlie"]
    assert all(row.can_end for row in mine.enrolled + mine.waiting) and mine.named == 3
    theirs = selectors.action_people_for(action=action, membership=m(cast.adviser_c))
    assert [row.name for row in theirs.enrolled + theirs.waiting] == [None, None, None]
    assert not any(row.can_end for row in theirs.enrolled + theirs.waiting)
    observed = selectors.action_people_for(action=action, membership=m(cast.observer))
    assert observed.enrolled == observed.waiting == [] and observed.named == 0
    counted = selectors.action_get_for(membership=m(cast.observer), pk=action.pk)
    assert (counted.taken, counted.waiting) == (1, 2)  # type: ignore[attr-defined]


def test_a_person_s_actions_and_the_search_keep_to_those_the_caller_may_see(cast):
    action = BarrierActionFactory(organisation=cast.ml_c, capacity=1)
    person = person_of(cast.adviser_a, cast.ml_a, last_name="Alpha")
    services.enrolment_create(action=action, person=person, membership=m(cast.adviser_a), by=cast.adviser_a)
    assert list(selectors.enrolments_for_person(person=person, membership=m(cast.adviser_a))) == list(
        action.enrolments.all()
    )
    for user in (cast.adviser_c, cast.agent_b, cast.observer):
        assert not selectors.enrolments_for_person(person=person, membership=m(user)).exists()
    assert selectors.people_to_enrol(membership=m(cast.adviser_a), query="alpha") == [person]
    assert selectors.people_to_enrol(membership=m(cast.adviser_c), query="alpha") == []
    assert selectors.people_to_enrol(membership=m(cast.adviser_a), query=" ") == []


def test_the_overview_holds_the_organisation_s_open_actions_with_their_counts(cast):
    mine = BarrierActionFactory(organisation=cast.ml_a, capacity=3)
    BarrierActionFactory(organisation=cast.ml_a, status=ActionStatus.CLOSED)
    BarrierActionFactory(organisation=cast.ml_c)
    person = person_of(cast.adviser_a, cast.ml_a)
    services.enrolment_create(action=mine, person=person, membership=m(cast.adviser_a), by=cast.adviser_a)
    overview = list(selectors.actions_overview(membership=m(cast.director_a)))
    assert [(action.pk, action.taken, action.waiting) for action in overview] == [(mine.pk, 1, 0)]  # type: ignore[attr-defined]
