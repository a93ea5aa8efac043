"""Statistical secrecy in the indicators' API: whoever does not hold the data (an observer, a member reading a
territory) gets small figures masked (null, `masked: true`, the masked keys of a split listed); whoever holds them
(the organisation's own members, administrators) reads them as they are."""

from __future__ import annotations

import pytest

from tests.accounts.factories import api_key
from tests.indicators.scenarios import accept, at, propose, refuse

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators"
Q1 = {"period": "2026", "scope": "departement:67"}  # under secrecy, a territory is read by year


def _auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _three_referrals(cast) -> None:
    for day in ("2026-02-02", "2026-02-03", "2026-02-04"):
        propose(cast.agency_b, cast.ml_a, at(day))


def test_an_observer_reading_a_departement_with_three_referrals_gets_null_and_masked(client, cast):
    _three_referrals(cast)
    response = client.get(f"{URL}/referrals_proposed", Q1, **_auth(api_key(cast.state_service)))
    assert response.status_code == 200
    body = response.json()
    assert (body["value"], body["masked"]) == (None, True)
    assert body["breakdown"] == {"referral": None, "designation": 0}
    assert body["masked_breakdown"] == ["referral"]


def test_the_mission_locale_s_own_member_reading_its_organisation_sees_three(client, cast):
    _three_referrals(cast)
    client.force_login(cast.adviser_a)
    response = client.get(f"{URL}/referrals_proposed", {"period": "2026-Q1", "scope": f"organisation:{cast.ml_a.pk}"})
    body = response.json()
    assert (body["value"], body["masked"], body["masked_breakdown"]) == (3, False, [])
    assert body["breakdown"] == {"referral": 3, "designation": 0}


def test_the_same_member_reading_its_departement_does_not_hold_its_neighbours_data(client, cast):
    _three_referrals(cast)
    client.force_login(cast.adviser_a)
    body = client.get(f"{URL}/referrals_proposed", Q1).json()
    assert (body["value"], body["masked"]) == (None, True)


def test_an_administrator_reads_the_departement_unmasked(client, cast):
    _three_referrals(cast)
    client.force_login(cast.admin)
    body = client.get(f"{URL}/referrals_proposed", Q1).json()
    assert (body["value"], body["masked"]) == (3, False)


def test_five_referrals_are_shown_to_an_observer(client, cast):
    for day in range(2, 7):
        propose(cast.agency_b, cast.ml_a, at(f"2026-02-0{day}"))
    body = client.get(f"{URL}/referrals_proposed", Q1, **_auth(api_key(cast.state_service))).json()
    assert (body["value"], body["masked"], body["breakdown"]) == (5, False, {"referral": 5, "designation": 0})


def test_a_split_hides_a_small_reason_and_its_smallest_partner_but_shows_the_total(client, cast):
    """3 refusals for lack of capacity beside 6 unreachable people: the 3 is secret, the 6 is masked with it (the
    other reasons are zeros: a masked zero would leave the 3 recomputable from the total), the total 9 is shown."""
    b, a = cast.agency_b, cast.ml_a
    for i in range(3):
        refuse(propose(b, a, at(f"2026-02-1{i}")), at(f"2026-02-1{i}", "14:00:00"), "no_capacity")
    for i in range(6):
        refuse(propose(b, a, at(f"2026-02-2{i}")), at(f"2026-02-2{i}", "14:00:00"), "unreachable")
    body = client.get(f"{URL}/referrals_refused_by_reason", Q1, **_auth(api_key(cast.state_service))).json()
    assert (body["value"], body["masked"]) == (9, False)
    assert body["masked_breakdown"] == ["unreachable", "no_capacity"]
    assert body["breakdown"]["no_capacity"] is None and body["breakdown"]["unreachable"] is None
    assert body["breakdown"]["not_eligible"] == 0


@pytest.mark.parametrize(
    ("accepted", "refused", "masked"),
    [(1, 1, True), (6, 2, True), (5, 5, False)],
)
def test_a_rate_over_few_people_is_masked_with_its_numerator_and_denominator(client, cast, accepted, refused, masked):
    """1 of 2 (a denominator under 5), 6 of 8 (2 refusals: those not counted are published by the rate) are masked;
    5 of 10 is shown."""
    b, a = cast.agency_b, cast.ml_a
    for i in range(accepted):
        accept(propose(b, a, at(f"2026-02-{10 + i}")), at(f"2026-02-{10 + i}", "14:00:00"))
    for i in range(refused):
        refuse(propose(b, a, at(f"2026-03-{10 + i}")), at(f"2026-03-{10 + i}", "14:00:00"), "unreachable")
    body = client.get(f"{URL}/referrals_acceptance_rate", Q1, **_auth(api_key(cast.state_service))).json()
    shown = (body["value"], body["numerator"], body["denominator"])
    expected = (None, None, None) if masked else (50.0, 5, 10)
    assert (shown, body["masked"]) == (expected, masked)
