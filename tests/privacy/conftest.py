from __future__ import annotations

import datetime

import pytest

from tandem.people.models import Person
from tandem.people.services import follow_set_lead, person_create


@pytest.fixture
def followed_by_a(cast):
    """Make a record that Mission Locale A leads, as its adviser would."""

    def make(**fields) -> Person:
        identity = {"first_name": "Léa", "last_name": "Martin", "birth_date": datetime.date(2004, 7, 14)}
        person = person_create(by=cast.adviser_a, organisation=cast.ml_a, commune_id="67180", **(identity | fields))
        follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
        return person

    return make
