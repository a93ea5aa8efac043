"""API of the indicators: any authenticated caller reads the catalogue and aggregates (an observer's token, a
member's session); anonymous callers get 401; a period or scope that means nothing gets 422 saying what is expected;
an unknown indicator 404."""

from __future__ import annotations

import pytest

from tandem.indicators.registry import CATALOGUE
from tests.accounts.factories import api_key
from tests.indicators.scenarios import accept, at, gironde_pair, propose, refuse

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators"


def _auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_token_reads_the_catalogue_with_its_definitions(client, cast):
    response = client.get(URL, **_auth(api_key(cast.state_service)))
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert set(rows) == set(CATALOGUE)
    assert rows["referrals_acceptance_rate"]["unit"] == "rate"
    assert rows["referrals_answer_delay"]["unit"] == "days"
    assert "acceptées ou refusées" in rows["referrals_acceptance_rate"]["definition"]


def test_an_observer_s_token_reads_a_rate_over_two_answers_masked_with_its_numerator_and_denominator(client, cast):
    b, a = cast.agency_b, cast.ml_a
    accept(propose(b, a, at("2026-02-02")), at("2026-02-03"))
    refuse(propose(b, a, at("2026-02-04")), at("2026-02-05"), "no_capacity")
    d, c = gironde_pair(cast)
    refuse(propose(d, c, at("2026-02-04")), at("2026-02-05"), "unreachable")
    response = client.get(
        f"{URL}/referrals_acceptance_rate",
        {"period": "2026", "scope": "departement:67"},
        **_auth(api_key(cast.state_service)),
    )
    assert response.status_code == 200
    assert response.json() == {
        "code": "referrals_acceptance_rate",
        "period": "2026",
        "scope": "departement:67",
        "unit": "rate",
        "value": None,
        "numerator": None,
        "denominator": None,
        "breakdown": {},
        "masked": True,
        "masked_breakdown": [],
    }
    nation = client.get(f"{URL}/referrals_proposed", {"period": "2026"}, **_auth(api_key(cast.ml_c))).json()
    assert (nation["scope"], nation["value"], nation["masked"]) == ("nation", None, True)
    assert nation["breakdown"] == {"referral": None, "designation": 0}


def test_under_secrecy_a_territory_is_read_by_year_so_that_a_month_cannot_give_away_its_masked_neighbour(client, cast):
    headers = _auth(api_key(cast.state_service))
    month = client.get(f"{URL}/referrals_proposed", {"period": "2026-02", "scope": "departement:67"}, **headers)
    assert month.status_code == 422
    assert "par année" in month.json()["detail"]
    client.force_login(cast.adviser_a)
    own = client.get(f"{URL}/referrals_proposed", {"period": "2026-02", "scope": f"organisation:{cast.ml_a.pk}"})
    assert own.status_code == 200  # the organisation's own members hold its data: by month too


def test_an_unknown_organisation_convention_or_user_is_answered_as_one_not_readable(client, cast):
    client.force_login(cast.adviser_a)
    for scope in ("organisation:999999", "convention:999999", "adviser:999999", f"organisation:{cast.ml_c.pk}"):
        response = client.get(f"{URL}/referrals_proposed", {"period": "2026", "scope": scope})
        assert response.status_code == 404, scope
    assert client.get(f"{URL}/referrals_proposed", {"period": "2026", "scope": "departement:999"}).status_code == 422


def test_a_member_reads_their_organisation_s_figures_through_the_session_not_another_s(client, cast):
    client.force_login(cast.adviser_c)
    own = client.get(f"{URL}/referrals_proposed", {"period": "2026", "scope": f"organisation:{cast.ml_c.pk}"})
    other = client.get(f"{URL}/referrals_proposed", {"period": "2026", "scope": f"organisation:{cast.ml_a.pk}"})
    assert own.status_code == 200 and own.json()["value"] == 0
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("reader", "status"), [("adviser_a", 200), ("director_a", 200), ("adviser_c", 404), ("observer", 404)]
)
def test_an_adviser_s_figures_are_read_by_the_adviser_and_their_managers_only(client, cast, reader, status):
    client.force_login(getattr(cast, reader))
    response = client.get(f"{URL}/referrals_proposed", {"period": "2026", "scope": f"adviser:{cast.adviser_a.pk}"})
    assert response.status_code == status


def test_an_observer_reads_territories_and_organisations(client, cast):
    headers = _auth(api_key(cast.state_service))
    territory = client.get(f"{URL}/referrals_proposed", {"period": "2026", "scope": "departement:67"}, **headers)
    organisation = client.get(
        f"{URL}/referrals_proposed", {"period": "2026", "scope": f"organisation:{cast.ml_a.pk}"}, **headers
    )
    assert territory.status_code == 200
    assert organisation.status_code == 200


def test_anonymous_callers_get_401(client, cast):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/referrals_proposed", {"period": "2026"}).status_code == 401


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"period": "2026-14"}, "Période « 2026-14 » non reconnue"),
        ({"period": "T1 2026"}, "2026-Q1"),
        ({"period": "2026", "scope": "departement"}, "Périmètre « departement » non reconnu"),
        ({"period": "2026", "scope": "departement:999"}, "Périmètre « departement:999 » inconnu"),
    ],
)
def test_a_bad_period_or_scope_gets_422_with_a_clear_message(client, cast, query, expected):
    response = client.get(f"{URL}/referrals_proposed", query, **_auth(api_key(cast.ml_a)))
    assert response.status_code == 422
    assert expected in response.json()["detail"]


def test_a_missing_period_gets_422(client, cast):
    response = client.get(f"{URL}/referrals_proposed", **_auth(api_key(cast.ml_a)))
    assert response.status_code == 422


def test_an_unknown_indicator_gets_404(client, cast):
    response = client.get(f"{URL}/nothing", {"period": "2026"}, **_auth(api_key(cast.ml_a)))
    assert response.status_code == 404
