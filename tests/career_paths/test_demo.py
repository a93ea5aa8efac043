"""The demo's paths (tandem.demo.career_paths): Saint-Étienne's young people across two agencies each, a training
reached, and a second load adds nothing."""

from __future__ import annotations

import pytest

from tandem.accounts.models import Membership
from tandem.career_paths.models import Mission
from tandem.career_paths.selectors import path_for
from tandem.demo import career_paths
from tandem.demo.builders import demo_email
from tandem.demo.scenarios import saint_etienne
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_demo_loads_three_paths_across_two_agencies_once():
    saint_etienne.load()
    career_paths.load()
    career_paths.load()
    assert Mission.objects.count() == 8
    assert Event.objects.filter(kind=EventKind.MISSION_RECORDED).count() == 8
    contact = Membership.objects.select_related("organisation").get(user__email=demo_email("interim.gier-emploi"))
    yanis = Person.objects.get(first_name="Yanis", last_name="Benali")
    # The second agency reads the missions the first one recorded.
    path = path_for(yanis, contact)
    assert path.agencies == 2 and len(path.missions) == 3 and len(path.trainings) == 1
    assert path.hours == 77 + 133 + 112
