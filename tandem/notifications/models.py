"""What a person is told (a referral received, an answer, a deadline tomorrow, a positioning that moved), and how
they want to be told by e-mail.

A notification names organisations, dates, codes and offer titles, never the young person: it is read in lists
and e-mails outside the record's access checks; the page it links to checks them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.notifications.enums import EmailFrequency, NotificationKind


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # The organisation the recipient is told for (they may act for several).
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("pour")
    )
    kind = models.CharField(_("type"), max_length=30, choices=NotificationKind.choices)
    # The event it comes from; none for what the daily job finds (a deadline tomorrow).
    event = models.ForeignKey("events.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    # Codes, dates, organisation names and offer titles: never a person's name nor free text.
    payload = models.JSONField(default=dict, blank=True)
    # Notifications drawn from no event are told once per recipient and key (e.g. a referral's deadline).
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("envoyée par courriel le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The header's count on every page.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            # The daily digest: what is still to e-mail.
            models.Index(fields=["created_at"], condition=Q(emailed_at__isnull=True), name="notification_to_email"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"],
                condition=Q(event__isnull=False),
                name="one_notification_per_event_and_recipient",
            ),
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="one_notification_per_key_and_recipient"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id} ({self.created_at:%Y-%m-%d})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """How a person wants to be told by e-mail; without a row, a daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_frequency = models.CharField(
        _("courriels"), max_length=20, choices=EmailFrequency.choices, default=EmailFrequency.DAILY
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_frequency}"
