"""`load_demo` on a database without the demo: the partnerships only, the referentials asked for first, and the
sites it makes without the official agencies file (tests/demo shares one loaded demo; these need none)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tandem.demo.agencies import NEEDED_SITES, agencies_file
from tandem.demo.builders import DEMO_EMAIL_DOMAIN
from tandem.demo.services import DEMO_PASSWORD, demo_load
from tandem.organisations.models import Organisation
from tandem.organisations.services import organisation_import_agencies
from tandem.people.models import Person
from tandem.territories.models import Commune


@pytest.mark.django_db
def test_without_young_people_the_command_loads_and_prints_the_partnerships_only(settings):
    settings.TANDEM_REFERENTIAL_DIR = ""
    out = StringIO()

    call_command("load_demo", "--no-young-people", stdout=out, stderr=StringIO())

    assert f"observateur.dreets-centre@{DEMO_EMAIL_DOMAIN}" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    assert Organisation.objects.exists()
    assert not Person.objects.exists()
    assert "Personnes accompagnées" not in out.getvalue()


@pytest.mark.django_db
def test_it_asks_for_the_referentials_first():
    Commune.objects.update(epci=None)

    with pytest.raises(CommandError, match="import_referentials"):
        call_command("load_demo", stdout=StringIO())
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_the_sites_made_without_the_agencies_file_are_those_of_the_file(settings):
    path = agencies_file()
    # The official agencies file lies in ../shared/data wherever the tests run (CI included).
    assert path is not None, "the official agencies file is missing from TANDEM_REFERENTIAL_DIR"
    settings.TANDEM_REFERENTIAL_DIR = ""
    demo_load(young_people=False)

    report = organisation_import_agencies(path=path)

    assert report.updated == 0
    assert report.created == Organisation.objects.exclude(safir_code="").count() - len(NEEDED_SITES)
