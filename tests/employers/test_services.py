"""Writes about companies: checked input, contacts, interactions, the single contact and its events."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.core.errors import Conflict
from tandem.employers.enums import InteractionKind
from tandem.employers.models import Employer, EmployerInteraction
from tandem.employers.services import (
    ContactData,
    EmployerData,
    contact_create,
    employer_create,
    employer_update,
    interaction_record,
    referent_assign,
    referent_hand_over,
)
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tests.employers.factories import EmployerContactFactory, EmployerFactory, valid_siret

pytestmark = pytest.mark.django_db


def test_create_checks_siret_naf_bracket_and_resolves_the_commune(cast):
    employer = employer_create(
        data=EmployerData(
            name=" Boulangerie du Marché ",
            siret="73282932000074",
            naf="10.71C",
            size_bracket="02",
            postcode="67500",
            commune="67500 Haguenau",
        ),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    assert (employer.name, employer.naf_id, employer.commune_id, employer.siren) == (
        "Boulangerie du Marché",
        "1071C",
        "67180",
        "732829320",
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (EmployerData(name="X", siret="73282932000075"), "siret"),
        (EmployerData(name="X", siret="7328293200007"), "siret"),
        (EmployerData(name="", siret="73282932000074"), "name"),
        (EmployerData(name="X", naf="99.99Q"), "naf"),
        (EmployerData(name="X", naf="restaurant"), "naf"),
        (EmployerData(name="X", size_bracket="13"), "size_bracket"),
        (EmployerData(name="X", postcode="675"), "postcode"),
        (EmployerData(name="X", commune="Saint-Denis"), "commune"),
    ],
)
def test_create_refuses_doubtful_input_with_a_french_message(cast, data, field):
    with pytest.raises(ValidationError) as error:
        employer_create(data=data, by=cast.adviser_a, organisation=cast.ml_a)
    assert field in error.value.message_dict
    assert not Employer.objects.filter(name="X").exists()


def test_la_poste_siret_is_accepted(cast):
    employer = employer_create(data=EmployerData(name="La Poste", siret="35600000000048"), by=None, organisation=None)
    assert employer.siren == "356000000"


def test_a_siret_already_known_is_a_conflict(cast):
    EmployerFactory(siret="73282932000074", name="Déjà là")
    with pytest.raises(Conflict, match="Déjà là"):
        employer_create(data=EmployerData(name="Doublon", siret="73282932000074"), by=None, organisation=None)
    other = EmployerFactory()
    with pytest.raises(Conflict):
        employer_update(
            employer=other, data=EmployerData(name=other.name, siret="73282932000074"), by=None, organisation=None
        )


def test_update_changes_the_fields_and_the_date(cast):
    employer = EmployerFactory(name="Ancien nom")
    before = employer.updated_at
    employer_update(
        employer=employer,
        data=EmployerData(name="Nouveau nom", siret=employer.siret, commune_code="33063"),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    employer.refresh_from_db()
    assert (employer.name, employer.commune_id) == ("Nouveau nom", "33063")
    assert employer.updated_at > before


def test_contact_requires_names_and_a_valid_email(cast):
    employer = EmployerFactory()
    with pytest.raises(ValidationError) as error:
        contact_create(
            employer=employer,
            data=ContactData(first_name="", last_name="Durand", email="pas-un-courriel"),
            by=cast.adviser_a,
            organisation=cast.ml_a,
        )
    assert set(error.value.message_dict) == {"first_name", "email"}
    contact = contact_create(
        employer=employer,
        data=ContactData(first_name="Léa", last_name="Durand", role="DRH", preferred_channel="email"),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    assert (contact.organisation, contact.created_by) == (cast.ml_a, cast.adviser_a)


def test_interaction_record_keeps_its_source_and_refuses_a_foreign_contact(cast):
    employer = EmployerFactory()
    other_contact = EmployerContactFactory(organisation=cast.ml_a)
    with pytest.raises(ValidationError) as error:
        interaction_record(
            employer=employer,
            kind=InteractionKind.CALL,
            by=cast.adviser_a,
            organisation=cast.ml_a,
            contact=other_contact,
        )
    assert "contact" in error.value.message_dict
    with pytest.raises(ValidationError):
        interaction_record(employer=employer, kind="fax", by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(ValidationError):
        interaction_record(
            employer=employer,
            kind=InteractionKind.CALL,
            by=cast.adviser_a,
            organisation=cast.ml_a,
            occurred_at=timezone.now() + datetime.timedelta(days=2),
        )
    source = EmployerFactory()  # any row stands for the source (a campaign's visit)
    interaction = interaction_record(
        employer=employer, kind=InteractionKind.VISIT, by=cast.adviser_a, organisation=cast.ml_a, subject=source
    )
    assert (interaction.subject_type, interaction.subject_id) == ("employer", source.pk)
    assert EmployerInteraction.objects.filter(employer=employer).count() == 1


def test_referent_assigned_then_handed_over_with_events(cast):
    employer = EmployerFactory()
    referent_assign(employer=employer, adviser=cast.adviser_a, organisation=cast.ml_a, by=cast.director_a)
    with pytest.raises(Conflict):
        referent_assign(employer=employer, adviser=cast.agent_b, organisation=cast.agency_b, by=cast.agent_b)
    referent_hand_over(
        employer=employer,
        adviser=cast.agent_b,
        organisation=cast.agency_b,
        by=cast.adviser_a,
        acting_organisation=cast.ml_a,
    )
    employer.refresh_from_db()
    assert (employer.referent_adviser, employer.referent_organisation) == (cast.agent_b, cast.agency_b)
    events = list(Event.objects.filter(subject_type="employer", subject_id=employer.pk).order_by("id"))
    assert [e.kind for e in events] == [EventKind.EMPLOYER_REFERENT_ASSIGNED, EventKind.EMPLOYER_REFERENT_HANDED_OVER]
    assert events[1].payload["previous_organisation"] == "Mission Locale A"
    assert events[1].actor_organisation == cast.ml_a


def test_referent_must_work_for_the_organisation(cast):
    employer = EmployerFactory()
    with pytest.raises(ValidationError):
        referent_assign(employer=employer, adviser=cast.adviser_c, organisation=cast.ml_a, by=cast.adviser_a)
    with pytest.raises(ValidationError):
        referent_assign(employer=employer, adviser=cast.observer, organisation=cast.state_service, by=cast.observer)
    employer.refresh_from_db()
    assert employer.referent_adviser is None
    assert not Event.objects.filter(subject_type="employer").exists()


def test_a_stale_hand_over_is_a_conflict(cast):
    employer = EmployerFactory()
    referent_assign(employer=employer, adviser=cast.adviser_a, organisation=cast.ml_a, by=cast.adviser_a)
    stale = Employer.objects.get(pk=employer.pk)
    referent_hand_over(employer=employer, adviser=cast.director_a, organisation=cast.ml_a, by=cast.adviser_a)
    with pytest.raises(Conflict):
        referent_hand_over(employer=stale, adviser=cast.agent_b, organisation=cast.agency_b, by=cast.adviser_a)
    employer.refresh_from_db()
    assert employer.referent_adviser == cast.director_a


def test_factory_sirets_are_valid():
    from tandem.core.codes import validate_siret

    for n in range(20):
        validate_siret(valid_siret(n))
