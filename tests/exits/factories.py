from __future__ import annotations

import datetime

from django.utils import timezone

from tandem.exits import services
from tandem.people.models import Follow
from tests.career_paths.factories import young_person

TODAY = timezone.localdate()
YEAR_AGO = TODAY - datetime.timedelta(days=365)


def led_since(person, day: datetime.date) -> None:
    """The person's follows started on that day (person_register starts them now): exits may be dated after it."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    Follow.objects.filter(person=person).update(started_at=start)


def followed_person(cast, *, since: datetime.date = YEAR_AGO, last_name: str = "Martin", first_name: str = "Inès"):
    """A young person led by Mission Locale A (adviser A) since a year ago."""
    person = young_person(cast.adviser_a, cast.ml_a, last_name=last_name, first_name=first_name)
    led_since(person, since)
    return person


def exit_of(cast, person, *, exited_on: datetime.date, reason: str = "employment", **fields):
    """An exit recorded by Mission Locale A through the service (CDI unless told otherwise for an employment)."""
    if reason == "employment":
        fields.setdefault("contract_type", "cdi")
    return services.exit_record(
        person=person, exited_on=exited_on, reason=reason, by=cast.adviser_a, organisation=cast.ml_a, **fields
    )
