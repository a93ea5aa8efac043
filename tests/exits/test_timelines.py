"""Exits on the person's timeline: recorded with its contract, cancelled with its reason, the follow-up."""

from __future__ import annotations

import datetime

import pytest

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.events.timeline import event_detail
from tandem.exits import services
from tests.exits.factories import TODAY, exit_of, followed_person

pytestmark = pytest.mark.django_db


def test_the_persons_timeline_tells_the_reason_the_contract_and_the_situation_six_months_later(cast):
    person = followed_person(cast)
    exit = exit_of(cast, person, exited_on=TODAY - datetime.timedelta(days=200), contract_type="cdd", contract_months=8)
    services.follow_up_record(
        exit=exit,
        observed_on=TODAY,
        situation="employment",
        contract_type="cdi",
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    services.exit_cancel(exit=exit, reason="duplicate", by=cast.adviser_a, organisation=cast.ml_a)
    recorded = Event.objects.get(kind=EventKind.EXIT_RECORDED, person=person)
    follow_up = Event.objects.get(kind=EventKind.EXIT_FOLLOW_UP_RECORDED, person=person)
    cancelled = Event.objects.get(kind=EventKind.EXIT_CANCELLED, person=person)
    assert event_detail(recorded, {}) == " : Emploi (CDD de 8 mois, emploi durable)"
    assert event_detail(follow_up, {}) == " : En emploi (CDI, emploi durable)"
    assert event_detail(cancelled, {}) == " : Sortie enregistrée en double"
