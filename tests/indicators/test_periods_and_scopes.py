import datetime

import pytest
from django.core.exceptions import ValidationError

from tandem.indicators.periods import MONTH, QUARTER, YEAR, Period, period_parse
from tandem.indicators.scopes import Scope, scope_parse
from tests.indicators.scenarios import at


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026-03", MONTH, "2026-03-01", "2026-04-01"),
        ("2026-12", MONTH, "2026-12-01", "2027-01-01"),
        ("2026-Q1", QUARTER, "2026-01-01", "2026-04-01"),
        ("2026-q4", QUARTER, "2026-10-01", "2027-01-01"),
        ("2026", YEAR, "2026-01-01", "2027-01-01"),
    ],
)
def test_it_reads_a_month_a_quarter_and_a_year(text, kind, start, end):
    period = period_parse(text)
    assert (period.kind, period.start, period.end) == (
        kind,
        datetime.date.fromisoformat(start),
        datetime.date.fromisoformat(end),
    )
    assert period_parse(period.label) == period


def test_a_period_runs_from_midnight_to_midnight_in_paris():
    period = Period(MONTH, datetime.date(2026, 3, 1))
    assert period.starts_at == at("2026-03-01", "00:00:00")
    assert period.ends_at == at("2026-04-01", "00:00:00")


@pytest.mark.parametrize("text", ["", "2026-13", "2026-Q5", "26", "1999", "mars 2026", "2026-3"])
def test_it_refuses_a_period_it_cannot_read_and_says_what_is_expected(text):
    with pytest.raises(ValidationError) as error:
        period_parse(text)
    assert "2026-Q1" in error.value.messages[0]


def test_it_reads_each_kind_of_scope(db, cast):
    assert scope_parse("nation") == Scope("nation")
    assert scope_parse("departement:67") == Scope("departement", "67")
    assert scope_parse("region:44") == Scope("region", "44")
    assert scope_parse(f"organisation:{cast.ml_a.pk}") == Scope("organisation", str(cast.ml_a.pk))
    commune = cast.ml_a.commune
    assert scope_parse(f"commune:{commune.pk}") == Scope("commune", commune.pk)
    if commune.epci_id:
        assert scope_parse(f"epci:{commune.epci_id}") == Scope("epci", commune.epci_id)
    assert scope_parse(f"adviser:{cast.adviser_a.pk}") == Scope("adviser", str(cast.adviser_a.pk))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "pays",
        "departement:",
        "organisation:abc",
        "commune:6718",
        "commune:67 180",
        "epci:2467",
        "adviser:me",
        "organisation:²",
        "organisation:99999999999999999999999",
        "departement:6\x007",
        "region:1234",
    ],
)
def test_it_refuses_a_scope_it_cannot_read(db, text):
    with pytest.raises(ValidationError) as error:
        scope_parse(text)
    assert "departement:<code INSEE>" in error.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "departement:999",
        "region:99",
        "organisation:999999",
        "convention:999999",
        "commune:99999",
        "epci:999999999",
        "adviser:999999",
    ],
)
def test_it_refuses_a_scope_that_does_not_exist(db, text):
    with pytest.raises(ValidationError, match="inconnu"):
        scope_parse(text)
