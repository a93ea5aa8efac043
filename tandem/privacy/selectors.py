"""Reads for personal-data rights and retention."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import DateField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate

from tandem.employers.models import EmployerContact, EmployerInteraction
from tandem.events.models import Event
from tandem.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class LastActivity(TypedDict):
    last_activity_on: datetime.date


def person_last_contact_annotated() -> QuerySet[WithAnnotations[Person, LastActivity]]:
    """Persons annotated with `last_activity_on`: the latest of the recorded last contact, the last event
    about them and the record's creation. Each term falls back on the creation date, so that a missing
    one never hides the others (GREATEST is NULL as soon as one term is NULL on SQLite)."""
    created_on = TruncDate("created_at")
    latest_event_at = Subquery(
        Event.objects.filter(person=OuterRef("pk")).order_by("-occurred_at").values("occurred_at")[:1]
    )
    return Person.objects.annotate(
        last_activity_on=Greatest(
            Coalesce("last_contact_on", created_on, output_field=DateField()),
            Coalesce(TruncDate(latest_event_at), created_on, output_field=DateField()),
            created_on,
            output_field=DateField(),
        )
    )


def person_expired_list(*, today: datetime.date, retention_days: int) -> QuerySet[Person]:
    """Records not yet anonymised whose last activity is older than the retention period."""
    cutoff = today - datetime.timedelta(days=retention_days)
    return (
        person_last_contact_annotated().filter(anonymised_at__isnull=True, last_activity_on__lt=cutoff).order_by("pk")
    )


def contact_expired_list(*, today: datetime.date, retention_days: int) -> QuerySet[EmployerContact]:
    """Company contacts whose last activity (their record's last change, or the last interaction with them) is
    older than the retention period."""
    cutoff = today - datetime.timedelta(days=retention_days)
    latest_interaction_at = Subquery(
        EmployerInteraction.objects.filter(contact=OuterRef("pk")).order_by("-occurred_at").values("occurred_at")[:1]
    )
    updated_on = TruncDate("updated_at")
    return (
        EmployerContact.objects.annotate(
            last_activity_on=Greatest(
                updated_on,
                Coalesce(TruncDate(latest_interaction_at), updated_on, output_field=DateField()),
                output_field=DateField(),
            )
        )
        .filter(last_activity_on__lt=cutoff)
        .order_by("pk")
    )
