"""Append events: call inside the transaction of the state change they record."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from tandem.accounts.models import User
from tandem.events.listeners import events_announce
from tandem.events.models import Event
from tandem.organisations.models import Organisation

Subject = TypeVar("Subject", bound=models.Model)


def event_record(
    *,
    kind: str,
    by: User | None,
    organisation: Organisation | None,
    person: Any = None,
    subject: models.Model | None = None,
    occurred_at: datetime.datetime | None = None,
    is_shared: bool = True,
    payload: dict[str, Any] | None = None,
) -> Event:
    event = Event(
        kind=kind,
        actor=by,
        actor_organisation=organisation,
        person=person,
        subject_type=(subject._meta.model_name or "") if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        is_shared=is_shared,
        payload=payload or {},
    )
    if occurred_at is not None:
        event.occurred_at = occurred_at
    event.save(force_insert=True)
    events_announce([event])
    return event


def events_record_many(
    *,
    kind: str,
    by: User | None,
    organisation: Organisation | None,
    subjects: Sequence[Subject],
    payload_of: Callable[[Subject], dict[str, Any]],
) -> int:
    """One event per subject, in one statement (imports write thousands): same kind, author and moment."""
    now = timezone.now()
    events = [
        Event(
            kind=kind,
            actor=by,
            actor_organisation=organisation,
            subject_type=subject._meta.model_name or "",
            subject_id=subject.pk,
            occurred_at=now,
            payload=payload_of(subject),
        )
        for subject in subjects
    ]
    Event.objects.bulk_create(events)
    events_announce(events)
    return len(events)
