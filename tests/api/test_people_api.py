import pytest

from tandem.accounts.enums import TokenScope
from tandem.accounts.services import api_token_create
from tandem.people.services import follow_set_lead
from tandem.referrals import services
from tests.people.factories import PersonFactory


@pytest.fixture
def person(cast):
    person = PersonFactory(last_name="Apitest")
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    return person


def test_an_unrelated_adviser_gets_404_on_the_person_route(client, cast, person):
    client.force_login(cast.adviser_c)
    assert client.get(f"/api/v1/people/{person.pk}").status_code == 404
    client.force_login(cast.adviser_a)
    data = client.get(f"/api/v1/people/{person.pk}").json()
    assert data["access"] == "full" and data["last_name"] == "Apitest"


def test_the_caseload_route_is_scoped(client, cast, person):
    client.force_login(cast.adviser_c)
    assert client.get("/api/v1/people").json()["count"] == 0
    client.force_login(cast.observer)
    assert client.get("/api/v1/people").status_code == 404


def test_the_caseload_route_pages_past_a_thousand_and_says_there_are_more(
    client, cast, person, django_assert_max_num_queries
):
    """Summaries are built for the page read; the total is counted up to 1,000 and `more` says the list goes on
    (it stopped at 1,000 rows before, silently)."""
    for _ in range(1000):
        follow_set_lead(person=PersonFactory(), organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    client.force_login(cast.adviser_a)
    client.get("/api/v1/people?limit=1")
    with django_assert_max_num_queries(12):
        page = client.get("/api/v1/people?limit=2&offset=999").json()
    assert (page["count"], page["more"], len(page["items"])) == (1000, True, 2)
    assert client.get("/api/v1/people?offset=1000").json()["items"] != []


def test_a_partner_system_runs_a_referral_through_its_transitions(client, cast, person):
    _, ft_key = api_token_create(organisation=cast.agency_b, name="SI FT", scope=TokenScope.WRITE, by=cast.admin)
    _, ml_key = api_token_create(organisation=cast.ml_a, name="SI ML", scope=TokenScope.WRITE, by=cast.director_a)
    referral = services.referral_propose(
        person=PersonFactory(followed_by=cast.agency_b),
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_a,
        by=cast.agent_b,
        is_designation=True,
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ml_key}"}
    inbox = client.get("/api/v1/referrals", **headers).json()
    assert [r["id"] for r in inbox] == [referral.pk]
    accepted = client.post(
        f"/api/v1/referrals/{referral.pk}/accept",
        data={"adviser_email": "adviser.a@example.org"},
        content_type="application/json",
        **headers,
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = client.post(
        f"/api/v1/referrals/{referral.pk}/accept",
        data={"adviser_email": "adviser.a@example.org"},
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 409
    sent = client.get("/api/v1/referrals?box=sent", HTTP_AUTHORIZATION=f"Bearer {ft_key}").json()
    assert sent[0]["status"] == "accepted"


# A commune and a birth date given to the API have one meaning ----------------------------------


def create_by_api(client, cast, **fields):
    client.force_login(cast.adviser_a)
    payload = {"first_name": "Léa", "last_name": "Apicommune", "birth_date": "2005-03-02"} | fields
    return client.post("/api/v1/people", payload, content_type="application/json")


def test_the_api_asks_which_commune_a_shared_postcode_means_instead_of_choosing(client, cast):
    response = create_by_api(client, cast, postcode="67160")

    assert response.status_code == 422
    assert response.json()["detail"].startswith("Le code postal 67160 dessert plusieurs communes (Wissembourg, ")
    assert response.json()["detail"].endswith(") : précisez la commune.")


def test_the_api_takes_a_postcode_with_the_commune_s_name(client, cast):
    response = create_by_api(client, cast, postcode="67500", commune_name="Haguenau")

    assert response.status_code == 201, response.content
    assert response.json()["commune_code"] == "67180"


def test_the_api_keeps_a_commune_code_an_insee_code_and_refuses_a_contradiction(client, cast):
    assert create_by_api(client, cast, commune_code="67500").json()["commune_code"] == "67500"  # Urmatt

    response = create_by_api(client, cast, commune_code="67500", postcode="67500")

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Le code INSEE 67500 est celui d'Urmatt, que le code postal 67500 ne dessert pas : vérifiez la commune."
    )


def test_the_api_says_in_french_that_a_commune_is_unknown(client, cast):
    response = create_by_api(client, cast, commune_code="99999")

    assert response.status_code == 422 and response.json()["detail"] == "Commune inconnue « 99999 »"


def test_the_api_refuses_a_birth_date_in_the_future(client, cast):
    import datetime

    from django.utils import timezone

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = create_by_api(client, cast, birth_date=tomorrow.isoformat())

    assert response.status_code == 422
    assert "La date de naissance ne peut pas être dans le futur." in response.json()["detail"]
