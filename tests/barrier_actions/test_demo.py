"""Grenoble's barrier-lifting actions in the demo (tandem.demo.barrier_actions), loaded on seed 004 and its people:
a transport aid with places taken, a childcare action with one place left, a driving licence full with two people
waiting; a second load adds nothing."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings

from tandem.barrier_actions.enums import EnrolmentStatus
from tandem.barrier_actions.models import BarrierAction, Enrolment
from tandem.demo import barrier_actions
from tandem.demo.agencies import agencies_load
from tandem.demo.scenarios import grenoble
from tandem.demo.young_people.grenoble import grenoble_people_load
from tandem.events.listeners import listeners_muted

pytestmark = pytest.mark.django_db


def _counts(title: str) -> tuple[int, int, int]:
    action = BarrierAction.objects.get(title=title)
    rows = Enrolment.objects.filter(action=action)
    return (
        action.capacity,
        rows.filter(status=EnrolmentStatus.ENROLLED).count(),
        rows.filter(status=EnrolmentStatus.WAITLISTED).count(),
    )


@override_settings(TANDEM_REFERENTIAL_DIR="", PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_grenoble_s_actions_have_their_places_and_waiting_list_and_load_once():
    with listeners_muted():
        agencies_load()
        grenoble.load()
        grenoble_people_load()
        barrier_actions.load()
    assert _counts(barrier_actions.TRANSPORT) == (10, 4, 0)
    assert _counts(barrier_actions.CHILDCARE) == (3, 2, 0)
    assert _counts(barrier_actions.LICENCE) == (2, 2, 2)
    licence = BarrierAction.objects.get(title=barrier_actions.LICENCE)
    assert licence.organisation.name == "PLIE de la Métropole grenobloise"
    referrers = set(Enrolment.objects.values_list("organisation__kind", flat=True))
    assert referrers <= {"plie", "ft_agency"} and "plie" in referrers
    rows = Enrolment.objects.count()
    with listeners_muted():
        barrier_actions.load()
    assert Enrolment.objects.count() == rows and BarrierAction.objects.count() == 3
