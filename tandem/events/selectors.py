"""Reads of the event log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model, Q, QuerySet

from tandem.events.models import Event


def timeline_for(*, organisation_id: int, person: Model | None = None, subject: Model | None = None) -> QuerySet[Event]:
    """The path of a person, or of any subject (an employer, a convention…), across partners, newest first:
    the shared events, plus the private ones of the reader's organisation (its internal notes).

    The caller has checked that the reader may see the person or the subject.
    """
    events = Event.objects.all()
    if person is not None:
        # By id: the events app sits below people (docs/architecture.md) and takes any model here.
        events = events.filter(person_id=person.pk)
    if subject is not None:
        events = events.filter(subject_type=subject._meta.model_name, subject_id=subject.pk)
    return (
        events.filter(Q(is_shared=True) | Q(actor_organisation_id=organisation_id))
        .select_related("actor", "actor_organisation")
        .order_by("-occurred_at", "-id")
    )


def events_about_for(
    *, organisation_id: int, subject_type: str, subject_ids: Any, kinds: Sequence[str]
) -> QuerySet[Event]:
    """Events of some kinds about many subjects of one type (`subject_ids`: ids or a values query), shared or the
    reader's own, newest first: the applications to a company's offers, for the company's timeline.

    The caller has checked that the reader may see the subjects."""
    return (
        Event.objects.filter(subject_type=subject_type, subject_id__in=subject_ids, kind__in=list(kinds))
        .filter(Q(is_shared=True) | Q(actor_organisation_id=organisation_id))
        .select_related("actor", "actor_organisation")
        .order_by("-occurred_at", "-id")
    )
