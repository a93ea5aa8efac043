"""Who sees and changes what about a company, as a matrix over the cast (docs/employers.md)."""

from __future__ import annotations

import pytest

from tandem.accounts.models import Membership
from tandem.employers.enums import InteractionKind
from tandem.employers.permissions import (
    can_act_on_employer,
    can_create_employer,
    can_hand_over_referent,
    can_see_contacts,
    can_see_employers,
    referent_organisations_for,
)
from tandem.employers.services import interaction_record
from tests.employers.factories import EmployerContactFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def _membership(user) -> Membership:
    return Membership.objects.select_related("organisation").get(user=user)


PERSONAS = ["adviser_a", "agent_b", "director_a", "adviser_c", "temp_contact", "observer", "admin"]


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        # Haguenau, no referent: Mission Locale A and France Travail B cover it.
        ("haguenau", {"adviser_a", "agent_b", "director_a"}),
        # Referent at Mission Locale A: its partners (France Travail B, the temp agency) too.
        ("referent_ml_a", {"adviser_a", "agent_b", "director_a", "temp_contact"}),
        # Bordeaux: Mission Locale C's only.
        ("bordeaux", {"adviser_c"}),
        # Bordeaux, but Mission Locale A called it once: A works with it now.
        ("bordeaux_called_by_a", {"adviser_c", "adviser_a", "director_a"}),
        # Placed nowhere: every partner's staff.
        ("unplaced", {"adviser_a", "agent_b", "director_a", "adviser_c", "temp_contact", "admin"}),
    ],
)
def test_who_sees_contacts_and_acts_on_a_company(cast, situation, expected):
    employer = {
        "haguenau": lambda: EmployerFactory(commune_id="67180"),
        "referent_ml_a": lambda: EmployerFactory(
            commune_id="67180", referent_organisation=cast.ml_a, referent_adviser=cast.adviser_a
        ),
        "bordeaux": lambda: EmployerFactory(commune_id="33063"),
        "bordeaux_called_by_a": lambda: EmployerFactory(commune_id="33063"),
        "unplaced": lambda: EmployerFactory(commune_id=None),
    }[situation]()
    if situation == "bordeaux_called_by_a":
        interaction_record(employer=employer, kind=InteractionKind.CALL, by=cast.adviser_a, organisation=cast.ml_a)
    personas = cast.personas()
    sees = {name for name in PERSONAS if can_see_contacts(_membership(personas[name]), employer)}
    acts = {name for name in PERSONAS if can_act_on_employer(_membership(personas[name]), employer)}
    assert sees == expected
    assert acts == expected
    assert "observer" not in sees


def test_a_contact_added_by_an_organisation_brings_the_company_within_its_reach(cast):
    employer = EmployerFactory(commune_id="33063")
    assert not can_see_contacts(_membership(cast.agent_b), employer)
    EmployerContactFactory(employer=employer, organisation=cast.agency_b)
    assert can_see_contacts(_membership(cast.agent_b), employer)


def test_company_records_are_shared_but_never_with_observers(cast):
    personas = cast.personas()
    assert {name for name in PERSONAS if can_see_employers(_membership(personas[name]))} == set(PERSONAS) - {"observer"}
    assert not can_create_employer(_membership(cast.observer))
    assert can_create_employer(_membership(cast.adviser_c))
    assert not can_see_employers(None)


def test_referent_hand_over_belongs_to_the_referent_organisation(cast):
    held = EmployerFactory(referent_organisation=cast.ml_a, referent_adviser=cast.adviser_a)
    free = EmployerFactory()
    personas = cast.personas()
    assert {n for n in PERSONAS if can_hand_over_referent(_membership(personas[n]), held)} == {
        "adviser_a",
        "director_a",
    }
    assert {n for n in PERSONAS if can_hand_over_referent(_membership(personas[n]), free)} == {
        "adviser_a",
        "agent_b",
        "director_a",
    }
    assert set(referent_organisations_for(_membership(cast.adviser_a))) == {
        cast.ml_a.pk,
        cast.agency_b.pk,
        cast.temp_agency.pk,
    }
