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


# The scrubber of the anonymous CV ----------------------------------------------------------------------------


@pytest.fixture
def eloise(cast):
    return led_person(
        cast,
        first_name="Éloïse",
        last_name="Le Gall-Dupré",
        birth_date=BIRTH_DATE,
        email="eloise.legall@example.org",
        phone="07 11 22 33 44",
        address="4 allée des Peupliers",
        commune_id="67180",  # Haguenau
    )


def anonymous_skills(cast, person, *lines: str) -> list[str]:
    JobProfile.objects.update_or_create(person=person, defaults={"skills": "\n".join(lines)})
    content = cv.cv_content(person=person, kind=CvKind.ANONYMOUS, organisation=cast.ml_a, adviser=cast.adviser_a)
    return content.skills


@pytest.mark.parametrize(
    ("written", "scrubbed"),
    [
        ("Recommandée par Eloise", "Recommandée par […]"),
        ("Adressée par ELOÏSE", "Adressée par […]"),
        ("Suivie par eloïse depuis 2023", "Suivie par […] depuis 2023"),
        ("Dossier LE GALL", "Dossier […]"),
        ("Dossier Le-Gall", "Dossier […]"),
        ("Mme le gall dupre", "Mme […]"),
        ("Famille DUPRE", "Famille […]"),
        ("Gall-Dupre Eloise, CAP", "[…] […], CAP"),
        ("Habite allee des peupliers à HAGUENAU", "Habite […] à […]"),
        ("Née le 9 mars 2005", "Née le […]"),
        ("Née le 09/03/2005", "Née le […]"),
    ],
)
def test_the_anonymous_cv_removes_the_names_whatever_their_accents_and_case(cast, eloise, written, scrubbed):
    assert anonymous_skills(cast, eloise, written) == [scrubbed]


@pytest.mark.parametrize(
    ("written", "scrubbed"),
    [
        ("Écrire à eloise.legall@example.org", "Écrire à [courriel retiré]"),
        ("Sa tutrice : m.kieffer+stage@boulangerie-kieffer.fr.", "Sa tutrice : [courriel retiré]."),
        ("Joindre ELOISE_67@Mail.Example.COM svp", "Joindre [courriel retiré] svp"),
    ],
)
def test_the_anonymous_cv_removes_every_e_mail_address(cast, eloise, written, scrubbed):
    assert anonymous_skills(cast, eloise, written) == [scrubbed]


@pytest.mark.parametrize(
    "number",
    [
        "07 11 22 33 44",
        "0711223344",
        "07.11.22.33.44",
        "07-11-22-33-44",
        "+33 7 11 22 33 44",
        "+33711223344",
        "0033 (0)7 11 22 33 44",
        "03 88 12 34 56",
        "+41 22 123 45 67",
    ],
)
def test_the_anonymous_cv_removes_phone_numbers(cast, eloise, number):
    assert anonymous_skills(cast, eloise, f"Tél. {number} le soir") == ["Tél. [téléphone retiré] le soir"]


@pytest.mark.parametrize(
    "kept",
    [
        "Le service en salle, la mise en place",
        "Gallerie marchande, galets, Gallois",
        "Duprez et fils (2023)",
        "2 ans de plonge, 35 heures par semaine, de 2019 à 2021",
        "Commis de cuisine au restaurant Le Cerf",
        "SIRET 12345678901234",
    ],
)
def test_the_scrubber_leaves_the_rest_of_the_text_as_written(cast, eloise, kept):
    assert anonymous_skills(cast, eloise, kept) == [kept]


def test_the_anonymous_cv_scrubs_every_free_text_of_the_job_project(cast, eloise):
    JobProfile.objects.create(
        person=eloise,
        skills="Accueil",
        experiences=[{"title": "Vendeuse chez DUPRE père", "sector": "Contact : 0711223344", "duration_months": 6}],
        trainings=[{"title": "CAP obtenu par Eloise Le Gall", "year": 2023, "level": "3"}],
        languages=[{"language": "Breton (écrire à eloise.legall@example.org)", "level": "basics"}],
    )

    content = cv.cv_content(person=eloise, kind=CvKind.ANONYMOUS, organisation=cast.ml_a, adviser=cast.adviser_a)

    assert content.experiences[0]["title"] == "Vendeuse chez […] père"
    assert content.experiences[0]["sector"] == "Contact : [téléphone retiré]"
    assert content.trainings[0]["title"] == "CAP obtenu par […] […]"
    assert content.languages == ["Breton (écrire à [courriel retiré]) – Notions"]


def test_the_full_cv_keeps_the_free_text_as_written(cast, eloise):
    employer_consent(cast, eloise)
    JobProfile.objects.create(person=eloise, skills="Recommandée par Eloise, 07 11 22 33 44")

    content = cv.cv_content(person=eloise, kind=CvKind.FULL, organisation=cast.ml_a, adviser=cast.adviser_a)

    assert content.skills == ["Recommandée par Eloise, 07 11 22 33 44"]
