"""Pages of the positionings: board, proposal, detail and its steps, CV download, timeline."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditAction, AuditEntry
from tandem.offers.enums import OfferStatus, PositioningStatus
from tandem.offers.models import Positioning
from tandem.offers.positioning import services
from tests.offers.test_positioning_services import advance, employer_consent, led_person, offer_of, propose


@pytest.fixture
def positioning(cast):
    return propose(cast, person=led_person(cast, first_name="Inès", last_name="Positionnée"), offer=offer_of(cast))


def test_an_adviser_proposes_a_person_on_an_offer_with_an_anonymous_cv(client, cast):
    person = led_person(cast, last_name="Candidate")
    offer = offer_of(cast, title="Aide-cuisinier")
    client.force_login(cast.adviser_a)
    url = reverse("offers:positioning_create", args=[offer.pk]) + f"?personne={person.pk}"
    page = client.get(url).content.decode()
    assert "Aide-cuisinier" in page and "Candidate" in page
    assert 'value="full"' not in page  # no employer consent: anonymous CV only
    response = client.post(url, {"cv_kind": "anonymous"})
    positioning = Positioning.objects.get()
    assert response.url == reverse("offers:positioning_detail", args=[positioning.pk])
    assert (positioning.person, positioning.organisation, positioning.proposed_by) == (
        person,
        cast.ml_a,
        cast.adviser_a,
    )
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="positioning").count() == 1


def test_a_full_cv_is_offered_only_with_the_employer_consent(client, cast):
    person = led_person(cast)
    offer = offer_of(cast)
    client.force_login(cast.adviser_a)
    url = reverse("offers:positioning_create", args=[offer.pk]) + f"?personne={person.pk}"
    response = client.post(url, {"cv_kind": "full"})
    assert response.status_code == 400
    assert not Positioning.objects.exists()
    employer_consent(cast, person)
    assert 'value="full"' in client.get(url).content.decode()
    client.post(url, {"cv_kind": "full"})
    assert Positioning.objects.get().cv_kind == "full"


def test_a_second_proposal_on_the_same_offer_gets_a_clear_error(client, cast, positioning):
    client.force_login(cast.adviser_a)
    url = reverse("offers:positioning_create", args=[positioning.offer_id]) + f"?personne={positioning.person_id}"
    response = client.post(url, {"cv_kind": "anonymous"})
    assert response.status_code == 400
    assert "déjà une mise en relation en cours" in response.content.decode()


def test_without_a_person_the_proposal_page_searches_among_the_organisation_s_people(client, cast, positioning):
    client.force_login(cast.adviser_a)
    url = reverse("offers:positioning_create", args=[positioning.offer_id])
    page = client.get(url + "?q=position").content.decode()
    assert f"?personne={positioning.person_id}" in page
    client.force_login(cast.agent_b)  # France Travail B shares the offer but does not follow Inès
    assert "Positionnée" not in client.get(url + "?q=position").content.decode()


def test_the_whole_path_through_the_pages_fills_the_offer(client, cast, positioning):
    client.force_login(cast.adviser_a)
    client.post(reverse("offers:positioning_send", args=[positioning.pk]), {"send-cv_kind": "anonymous"})
    interview_at = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("offers:positioning_interview", args=[positioning.pk]), {"interview-interview_at": interview_at}
    )
    response = client.post(
        reverse("offers:positioning_hire", args=[positioning.pk]),
        {"hire-contract_type": "cdd", "hire-start_on": timezone.localdate().isoformat(), "hire-duration_months": "6"},
        follow=True,
    )
    assert "Embauche enregistrée." in response.content.decode()
    positioning.refresh_from_db()
    positioning.offer.refresh_from_db()
    assert positioning.status == PositioningStatus.HIRED
    assert positioning.offer.status == OfferStatus.FILLED


def test_a_hire_on_an_offer_already_filled_gets_a_clear_message(client, cast):
    offer = offer_of(cast, positions=1)
    first, second = (advance(cast, propose(cast, offer=offer), PositioningStatus.INTERVIEW) for _ in range(2))
    client.force_login(cast.agent_b)
    data = {"hire-contract_type": "cdi", "hire-start_on": timezone.localdate().isoformat()}
    client.post(reverse("offers:positioning_hire", args=[first.pk]), data)
    response = client.post(reverse("offers:positioning_hire", args=[second.pk]), data, follow=True)
    assert "Tous les postes de cette offre sont déjà pourvus (1 sur 1)" in response.content.decode()
    second.refresh_from_db()
    assert second.status == PositioningStatus.INTERVIEW


def test_not_retained_without_a_reason_is_refused_with_a_clear_error(client, cast, positioning):
    client.force_login(cast.agent_b)
    response = client.post(
        reverse("offers:positioning_not_retained", args=[positioning.pk]), {"not_retained-reason": ""}
    )
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.content.decode()
    positioning.refresh_from_db()
    assert positioning.status == PositioningStatus.PROPOSED


def test_the_second_click_gets_a_clear_message(client, cast, positioning):
    client.force_login(cast.adviser_a)
    client.post(reverse("offers:positioning_withdraw", args=[positioning.pk]))
    client.force_login(cast.agent_b)
    response = client.post(reverse("offers:positioning_withdraw", args=[positioning.pk]), follow=True)
    assert "Cette mise en relation est déjà « Retirée par la personne »" in response.content.decode()


def test_the_offer_s_organisation_follows_the_positioning_without_seeing_who_it_is(client, cast, positioning):
    client.force_login(cast.agent_b)
    page = client.get(reverse("offers:positioning_detail", args=[positioning.pk])).content.decode()
    assert f"Candidature n° {positioning.pk}" in page
    assert "Positionnée" not in page and "Inès" not in page
    board = client.get(reverse("offers:positioning_board")).content.decode()
    assert f"Candidature n° {positioning.pk}" in board and "Positionnée" not in board


def test_the_cv_download_is_a_pdf_audited_as_an_export(client, cast, positioning):
    client.force_login(cast.adviser_a)
    response = client.get(reverse("offers:positioning_cv", args=[positioning.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="cv-anonyme-{positioning.pk}.pdf"'
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.person_id, entry.object_type, entry.object_id) == (
        positioning.person_id,
        "positioning_cv",
        positioning.pk,
    )


def test_the_person_s_timeline_shows_each_positioning_step(client, cast, positioning):
    advance(cast, positioning, PositioningStatus.INTERVIEW)
    services.positioning_not_retain(
        positioning=positioning, by=cast.agent_b, organisation=cast.agency_b, reason="profile"
    )
    client.force_login(cast.adviser_a)
    page = client.get(reverse("people:detail", args=[positioning.person_id])).content.decode()
    title = positioning.offer.title
    assert f"Mise en relation proposée</strong> : {title}" in page
    assert f"Candidature envoyée à l&#x27;employeur</strong> : {title} (CV anonyme)" in page
    assert f"Entretien d&#x27;embauche</strong> : {title}" in page
    assert f"Candidature non retenue</strong> : {title} – Profil ne correspondant pas" in page


def test_the_board_query_count_is_the_same_for_3_and_30_positionings(client, cast, django_assert_num_queries):
    offer = offer_of(cast)
    client.force_login(cast.adviser_a)
    url = reverse("offers:positioning_board")
    for expected in (3, 30):
        while Positioning.objects.count() < expected:
            propose(cast, person=led_person(cast), offer=offer)
        # session, user, acting membership, the board (one query: whether each person may be named is an
        # EXISTS in the same SQL), audit entry insert, is_administrator (menu), unread notifications (header),
        # the départements of the organisation's territory (the offers' scope, read once per request)
        with django_assert_num_queries(8):
            response = client.get(url)
        assert sum(len(column.positionings) for column in response.context["columns"]) == expected


def test_outsiders_get_404_on_positioning_pages_and_the_cv(client, cast, positioning):
    for outsider in (cast.adviser_c, cast.observer, cast.temp_contact):
        client.force_login(outsider)
        assert client.get(reverse("offers:positioning_detail", args=[positioning.pk])).status_code == 404
        assert client.get(reverse("offers:positioning_cv", args=[positioning.pk])).status_code == 404
        assert client.post(reverse("offers:positioning_withdraw", args=[positioning.pk])).status_code == 404
        url = reverse("offers:positioning_create", args=[positioning.offer_id]) + f"?personne={positioning.person_id}"
        assert client.get(url).status_code == 404
    client.force_login(cast.adviser_c)
    board = client.get(reverse("offers:positioning_board"))
    assert board.status_code == 200
    assert all(column.positionings == [] for column in board.context["columns"])
    positioning.refresh_from_db()
    assert positioning.status == PositioningStatus.PROPOSED
