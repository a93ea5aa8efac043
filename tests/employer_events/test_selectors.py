"""Who sees what of an employer event: the organiser and the partners taking part see it; a partner of the
organiser who does not take part, an outsider and an observer do not. Among its young people each reader sees
only those they may see (tandem.access); the counts are everyone's."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.employer_events import selectors, services
from tandem.organisations.enums import OrganisationKind
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employer_events.factories import EmployerEventFactory, young_person
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def m(user):
    return user.memberships.select_related("organisation").get()


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("adviser_a", True),  # the organiser's staff
        ("director_a", True),
        ("agent_b", True),  # a partner taking part
        ("temp_contact", False),  # a partner of the organiser that does not take part
        ("adviser_c", False),  # an outsider
        ("observer", False),  # no nominative data
    ],
)
def test_the_event_is_seen_by_its_organiser_and_the_partners_taking_part_only(cast, persona, sees):
    event = EmployerEventFactory(organisation=cast.ml_a, taking_part=[cast.agency_b])
    membership = m(cast.personas()[persona])
    assert (event in selectors.employer_event_list_for(membership=membership)) is sees
    if sees:
        assert selectors.employer_event_get_for(membership=membership, pk=event.pk) == event
    else:
        with pytest.raises(Http404):
            selectors.employer_event_get_for(membership=membership, pk=event.pk)


def test_upcoming_events_come_soonest_first_and_past_ones_latest_first(cast):
    def on(days):
        return EmployerEventFactory(organisation=cast.ml_a, held_on=TODAY + datetime.timedelta(days=days))

    later, soon, today, yesterday, last_month = on(20), on(2), on(0), on(-1), on(-30)
    membership = m(cast.adviser_a)
    assert list(selectors.employer_event_list_for(membership=membership)) == [today, soon, later]
    assert list(selectors.employer_event_list_for(membership=membership, period="past")) == [yesterday, last_month]


def test_each_party_sees_only_the_young_people_it_may_see_and_everyones_count(cast):
    event = EmployerEventFactory(organisation=cast.ml_a, taking_part=[cast.agency_b])
    of_a = young_person(cast.adviser_a, cast.ml_a, last_name="Alpha")
    of_b = young_person(cast.agent_b, cast.agency_b, last_name="Bravo")
    services.registration_create(event=event, person=of_a, membership=m(cast.adviser_a), by=cast.adviser_a)
    services.registration_create(event=event, person=of_b, membership=m(cast.agent_b), by=cast.agent_b)

    def seen(persona):
        membership = m(cast.personas()[persona])
        return [r.person.last_name for r in selectors.event_registrations_for(event=event, membership=membership)]

    assert seen("adviser_a") == ["Alpha"]
    assert seen("agent_b") == ["Bravo"]
    assert selectors.event_attendance(event=event).registered == 2
    registration = of_a.event_registrations.get()
    assert selectors.registration_get_for(membership=m(cast.adviser_a), pk=registration.pk) == registration
    with pytest.raises(Http404):
        selectors.registration_get_for(membership=m(cast.agent_b), pk=registration.pk)


def test_a_companys_invitations_are_read_within_the_readers_events_only(cast):
    from tests.employer_events.factories import InvitationFactory

    mine = InvitationFactory(event=EmployerEventFactory(organisation=cast.ml_a))
    InvitationFactory(event=EmployerEventFactory(organisation=cast.ml_c), employer=mine.employer)
    assert list(selectors.invitations_of_employer(employer=mine.employer, membership=m(cast.adviser_a))) == [mine]
    assert list(selectors.invitations_of_employer(employer=mine.employer, membership=m(cast.observer))) == []


def test_a_mission_locales_sites_take_part_with_it_and_no_other_site_does(cast):
    def site_adviser(mission_locale):
        site = OrganisationFactory(kind=OrganisationKind.ML_SITE, parent=mission_locale)
        user = UserFactory()
        MembershipFactory(user=user, organisation=site, role=Role.ADVISER)
        return m(user)

    event = EmployerEventFactory(organisation=cast.agency_b, taking_part=[cast.ml_a])
    ours, theirs = site_adviser(cast.ml_a), site_adviser(cast.ml_c)
    assert list(selectors.employer_event_list_for(membership=ours)) == [event]
    assert selectors.employer_event_get_for(membership=ours, pk=event.pk) == event
    assert list(selectors.employer_event_list_for(membership=theirs)) == []
    with pytest.raises(Http404):
        selectors.employer_event_get_for(membership=theirs, pk=event.pk)
