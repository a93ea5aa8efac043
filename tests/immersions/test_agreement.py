"""The PMSMP agreement as a PDF: each field of the record is printed, with the three parties' signature block and
the date of signature once signed. The text is read from WeasyPrint's laid-out document, as tests/offers/test_cv.py
does (the check sees exactly what the PDF prints)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.immersions.agreement import agreement_content, agreement_document, agreement_pdf
from tandem.immersions.enums import PmsmpObjective, PmsmpStatus
from tests.employers.factories import EmployerFactory
from tests.immersions.factories import a_pmsmp, led_person
from tests.offers.test_cv import document_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pmsmp(cast):
    person = led_person(cast, first_name="Jeanne", last_name="Vautrin")
    person.birth_date = datetime.date(2005, 3, 9)
    person.address = "12 rue des Tilleuls"
    person.commune_id = "67544"  # Wissembourg
    person.save()
    employer = EmployerFactory(
        name="Boulangerie Muller", siret="73282932000074", street="3 rue du Marché", postcode="67500"
    )
    return a_pmsmp(
        cast,
        person=person,
        employer=employer,
        tutor_name="Marc Lefèvre",
        tutor_function="Chef boulanger",
        tutor_phone="03 88 12 34 56",
        tutor_email="marc.lefevre@example.org",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 12),
        weekly_hours=28,
        objective=PmsmpObjective.CONFIRM,
        job_label="Boulanger",
        rome_id="D1102",
        activities="Façonnage des pains et viennoiseries",
    )


def test_the_agreement_prints_every_field_of_the_pmsmp(cast, pmsmp):
    cast.adviser_a.first_name, cast.adviser_a.last_name = "Sophie", "Klein"
    cast.adviser_a.save()
    pmsmp.refresh_from_db()
    text = document_text(agreement_document(agreement_content(pmsmp)))
    for expected in [
        "Convention de PMSMP",
        # The beneficiary.
        "Jeanne Vautrin",
        "09/03/2005",
        "12 rue des Tilleuls, Wissembourg",
        # The prescriber and its adviser.
        "Mission Locale A",
        "Sophie Klein",
        # The host company and its tutor.
        "Boulangerie Muller",
        "73282932000074",
        "3 rue du Marché",
        "Marc Lefèvre",
        "Chef boulanger",
        "03 88 12 34 56",
        "marc.lefevre@example.org",
        # The immersion.
        "Du 01/03/2027 au 12/03/2027 (12 jours calendaires)",
        "28 heures par semaine",
        "Confirmer un projet professionnel",
        "Boulanger (D1102)",
        "Façonnage des pains et viennoiseries",
        # The three parties' signatures.
        "Le ou la bénéficiaire",
        "L'entreprise d'accueil",
        "La structure prescriptrice",
        "Fait le",
    ]:
        assert expected in text, expected
    assert "Convention signée le" not in text


def test_once_signed_the_agreement_prints_the_date_of_signature(cast, pmsmp):
    pmsmp.status, pmsmp.signed_on = PmsmpStatus.SIGNED, datetime.date(2027, 2, 20)
    pmsmp.save()
    text = document_text(agreement_document(agreement_content(pmsmp)))
    assert "Convention signée le 20/02/2027." in text and "Fait le" not in text


def test_the_agreement_is_a_pdf_served_to_its_readers_with_a_name_without_identity(client, cast, pmsmp):
    assert agreement_pdf(pmsmp).startswith(b"%PDF")
    client.force_login(cast.adviser_a)
    response = client.get(reverse("immersions:pmsmp_agreement", args=[pmsmp.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="convention-pmsmp-{pmsmp.pk}.pdf"'
