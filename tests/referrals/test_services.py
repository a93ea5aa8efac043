import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.people.enums import ConsentRecipient, FollowRole, Scheme
from tandem.people.models import Follow
from tandem.people.services import consent_give
from tandem.referrals import services
from tandem.referrals.enums import ReferralStatus, RefusalReason
from tests.people.factories import PersonFactory


@pytest.fixture
def designation(cast):
    person = PersonFactory(followed_by=cast.agency_b)
    return services.referral_propose(
        person=person,
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_a,
        by=cast.agent_b,
        is_designation=True,
    )


def kinds(person) -> list[str]:
    return list(Event.objects.filter(person=person).order_by("id").values_list("kind", flat=True))


def test_a_proposal_takes_its_deadline_from_the_partnership_link(cast, designation):
    assert designation.status == ReferralStatus.PROPOSED
    assert designation.link.is_reference_site
    assert designation.answer_due_on == timezone.localdate() + datetime.timedelta(days=7)
    assert kinds(designation.person) == [EventKind.DESIGNATION_PROPOSED]


def test_the_whole_path_to_the_effective_entry_writes_one_event_per_step(cast, designation):
    referral = services.referral_accept(referral=designation, by=cast.adviser_a, organisation=cast.ml_a)
    assert referral.meeting_due_on == timezone.localdate() + datetime.timedelta(days=15)
    lead = Follow.objects.get(person=referral.person, role=FollowRole.LEAD, ended_at__isnull=True)
    assert (lead.organisation, lead.adviser) == (cast.ml_a, cast.adviser_a)
    meeting_at = timezone.now() + datetime.timedelta(days=3)
    services.referral_schedule_meeting(
        referral=referral, by=cast.adviser_a, organisation=cast.ml_a, meeting_at=meeting_at
    )
    services.referral_record_meeting(
        referral=referral, by=cast.adviser_a, organisation=cast.ml_a, held_on=timezone.localdate()
    )
    assert referral.person.schemes.get().scheme == Scheme.PPAE_DELEGATED
    services.referral_close(referral=referral, by=cast.adviser_a, organisation=cast.ml_a, outcome="employment")
    assert kinds(referral.person) == [
        EventKind.DESIGNATION_PROPOSED,
        EventKind.REFERRAL_ACCEPTED,
        EventKind.LEAD_ASSIGNED,
        EventKind.MEETING_SCHEDULED,
        EventKind.MEETING_HELD,
        EventKind.SCHEME_STARTED,
        EventKind.REFERRAL_CLOSED,
    ]


def test_only_the_receiving_organisation_answers(cast, designation):
    with pytest.raises(ValidationError):
        services.referral_accept(referral=designation, by=cast.agent_b, organisation=cast.agency_b)


def test_a_refusal_needs_a_reason_and_a_comment_for_other(cast, designation):
    with pytest.raises(ValidationError):
        services.referral_refuse(referral=designation, by=cast.adviser_a, organisation=cast.ml_a, reason="")
    with pytest.raises(ValidationError):
        services.referral_refuse(
            referral=designation, by=cast.adviser_a, organisation=cast.ml_a, reason=RefusalReason.OTHER
        )
    refused = services.referral_refuse(
        referral=designation, by=cast.adviser_a, organisation=cast.ml_a, reason=RefusalReason.UNREACHABLE
    )
    assert refused.status == ReferralStatus.REFUSED


def test_a_second_answer_to_the_same_proposal_fails_cleanly(cast, designation):
    stale_copy = type(designation).objects.get(pk=designation.pk)
    services.referral_accept(referral=designation, by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(services.TransitionError, match="Acceptée"):
        services.referral_accept(referral=stale_copy, by=cast.director_a, organisation=cast.ml_a)
    assert Follow.objects.filter(person=designation.person, role=FollowRole.LEAD).count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables; PostgreSQL runs this race for real",
)
@pytest.mark.django_db(transaction=True)
def test_two_advisers_accepting_at_once_one_wins_the_other_gets_a_clear_message(cast_committed):
    cast = cast_committed
    person = PersonFactory(followed_by=cast.agency_b)
    referral = services.referral_propose(
        person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b, is_designation=True
    )
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def accept(user):
        try:
            barrier.wait()
            services.referral_accept(
                referral=type(referral).objects.get(pk=referral.pk), by=user, organisation=cast.ml_a
            )
            outcomes.append("ok")
        except services.TransitionError as error:
            outcomes.append(str(error.messages[0]))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (cast.adviser_a, cast.director_a)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[0].startswith("Cette orientation est déjà")
    assert outcomes.count("ok") == 1
    assert Follow.objects.filter(person=person, role=FollowRole.LEAD).count() == 1


def test_a_second_open_referral_to_the_same_partner_is_refused(cast, designation):
    with pytest.raises(ValidationError, match="déjà une orientation en cours"):
        services.referral_propose(
            person=designation.person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b
        )


def test_overdue_referrals_expire_with_an_event(cast, designation):
    later = timezone.localdate() + datetime.timedelta(days=8)
    assert services.referrals_expire(today=later) == 1
    designation.refresh_from_db()
    assert designation.status == ReferralStatus.EXPIRED
    assert kinds(designation.person)[-1] == EventKind.REFERRAL_EXPIRED
    assert services.referrals_expire(today=later) == 0


def test_an_accepted_referral_expires_when_no_first_meeting_happens_in_time(cast, designation):
    services.referral_accept(referral=designation, by=cast.adviser_a, organisation=cast.ml_a)
    assert services.referrals_expire(today=timezone.localdate() + datetime.timedelta(days=10)) == 0
    assert services.referrals_expire(today=timezone.localdate() + datetime.timedelta(days=16)) == 1


def test_a_referral_to_a_temp_agency_makes_it_a_contributor_not_the_lead(
    cast, designation, mailoutbox, django_capture_on_commit_callbacks
):
    from tandem.notifications.enums import EmailFrequency
    from tandem.notifications.services import notification_preference_set

    # Mission Locale A's adviser wants each answer to the referrals she proposes by e-mail at once.
    notification_preference_set(user=cast.adviser_a, email_frequency=EmailFrequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(referral=designation, by=cast.adviser_a, organisation=cast.ml_a)
    # A lead assigned where nobody led is no hand-over; France Travail's agent reads the answer in her digest.
    assert mailoutbox == []
    consent_give(
        person=designation.person,
        recipient_kind=ConsentRecipient.TEMP_AGENCY,
        recipient=cast.temp_agency,
        given_on=timezone.localdate(),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    referral = services.referral_propose(
        person=designation.person, from_organisation=cast.ml_a, to_organisation=cast.temp_agency, by=cast.adviser_a
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(referral=referral, by=cast.temp_contact, organisation=cast.temp_agency)
    follows = {f.organisation: f.role for f in Follow.objects.filter(person=designation.person, ended_at=None)}
    assert follows == {
        cast.agency_b: FollowRole.CONTRIBUTOR,
        cast.ml_a: FollowRole.LEAD,
        cast.temp_agency: FollowRole.CONTRIBUTOR,
    }
    # The proposer hears of the answer; a contributor added is no hand-over: no "passage de relais" to anyone.
    assert [(message.to, message.subject) for message in mailoutbox] == [
        (["adviser.a@example.org"], "Tandem : réponse à une orientation")
    ]


def test_reminders_go_to_the_receiving_organisation_for_due_and_overdue_proposals(cast, designation):
    assert services.referral_reminders_send(today=timezone.localdate()) == 0
    sent = services.referral_reminders_send(today=timezone.localdate() + datetime.timedelta(days=6))
    assert sent == 1
    assert set(mail.outbox[0].to) == {"adviser.a@example.org", "director.a@example.org"}
    assert "Mission Locale A" in mail.outbox[0].body
