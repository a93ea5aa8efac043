"""Timelines: the company's shows that it was invited to and took part in the job dating, the person's that they
were registered, came, and what came of it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.employer_events import services
from tests.employer_events.factories import EmployerEventFactory, young_person
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def m(user):
    return user.memberships.select_related("organisation").get()


def _held_job_dating(cast):
    event = EmployerEventFactory(
        organisation=cast.ml_a, taking_part=[cast.agency_b], title="Contrats aidés", held_on=TODAY
    )
    employer = EmployerFactory(name="Boulangerie Haguenau")
    person = young_person(cast.adviser_a, cast.ml_a, first_name="Inès", last_name="Martin")
    invitation = services.invitation_create(event=event, employer=employer, membership=m(cast.agent_b), by=cast.agent_b)
    registration = services.registration_create(
        event=event, person=person, membership=m(cast.adviser_a), by=cast.adviser_a
    )
    services.employer_event_hold(event=event, membership=m(cast.adviser_a), by=cast.adviser_a)
    services.invitation_attend(invitation=invitation, membership=m(cast.adviser_a), by=cast.adviser_a)
    services.registration_present(
        registration=registration, membership=m(cast.adviser_a), by=cast.adviser_a, outcome="hired"
    )
    return event, employer, person


def test_the_company_timeline_says_it_took_part_in_the_job_dating(client, cast):
    event, employer, _person = _held_job_dating(cast)
    client.force_login(cast.adviser_c)  # any partner reads a company's timeline, even outside the event
    text = client.get(reverse("employers:detail", args=[employer.pk])).text
    day = event.held_on.strftime("%d/%m/%Y")
    assert "A participé à un événement employeurs" in text
    assert f"job dating « Contrats aidés » du {day}" in text
    assert "Invitée à un événement employeurs" in text
    # The events the company was invited to: the reader's own events only (C takes no part in this one).
    assert reverse("employer_events:event_detail", args=[event.pk]) not in text
    client.force_login(cast.agent_b)
    assert (
        reverse("employer_events:event_detail", args=[event.pk])
        in client.get(reverse("employers:detail", args=[employer.pk])).text
    )


def test_the_persons_timeline_shows_the_registration_the_presence_and_the_hire(client, cast):
    event, _employer, person = _held_job_dating(cast)
    client.force_login(cast.adviser_a)
    text = client.get(reverse("people:detail", args=[person.pk])).text
    day = event.held_on.strftime("%d/%m/%Y")
    assert "Inscription à un événement employeurs" in text
    assert "Présence à un événement employeurs" in text
    assert f"job dating « Contrats aidés » du {day} – Embauché·e" in text


def test_an_invitation_never_heard_of_leaves_no_trace_on_other_companies(cast):
    from tandem.events.models import Event

    event, employer, _person = _held_job_dating(cast)
    other = EmployerFactory()
    assert not Event.objects.filter(subject_type="employer", subject_id=other.pk).exists()
    assert Event.objects.filter(subject_type="employer", subject_id=employer.pk).count() == 2
