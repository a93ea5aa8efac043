"""The demo's immersions (tandem.demo.immersions) at the Mission Locale de Saint-Étienne: a staff immersion done
with its report, one planned the other way round, a young person's PMSMP signed; a second load adds nothing."""

from __future__ import annotations

import datetime

import pytest

from tandem.demo import immersions as demo_immersions
from tandem.demo.builders import demo_email
from tandem.demo.scenarios import saint_etienne
from tandem.events.models import Event
from tandem.immersions.enums import PmsmpStatus, StaffImmersionStatus
from tandem.immersions.models import Pmsmp, StaffImmersion
from tandem.organisations.models import Organisation
from tandem.people.services import person_register
from tests.offers.test_cv import document_text

pytestmark = pytest.mark.django_db


def test_the_demo_loads_its_immersions_once(settings):
    saint_etienne.load()
    mission_locale = Organisation.objects.get(name=saint_etienne.ML_NAME)
    adviser = mission_locale.memberships.get(user__email=demo_email("conseiller.saint-etienne")).user
    person = person_register(
        by=adviser,
        organisation=mission_locale,
        adviser=adviser,
        first_name="Yanis",
        last_name="Morel",
        birth_date=datetime.date(2006, 5, 2),
    )
    demo_immersions.load()
    done = StaffImmersion.objects.get(sending_organisation=mission_locale)
    assert done.status == StaffImmersionStatus.DONE and done.report and done.staff_user == adviser
    planned = StaffImmersion.objects.get(host_organisation=mission_locale)
    assert planned.status == StaffImmersionStatus.PLANNED
    assert planned.sending_organisation.name == "Intérim Forez Centre"
    pmsmp = Pmsmp.objects.get()
    assert (pmsmp.person, pmsmp.status, pmsmp.rome_id) == (person, PmsmpStatus.SIGNED, "D1102")
    assert pmsmp.employer.commune_id == saint_etienne.SAINT_ETIENNE and pmsmp.signed_on is not None
    events = Event.objects.count()
    demo_immersions.load()
    assert (StaffImmersion.objects.count(), Pmsmp.objects.count(), Event.objects.count()) == (2, 1, events)
    # Its agreement prints.
    from tandem.immersions.agreement import agreement_content, agreement_document

    text = document_text(agreement_document(agreement_content(pmsmp)))
    assert "Boulangerie du Crêt de Roc (fictif)" in text and "Yanis Morel" in text
