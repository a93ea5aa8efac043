"""Reads about companies: search, and the recent-contact warning."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tandem.employers.enums import InteractionKind
from tandem.employers.selectors import employer_list, recent_contact_warning
from tests.employers.factories import EmployerFactory, EmployerInteractionFactory

pytestmark = pytest.mark.django_db


def test_search_by_name_accents_aside_and_by_siret_or_siren(cast):
    bakery = EmployerFactory(name="Boulangerie Éloïse", siret="73282932000074")
    EmployerFactory(name="Garage du Centre")
    assert list(employer_list(query="eloise boulang")) == [bakery]
    assert list(employer_list(query="732 829 320")) == [bakery]
    assert list(employer_list(query="73282932000074")) == [bakery]
    assert list(employer_list(query="73282932000074", commune_code="33063")) == []


def test_warning_names_the_latest_contact_by_someone_else_within_the_period(cast, settings):
    settings.TANDEM_EMPLOYER_CONTACT_WARNING_DAYS = 30
    employer = EmployerFactory()
    now = timezone.now()
    EmployerInteractionFactory(
        employer=employer, by=cast.agent_b, organisation=cast.agency_b, occurred_at=now - datetime.timedelta(days=3)
    )
    EmployerInteractionFactory(
        employer=employer, by=cast.adviser_a, organisation=cast.ml_a, occurred_at=now - datetime.timedelta(days=1)
    )
    warning = recent_contact_warning(employer=employer, user=cast.adviser_a, now=now)
    assert warning is not None
    assert warning.organisation_name == "France Travail B"
    expected_day = timezone.localtime(now - datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    assert warning.message.startswith(f"Déjà contacté le {expected_day} par ")
    # The agent sees the adviser's call of yesterday.
    assert recent_contact_warning(employer=employer, user=cast.agent_b, now=now).organisation_name == "Mission Locale A"


def test_no_warning_for_old_contacts_or_for_what_is_not_a_contact(cast, settings):
    settings.TANDEM_EMPLOYER_CONTACT_WARNING_DAYS = 10
    employer = EmployerFactory()
    now = timezone.now()
    EmployerInteractionFactory(
        employer=employer, by=cast.agent_b, organisation=cast.agency_b, occurred_at=now - datetime.timedelta(days=11)
    )
    EmployerInteractionFactory(
        employer=employer,
        kind=InteractionKind.HIRE,
        by=cast.agent_b,
        organisation=cast.agency_b,
        occurred_at=now - datetime.timedelta(days=1),
    )
    assert recent_contact_warning(employer=employer, user=cast.adviser_a, now=now) is None
    settings.TANDEM_EMPLOYER_CONTACT_WARNING_DAYS = 12
    assert recent_contact_warning(employer=employer, user=cast.adviser_a, now=now) is not None
