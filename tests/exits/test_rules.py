"""The named rules: a positive exit, durable employment, the six-month date."""

from __future__ import annotations

import datetime

import pytest

from tandem.exits import rules


@pytest.mark.parametrize(
    ("contract", "months", "durable"),
    [
        ("cdi", None, True),
        ("cdd", 6, True),
        ("cdd", 5, False),
        ("cdd", None, False),
        ("temp", 6, True),
        ("pec", 12, True),
        ("apprenticeship", 24, True),
        ("apprenticeship", None, False),
        ("professionalisation", 6, True),
        ("iae", 24, False),
        ("other", 12, False),
        ("", None, False),
    ],
)
def test_durable_employment_is_a_cdi_or_a_fixed_term_contract_of_six_months_or_more(contract, months, durable):
    assert rules.is_durable(contract, months) is durable


@pytest.mark.parametrize(
    ("reason", "positive"),
    [
        ("employment", True),
        ("training", True),
        ("other_positive", True),
        ("moved_away", False),
        ("no_contact", False),
        ("scheme_end", False),
        ("other", False),
    ],
)
def test_a_positive_exit_is_employment_training_or_another_positive_exit(reason, positive):
    assert rules.is_positive(reason) is positive


def test_six_months_later_is_the_same_day_or_the_months_last():
    assert rules.follow_up_due_on(datetime.date(2026, 3, 15)) == datetime.date(2026, 9, 15)
    assert rules.follow_up_due_on(datetime.date(2025, 8, 31)) == datetime.date(2026, 2, 28)
    assert rules.follow_up_due_on(datetime.date(2025, 10, 2)) == datetime.date(2026, 4, 2)
    assert rules.add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert rules.follow_up_earliest(datetime.date(2026, 3, 15)) == datetime.date(2026, 8, 31)
