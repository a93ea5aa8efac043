"""Notifications: drawn from the event log once it is committed (tandem.notifications.listeners), and from the
daily look at tomorrow's deadlines; read and marked read by their recipient; e-mailed as each person chose, one
e-mail per notification as it comes, or one digest a day (`manage.py notifications_daily`).

A notification never names the young person (tandem.notifications.texts); who is told is written once in
tandem.notifications.recipients.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.notifications.enums import Deadline, EmailFrequency, NotificationKind
from tandem.notifications.models import Notification, NotificationPreference
from tandem.notifications.recipients import Staff, referral_receiving_organisation_id
from tandem.notifications.texts import (
    notification_link_label,
    notification_subject,
    notification_text,
    notification_url,
)
from tandem.offers.models import Positioning
from tandem.referrals.enums import ReferralStatus
from tandem.referrals.models import Referral

REFERRAL_RECEIVED_EVENTS = (EventKind.REFERRAL_PROPOSED, EventKind.DESIGNATION_PROPOSED)
REFERRAL_ANSWER_EVENTS = (EventKind.REFERRAL_ACCEPTED, EventKind.REFERRAL_REFUSED, EventKind.REFERRAL_EXPIRED)
POSITIONING_EVENTS = (
    EventKind.POSITIONING_SENT,
    EventKind.POSITIONING_INTERVIEW,
    EventKind.POSITIONING_HIRED,
    EventKind.POSITIONING_NOT_RETAINED,
    EventKind.POSITIONING_WITHDRAWN,
)
NOTIFYING_EVENTS = (*REFERRAL_RECEIVED_EVENTS, *REFERRAL_ANSWER_EVENTS, *POSITIONING_EVENTS)


@dataclass
class _Draft:
    """What to tell, before knowing who exactly (the organisation's staff are read once for every draft)."""

    kind: str
    organisation_id: int
    subject_type: str
    subject_id: int
    payload: dict[str, Any]
    event: Event | None = None
    key: str = ""
    recipients: set[int] = field(default_factory=set)


# From the event log.


@transaction.atomic
def notifications_from_events(*, events: Sequence[Event]) -> list[Notification]:
    """The notifications these committed events call for (see tandem.notifications.recipients); once each."""
    events = [event for event in events if event.kind in NOTIFYING_EVENTS and event.subject_id is not None]
    referral_ids = {e.subject_id for e in events if e.subject_type == "referral"}
    positioning_ids = {e.subject_id for e in events if e.subject_type == "positioning"}
    referrals = (
        Referral.objects.select_related("from_organisation", "to_organisation").in_bulk(referral_ids)
        if referral_ids
        else {}
    )
    positionings = (
        Positioning.objects.select_related("offer__organisation").in_bulk(positioning_ids) if positioning_ids else {}
    )
    drafts: list[tuple[_Draft, int | None]] = []  # a draft, and the person to tell by name (else the staff)
    for event in events:
        referral = referrals.get(event.subject_id) if event.subject_type == "referral" else None
        positioning = positionings.get(event.subject_id) if event.subject_type == "positioning" else None
        if referral is not None and event.kind in REFERRAL_RECEIVED_EVENTS:
            payload = {
                "event": event.kind,
                "from": referral.from_organisation.name,
                "answer_due_on": referral.answer_due_on.isoformat(),
                "designation": referral.is_designation,
            }
            organisation_id = referral_receiving_organisation_id(referral)
            drafts.append((_draft(NotificationKind.REFERRAL_RECEIVED, organisation_id, referral, payload, event), None))
        elif referral is not None and event.kind in REFERRAL_ANSWER_EVENTS:
            payload = {"event": event.kind, "to": referral.to_organisation.name, "reason": referral.refusal_reason}
            draft = _draft(NotificationKind.REFERRAL_ANSWERED, referral.from_organisation_id, referral, payload, event)
            drafts.append((draft, referral.proposed_by_id))
        elif positioning is not None and event.kind in POSITIONING_EVENTS:
            if event.actor_organisation_id == positioning.organisation_id:
                continue  # the proposing organisation's own step: nobody to tell
            offer = positioning.offer
            payload = {
                "event": event.kind,
                "by": offer.organisation.name,
                "offer": offer.title,
                "reason": positioning.not_retained_reason,
            }
            draft = _draft(NotificationKind.POSITIONING_MOVED, positioning.organisation_id, positioning, payload, event)
            drafts.append((draft, positioning.proposed_by_id))
    if not drafts:
        return []
    staff = Staff(draft.organisation_id for draft, _person in drafts)
    for draft, person_id in drafts:
        told = staff.person_or_staff(person_id, draft.organisation_id)
        actor_id = draft.event.actor_id if draft.event is not None else None
        draft.recipients = told - {actor_id}
    return _notifications_create([draft for draft, _person in drafts])


def _draft(
    kind: str, organisation_id: int, subject: Referral | Positioning, payload: dict[str, Any], event: Event
) -> _Draft:
    return _Draft(
        kind=kind,
        organisation_id=organisation_id,
        subject_type=subject._meta.model_name or "",
        subject_id=subject.pk,
        payload=payload,
        event=event,
    )


# From the calendar: what falls due tomorrow.


@transaction.atomic
def notifications_deadlines_create(*, today: datetime.date | None = None) -> int:
    """Tell the receiving organisation's staff of the referrals whose answer or first meeting is due tomorrow.

    Once per referral, deadline and recipient, however often it runs. Returns how many notifications it created.
    """
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    due = (
        Referral.objects.with_deadline(today=today)
        .filter(Q(deadline=tomorrow), person__anonymised_at__isnull=True)  # the date that matters in its state
        .select_related("from_organisation")
    )
    drafts = []
    for referral in due:
        deadline = Deadline.ANSWER if referral.status == ReferralStatus.PROPOSED else Deadline.MEETING
        drafts.append(
            _Draft(
                kind=NotificationKind.DEADLINE_NEAR,
                organisation_id=referral_receiving_organisation_id(referral),
                subject_type="referral",
                subject_id=referral.pk,
                payload={
                    "deadline": deadline,
                    "due_on": tomorrow.isoformat(),
                    "from": referral.from_organisation.name,
                    "designation": referral.is_designation,
                },
                key=f"deadline:{referral.pk}:{deadline}:{tomorrow.isoformat()}",
            )
        )
    if not drafts:
        return 0
    staff = Staff(draft.organisation_id for draft in drafts)
    for draft in drafts:
        draft.recipients = staff.of(draft.organisation_id)
    return len(_notifications_create(drafts))


def _notifications_create(drafts: Sequence[_Draft]) -> list[Notification]:
    """Create what was not told yet; e-mail at once (on commit) those who asked for it."""
    event_ids = {draft.event.pk for draft in drafts if draft.event is not None}
    keys = {draft.key for draft in drafts if draft.key}
    told: set[tuple[int, int | None, str]] = set(
        Notification.objects.filter(Q(event_id__in=event_ids) | Q(key__in=keys)).values_list(
            "recipient_id", "event_id", "key"
        )
    )
    now = timezone.now()
    recipient_ids = {recipient for draft in drafts for recipient in draft.recipients}
    immediate = set(
        NotificationPreference.objects.filter(
            user_id__in=recipient_ids, email_frequency=EmailFrequency.IMMEDIATE
        ).values_list("user_id", flat=True)
    )
    notifications = []
    for draft in drafts:
        event_id = draft.event.pk if draft.event is not None else None
        for recipient_id in sorted(draft.recipients):
            if (recipient_id, event_id, draft.key) in told:
                continue
            told.add((recipient_id, event_id, draft.key))
            notifications.append(
                Notification(
                    recipient_id=recipient_id,
                    organisation_id=draft.organisation_id,
                    kind=draft.kind,
                    event=draft.event,
                    subject_type=draft.subject_type,
                    subject_id=draft.subject_id,
                    payload=draft.payload,
                    key=draft.key,
                    created_at=now,
                    # Marked as it is decided: sent once, even if the mail server fails (it stays in Tandem).
                    emailed_at=now if recipient_id in immediate else None,
                )
            )
    Notification.objects.bulk_create(notifications)
    to_email = [n.pk for n in notifications if n.emailed_at is not None]
    if to_email:
        transaction.on_commit(lambda: _emails_send_each(to_email))
    return notifications


def _emails_send_each(notification_ids: list[int]) -> None:
    notifications = Notification.objects.filter(pk__in=notification_ids, recipient__is_active=True).select_related(
        "recipient", "organisation"
    )
    messages = []
    for notification in notifications:
        with translation.override(notification.recipient.preferred_language):
            context = {
                "item": _item(notification),
                "preferences_url": _absolute(reverse("notifications:preferences")),
            }
            body = render_to_string("notifications/email_one.txt", context)
            messages.append(EmailMessage(notification_subject(notification), body, to=[notification.recipient.email]))
    _send(messages)


# The daily digest.


@dataclass(frozen=True)
class DigestItem:
    text: str
    organisation: str
    url: str
    link_label: str


def _item(notification: Notification) -> DigestItem:
    return DigestItem(
        text=notification_text(notification),
        organisation=notification.organisation.name,
        url=_absolute(notification_url(notification)),
        link_label=notification_link_label(notification),
    )


def _absolute(path: str) -> str:
    return settings.TANDEM_SITE_URL.rstrip("/") + path


def _digest_since(now: datetime.datetime) -> datetime.datetime:
    """Since yesterday's start (Paris): whenever the job runs in the morning, nothing of the last day is missed."""
    yesterday = timezone.localdate(now) - datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time.min))


def notifications_digest_send(*, now: datetime.datetime | None = None) -> int:
    """One e-mail per person on a daily digest, with their unread notifications of the last day not e-mailed yet;
    each notification is e-mailed once, however often it runs. Returns how many e-mails it sent."""
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(
            Q(recipient__notification_preference__isnull=True)
            | Q(recipient__notification_preference__email_frequency=EmailFrequency.DAILY),
            read_at__isnull=True,
            emailed_at__isnull=True,
            created_at__gte=_digest_since(now),
            created_at__lte=now,
            recipient__is_active=True,
        )
        .select_related("recipient", "organisation")
        .order_by("recipient_id", "created_at", "pk")
    )
    per_recipient: dict[User, list[Notification]] = defaultdict(list)
    for notification in pending:
        per_recipient[notification.recipient].append(notification)
    sent = 0
    for recipient, notifications in per_recipient.items():
        sent += _digest_send(recipient, notifications, now=now)
    return sent


@transaction.atomic
def _digest_send(recipient: User, notifications: list[Notification], *, now: datetime.datetime) -> int:
    ids = [notification.pk for notification in notifications]
    # Claimed before sending: a second run at the same time finds them e-mailed and sends nothing.
    if Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now) != len(ids):
        transaction.set_rollback(True)
        return 0
    with translation.override(recipient.preferred_language):
        subject = _("Tandem : %(count)s notification(s) depuis hier") % {"count": len(notifications)}
        body = render_to_string(
            "notifications/email_digest.txt",
            {
                "items": [_item(notification) for notification in notifications],
                "list_url": _absolute(reverse("notifications:list")),
                "preferences_url": _absolute(reverse("notifications:preferences")),
            },
        )
    message = EmailMessage(subject, body, to=[recipient.email])
    transaction.on_commit(lambda: _send([message]))
    return 1


def _send(messages: list[EmailMessage]) -> None:
    if messages:
        get_connection().send_messages(messages)


# The recipient's own actions.


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (the caller found it among the reader's own: selectors.notification_get_for)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(*, user: User, email_frequency: str) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    preference.email_frequency = email_frequency
    preference.full_clean()
    preference.save()
    return preference
