"""The CV sent to employers: the anonymous one carries no identifying string, the full one needs consent.

The text is read from WeasyPrint's own laid-out document (the boxes the PDF is drawn from): no PDF parser
to install, and the check sees exactly what the PDF prints.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from weasyprint.formatting_structure import boxes

from tandem.offers import cv
from tandem.offers.enums import CvKind
from tandem.people.models import JobProfile
from tests.offers.test_positioning_services import employer_consent, led_person, propose

BIRTH_DATE = datetime.date(2005, 3, 9)


def document_text(document) -> str:
    texts = []
    for page in document.pages:
        texts.extend(box.text for box in page._page_box.descendants() if isinstance(box, boxes.TextBox))
    return " ".join(texts)


@pytest.fixture
def jeanne(cast):
    person = led_person(
        cast,
        first_name="Jeanne",
        last_name="Vautrin",
        birth_date=BIRTH_DATE,
        email="jeanne.vautrin@example.org",
        phone="06 12 34 56 78",
        address="12 rue des Tilleuls",
        commune_id="67544",  # Wissembourg, Bas-Rhin
    )
    profile = JobProfile.objects.create(
        person=person,
        # Advisers type free text: identifying strings slipped into it are scrubbed too.
        skills="Mise en place et plonge\nHygiène HACCP\nRecommandée par Mme Vautrin mère (jeanne.vautrin@example.org)",
        experiences=[
            {"intitulé": "Commis de cuisine", "secteur": "Restauration", "durée": "6 mois", "année": "2024"},
            {"title": "Serveuse à Wissembourg", "sector": "Hôtellerie", "duration": "3 mois", "year": "2023"},
        ],
        trainings=[{"intitulé": "CAP Cuisine", "année": "2023"}],
        languages=[{"langue": "Allemand", "niveau": "B1"}],
        has_driving_licence=True,
        max_distance_km=25,
    )
    profile.sought_romes.set(["G1602"])
    return person


def identifying_strings(person) -> list[str]:
    return [
        person.first_name,
        person.last_name,
        "09/03/2005",
        "2005-03-09",
        "9 mars 2005",
        "09.03.2005",
        "9/3/2005",
        person.email,
        "06 12 34 56 78",
        "0612345678",
        "+33 6 12 34 56 78",
        person.address,
        "Tilleuls",
        "Wissembourg",
    ]


def test_the_anonymous_cv_shows_the_job_sought_and_the_partners_but_nothing_identifying(cast, jeanne):
    cast.ml_a.email, cast.ml_a.phone = "contact@ml-a.example.org", "03 88 00 00 00"
    cast.ml_a.save()
    positioning = propose(cast, person=jeanne)
    content = cv.cv_content_for_positioning(positioning=positioning)
    text = document_text(cv.cv_document(content))
    assert "Personnel de cuisine (G1602)" in text
    assert "Commis de cuisine" in text and "CAP Cuisine" in text and "Allemand – B1" in text
    assert "Permis B" in text and "25 km" in text and "Bas-Rhin (67)" in text
    # The partnership's joint document: the adviser's organisation, its France Travail partner, one contact.
    assert "Mission Locale A" in text and "France Travail B" in text
    assert cast.adviser_a.get_full_name() in text
    assert "contact@ml-a.example.org" in text and "03 88 00 00 00" in text
    assert "Intérim Test" not in text  # a temp agency partner does not co-sign
    lowered = text.lower()
    leaks = [value for value in identifying_strings(jeanne) if value.lower() in lowered]
    assert leaks == []
    assert f"{jeanne.age_on(timezone.localdate())} ans" not in text
    pdf = cv.cv_pdf(content)
    assert pdf.startswith(b"%PDF")
    assert b"Vautrin" not in pdf and b"Jeanne" not in pdf  # document metadata included


def test_the_full_cv_needs_the_employer_consent_and_then_shows_the_identity(cast, jeanne):
    positioning = propose(cast, person=jeanne)
    positioning.cv_kind = CvKind.FULL
    with pytest.raises(ValidationError, match="consentement"):
        cv.cv_content_for_positioning(positioning=positioning)
    employer_consent(cast, jeanne)
    text = document_text(cv.cv_document(cv.cv_content_for_positioning(positioning=positioning)))
    assert "Jeanne Vautrin" in text and "jeanne.vautrin@example.org" in text and "Wissembourg" in text


def test_a_person_without_a_job_profile_still_gets_an_anonymous_cv(cast):
    positioning = propose(cast, person=led_person(cast, first_name="Zoé", last_name="Sansprofil"))
    text = document_text(cv.cv_document(cv.cv_content_for_positioning(positioning=positioning)))
    assert "Métiers recherchés" in text and "Sansprofil" not in text
