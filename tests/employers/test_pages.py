"""Company pages: list and search (query count pinned), the company page (single contact first, warning,
contacts, timeline merging interactions, events and offers), the forms, the partner CSV; outsiders get 404."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.employers.enums import InteractionKind
from tandem.employers.models import Employer, EmployerContact, EmployerInteraction
from tandem.employers.services import referent_assign
from tandem.offers.enums import ContractType, SharingScope
from tandem.offers.services import offer_create
from tests.employers.factories import EmployerContactFactory, EmployerFactory, EmployerInteractionFactory, valid_siret

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(cast):
    employer = EmployerFactory(name="Boulangerie du Marché", commune_id="67180", naf_id="1071C")
    referent_assign(employer=employer, adviser=cast.adviser_a, organisation=cast.ml_a, by=cast.director_a)
    return employer


def test_the_list_searches_and_its_query_count_does_not_grow(client, cast, django_assert_num_queries):
    client.force_login(cast.agent_b)
    EmployerFactory(name="Garage du Centre")
    for n in range(3):
        EmployerFactory(
            name=f"Boulangerie {n}", naf_id="1071C", referent_organisation=cast.ml_a, referent_adviser=cast.adviser_a
        )
    client.get("/entreprises/")  # warm the session and the acting membership
    with django_assert_num_queries(8) as three:
        page = client.get("/entreprises/?q=boulangerie")
    assert page.status_code == 200
    assert "Boulangerie 2" in page.content.decode() and "Garage du Centre" not in page.content.decode()
    for n in range(3, 30):
        EmployerFactory(name=f"Boulangerie {n}", naf_id="1071C", commune_id="33063")
    with django_assert_num_queries(len(three.captured_queries)):
        assert client.get("/entreprises/?q=boulangerie").status_code == 200


def test_observers_never_see_companies(client, cast, company):
    client.force_login(cast.observer)
    assert client.get("/entreprises/").status_code == 404
    assert client.get(f"/entreprises/{company.pk}/").status_code == 404


def test_the_company_page_shows_the_referent_first_the_warning_and_the_merged_timeline(client, cast, company):
    EmployerContactFactory(employer=company, organisation=cast.ml_a, first_name="Inès", last_name="Morel")
    EmployerInteractionFactory(
        employer=company,
        kind=InteractionKind.VISIT,
        by=cast.adviser_a,
        organisation=cast.ml_a,
        note="Besoin de deux vendeurs",
        occurred_at=timezone.now() - datetime.timedelta(days=2),
    )
    offer = offer_create(
        organisation=cast.ml_a,
        by=cast.adviser_a,
        title="Vendeur en boulangerie",
        contract_type=ContractType.CDD,
        commune_id="67180",
        sharing=SharingScope.PARTNERS,
    )
    offer.employer = company
    offer.save(update_fields=["employer"])
    client.force_login(cast.agent_b)
    html = client.get(f"/entreprises/{company.pk}/").content.decode()
    assert html.index("Interlocuteur unique") < html.index("Contacts")
    assert "Déjà contacté le" in html and "Mission Locale A" in html
    assert "Inès" in html and "Besoin de deux vendeurs" in html
    assert "Vendeur en boulangerie" in html and "Interlocuteur unique désigné" in html
    assert AuditEntry.objects.filter(object_type="employer_contact", action="read", user=cast.agent_b).exists()


def test_an_outsider_sees_the_company_but_not_its_contacts_nor_notes(client, cast, company):
    EmployerContactFactory(employer=company, organisation=cast.ml_a, first_name="Inès", last_name="Morel")
    EmployerInteractionFactory(employer=company, by=cast.adviser_a, organisation=cast.ml_a, note="Note privée")
    client.force_login(cast.adviser_c)
    html = client.get(f"/entreprises/{company.pk}/").content.decode()
    assert "Boulangerie du Marché" in html
    assert "Inès" not in html and "Note privée" not in html


@pytest.mark.parametrize(
    "path",
    [
        "modifier/",
        "contacts/nouveau/",
        "contacts/{contact}/modifier/",
        "contacts/{contact}/supprimer/",
        "echanges/nouveau/",
        "interlocuteur/",
    ],
)
def test_an_outsider_s_session_gets_404_on_every_form_and_nothing_changes(client, cast, company, path):
    contact = EmployerContactFactory(employer=company, organisation=cast.ml_a)
    url = f"/entreprises/{company.pk}/" + path.format(contact=contact.pk)
    client.force_login(cast.adviser_c)
    before = (
        Employer.objects.get(pk=company.pk).name,
        EmployerContact.objects.count(),
        EmployerInteraction.objects.count(),
    )
    assert client.get(url).status_code in (404, 405)
    body = {"name": "Pirate", "first_name": "X", "last_name": "Y", "kind": "call", "membership": "1"}
    assert client.post(url, body).status_code == 404
    after = (
        Employer.objects.get(pk=company.pk).name,
        EmployerContact.objects.count(),
        EmployerInteraction.objects.count(),
    )
    assert after == before
    company.refresh_from_db()
    assert company.referent_adviser == cast.adviser_a


def test_a_partner_records_a_call_and_adds_a_contact(client, cast, company):
    client.force_login(cast.agent_b)
    page = client.get(f"/entreprises/{company.pk}/echanges/nouveau/")
    assert "Personne n'est encore" not in page.content.decode()  # the referent is named before contacting
    answer = client.post(f"/entreprises/{company.pk}/echanges/nouveau/", {"kind": "call", "note": "Rappeler lundi"})
    assert answer.status_code == 302
    interaction = EmployerInteraction.objects.get(employer=company)
    assert (interaction.organisation, interaction.by, interaction.kind) == (cast.agency_b, cast.agent_b, "call")
    answer = client.post(
        f"/entreprises/{company.pk}/contacts/nouveau/", {"first_name": "Léo", "last_name": "Marchand", "email": ""}
    )
    assert answer.status_code == 302
    contact = EmployerContact.objects.get(employer=company)
    assert AuditEntry.objects.filter(object_type="employer_contact", action="create", object_id=contact.pk).exists()


def test_the_referent_is_handed_over_to_a_partner(client, cast, company):
    from tandem.accounts.models import Membership

    client.force_login(cast.adviser_a)
    target = Membership.objects.get(user=cast.agent_b)
    assert client.post(f"/entreprises/{company.pk}/interlocuteur/", {"membership": target.pk}).status_code == 302
    company.refresh_from_db()
    assert (company.referent_adviser, company.referent_organisation) == (cast.agent_b, cast.agency_b)
    # Mission Locale C's adviser is no choice: not a partner of Mission Locale A.
    other = Membership.objects.get(user=cast.adviser_c)
    client.force_login(cast.agent_b)
    answer = client.post(f"/entreprises/{company.pk}/interlocuteur/", {"membership": other.pk})
    assert answer.status_code == 200
    company.refresh_from_db()
    assert company.referent_adviser == cast.agent_b


def test_creating_a_company_asks_rather_than_guesses(client, cast):
    client.force_login(cast.adviser_a)
    answer = client.post("/entreprises/nouvelle/", {"name": "Garage", "siret": "73282932000075", "commune": ""})
    assert answer.status_code == 200 and "clé de contrôle" in answer.content.decode()
    answer = client.post("/entreprises/nouvelle/", {"name": "Garage", "siret": "73282932000074", "commune": "Haguenau"})
    assert answer.status_code == 302
    assert Employer.objects.get(siret="73282932000074").commune_id == "67180"


def test_a_manager_imports_a_partner_file_and_an_adviser_may_not(client, cast):
    siret = valid_siret(77_000_001)
    upload = SimpleUploadedFile(
        "entreprises.csv",
        (
            "siret;raison_sociale;code_commune;naf;tranche_effectif\n"
            f"{siret};Hôtel du Parc;67180;55.10Z;11\n"
            ";X;67180;;\n"
        ).encode(),
        content_type="text/csv",
    )
    client.force_login(cast.adviser_a)
    assert client.post("/entreprises/import/", {"file": upload}).status_code == 404
    upload.seek(0)
    client.force_login(cast.director_a)
    answer = client.post("/entreprises/import/", {"file": upload})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "1 créée(s)" in html and "<td>3</td>" in html
    assert Employer.objects.get(siret=siret).name == "Hôtel du Parc"


def test_an_offer_collected_shows_once_on_the_company_timeline(cast, company):
    from tandem.employers.services import interaction_record
    from tandem.www.employers.timeline import employer_timeline

    offer = offer_create(
        organisation=cast.ml_a,
        by=cast.adviser_a,
        title="Vendeur en boulangerie",
        contract_type=ContractType.CDD,
        commune_id="67180",
        sharing=SharingScope.PARTNERS,
        employer=company,
    )
    interaction_record(
        employer=company, kind=InteractionKind.OFFER, by=cast.adviser_a, organisation=cast.ml_a, subject=offer
    )
    membership = cast.agent_b.memberships.get()

    entries = employer_timeline(employer=company, membership=membership, with_notes=True)

    assert [entry.kind for entry in entries if "Vendeur" in entry.title or entry.title == "Offre recueillie"] == [
        "offer"
    ]
    # Who cannot see the offer still reads, in the partners' log, that one was collected.
    outsider = employer_timeline(employer=company, membership=cast.adviser_c.memberships.get(), with_notes=False)
    assert [entry.kind for entry in outsider if entry.title == "Offre recueillie"] == ["interaction"]


def test_applications_to_the_companys_offers_and_hires_show_on_its_timeline_without_the_young_person(cast, company):
    from tandem.offers.positioning.services import positioning_hire, positioning_record_interview, positioning_send
    from tandem.www.employers.timeline import employer_timeline
    from tests.offers.test_positioning_services import led_person, offer_of, propose

    offer = offer_of(cast, employer=company, title="Vendeur en boulangerie")
    person = led_person(cast, first_name="Inès", last_name="Moreau")
    positioning = propose(cast, person=person, offer=offer)
    positioning_send(positioning=positioning, by=cast.adviser_a, organisation=cast.ml_a, cv_kind="anonymous")
    positioning_record_interview(
        positioning=positioning, by=cast.agent_b, organisation=cast.agency_b, interview_at=timezone.now()
    )
    positioning_hire(
        positioning=positioning,
        by=cast.agent_b,
        organisation=cast.agency_b,
        contract_type=ContractType.CDD,
        start_on=timezone.localdate(),
        duration_months=6,
    )

    entries = employer_timeline(employer=company, membership=cast.agent_b.memberships.get(), with_notes=True)

    applications = [entry for entry in entries if entry.kind == "application"]
    assert [entry.title for entry in applications] == ["Embauche", "Candidature envoyée à l'employeur"]
    assert all("Vendeur en boulangerie" in entry.detail for entry in applications)
    assert not any("Moreau" in f"{entry.title} {entry.detail}" for entry in entries)
    # A reader who may not see the offer is not told of applications to it.
    outsider = employer_timeline(employer=company, membership=cast.adviser_c.memberships.get(), with_notes=False)
    assert not [entry for entry in outsider if entry.kind == "application"]
