"""`manage.py notifications_daily`: tomorrow's deadlines, then each person's digest, once."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from tandem.notifications.enums import NotificationKind
from tandem.notifications.models import Notification
from tandem.referrals import services as referral_services
from tests.people.factories import PersonFactory


def test_the_daily_command_tells_tomorrow_s_deadlines_in_the_digest_once(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    referral = referral_services.referral_propose(
        person=PersonFactory(followed_by=cast.agency_b),
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_a,
        by=cast.agent_b,
    )
    referral.answer_due_on = timezone.localdate() + datetime.timedelta(days=1)
    referral.save()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notifications_daily", stdout=out)
    assert "Échéances signalées : 2 ; récapitulatifs envoyés : 2" in out.getvalue()
    assert set(Notification.objects.values_list("kind", flat=True)) == {NotificationKind.DEADLINE_NEAR}
    assert sorted(message.to[0] for message in mailoutbox) == ["adviser.a@example.org", "director.a@example.org"]
    assert all("demain" in message.body for message in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notifications_daily", stdout=StringIO())
    assert Notification.objects.count() == 2 and len(mailoutbox) == 2
