"""The figures on hand-built data whose answers are known: who is counted (age on the date from the birth date,
the territory, the France Travail registration), offers against the jobs sought, barriers standing on the date."""

from __future__ import annotations

import datetime

import pytest

from tandem.diagnostics.figures import figures_compute, years_before
from tandem.diagnostics.models import Diagnostic
from tandem.offers.enums import OfferStatus
from tandem.people.models import Barrier, JobProfile
from tandem.territories.models import Commune
from tests.offers.factories import OfferFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
REGISTERED = datetime.date(2026, 1, 1)
AS_OF = datetime.date(2026, 6, 15)  # the figures are computed for any day (the services ask for a month's first)
EARLIER = datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)


def young(born: datetime.date, *, commune: str = "67180", registered=REGISTERED, level=None, romes=()):
    person = PersonFactory(birth_date=born, commune_id=commune, ft_registered_on=registered)
    if level is not None or romes:
        profile = JobProfile.objects.create(person=person, qualification_level=level or "")
        profile.sought_romes.add(*romes)
    return person


def values(figures, table: str) -> dict[str, dict]:
    return {row["key"]: row["values"] for row in figures["tables"][table]["rows"]}


def people(figures, table: str) -> dict[str, int]:
    return {key: cells["people"] for key, cells in values(figures, table).items()}


@pytest.fixture
def world(cast):
    Commune.objects.filter(code="67180").update(has_qpv=True, zrr="NC")
    Commune.objects.filter(code="67544").update(has_qpv=False, zrr="P")
    return {
        # 16 today: counted; 16 tomorrow: not yet.
        "sixteen": young(datetime.date(2010, 6, 15), level="none", romes=["G1803"]),
        "fifteen": young(datetime.date(2010, 6, 16)),
        # 26 tomorrow: still 25, counted; 26 today: no longer.
        "twenty_five": young(datetime.date(2000, 6, 16), romes=["K2204"]),
        "twenty_six": young(datetime.date(2000, 6, 15)),
        "eighteen": young(datetime.date(2008, 6, 15), level="4", romes=["G1803", "K2204"]),
        # Not registered with France Travail, or registered after the date: not job seekers then.
        "not_registered": young(datetime.date(2005, 1, 1), registered=None),
        "registered_later": young(datetime.date(2005, 1, 1), registered=AS_OF + datetime.timedelta(days=1)),
        # Another commune of the Bas-Rhin, in a ZRR.
        "elsewhere": young(datetime.date(2005, 1, 1), commune="67544", level="5"),
    }


def haguenau(cast) -> Diagnostic:
    return Diagnostic(title="Haguenau", commune_id="67180", organisation=cast.ml_a)


def test_the_age_bands_count_from_the_16th_birthday_to_the_eve_of_the_26th(cast, world):
    figures = figures_compute(diagnostic=haguenau(cast), as_of=AS_OF)
    assert people(figures, "ages") == {"16_17": 1, "18_21": 1, "22_25": 1, "total": 3}


def test_a_29_february_birthday_falls_on_1_march_in_a_common_year():
    assert years_before(datetime.date(2025, 2, 28), 17) == datetime.date(2008, 2, 28)  # born 29/2/2008: still 16


def test_qualification_levels_with_those_not_given(cast, world):
    counts = people(figures_compute(diagnostic=haguenau(cast), as_of=AS_OF), "qualifications")
    assert counts["none"] == 1 and counts["4"] == 1 and counts["unknown"] == 1
    assert sum(counts.values()) == 3 and counts["5"] == 0


def test_priority_areas_and_the_territory_s_extent(cast, world):
    assert people(figures_compute(diagnostic=haguenau(cast), as_of=AS_OF), "areas") == {
        "qpv": 3,
        "zrr": 0,
        "total": 3,
    }
    bas_rhin = Diagnostic(title="Bas-Rhin", departement_id="67", organisation=cast.ml_a)
    figures = figures_compute(diagnostic=bas_rhin, as_of=AS_OF)
    assert people(figures, "areas") == {"qpv": 3, "zrr": 1, "total": 4}
    assert people(figures, "qualifications")["5"] == 1


def test_offers_open_on_the_date_against_the_young_people_seeking_the_job(cast, world):
    for _ in range(3):
        OfferFactory(organisation=cast.ml_a, rome_id="G1803", published_at=EARLIER)
    OfferFactory(
        organisation=cast.ml_a, rome_id="G1803", published_at=EARLIER + datetime.timedelta(days=30)
    )  # published after
    OfferFactory(
        organisation=cast.ml_a, rome_id="G1803", published_at=EARLIER, expires_on=AS_OF - datetime.timedelta(days=1)
    )  # expired
    OfferFactory(
        organisation=cast.ml_a, rome_id="G1803", published_at=EARLIER, status=OfferStatus.FILLED
    )  # filled (last change: today)
    OfferFactory(organisation=cast.ml_a, rome_id="G1803", published_at=EARLIER, commune_id="67544")  # elsewhere
    OfferFactory(organisation=cast.ml_a, rome_id="M1607", published_at=EARLIER)  # nobody seeks it
    figures = figures_compute(diagnostic=haguenau(cast), as_of=AS_OF)
    tension = values(figures, "tension")
    # M1607: offers, no candidate (first); G1803: 4 offers (the filled one was open on the date) for 2 young people.
    assert list(tension) == ["M1607", "G1803"]
    assert tension["G1803"] == {"offers": 4, "candidates": 2} and tension["M1607"] == {"offers": 1, "candidates": 0}
    surplus = values(figures, "surplus")
    assert list(surplus) == ["K2204", "G1803"] and surplus["K2204"] == {"offers": 0, "candidates": 2}
    labels = {row["key"]: row["label"] for row in figures["tables"]["tension"]["rows"]}
    assert labels["G1803"] and labels["G1803"] != "G1803"
    assert values(figures, "offers_total") == {"total": {"offers": 5}}


def test_barriers_standing_on_the_date_by_frequency(cast, world):
    sixteen, eighteen, twenty_five = world["sixteen"], world["eighteen"], world["twenty_five"]
    Barrier.objects.create(person=sixteen, kind="mobility", identified_on=REGISTERED)
    Barrier.objects.create(person=eighteen, kind="mobility", identified_on=REGISTERED, lifted_on=AS_OF)  # lifted
    Barrier.objects.create(person=eighteen, kind="housing", identified_on=REGISTERED, lifted_on=AS_OF.replace(month=7))
    Barrier.objects.create(person=twenty_five, kind="housing", identified_on=AS_OF.replace(day=16))  # later
    Barrier.objects.create(person=twenty_five, kind="health", identified_on=REGISTERED)
    Barrier.objects.create(person=world["twenty_six"], kind="health", identified_on=REGISTERED)  # too old
    counts = people(figures_compute(diagnostic=haguenau(cast), as_of=AS_OF), "barriers")
    assert list(counts.items())[:3] == [("health", 1), ("housing", 1), ("mobility", 1)]
    assert sum(counts.values()) == 3


def test_the_figures_take_a_fixed_number_of_queries(cast, world, django_assert_num_queries):
    # People (one aggregate), offers by ROME, candidates by ROME, ROME labels, barriers by kind.
    with django_assert_num_queries(5):
        figures_compute(diagnostic=haguenau(cast), as_of=AS_OF)
