"""Convention pages: the list (its queries pinned), a convention's page, the forms, documents served to readers only,
the secondments' table and the partnership map; an outsider gets 404 and nothing changes."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import PartnershipLink
from tandem.partnerships import services
from tandem.partnerships.enums import ConventionLevel, ConventionStatus, Indicator, PartyRole
from tandem.partnerships.models import Convention, ConventionDocument, ConventionParty, Secondment, Target
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import START, convention_by_admin, membership_of, regional_body

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def convention(cast) -> Convention:
    """Mission Locale A's convention with its reference site B (from their link), a target and a secondment."""
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)
    convention = services.convention_of_link(link=link)
    admin = membership_of(cast.admin)
    services.target_set(
        convention=convention,
        user=cast.admin,
        membership=admin,
        indicator=Indicator.STEERING_MEETINGS_PER_YEAR,
        value=Decimal(5),
        year=2026,
    )
    services.target_set(
        convention=convention,
        user=cast.admin,
        membership=admin,
        indicator=Indicator.FTE_SECONDED,
        value=Decimal(1),
        year=2026,
    )
    services.secondment_create(
        convention=convention,
        user=cast.admin,
        membership=admin,
        data=services.SecondmentData(
            agent_name="Camille Agent",
            from_agency=cast.agency_b,
            to_mission_locale=cast.ml_a,
            fte=Decimal("0.5"),
            starts_on=START,
        ),
    )
    return convention


def _fingerprint() -> list:
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Convention, ConventionParty, Target, Secondment, ConventionDocument, PartnershipLink)
    ]


def test_the_director_sees_the_parties_targets_secondments_and_timeline(client, cast, convention):
    client.force_login(cast.director_a)

    page = html.unescape(client.get(reverse("partnerships:convention_detail", args=[convention.pk])).content.decode())

    assert "Mission Locale A" in page and "France Travail B" in page and "Site de référence" in page
    assert "Comités de pilotage par an" in page and "Camille Agent" in page
    assert "0,50 ETP mis à disposition aujourd'hui, pour un objectif de 1,00 ETP." in page
    assert "Objectif d'une convention fixé" in page  # the timeline
    assert reverse("partnerships:convention_edit", args=[convention.pk]) in page


def test_an_adviser_of_a_party_reads_it_without_a_write_button(client, cast, convention):
    client.force_login(cast.agent_b)

    page = client.get(reverse("partnerships:convention_detail", args=[convention.pk])).content.decode()

    assert "Camille Agent" in page
    assert reverse("partnerships:convention_edit", args=[convention.pk]) not in page
    assert client.get(reverse("partnerships:convention_edit", args=[convention.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["adviser_c", "temp_contact", "observer"])
def test_a_partner_outside_the_convention_gets_404_everywhere_and_nothing_changes(client, cast, convention, persona):
    client.force_login(cast.personas()[persona])
    party = convention.parties.get(organisation=cast.agency_b)
    target = convention.targets.first()
    secondment = Secondment.objects.get()
    before = _fingerprint()
    pk = convention.pk

    for url in (
        reverse("partnerships:convention_detail", args=[pk]),
        reverse("partnerships:convention_edit", args=[pk]),
        reverse("partnerships:party_add", args=[pk]),
        reverse("partnerships:target_add", args=[pk]),
        reverse("partnerships:secondment_add", args=[pk]),
        reverse("partnerships:document_add", args=[pk]),
        reverse("partnerships:party_edit", args=[party.pk]),
        reverse("partnerships:secondment_edit", args=[secondment.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "x", "role": "signatory", "value": "1"}).status_code == 404, url
    for url in (
        reverse("partnerships:convention_end", args=[pk]),
        reverse("partnerships:convention_sign", args=[pk]),
        reverse("partnerships:party_remove", args=[party.pk]),
        reverse("partnerships:target_remove", args=[target.pk]),
        reverse("partnerships:secondment_remove", args=[secondment.pk]),
    ):
        assert client.post(url, {"end-ends_on": "2030-01-01"}).status_code == 404, url
    assert "Camille Agent" not in client.get(reverse("partnerships:secondment_list")).content.decode()
    assert convention.title not in client.get(reverse("partnerships:convention_list")).content.decode()
    assert _fingerprint() == before


def test_the_list_reads_a_fixed_number_of_queries_whatever_the_number_of_conventions(
    client, cast, convention, django_assert_max_num_queries
):
    client.force_login(cast.director_a)
    url = reverse("partnerships:convention_list")
    # session, user, memberships (acting and switcher), is_administrator (list scope, then the create right), the
    # header's unread notifications, the count, the page of conventions with their parent, their parties with
    # their organisations
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    for index in range(12):
        agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name=f"Agence {index:02}")
        services.party_add(
            convention=convention,
            user=cast.admin,
            membership=membership_of(cast.admin),
            organisation=agency,
            role=PartyRole.ASSOCIATED,
        )
        convention_by_admin(
            cast.admin,
            level=ConventionLevel.LOCAL,
            title=f"Convention {index:02}",
            parties=[(cast.ml_a, PartyRole.SIGNATORY), (agency, PartyRole.SIGNATORY)],
            kind="other",
        )
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert "Convention 11" in body and "Agence 11" in body


def test_the_director_creates_a_convention_then_adds_its_reference_site_and_signs_it(client, cast):
    client.force_login(cast.director_a)
    response = client.post(
        reverse("partnerships:convention_create"),
        {
            "level": "local",
            "kind": "cotraitance",
            "title": "Convention locale de Haguenau",
            "starts_on": "2026-01-01",
            "axes": "Accès à l'emploi\nMobilité",
            "referral_answer_days": "5",
            "first_meeting_days": "10",
            "ways_of_working": ["share_offers", "immersions"],
        },
    )
    convention = Convention.objects.get(title="Convention locale de Haguenau")
    assert response.status_code == 302 and convention.axes == ["Accès à l'emploi", "Mobilité"]
    assert list(convention.parties.values_list("organisation", "role")) == [(cast.ml_a.pk, "signatory")]
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail Haguenau")

    sign = reverse("partnerships:convention_sign", args=[convention.pk])
    refused = client.post(sign, {"sign-signed_on": "2026-01-02"}, follow=True).content.decode()
    assert "exactement une Mission Locale" in html.unescape(refused)

    add = reverse("partnerships:party_add", args=[convention.pk])
    assert "France Travail Haguenau" in client.get(add, {"q": "Haguenau"}).content.decode()
    client.post(f"{add}?organisation={agency.pk}", {"role": "reference_site"})
    client.post(sign, {"sign-signed_on": "2026-01-02"})

    convention.refresh_from_db()
    assert convention.status == ConventionStatus.SIGNED
    assert PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=agency).referral_answer_days == 5


def test_a_document_that_is_not_a_pdf_is_refused_on_the_form(client, cast, convention):
    client.force_login(cast.director_a)
    url = reverse("partnerships:document_add", args=[convention.pk])

    response = client.post(url, {"title": "Convention", "file": SimpleUploadedFile("convention.pdf", b"GIF89a")})

    assert response.status_code == 200
    assert "Ce fichier n'est pas un PDF" in html.unescape(response.content.decode())
    assert not ConventionDocument.objects.exists()


def test_a_pdf_is_served_to_the_convention_s_readers_only(client, cast, convention):
    client.force_login(cast.director_a)
    client.post(
        reverse("partnerships:document_add", args=[convention.pk]),
        {"title": "Convention signée", "file": SimpleUploadedFile("convention.pdf", PDF)},
    )
    document = ConventionDocument.objects.get()
    url = reverse("partnerships:document_download", args=[document.pk])

    client.force_login(cast.agent_b)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(cast.adviser_c)
    assert client.get(url).status_code == 404


def test_a_regional_convention_shows_its_targets_beside_the_sum_of_its_local_ones(client, cast):
    body = regional_body()
    regional = convention_by_admin(
        cast.admin, level=ConventionLevel.REGIONAL, title="Convention régionale", parties=[(body, PartyRole.SIGNATORY)]
    )
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail Wissembourg")
    local = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        title="Convention locale A",
        parties=[(cast.ml_a, PartyRole.SIGNATORY), (agency, PartyRole.REFERENCE_SITE)],
        parent=regional,
    )
    admin = membership_of(cast.admin)
    for convention, value in ((regional, 5255), (local, 600)):
        services.target_set(
            convention=convention,
            user=cast.admin,
            membership=admin,
            indicator=Indicator.REFERRALS_PER_YEAR,
            value=Decimal(value),
            year=2026,
        )
    client.force_login(cast.director_a)  # A's director sees the regional convention through its local one

    page = html.unescape(client.get(reverse("partnerships:convention_detail", args=[regional.pk])).content.decode())

    assert "Somme des conventions rattachées" in page and "5255" in page and "600 (1 convention)" in page
    assert "Convention locale A" in page


def test_the_secondments_table_totals_the_fte(client, cast, convention):
    client.force_login(cast.director_a)

    page = client.get(reverse("partnerships:secondment_list")).content.decode()

    assert "Camille Agent" in page and "0,50 ETP en cours, dans 1 Mission Locale" in page


def test_the_map_of_a_departement_lists_who_is_partner_with_whom_and_draws_it(client, cast):
    client.force_login(cast.adviser_c)

    page = html.unescape(client.get(reverse("partnerships:partnership_map"), {"territory": "dep-67"}).content.decode())

    assert "Mission Locale A" in page and "France Travail B" in page and "Intérim Test" in page
    assert "<svg" in page and 'role="img"' in page and "<desc" in page
