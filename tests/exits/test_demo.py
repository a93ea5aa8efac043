"""The demo's exits (tandem.demo.exits): Saint-Étienne's four exits, two situations six months later, one still
due, and a second load adds nothing."""

from __future__ import annotations

import pytest

from tandem.accounts.models import Membership
from tandem.demo import exits
from tandem.demo.builders import demo_email
from tandem.demo.scenarios import saint_etienne
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.exits.models import Exit, ExitFollowUp
from tandem.exits.selectors import follow_ups_due

pytestmark = pytest.mark.django_db


def test_the_demo_records_four_exits_and_two_follow_ups_once():
    saint_etienne.load()
    assert exits.load() == 4
    assert exits.load() == 0
    assert Exit.objects.count() == 4 and ExitFollowUp.objects.count() == 2
    assert Event.objects.filter(kind=EventKind.EXIT_RECORDED).count() == 4
    assert sorted(Exit.objects.filter(is_durable=True).values_list("person__first_name", flat=True)) == ["Lina"]
    assert ExitFollowUp.objects.filter(is_durable=True).count() == 2
    adviser = Membership.objects.select_related("organisation").get(user__email=demo_email(exits.ADVISER))
    assert [exit.person.first_name for exit in follow_ups_due(membership=adviser)] == ["Sarah"]
