"""Timelines: the person's shows the place they got, the waiting list, the place freed for them and their leaving."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.barrier_actions import services
from tests.barrier_actions.factories import BarrierActionFactory, person_of

pytestmark = pytest.mark.django_db


def m(user):
    return user.memberships.select_related("organisation").get()


def test_the_person_s_timeline_shows_the_waiting_list_then_the_place_freed_for_them(client, cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=1)
    holder = person_of(cast.adviser_a, cast.ml_a, last_name="Alpha")
    waiting = person_of(cast.adviser_a, cast.ml_a, last_name="Bravo")
    membership = m(cast.adviser_a)
    place = services.enrolment_create(action=action, person=holder, membership=membership, by=cast.adviser_a)
    services.enrolment_create(action=action, person=waiting, membership=membership, by=cast.adviser_a)
    services.enrolment_leave(enrolment=place, membership=membership, by=cast.adviser_a)
    client.force_login(cast.adviser_a)
    text = client.get(reverse("people:detail", args=[waiting.pk])).text
    kind = "(mobilité et permis de conduire)"
    assert f"Inscription en liste d&#x27;attente d&#x27;une action</strong> {kind}" in text
    assert f"Place libérée obtenue depuis la liste d&#x27;attente</strong> {kind}" in text
    text = client.get(reverse("people:detail", args=[holder.pk])).text
    assert "Place obtenue dans une action de levée des freins" in text
    assert "Sortie d&#x27;une action de levée des freins" in text
