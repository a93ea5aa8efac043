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
