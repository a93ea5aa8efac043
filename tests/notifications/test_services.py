"""Who is told what, drawn from the event log once committed; e-mails as each person chose; the daily digest."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.events.enums import EventKind
from tandem.notifications import services
from tandem.notifications.enums import Deadline, EmailFrequency, NotificationKind
from tandem.notifications.models import Notification, NotificationPreference
from tandem.notifications.texts import notification_subject, notification_text
from tandem.offers.enums import ContractType, NotRetainedReason
from tandem.offers.positioning import services as positioning_services
from tandem.referrals import services as referral_services
from tandem.referrals.enums import RefusalReason
from tests.accounts.factories import MembershipFactory
from tests.offers.test_positioning_services import led_person, offer_of
from tests.people.factories import PersonFactory


def told(**filters) -> set[tuple[str, str]]:
    """(recipient's e-mail, kind) of the notifications."""
    return set(Notification.objects.filter(**filters).values_list("recipient__email", "kind"))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block, then what waits for its commit (the listeners, the e-mails), as in production."""

    def run(block):
        with django_capture_on_commit_callbacks(execute=True):
            result = block()
        return result

    return run


@pytest.fixture
def designation(cast, committed):
    """France Travail B proposes a young person it follows to Mission Locale A (cotraitance)."""
    person = PersonFactory(followed_by=cast.agency_b, first_name="Zébulon", last_name="Unique")
    return committed(
        lambda: referral_services.referral_propose(
            person=person,
            from_organisation=cast.agency_b,
            to_organisation=cast.ml_a,
            by=cast.agent_b,
            is_designation=True,
        )
    )


def prefer(user, frequency: str) -> None:
    services.notification_preference_set(user=user, email_frequency=frequency)


# A referral received.


def test_a_designation_tells_the_mission_locale_s_staff_and_nobody_else(cast, designation):
    assert told() == {
        ("adviser.a@example.org", NotificationKind.REFERRAL_RECEIVED),
        ("director.a@example.org", NotificationKind.REFERRAL_RECEIVED),
    }
    notification = Notification.objects.get(recipient=cast.adviser_a)
    assert notification.organisation == cast.ml_a
    assert (notification.subject_type, notification.subject_id) == ("referral", designation.pk)
    assert notification.event.kind == EventKind.DESIGNATION_PROPOSED
    text = notification_text(notification)
    assert "France Travail B" in text and "cotraitance" in text
    assert "Zébulon" not in text and "Unique" not in text


def test_the_receiving_organisation_s_observers_former_members_and_inactive_accounts_are_not_told(cast, committed):
    MembershipFactory(organisation=cast.ml_a, role=Role.OBSERVER, user__email="observer.a@example.org")
    MembershipFactory(
        organisation=cast.ml_a, user__email="gone.a@example.org", ends_on=timezone.localdate() - datetime.timedelta(1)
    )
    MembershipFactory(organisation=cast.ml_a, user__email="inactive.a@example.org", user__is_active=False)
    person = PersonFactory(followed_by=cast.agency_b)
    committed(
        lambda: referral_services.referral_propose(
            person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b
        )
    )
    assert {email for email, _kind in told()} == {"adviser.a@example.org", "director.a@example.org"}


def test_a_seconded_agent_is_not_told_of_their_own_proposal(cast, committed):
    MembershipFactory(user=cast.agent_b, organisation=cast.ml_a, role=Role.ADVISER)
    person = PersonFactory(followed_by=cast.agency_b)
    committed(
        lambda: referral_services.referral_propose(
            person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b
        )
    )
    assert {email for email, _kind in told()} == {"adviser.a@example.org", "director.a@example.org"}


def test_nothing_is_told_before_the_commit_nor_of_a_proposal_rolled_back(cast, django_capture_on_commit_callbacks):
    person = PersonFactory(followed_by=cast.agency_b)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        referral_services.referral_propose(
            person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b
        )
    assert callbacks and not Notification.objects.exists()


# An answer.


def test_an_acceptance_tells_the_adviser_who_proposed_it_only(cast, designation, committed):
    MembershipFactory(organisation=cast.agency_b, user__email="colleague.b@example.org")
    committed(
        lambda: referral_services.referral_accept(referral=designation, by=cast.adviser_a, organisation=cast.ml_a)
    )
    assert told(kind=NotificationKind.REFERRAL_ANSWERED) == {
        ("agent.b@example.org", NotificationKind.REFERRAL_ANSWERED)
    }
    answer = Notification.objects.get(kind=NotificationKind.REFERRAL_ANSWERED)
    assert answer.organisation == cast.agency_b
    assert notification_text(answer) == "Mission Locale A a accepté votre orientation."


def test_a_refusal_tells_the_proposer_with_the_reason(cast, designation, committed):
    committed(
        lambda: referral_services.referral_refuse(
            referral=designation, by=cast.adviser_a, organisation=cast.ml_a, reason=RefusalReason.OUTSIDE_TERRITORY
        )
    )
    answer = Notification.objects.get(kind=NotificationKind.REFERRAL_ANSWERED)
    assert answer.recipient == cast.agent_b
    assert "refusé" in notification_text(answer) and "Hors de notre territoire" in notification_text(answer)


def test_an_answer_goes_to_the_sending_staff_when_the_proposer_has_left(cast, designation, committed):
    manager = MembershipFactory(organisation=cast.agency_b, role=Role.MANAGER, user__email="manager.b@example.org")
    Membership.objects.filter(user=cast.agent_b).update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
    committed(
        lambda: referral_services.referral_accept(referral=designation, by=cast.adviser_a, organisation=cast.ml_a)
    )
    assert told(kind=NotificationKind.REFERRAL_ANSWERED) == {(manager.user.email, NotificationKind.REFERRAL_ANSWERED)}


def test_an_expiry_tells_the_proposer(cast, designation, committed):
    later = timezone.localdate() + datetime.timedelta(days=8)
    assert committed(lambda: referral_services.referrals_expire(today=later)) == 1
    answer = Notification.objects.get(kind=NotificationKind.REFERRAL_ANSWERED)
    assert answer.recipient == cast.agent_b
    assert "expiré" in notification_text(answer)


def test_other_steps_of_a_referral_tell_nobody(cast, designation, committed):
    committed(
        lambda: referral_services.referral_accept(referral=designation, by=cast.adviser_a, organisation=cast.ml_a)
    )
    before = Notification.objects.count()
    committed(
        lambda: referral_services.referral_schedule_meeting(
            referral=designation,
            by=cast.adviser_a,
            organisation=cast.ml_a,
            meeting_at=timezone.now() + datetime.timedelta(days=2),
        )
    )
    assert Notification.objects.count() == before


def test_an_event_heard_twice_tells_once(cast, designation):
    event = Notification.objects.first().event
    assert services.notifications_from_events(events=[event]) == []
    assert Notification.objects.count() == 2


# A positioning.


@pytest.fixture
def positioning(cast, committed):
    """Mission Locale A's adviser puts A's young person forward on France Travail B's offer."""
    return committed(
        lambda: positioning_services.positioning_propose(
            person=led_person(cast), offer=offer_of(cast), by=cast.adviser_a, organisation=cast.ml_a
        )
    )


def test_a_positioning_moved_by_the_offer_s_organisation_tells_the_proposing_adviser(cast, positioning, committed):
    assert not Notification.objects.exists()  # a proposal tells nobody yet
    committed(
        lambda: positioning_services.positioning_send(
            positioning=positioning, by=cast.agent_b, organisation=cast.agency_b
        )
    )
    assert told() == {("adviser.a@example.org", NotificationKind.POSITIONING_MOVED)}
    notification = Notification.objects.get()
    assert notification.subject_type == "positioning" and notification.organisation == cast.ml_a
    assert "France Travail B" in notification_text(notification)
    assert positioning.offer.title in notification_text(notification)


def test_a_positioning_not_retained_says_why(cast, positioning, committed):
    committed(
        lambda: positioning_services.positioning_not_retain(
            positioning=positioning, by=cast.agent_b, organisation=cast.agency_b, reason=NotRetainedReason.PROFILE
        )
    )
    assert "Profil ne correspondant pas" in notification_text(Notification.objects.get())


def test_the_proposing_organisation_s_own_steps_tell_nobody(cast, positioning, committed):
    committed(
        lambda: positioning_services.positioning_send(
            positioning=positioning, by=cast.adviser_a, organisation=cast.ml_a
        )
    )
    assert not Notification.objects.exists()


def test_a_hire_tells_the_proposer_and_nobody_at_the_offer_s_organisation(cast, positioning, committed):
    positioning_services.positioning_send(positioning=positioning, by=cast.adviser_a, organisation=cast.ml_a)
    positioning_services.positioning_record_interview(
        positioning=positioning,
        by=cast.adviser_a,
        organisation=cast.ml_a,
        interview_at=timezone.now() + datetime.timedelta(days=1),
    )
    committed(
        lambda: positioning_services.positioning_hire(
            positioning=positioning,
            by=cast.agent_b,
            organisation=cast.agency_b,
            contract_type=ContractType.CDI,
            start_on=timezone.localdate(),
        )
    )
    assert told() == {("adviser.a@example.org", NotificationKind.POSITIONING_MOVED)}


# Deadlines.


def test_tomorrow_s_answer_deadline_tells_the_receiving_staff_once(cast, designation):
    Notification.objects.all().delete()
    day_before = designation.answer_due_on - datetime.timedelta(days=1)
    assert services.notifications_deadlines_create(today=day_before - datetime.timedelta(days=1)) == 0
    assert services.notifications_deadlines_create(today=day_before) == 2
    assert services.notifications_deadlines_create(today=day_before) == 0
    assert told() == {
        ("adviser.a@example.org", NotificationKind.DEADLINE_NEAR),
        ("director.a@example.org", NotificationKind.DEADLINE_NEAR),
    }
    notification = Notification.objects.first()
    assert notification.payload["deadline"] == Deadline.ANSWER
    assert "attend votre réponse au plus tard demain" in notification_text(notification)


def test_tomorrow_s_first_meeting_deadline_tells_the_receiving_staff(cast, designation):
    referral = referral_services.referral_accept(referral=designation, by=cast.adviser_a, organisation=cast.ml_a)
    Notification.objects.all().delete()
    assert services.notifications_deadlines_create(today=referral.meeting_due_on - datetime.timedelta(days=1)) == 2
    assert "premier rendez-vous" in notification_text(Notification.objects.first())


# E-mails.


def test_an_immediate_preference_sends_one_e_mail_per_notification_on_commit(cast, committed, mailoutbox, settings):
    settings.TANDEM_SITE_URL = "https://tandem.example.gouv.fr/"
    prefer(cast.adviser_a, EmailFrequency.IMMEDIATE)
    prefer(cast.director_a, EmailFrequency.NONE)
    person = PersonFactory(followed_by=cast.agency_b, first_name="Zébulon", last_name="Unique")
    committed(
        lambda: referral_services.referral_propose(
            person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b
        )
    )
    assert [message.to for message in mailoutbox] == [["adviser.a@example.org"]]
    message = mailoutbox[0]
    assert message.subject == "Tandem : nouvelle orientation reçue"
    notification = Notification.objects.get(recipient=cast.adviser_a)
    assert f"https://tandem.example.gouv.fr/orientations/{notification.subject_id}/" in message.body
    assert "Zébulon" not in message.body + message.subject and "Unique" not in message.body
    assert notification.emailed_at is not None
    assert Notification.objects.get(recipient=cast.director_a).emailed_at is None


def test_the_immediate_e_mail_waits_for_the_commit(cast, django_capture_on_commit_callbacks, mailoutbox):
    prefer(cast.adviser_a, EmailFrequency.IMMEDIATE)
    person = PersonFactory(followed_by=cast.agency_b)
    with django_capture_on_commit_callbacks(execute=False):
        referral_services.referral_propose(
            person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b
        )
    assert mailoutbox == []


def test_a_daily_preference_sends_nothing_at_once(cast, designation, mailoutbox):
    assert Notification.objects.filter(recipient=cast.adviser_a).exists()
    assert mailoutbox == []


def test_subjects_say_only_what_kind_of_news_it_is(cast, designation):
    subject = notification_subject(Notification.objects.get(recipient=cast.adviser_a))
    assert subject == "Tandem : nouvelle proposition de cotraitance"


# The daily digest.


def _notify_at(cast, user, when: datetime.datetime, **fields) -> Notification:
    defaults = {
        "organisation": cast.ml_a,
        "kind": NotificationKind.REFERRAL_RECEIVED,
        "subject_type": "referral",
        "subject_id": 1,
        "payload": {"from": "France Travail B", "answer_due_on": "2026-03-10"},
    }
    return Notification.objects.create(recipient=user, created_at=when, **(defaults | fields))


def test_the_digest_sends_one_e_mail_per_person_with_their_last_day_once(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    now = timezone.now()
    yesterday = now - datetime.timedelta(days=1)
    first = _notify_at(cast, cast.adviser_a, yesterday)
    second = _notify_at(cast, cast.adviser_a, now - datetime.timedelta(hours=1), subject_id=2)
    read = _notify_at(cast, cast.adviser_a, now, subject_id=3, read_at=now)
    old = _notify_at(cast, cast.adviser_a, now - datetime.timedelta(days=3), subject_id=4)
    _notify_at(cast, cast.director_a, now)
    prefer(cast.adviser_c, EmailFrequency.NONE)
    _notify_at(cast, cast.adviser_c, now, organisation=cast.ml_c)
    prefer(cast.agent_b, EmailFrequency.IMMEDIATE)
    _notify_at(cast, cast.agent_b, now, organisation=cast.agency_b)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_digest_send(now=now) == 2
    assert sorted(message.to[0] for message in mailoutbox) == ["adviser.a@example.org", "director.a@example.org"]
    digest = next(message for message in mailoutbox if message.to == ["adviser.a@example.org"])
    assert digest.subject == "Tandem : 2 notification(s) depuis hier"
    assert "/orientations/1/" in digest.body and "/orientations/2/" in digest.body
    assert "/orientations/3/" not in digest.body and "/orientations/4/" not in digest.body
    for notification in (first, second):
        notification.refresh_from_db()
        assert notification.emailed_at is not None
    for notification in (read, old):
        notification.refresh_from_db()
        assert notification.emailed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_digest_send(now=now + datetime.timedelta(minutes=5)) == 0
    assert len(mailoutbox) == 2


# The reader's own actions.


def test_marking_all_read_touches_only_the_reader_s_notifications(cast):
    mine = _notify_at(cast, cast.adviser_a, timezone.now())
    theirs = _notify_at(cast, cast.director_a, timezone.now())
    assert services.notifications_mark_all_read(user=cast.adviser_a) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_a_preference_is_one_row_per_person(cast):
    prefer(cast.adviser_a, EmailFrequency.IMMEDIATE)
    prefer(cast.adviser_a, EmailFrequency.NONE)
    assert list(
        NotificationPreference.objects.filter(user=cast.adviser_a).values_list("email_frequency", flat=True)
    ) == [EmailFrequency.NONE]
