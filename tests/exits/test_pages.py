"""Pages of the exits: a person's exits with the form to record one, correcting, cancelling, the follow-up, the
follow-ups due (query count pinned); the outsider and the observer are refused every page and write (404,
audited)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.audit.models import AuditAction, AuditEntry
from tandem.exits.enums import ExitStatus
from tandem.exits.models import Exit, ExitFollowUp
from tests.exits.factories import TODAY, exit_of, followed_person

pytestmark = pytest.mark.django_db

MONTHS_AGO_8 = TODAY - datetime.timedelta(days=240)


@pytest.fixture
def person(cast):
    return followed_person(cast)


def _form(**changes) -> dict:
    return {
        "exited_on": MONTHS_AGO_8.isoformat(),
        "reason": "employment",
        "contract_type": "cdd",
        "contract_months": "8",
    } | changes


def test_the_lead_adviser_records_an_exit_from_the_page_and_reads_it(client, cast, person):
    client.force_login(cast.adviser_a)
    url = reverse("exits:person", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Enregistrer une sortie" in page.text
    assert AuditEntry.objects.filter(action=AuditAction.READ, person_id=person.pk, object_type="person_exits").exists()
    response = client.post(url, _form())
    assert response.status_code == 302
    exit = Exit.objects.get()
    assert (exit.organisation, exit.contract_months, exit.is_durable) == (cast.ml_a, 8, True)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="exit", object_id=exit.pk).exists()
    page = client.get(url).text
    assert "CDD" in page and "emploi durable" in page and "Corriger" in page


def test_the_form_says_in_french_what_is_wrong(client, cast, person):
    client.force_login(cast.adviser_a)
    url = reverse("exits:person", args=[person.pk])
    response = client.post(url, _form(contract_months=""))
    assert response.status_code == 400 and "Indiquez la durée du contrat en mois" in response.text
    response = client.post(url, _form(exited_on=(TODAY + datetime.timedelta(days=2)).isoformat()))
    assert response.status_code == 400 and "ne peut pas être dans le futur" in response.text
    response = client.post(url, _form(reason=""))
    assert response.status_code == 400
    assert not Exit.objects.exists()


@pytest.mark.parametrize("persona", ["adviser_c", "observer", "agent_b", "temp_contact"])
def test_outsiders_are_refused_every_page_and_write(client, cast, person, persona):
    exit = exit_of(cast, person, exited_on=TODAY - datetime.timedelta(days=200))
    client.force_login(getattr(cast, persona))
    assert client.get(reverse("exits:person", args=[person.pk])).status_code == 404
    assert client.post(reverse("exits:person", args=[person.pk]), _form()).status_code == 404
    assert client.get(reverse("exits:exit_edit", args=[exit.pk])).status_code == 404
    assert client.post(reverse("exits:exit_edit", args=[exit.pk]), _form(reason="training")).status_code == 404
    response = client.post(reverse("exits:exit_cancel", args=[exit.pk]), {"reason": "duplicate"})
    assert response.status_code == 404
    follow_up = {"observed_on": TODAY.isoformat(), "situation": "job_seeking"}
    assert client.post(reverse("exits:follow_up_record", args=[exit.pk]), follow_up).status_code == 404
    exit.refresh_from_db()
    assert (Exit.objects.count(), exit.reason, exit.status) == (1, "employment", ExitStatus.RECORDED)
    assert not ExitFollowUp.objects.exists()
    if persona != "observer":  # an observer is turned away before any object is looked at
        assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="exit", object_id=exit.pk).count() == 4
        assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="person_exits").count() == 2


def test_a_partner_that_sees_the_person_reads_their_exits_but_may_not_record(client, cast, person):
    from tandem.people.services import follow_add_contributor

    follow_add_contributor(person=person, organisation=cast.agency_b, by=cast.adviser_a)
    exit_of(cast, person, exited_on=MONTHS_AGO_8)
    client.force_login(cast.agent_b)
    page = client.get(reverse("exits:person", args=[person.pk]))
    assert page.status_code == 200 and "CDI" in page.text
    assert "Enregistrer une sortie" not in page.text and "Corriger" not in page.text
    assert client.post(reverse("exits:person", args=[person.pk]), _form()).status_code == 404
    assert Exit.objects.count() == 1


def test_the_lead_corrects_cancels_and_records_the_follow_up(client, cast, person):
    exit = exit_of(cast, person, exited_on=TODAY - datetime.timedelta(days=200), contract_type="cdd", contract_months=3)
    client.force_login(cast.director_a)
    assert client.get(reverse("exits:exit_edit", args=[exit.pk])).status_code == 200
    form = _form(exited_on=exit.exited_on.isoformat(), contract_months="7")
    assert client.post(reverse("exits:exit_edit", args=[exit.pk]), form).status_code == 302
    exit.refresh_from_db()
    assert (exit.contract_months, exit.is_durable) == (7, True)
    url = reverse("exits:follow_up_record", args=[exit.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"observed_on": TODAY.isoformat(), "situation": "employment"})
    assert response.status_code == 200 and "Choisissez le type de contrat" in response.text
    response = client.post(url, {"observed_on": TODAY.isoformat(), "situation": "employment", "contract_type": "cdi"})
    assert response.status_code == 302
    assert ExitFollowUp.objects.get(exit=exit).is_durable
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="exitfollowup").exists()
    response = client.post(reverse("exits:exit_cancel", args=[exit.pk]), {"reason": ""})
    assert response.status_code == 200 and "Motif" in response.text
    response = client.post(reverse("exits:exit_cancel", args=[exit.pk]), {"reason": "typing_error"})
    assert response.status_code == 302
    exit.refresh_from_db()
    assert (exit.status, exit.cancel_reason) == (ExitStatus.CANCELLED, "typing_error")
    # Once cancelled, no correction.
    response = client.post(reverse("exits:exit_edit", args=[exit.pk]), _form(reason="training"))
    assert response.status_code == 302
    exit.refresh_from_db()
    assert exit.reason == "employment"


def test_the_follow_ups_due_list_the_organisations_exits_of_six_months_ago_without_follow_up(
    client, cast, django_assert_num_queries
):
    client.force_login(cast.adviser_a)
    url = reverse("exits:follow_ups_due")
    # The page's frame (session, user, acting membership, navigation, notifications), the Mission Locale's sites,
    # the exits with their person in one query, the audit entry: the same however many exits.
    with django_assert_num_queries(8):
        assert "Aucune situation à recueillir" in client.get(url).text
    due = [followed_person(cast, last_name=f"Due{index}") for index in range(4)]
    for index, person in enumerate(due):
        exit_of(cast, person, exited_on=TODAY - datetime.timedelta(days=190 + index))
    recent = followed_person(cast, last_name="Recente")
    exit_of(cast, recent, exited_on=TODAY - datetime.timedelta(days=30))
    done = followed_person(cast, last_name="Faite")
    exit = exit_of(cast, done, exited_on=TODAY - datetime.timedelta(days=200))
    from tandem.exits.services import exit_cancel, follow_up_record

    follow_up_record(exit=exit, observed_on=TODAY, situation="training", by=cast.adviser_a, organisation=cast.ml_a)
    cancelled = exit_of(
        cast, followed_person(cast, last_name="Annulee"), exited_on=TODAY - datetime.timedelta(days=300)
    )
    exit_cancel(exit=cancelled, reason="duplicate", by=cast.adviser_a, organisation=cast.ml_a)
    with django_assert_num_queries(8):
        page = client.get(url).text
    assert all(f"Due{index}" in page for index in range(4))
    assert "Recente" not in page and "Faite" not in page and "Annulee" not in page
    client.force_login(cast.adviser_c)
    assert "Due0" not in client.get(url).text
    client.force_login(cast.observer)
    assert client.get(url).status_code == 404


def test_the_person_page_include_lists_the_exits_with_a_link_to_record_one(cast, person):
    from django.template.loader import render_to_string

    from tandem.exits.selectors import person_exits_for

    exit_of(cast, person, exited_on=MONTHS_AGO_8)
    membership = cast.adviser_a.memberships.select_related("organisation").get()
    listed = person_exits_for(person, membership)
    html = render_to_string("exits/person_exits_summary.html", {"exits": listed})
    assert "Emploi" in html and "(CDI)" in html and "Voir ou enregistrer une sortie" in html
    assert reverse("exits:person", args=[person.pk]) in html
