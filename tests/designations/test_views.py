import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.audit.models import AuditEntry
from tandem.people.models import Person
from tandem.referrals.models import Referral
from tests.designations.factories import born, csv_file, row
from tests.people.factories import PersonFactory


def upload(data: bytes, name: str = "liste.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_an_agency_adviser_uploads_a_list_and_follows_it_to_its_report(
    client, cast, django_capture_on_commit_callbacks
):
    PersonFactory(
        first_name="Léa",
        last_name="Martin",
        birth_date=born(18),
        commune_id="67544",
        ft_identifier="1000009Z",
        followed_by=cast.agency_b,
    )
    data = csv_file(
        [
            row("1000001A", "Martin", "Léa", born(18)),
            row("1000002B", "Durand", "Hugo", "31/02/2005"),
            row("1000003C", "Moreau", "Louis", born(40)),
        ]
    )
    client.force_login(cast.agent_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("designations:upload"), {"file": upload(data)})
    assert response.status_code == 302 and response.url.startswith("/imports/")
    response = client.get(response.url)
    body = response.content.decode()
    assert "Résultat de l'import" in body
    assert '<th scope="row" class="fr-pl-4w">Mission Locale A</th><td>1</td>' in body
    assert "date de naissance invalide « 31/02/2005 »" in body
    assert "Trop âgé·e : 40 ans" in body
    assert "nouveaux dossiers signalés pour vérification" in body and "Léa Martin" in body
    assert Referral.objects.count() == 1
    assert AuditEntry.objects.filter(user=cast.agent_b, object_type="person").count() == 2


def test_the_pages_show_the_format_and_the_rules_with_a_pinned_query_count(client, cast, django_assert_num_queries):
    client.force_login(cast.agent_b)
    # session, user, memberships (acting and switcher), is_administrator (menu), unread notifications (header)
    with django_assert_num_queries(5):
        body = client.get(reverse("designations:upload")).content.decode()
    assert "identifiant_ft" in body and "code_postal" in body
    with django_assert_num_queries(5):
        body = client.get(reverse("designations:create")).content.decode()
    assert "de 16 à 25 ans (29 ans avec une RQTH)" in body


@pytest.mark.parametrize("persona", ["adviser_a", "adviser_c", "director_a", "observer", "temp_contact", "admin"])
def test_only_france_travail_agency_staff_reach_the_pages(client, cast, persona):
    client.force_login(cast.personas()[persona])
    data = csv_file([row("1000001A", "Martin", "Léa", born(18))])
    assert client.get(reverse("designations:upload")).status_code == 404
    assert client.post(reverse("designations:upload"), {"file": upload(data)}).status_code == 404
    assert client.get(reverse("designations:create")).status_code == 404
    assert not Person.objects.exists()


def test_an_observer_of_the_agency_is_refused(client, cast):
    from tandem.accounts.enums import Role
    from tests.accounts.factories import MembershipFactory

    membership = MembershipFactory(organisation=cast.agency_b, role=Role.OBSERVER)
    client.force_login(membership.user)
    assert client.get(reverse("designations:upload")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, cast):
    assert client.get(reverse("designations:upload")).status_code == 302


def test_a_file_that_is_not_csv_is_refused_by_the_form(client, cast):
    client.force_login(cast.agent_b)
    response = client.post(reverse("designations:upload"), {"file": upload(b"%PDF", name="liste.pdf")})
    assert response.status_code == 200 and "Résultat" not in response.content.decode()


def test_one_person_is_proposed_and_the_adviser_lands_on_the_record(client, cast):
    client.force_login(cast.agent_b)
    response = client.post(
        reverse("designations:create"),
        {
            "ft_identifier": "2000001a",
            "last_name": "Martin",
            "first_name": "Léa",
            "birth_date": born(18).strftime("%d/%m/%Y"),
            "postcode": "67160",
            "commune_name": "Wissembourg",
        },
    )
    person = Person.objects.get()
    assert response.status_code == 302 and response.url == reverse("people:detail", kwargs={"pk": person.pk})
    assert person.ft_identifier == "2000001A" and person.commune_id == "67544"
    assert Referral.objects.get(person=person).to_organisation == cast.ml_a
    body = client.get(response.url).content.decode()
    assert "Proposé à Mission Locale A" in body


def test_the_reason_of_non_eligibility_is_said(client, cast):
    client.force_login(cast.agent_b)
    response = client.post(
        reverse("designations:create"),
        {
            "ft_identifier": "2000002B",
            "last_name": "Roux",
            "first_name": "Emma",
            "birth_date": born(20).isoformat(),
            "commune_code": "67482",
        },
        follow=True,
    )
    assert "Non éligible : Aucune Mission Locale ne couvre la commune Strasbourg (67482)." in (
        response.content.decode()
    )
    assert not Referral.objects.exists()


def test_without_a_person_page_the_form_shows_the_result_itself(client, cast, monkeypatch):
    from django.urls import NoReverseMatch

    from tandem.designations import views

    def no_person_page(*args, **kwargs):
        raise NoReverseMatch

    monkeypatch.setattr(views, "reverse", no_person_page)
    client.force_login(cast.agent_b)
    response = client.post(
        reverse("designations:create"),
        {
            "ft_identifier": "2000003C",
            "last_name": "Martin",
            "first_name": "Léa",
            "birth_date": born(18).isoformat(),
            "commune_code": "67544",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Proposé à Mission Locale A" in body and "Éligible" in body


def test_an_ambiguous_postcode_is_said_on_the_form_and_nothing_is_written(client, cast):
    client.force_login(cast.agent_b)
    response = client.post(
        reverse("designations:create"),
        {
            "ft_identifier": "2000004D",
            "last_name": "Martin",
            "first_name": "Léa",
            "birth_date": born(18).isoformat(),
            "postcode": "67160",
        },
    )
    assert response.status_code == 200
    assert "Le code postal 67160 dessert plusieurs communes" in response.content.decode()
    assert not Person.objects.exists()
