"""A person's path reads in the order things happened, not the order they were typed into Tandem."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from tandem.events.selectors import timeline_for
from tandem.people.services import barrier_identify, follow_set_lead, note_add, scheme_start
from tests.people.factories import PersonFactory


def _person_with_events_recorded_out_of_order(cast):
    person = PersonFactory()
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    today = timezone.localdate()
    # Typed in this order: today's note, then a scheme started last month, then a barrier seen two months ago.
    note_add(person=person, text="Entretien du jour", is_shared=True, by=cast.adviser_a, organisation=cast.ml_a)
    scheme_start(
        person=person,
        scheme="cej",
        starts_on=today - datetime.timedelta(days=30),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    barrier_identify(
        person=person,
        kind="mobility",
        by=cast.adviser_a,
        organisation=cast.ml_a,
        on=today - datetime.timedelta(days=60),
    )
    return person


def test_the_timeline_is_ordered_by_when_events_happened(cast):
    person = _person_with_events_recorded_out_of_order(cast)
    events = list(timeline_for(organisation_id=cast.ml_a.pk, person=person))
    kinds = [event.kind for event in events]
    assert kinds.index("note_added") < kinds.index("scheme_started") < kinds.index("barrier_identified")
    assert [event.occurred_at for event in events] == sorted((event.occurred_at for event in events), reverse=True)
    # Recorded last, shown last: the insertion order really differs from the order shown.
    assert max(events, key=lambda event: event.pk).kind == "barrier_identified"


def test_the_person_page_shows_the_path_newest_first(client, cast):
    person = _person_with_events_recorded_out_of_order(cast)
    client.force_login(cast.adviser_a)
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    timeline = body[body.index('class="tandem-timeline"') :]
    assert timeline.index("Entretien du jour") < timeline.index("Entrée dans un dispositif")
    assert timeline.index("Entrée dans un dispositif") < timeline.index("Frein identifié")
