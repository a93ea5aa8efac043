"""Missions on the person's timeline: recorded, changed, cancelled with its reason."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tandem.career_paths import services
from tandem.career_paths.enums import CancelReason
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.events.timeline import event_detail
from tests.career_paths.factories import young_person

pytestmark = pytest.mark.django_db


def test_the_persons_timeline_tells_the_agency_the_dates_and_why_a_mission_was_cancelled(cast):
    person = young_person(cast.adviser_a, cast.ml_a)
    mission = services.mission_record(
        person=person,
        agency=cast.temp_agency,
        employer_name="Logistique du Rhin",
        job_label="Cariste",
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 6),
        hours=Decimal(35),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    services.mission_cancel(mission=mission, reason=CancelReason.DUPLICATE, by=cast.adviser_a, organisation=cast.ml_a)
    recorded = Event.objects.get(kind=EventKind.MISSION_RECORDED, person=person)
    cancelled = Event.objects.get(kind=EventKind.MISSION_CANCELLED, person=person)
    assert event_detail(recorded, {}) == " : Intérim Test, du 02/03/2026 au 06/03/2026"
    assert event_detail(cancelled, {}) == " : Intérim Test, du 02/03/2026 au 06/03/2026 – Mission enregistrée en double"
