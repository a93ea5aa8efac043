"""Bordeaux's employer events (seed 002), the demo loaded once: a job dating held with companies and young people
who came, an information meeting to come; the companies' and young people's timelines show them."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from tandem.demo.employer_events import INFORMATION_MEETING, JOB_DATING
from tandem.demo.services import demo_counts
from tandem.employer_events.enums import EventStatus, InvitationStatus, RegistrationStatus
from tandem.employer_events.models import EmployerEvent
from tandem.events.enums import EventKind
from tandem.events.models import Event


def test_the_job_dating_was_held_with_companies_and_young_people_who_came(demo):
    event = EmployerEvent.objects.get(title=JOB_DATING)
    assert event.status == EventStatus.HELD and event.theme == "subsidised_contracts"
    assert event.partners.get().safir_code == "33224"  # France Travail Mériadeck takes part
    statuses = sorted(event.invitations.values_list("status", flat=True))
    assert statuses == sorted(
        [InvitationStatus.ATTENDED, InvitationStatus.ATTENDED, InvitationStatus.ABSENT, InvitationStatus.DECLINED]
    )
    registrations = event.registrations.all()
    assert registrations.filter(status=RegistrationStatus.PRESENT).count() == 3
    assert registrations.filter(status=RegistrationStatus.ABSENT).count() == 1
    assert registrations.filter(outcome="hired").count() == 1
    attended = event.invitations.filter(status=InvitationStatus.ATTENDED).values_list("employer_id", flat=True)
    on_companies = Event.objects.filter(kind=EventKind.EMPLOYER_EVENT_ATTENDED, subject_type="employer")
    assert set(on_companies.values_list("subject_id", flat=True)) >= set(attended)
    hired = registrations.get(outcome="hired")
    assert Event.objects.filter(person=hired.person, kind=EventKind.EMPLOYER_EVENT_PRESENT).exists()


def test_the_information_meeting_on_apprenticeship_is_to_come(demo):
    event = EmployerEvent.objects.get(title=INFORMATION_MEETING)
    assert event.status == EventStatus.PLANNED and event.theme == "apprenticeship"
    assert event.invitations.count() == 2 and event.registrations.count() == 2


def test_loading_again_adds_no_event_no_invitation_and_no_registration(demo, settings):
    settings.TANDEM_REFERENTIAL_DIR = ""
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    counts = demo_counts()
    # Bordeaux's two events (six young people) and Saint-Étienne's three sessions (three young people last week).
    assert counts["employer_events"] == demo.counts["employer_events"] == 5
    assert counts["event_registrations"] == demo.counts["event_registrations"] == 9
    assert counts["events"] == demo.counts["events"]
