"""The one event log: every state change of the domain appends a row, never updated or deleted.

The timeline of a person is a filtered read of these rows; indicators aggregate them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.events.enums import EventKind


class AppendOnlyError(Exception):
    pass


class Event(models.Model):
    # Read by kind through event_kind_period (kind first), and by person through event_person_timeline: the log is the
    # largest table and every write pays each index, so neither column has an index of its own.
    kind = models.CharField(_("type"), max_length=40, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("survenu le"), default=timezone.now, db_index=True)
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="events", db_index=False
    )
    subject_type = models.CharField(max_length=40, blank=True)
    subject_id = models.BigIntegerField(null=True, blank=True)
    # Shared with the partners following the person, or private to the actor's organisation (private notes).
    is_shared = models.BooleanField(default=True)
    # Codes and organisation names only: never free text about the person (notes, comments stay in their
    # own rows, which anonymisation can erase while the log stays append-only).
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [
            models.Index(fields=["person", "occurred_at"], name="event_person_timeline"),
            models.Index(fields=["subject_type", "subject_id"], name="event_subject"),
            models.Index(fields=["kind", "occurred_at"], name="event_kind_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Events are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Events are never deleted")
