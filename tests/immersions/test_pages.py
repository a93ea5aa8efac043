"""Immersions' pages: the list with its filters and pinned queries, the forms, the detail pages with their steps
and timeline; the access matrix of a PMSMP (lead, other Mission Locale, temp agency with and without consent,
observer, anonymous), each refusal audited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.audit.models import AuditAction, AuditEntry
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.immersions.enums import PmsmpStatus, StaffImmersionStatus
from tandem.immersions.models import Pmsmp, StaffImmersion
from tests.accounts.factories import MembershipFactory
from tests.employers.factories import EmployerFactory
from tests.immersions.factories import TODAY, a_pmsmp, a_staff_immersion, led_person, temp_agency_follows

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def pmsmp_form(employer, **overrides) -> dict[str, str]:
    return {
        "siret": employer.siret,
        "tutor_name": "Marc Lefèvre",
        "tutor_function": "Chef de rayon",
        "tutor_phone": "03 88 00 00 00",
        "tutor_email": "marc@example.org",
        "starts_on": (TODAY + 3 * DAY).isoformat(),
        "ends_on": (TODAY + 10 * DAY).isoformat(),
        "weekly_hours": "35",
        "objective": "discover",
        "job_label": "Employé de libre-service",
        "rome_code": "D1507",
        "activities": "Mise en rayon",
    } | overrides


# The access matrix of a PMSMP (the young person led by Mission Locale A).


@pytest.mark.parametrize(
    ("who", "reads", "acts"),
    [
        ("adviser_a", True, True),
        ("director_a", True, True),
        ("adviser_c", False, False),
        ("agent_b", False, False),
        ("temp_with_consent", True, True),
        ("temp_without_consent", False, False),
        ("observer", False, False),
    ],
)
def test_who_reads_and_acts_on_a_pmsmp(client, cast, who, reads, acts):
    person = led_person(cast)
    if who.startswith("temp_"):
        temp_agency_follows(cast, person, consent=who == "temp_with_consent")
    pmsmp = a_pmsmp(cast, person=person)
    user = cast.temp_contact if who.startswith("temp_") else getattr(cast, who)
    client.force_login(user)
    detail = client.get(reverse("immersions:pmsmp_detail", args=[pmsmp.pk]))
    assert detail.status_code == (200 if reads else 404)
    pdf = client.get(reverse("immersions:pmsmp_agreement", args=[pmsmp.pk]))
    assert pdf.status_code == (200 if reads else 404)
    assert client.get(reverse("immersions:pmsmp_create", args=[person.pk])).status_code == (200 if acts else 404)
    signed = client.post(reverse("immersions:pmsmp_sign", args=[pmsmp.pk]), {"sign-signed_on": TODAY.isoformat()})
    assert signed.status_code == (302 if acts else 404)
    pmsmp.refresh_from_db()
    assert pmsmp.status == (PmsmpStatus.SIGNED if acts else PmsmpStatus.PROPOSED)
    if reads:
        assert AuditEntry.objects.filter(action=AuditAction.READ, object_type="pmsmp", object_id=pmsmp.pk).exists()
        assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="pmsmp", object_id=pmsmp.pk).exists()
    else:
        assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="pmsmp").count() >= 3


def test_the_anonymous_visitor_is_sent_to_log_in(client, cast):
    pmsmp = a_pmsmp(cast)
    immersion = a_staff_immersion(cast)
    for url in (
        reverse("immersions:list"),
        reverse("immersions:pmsmp_detail", args=[pmsmp.pk]),
        reverse("immersions:pmsmp_agreement", args=[pmsmp.pk]),
        reverse("immersions:staff_detail", args=[immersion.pk]),
    ):
        assert client.get(url).status_code == 302
    assert client.post(reverse("immersions:pmsmp_cancel", args=[pmsmp.pk]), {"cancel-reason": "x"}).status_code == 302
    pmsmp.refresh_from_db()
    assert pmsmp.status == PmsmpStatus.PROPOSED


def test_an_adviser_proposes_a_pmsmp_from_the_search_then_the_form(client, cast):
    person = led_person(cast, last_name="Vautrin", first_name="Jeanne")
    employer = EmployerFactory(name="Supermarché Haguenau")
    client.force_login(cast.adviser_a)
    found = client.get(reverse("immersions:pmsmp_choose_person"), {"q": "vautrin"})
    assert reverse("immersions:pmsmp_create", args=[person.pk]) in found.text
    response = client.post(reverse("immersions:pmsmp_create", args=[person.pk]), pmsmp_form(employer))
    pmsmp = Pmsmp.objects.get()
    assert response.status_code == 302 and response.url == reverse("immersions:pmsmp_detail", args=[pmsmp.pk])
    assert (pmsmp.employer, pmsmp.rome_id, pmsmp.organisation) == (employer, "D1507", cast.ml_a)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="pmsmp", person_id=person.pk).exists()


def test_the_form_says_in_french_that_a_pmsmp_lasts_thirty_days_at_most(client, cast):
    person = led_person(cast)
    employer = EmployerFactory()
    client.force_login(cast.adviser_a)
    response = client.post(
        reverse("immersions:pmsmp_create", args=[person.pk]),
        pmsmp_form(employer, starts_on="2027-03-01", ends_on="2027-04-05"),
    )
    assert response.status_code == 200
    assert "au plus 30 jours calendaires" in response.text and "30/03/2027" in response.text
    response = client.post(
        reverse("immersions:pmsmp_create", args=[person.pk]), pmsmp_form(employer, siret="12345678901234")
    )
    assert "Aucune entreprise de l&#x27;annuaire" in response.text
    assert not Pmsmp.objects.exists()


def test_the_outsider_proposes_nothing_and_the_refusal_is_audited(client, cast):
    person = led_person(cast)
    client.force_login(cast.adviser_c)
    response = client.post(reverse("immersions:pmsmp_create", args=[person.pk]), pmsmp_form(EmployerFactory()))
    assert response.status_code == 404 and not Pmsmp.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="pmsmp").exists()


def test_the_pmsmp_page_offers_the_steps_and_shows_the_timeline(client, cast):
    pmsmp = a_pmsmp(cast, starts_on=TODAY)
    client.force_login(cast.adviser_a)
    client.post(reverse("immersions:pmsmp_sign", args=[pmsmp.pk]), {"sign-signed_on": TODAY.isoformat()})
    client.post(reverse("immersions:pmsmp_start", args=[pmsmp.pk]))
    page = client.get(reverse("immersions:pmsmp_detail", args=[pmsmp.pk]))
    assert "Enregistrer le bilan" in page.text and "Enregistrer la signature" not in page.text
    assert "Convention d&#x27;immersion (PMSMP) signée" in page.text
    assert "Immersion en entreprise (PMSMP) commencée" in page.text
    # A refused form comes back with its errors (400), the step not taken.
    refused = client.post(reverse("immersions:pmsmp_assess", args=[pmsmp.pk]), {"assess-result": "other"})
    assert refused.status_code == 400
    done = client.post(
        reverse("immersions:pmsmp_assess", args=[pmsmp.pk]),
        {"assess-attendance_ok": "yes", "assess-skills_observed": "Autonome", "assess-result": "project_confirmed"},
    )
    assert done.status_code == 302
    pmsmp.refresh_from_db()
    assert (pmsmp.status, pmsmp.attendance_ok, pmsmp.result) == (PmsmpStatus.ASSESSED, True, "project_confirmed")
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="pmsmp", detail="assess").exists()


def test_a_stale_second_click_is_told_and_changes_nothing(client, cast):
    pmsmp = a_pmsmp(cast)
    client.force_login(cast.adviser_a)
    client.post(reverse("immersions:pmsmp_cancel", args=[pmsmp.pk]), {"cancel-reason": "Doublon"})
    response = client.post(
        reverse("immersions:pmsmp_sign", args=[pmsmp.pk]), {"sign-signed_on": TODAY.isoformat()}, follow=True
    )
    assert "déjà « Annulée »" in response.text
    assert not Event.objects.filter(kind=EventKind.PMSMP_SIGNED).exists()


def test_a_pmsmp_is_edited_while_proposed(client, cast):
    pmsmp = a_pmsmp(cast)
    client.force_login(cast.adviser_a)
    url = reverse("immersions:pmsmp_edit", args=[pmsmp.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, pmsmp_form(pmsmp.employer, job_label="Boucher", rome_code=""))
    assert response.status_code == 302
    pmsmp.refresh_from_db()
    assert pmsmp.job_label == "Boucher" and pmsmp.rome_id is None
    client.force_login(cast.adviser_c)
    assert client.post(url, pmsmp_form(pmsmp.employer, job_label="Boulanger")).status_code == 404
    pmsmp.refresh_from_db()
    assert pmsmp.job_label == "Boucher"


# Staff immersions.


def test_a_manager_plans_a_staff_immersion_and_declares_it_done(client, cast):
    client.force_login(cast.director_a)
    assert client.get(reverse("immersions:staff_create")).status_code == 200
    response = client.post(
        reverse("immersions:staff_create"),
        {
            "staff_name": "Claire Dumas",
            "staff_email": cast.adviser_a.email,
            "sending_organisation": cast.ml_a.pk,
            "host_organisation": cast.temp_agency.pk,
            "starts_on": (TODAY - 2 * DAY).isoformat(),
            "ends_on": TODAY.isoformat(),
            "objective": "Découvrir le métier de chargé de recrutement",
        },
    )
    immersion = StaffImmersion.objects.get()
    assert response.status_code == 302 and immersion.staff_user == cast.adviser_a
    page = client.get(reverse("immersions:staff_detail", args=[immersion.pk]))
    assert "Déclarer l&#x27;immersion réalisée" in page.text and "Immersion d&#x27;un professionnel prévue" in page.text
    client.post(reverse("immersions:staff_complete", args=[immersion.pk]), {"complete-report": "Très utile"})
    immersion.refresh_from_db()
    assert (immersion.status, immersion.report) == (StaffImmersionStatus.DONE, "Très utile")
    # The host's staff read it too; a stranger learns nothing.
    client.force_login(cast.temp_contact)
    assert "Très utile" in client.get(reverse("immersions:staff_detail", args=[immersion.pk])).text
    client.force_login(cast.adviser_c)
    assert client.get(reverse("immersions:staff_detail", args=[immersion.pk])).status_code == 404


def test_a_staff_immersion_between_strangers_is_refused_on_the_form(client, cast):
    client.force_login(cast.director_a)
    response = client.post(
        reverse("immersions:staff_create"),
        {
            "staff_name": "Claire Dumas",
            "sending_organisation": cast.ml_a.pk,
            "host_organisation": cast.agency_b.pk,
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY - DAY).isoformat(),
            "objective": "x",
        },
    )
    assert response.status_code == 200 and "Le dernier jour vient après le premier" in response.text
    assert not StaffImmersion.objects.exists()


def test_advisers_read_staff_immersions_but_only_managers_write_them(client, cast):
    immersion = a_staff_immersion(cast)
    client.force_login(cast.adviser_a)
    assert client.get(reverse("immersions:staff_detail", args=[immersion.pk])).status_code == 200
    assert client.get(reverse("immersions:staff_create")).status_code == 404
    assert client.get(reverse("immersions:staff_edit", args=[immersion.pk])).status_code == 404
    assert client.post(reverse("immersions:staff_cancel", args=[immersion.pk])).status_code == 404
    # The host's manager writes it too.
    temp_manager = MembershipFactory(organisation=cast.temp_agency, role="manager").user
    client.force_login(temp_manager)
    assert client.post(reverse("immersions:staff_cancel", args=[immersion.pk])).status_code == 302
    immersion.refresh_from_db()
    assert immersion.status == StaffImmersionStatus.CANCELLED


# The list.


def test_the_list_shows_the_organisation_s_pmsmps_and_staff_immersions_with_filters(client, cast):
    a_pmsmp(cast, person=led_person(cast, last_name="Alpha"))
    a_pmsmp(cast, person=led_person(cast, last_name="Bravo"), status=PmsmpStatus.SIGNED, signed_on=TODAY)
    a_staff_immersion(cast, staff_name="Claire Dumas")
    client.force_login(cast.adviser_a)
    page = client.get(reverse("immersions:list"))
    assert "Alpha" in page.text and "Bravo" in page.text and "Claire Dumas" not in page.text
    signed = client.get(reverse("immersions:list"), {"statut": "signed"})
    assert "Bravo" in signed.text and "Alpha" not in signed.text
    staff = client.get(reverse("immersions:list"), {"type": "professionnels"})
    assert "Claire Dumas" in staff.text
    client.force_login(cast.adviser_c)
    page = client.get(reverse("immersions:list"))
    assert "Alpha" not in page.text
    client.force_login(cast.observer)
    assert client.get(reverse("immersions:list")).status_code == 404


@pytest.mark.parametrize("tab", ["pmsmp", "professionnels"])
def test_the_list_s_query_count_does_not_grow_with_its_rows(client, cast, django_assert_max_num_queries, tab):
    a_pmsmp(cast)
    a_staff_immersion(cast)
    client.force_login(cast.adviser_a)
    url = reverse("immersions:list") + f"?type={tab}"
    # Session, user, membership, the sites of the organisation, the count, the page's rows, the audit entry.
    with django_assert_max_num_queries(15) as first:
        client.get(url)
    for index in range(5):
        a_pmsmp(cast, person=led_person(cast, last_name=f"Nom{index}"))
        a_staff_immersion(cast, staff_name=f"Agent {index}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert "Nom4" in response.text or "Agent 4" in response.text
