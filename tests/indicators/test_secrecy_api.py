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


def _refusals(cast, count: int, reason: str, *, day: str) -> None:
    """`count` referrals from France Travail B to Mission Locale A, refused for `reason`, on days `day`0, `day`1…"""
    for i in range(count):
        refuse(propose(cast.agency_b, cast.ml_a, at(f"{day}{i}")), at(f"{day}{i}", "14:00:00"), reason)


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
    _refusals(cast, 3, "no_capacity", day="2026-02-1")
    _refusals(cast, 6, "unreachable", day="2026-02-2")
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


def test_a_figure_that_would_give_a_masked_reason_away_is_masked_with_it(client, cast):
    """5 refusals because the young person is already followed beside 3 for lack of capacity: the split masks both
    (3 is secret, 5 its smallest partner) and shows the total 8. The count of refusals « already followed », 5 on
    its own, would give the 3 away (8 − 5): it is masked too. Its holder, the Mission Locale, reads both."""
    _refusals(cast, 3, "no_capacity", day="2026-02-1")
    _refusals(cast, 5, "already_followed", day="2026-02-2")
    observer = _auth(api_key(cast.state_service))
    split = client.get(f"{URL}/referrals_refused_by_reason", Q1, **observer).json()
    assert (split["value"], set(split["masked_breakdown"])) == (8, {"no_capacity", "already_followed"})
    body = client.get(f"{URL}/overlaps_refused_already_followed", Q1, **observer).json()
    assert (body["value"], body["masked"]) == (None, True)
    # The acceptance rate publishes the refusals' total (answered − accepted), which the split shows: masked too,
    # since the split masks a part (the rule is kept simple: any masked part masks the figures that disclose it).
    body = client.get(f"{URL}/referrals_acceptance_rate", Q1, **observer).json()
    assert (body["value"], body["numerator"], body["masked"]) == (None, None, True)
    client.force_login(cast.adviser_a)
    mine = {"period": "2026", "scope": f"organisation:{cast.ml_a.pk}"}
    assert client.get(f"{URL}/overlaps_refused_already_followed", mine).json()["value"] == 5


def test_the_figures_of_a_split_shown_whole_stay_shown(client, cast):
    _refusals(cast, 6, "no_capacity", day="2026-02-1")
    _refusals(cast, 5, "already_followed", day="2026-02-2")
    observer = _auth(api_key(cast.state_service))
    body = client.get(f"{URL}/overlaps_refused_already_followed", Q1, **observer).json()
    assert (body["value"], body["masked"]) == (5, False)


def test_the_rate_of_positive_exits_does_not_give_a_masked_reason_away(client, cast):
    """6 exits to a job, 3 to a training, 5 moves away: the split masks the 3 and its smallest partner; the positive
    rate's numerator (9) less the jobs shown (6) would give the 3 away: masked. The employment rate too (it
    discloses the same split)."""
    from tests.indicators.test_exits import leave

    for i in range(6):
        leave(cast, f"Emploi {i}", f"2026-03-0{i + 1}", "employment", contract_type="cdi")
    for i in range(3):
        leave(cast, f"Formation {i}", f"2026-03-1{i}", "training")
    for i in range(5):
        leave(cast, f"Départ {i}", f"2026-03-2{i}", "moved_away")
    observer = _auth(api_key(cast.state_service))
    split = client.get(f"{URL}/exits_by_reason", Q1, **observer).json()
    assert split["breakdown"]["employment"] == 6 and "training" in split["masked_breakdown"]
    for code in ("exits_positive_rate", "exits_employment_rate"):
        body = client.get(f"{URL}/{code}", Q1, **observer).json()
        assert (body["value"], body["numerator"], body["masked"]) == (None, None, True), code


def test_a_median_of_fewer_than_five_delays_is_masked_and_of_five_is_shown(client, cast):
    observer = _auth(api_key(cast.state_service))
    for i in range(4):
        accept(propose(cast.agency_b, cast.ml_a, at(f"2026-02-1{i}")), at(f"2026-02-1{i + 2}"))
    body = client.get(f"{URL}/referrals_answer_delay", Q1, **observer).json()
    assert (body["value"], body["masked"]) == (None, True)
    client.force_login(cast.adviser_a)
    mine = {"period": "2026", "scope": f"organisation:{cast.ml_a.pk}"}
    assert client.get(f"{URL}/referrals_answer_delay", mine).json()["value"] == 2.0
    client.logout()
    accept(propose(cast.agency_b, cast.ml_a, at("2026-02-20")), at("2026-02-22"))
    body = client.get(f"{URL}/referrals_answer_delay", Q1, **observer).json()
    assert (body["value"], body["masked"]) == (2.0, False)
