"""Every page that shows a young person's record is audited, forms included; refusals are logged as probing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.audit.models import AuditAction, AuditEntry
from tandem.people.services import person_register


@pytest.fixture
def person(cast):
    return person_register(
        by=cast.adviser_a,
        organisation=cast.ml_a,
        adviser=cast.adviser_a,
        first_name="Léa",
        last_name="Auditée",
        birth_date=datetime.date(2005, 3, 2),
        commune_id="67544",
    )


@pytest.mark.parametrize(
    ("route", "object_type"),
    [
        ("people:detail", "person"),
        ("people:edit", "person_edit"),
        ("people:refer", "referral_form"),
        ("people:consent_add", "consent"),
        ("people:hand_over", "follow"),
    ],
)
def test_each_page_showing_the_record_writes_one_read_entry(client, cast, person, route, object_type):
    client.force_login(cast.adviser_a)
    response = client.get(reverse(route, args=[person.pk]))
    assert response.status_code == 200
    entries = AuditEntry.objects.filter(person_id=person.pk, action=AuditAction.READ)
    assert [(e.object_type, e.user, e.organisation) for e in entries] == [(object_type, cast.adviser_a, cast.ml_a)]


def test_a_form_shown_again_after_a_refused_post_is_a_read_too(client, cast, person):
    client.force_login(cast.adviser_a)
    response = client.post(reverse("people:edit", args=[person.pk]), {"first_name": ""})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(person_id=person.pk, action=AuditAction.READ, object_type="person_edit").exists()


def test_an_outsider_probing_a_record_gets_404_and_leaves_a_trace_a_manager_can_read(client, cast, person):
    client.force_login(cast.adviser_c)
    for route in ("people:detail", "people:edit", "people:refer"):
        assert client.get(reverse(route, args=[person.pk])).status_code == 404
    assert client.get(f"/api/v1/people/{person.pk}").status_code == 404
    denied = AuditEntry.objects.filter(action=AuditAction.DENIED, person_id=person.pk)
    assert denied.count() == 4
    assert set(denied.values_list("user", "organisation")) == {(cast.adviser_c.pk, cast.ml_c.pk)}
    # A record that does not exist is refused the same way (404) and logged the same way.
    missing = person.pk + 1000
    assert client.get(reverse("people:detail", args=[missing])).status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, person_id=missing).count() == 1


def test_the_journal_shows_refused_accesses_to_the_manager(client, cast, person):
    from tests.accounts.factories import MembershipFactory

    manager_c = MembershipFactory(organisation=cast.ml_c, role="manager").user
    client.force_login(cast.adviser_c)
    client.get(reverse("people:detail", args=[person.pk]))
    client.force_login(manager_c)
    body = client.get(reverse("audit:list")).content.decode()
    assert "Accès refusé" in body


def test_an_observer_asking_for_a_record_is_refused_and_logged(client, cast, person):
    client.force_login(cast.observer)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, user=cast.observer).count() == 1


def test_the_positioning_proposal_form_is_a_read_and_outsiders_are_logged(client, cast, person):
    from tandem.offers.enums import ContractType, SharingScope
    from tandem.offers.services import offer_create

    offer = offer_create(
        organisation=cast.ml_a,
        by=cast.adviser_a,
        title="Offre auditée",
        contract_type=ContractType.CDD,
        commune_id="67180",
        sharing=SharingScope.PARTNERS,
    )
    url = reverse("offers:positioning_create", args=[offer.pk]) + f"?personne={person.pk}"
    client.force_login(cast.adviser_a)
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(
        person_id=person.pk, action=AuditAction.READ, object_type="positioning_form", user=cast.adviser_a
    ).exists()
    # France Travail B sees the offer (partner) but not the person.
    client.force_login(cast.agent_b)
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(person_id=person.pk, action=AuditAction.DENIED, user=cast.agent_b).exists()
