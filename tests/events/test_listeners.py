"""The listener registry: who hears of events, and when (only once committed, never rolled back)."""

from __future__ import annotations

import pytest
from django.db import transaction

from tandem.events import listeners
from tandem.events.enums import EventKind
from tandem.events.services import event_record, events_record_many


@pytest.fixture
def heard(monkeypatch):
    """A listener of notes and offers created, registered for the test only."""
    monkeypatch.setattr(listeners, "_LISTENERS", {})
    calls: list[list] = []
    listeners.listens(EventKind.NOTE_ADDED, EventKind.OFFER_CREATED)(lambda events: calls.append(list(events)))
    return calls


def test_a_listener_hears_the_saved_event_once_the_transaction_commits(cast, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = event_record(kind=EventKind.NOTE_ADDED, by=cast.adviser_a, organisation=cast.ml_a)
        assert heard == []  # not before the commit
    assert heard == [[event]]
    assert heard[0][0].pk is not None


def test_a_kind_nobody_listens_to_schedules_nothing(cast, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event_record(kind=EventKind.BARRIER_IDENTIFIED, by=cast.adviser_a, organisation=cast.ml_a)
    assert callbacks == [] and heard == []


def test_events_rolled_back_are_never_heard(cast, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            event_record(kind=EventKind.NOTE_ADDED, by=cast.adviser_a, organisation=cast.ml_a)
            raise RuntimeError("the change fails after its event")
    assert heard == []


def test_events_recorded_in_bulk_are_heard_in_one_call(cast, heard, django_capture_on_commit_callbacks):
    from tests.offers.factories import OfferFactory

    offers = [OfferFactory(organisation=cast.ml_a) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        events_record_many(
            kind=EventKind.OFFER_CREATED, by=None, organisation=cast.ml_a, subjects=offers, payload_of=lambda o: {}
        )
    assert len(callbacks) == 1
    assert [event.subject_id for event in heard[0]] == [offer.pk for offer in offers]
    assert all(event.pk is not None for event in heard[0])


def test_a_failing_listener_never_fails_the_change_it_hears_of(cast, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(listeners, "_LISTENERS", {})

    def broken(events):
        raise ValueError("the mail server is down")

    listeners.listens(EventKind.NOTE_ADDED)(broken)
    with django_capture_on_commit_callbacks(execute=True):
        event = event_record(kind=EventKind.NOTE_ADDED, by=cast.adviser_a, organisation=cast.ml_a)
    assert event.pk is not None


def test_the_notifications_app_listens_to_referrals_and_positionings():
    from tandem.notifications.listeners import notify

    assert notify in listeners.listeners_of(EventKind.DESIGNATION_PROPOSED)
    assert notify in listeners.listeners_of(EventKind.POSITIONING_HIRED)
    assert listeners.listeners_of(EventKind.NOTE_ADDED) == []


def test_events_recorded_while_the_listeners_are_muted_are_announced_to_nobody(
    cast, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, listeners.listeners_muted():
        event_record(kind=EventKind.NOTE_ADDED, by=cast.adviser_a, organisation=cast.ml_a)
    assert callbacks == [] and heard == []
    with django_capture_on_commit_callbacks(execute=True):
        after = event_record(kind=EventKind.NOTE_ADDED, by=cast.adviser_a, organisation=cast.ml_a)
    assert heard == [[after]]
