"""Immersions' reads for other pages: a person's PMSMPs (the person page), the count for a home, and how their
events read on the person's timeline."""

from __future__ import annotations

import datetime

import pytest

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.events.selectors import timeline_for
from tandem.events.timeline import event_detail
from tandem.immersions import selectors, services
from tandem.immersions.enums import PmsmpResult, PmsmpStatus, StaffImmersionStatus
from tests.employers.factories import EmployerFactory
from tests.immersions.factories import TODAY, a_pmsmp, a_staff_immersion, led_person, m, temp_agency_follows

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_the_person_s_pmsmps_whoever_prescribed_them_for_whoever_may_see_the_person(cast):
    person = led_person(cast)
    temp_agency_follows(cast, person, consent=True)
    own = a_pmsmp(cast, person=person)
    by_agency = a_pmsmp(cast, person=person, organisation=cast.temp_agency, starts_on=TODAY + 20 * DAY)
    a_pmsmp(cast)  # someone else's
    assert list(selectors.pmsmps_for_person(person, m(cast.adviser_a))) == [by_agency, own]
    assert list(selectors.pmsmps_for_person(person, m(cast.temp_contact))) == [by_agency, own]
    assert not selectors.pmsmps_for_person(person, m(cast.adviser_c)).exists()
    assert not selectors.pmsmps_for_person(person, m(cast.observer)).exists()
    assert not selectors.pmsmps_for_person(person, None).exists()


def test_the_home_counts_the_immersions_not_over_yet(cast):
    a_pmsmp(cast)  # proposed, to come
    a_pmsmp(cast, status=PmsmpStatus.IN_PROGRESS, signed_on=TODAY, starts_on=TODAY - 5 * DAY, ends_on=TODAY)
    a_pmsmp(cast, status=PmsmpStatus.CANCELLED)
    a_pmsmp(cast, starts_on=TODAY - 20 * DAY, ends_on=TODAY - 10 * DAY)  # over
    a_staff_immersion(cast)
    a_staff_immersion(cast, status=StaffImmersionStatus.DONE, starts_on=TODAY - 3 * DAY, ends_on=TODAY - DAY)
    assert selectors.immersions_to_come(m(cast.adviser_a)) == 3
    # The temp agency hosts the staff immersion: it counts it, not A's PMSMPs.
    assert selectors.immersions_to_come(m(cast.temp_contact)) == 1
    assert selectors.immersions_to_come(m(cast.adviser_c)) == 0
    assert selectors.immersions_to_come(m(cast.observer)) == 0


def test_a_pmsmp_reads_on_the_person_s_timeline_with_its_company_dates_and_result(cast):
    person = led_person(cast)
    data = services.PmsmpData(
        employer=EmployerFactory(name="Garage Schmitt"),
        tutor_name="Marc",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 5),
        objective="discover",
        job_label="Mécanicien",
        activities="Vidanges",
    )
    pmsmp = services.pmsmp_propose(person=person, membership=m(cast.adviser_a), by=cast.adviser_a, data=data)
    events = list(timeline_for(organisation_id=cast.ml_a.pk, person=person).filter(subject_type="pmsmp"))
    assert [event.kind for event in events] == [EventKind.PMSMP_PROPOSED]
    assert str(event_detail(events[0], {})) == (
        " : chez Garage Schmitt, du 01/03/2027 au 05/03/2027 (Découvrir un métier ou un secteur d&#x27;activité)"
    )
    pmsmp.status, pmsmp.signed_on, pmsmp.starts_on = PmsmpStatus.IN_PROGRESS, TODAY, TODAY - DAY
    pmsmp.save()
    services.pmsmp_assess(
        pmsmp=pmsmp,
        membership=m(cast.adviser_a),
        by=None,
        attendance_ok=True,
        skills_observed="x",
        result=PmsmpResult.HIRING_OFFERED,
    )
    assessed = Event.objects.get(kind=EventKind.PMSMP_ASSESSED)
    assert str(event_detail(assessed, {})).endswith("– Embauche proposée")


def test_a_staff_immersion_reads_with_its_two_organisations(cast):
    immersion = a_staff_immersion(cast)
    services.staff_immersion_cancel(immersion=immersion, membership=m(cast.director_a), by=cast.director_a)
    event = Event.objects.get(kind=EventKind.STAFF_IMMERSION_CANCELLED)
    assert str(event_detail(event, {})).startswith(" : Mission Locale A → Intérim Test, du ")


def test_a_mission_locale_and_its_sites_see_each_other_s_staff_immersions(cast):
    from tandem.organisations.enums import OrganisationKind
    from tests.accounts.factories import MembershipFactory
    from tests.organisations.factories import OrganisationFactory

    site = OrganisationFactory(kind=OrganisationKind.ML_SITE, parent=cast.ml_a, name="Antenne de Wissembourg")
    site_adviser = MembershipFactory(organisation=site)
    of_the_mission_locale = a_staff_immersion(cast)
    of_the_site = a_staff_immersion(cast, sending_organisation=site, staff_name="Agent de l'antenne")
    for membership in (m(cast.adviser_a), site_adviser):
        listed = selectors.staff_immersion_list_for(membership=membership)
        assert set(listed) == {of_the_mission_locale, of_the_site}
        for immersion in (of_the_mission_locale, of_the_site):
            assert selectors.staff_immersion_get_for(membership=membership, pk=immersion.pk) == immersion
    assert not selectors.staff_immersion_list_for(membership=m(cast.adviser_c)).exists()


def test_the_person_page_s_include_lists_the_pmsmps_and_offers_a_new_one_to_who_may_propose(cast):
    from django.template.loader import render_to_string

    from tandem.immersions.permissions import can_propose_pmsmp

    person = led_person(cast)
    a_pmsmp(cast, person=person, employer=EmployerFactory(name="Garage Schmitt"))
    for user, offered in ((cast.adviser_a, True), (cast.temp_contact, False)):
        membership = m(user)
        html = render_to_string(
            "immersions/person_pmsmps.html",
            {
                "pmsmps": selectors.pmsmps_for_person(person, m(cast.adviser_a)),
                "person": person,
                "can_propose": can_propose_pmsmp(membership, person),
            },
        )
        assert "Garage Schmitt" in html
        assert ("Proposer une immersion en entreprise" in html) is offered
