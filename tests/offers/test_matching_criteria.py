"""What the ranking leaves uncomputed: a person's features no criterion reads for an offer
(criteria.seeker_features_unread), and which criteria read a feature (criteria.criteria_reading: the outcomes the
page computes again). The exact tests (test_matching_exact.py) check the outcomes and reasons of every row shown
against the pair judged alone."""

from __future__ import annotations

import datetime

import pytest

from tandem.offers import matching
from tandem.offers.enums import ExperienceRequirement, WorkingTime
from tandem.offers.matching import criteria
from tandem.offers.matching.dialect import Dialect
from tandem.offers.matching.queries import offer_features
from tandem.people.enums import BarrierKind
from tandem.people.models import Barrier
from tandem.referentials.models import RomeAppellation
from tests.offers.test_matching import COOK, OfferFactory, membership_of, seeker

NOTHING_ASKED = {
    "o_appellation": None,
    "o_working_time": WorkingTime.UNKNOWN,
    "o_experience": ExperienceRequirement.UNKNOWN,
    "o_required_months": None,
    "o_required": None,
}


def test_what_an_offer_asking_nothing_leaves_unread():
    assert criteria.seeker_features_unread(NOTHING_ASKED) == {"s_appellations", "s_childcare", "s_experience_months"}


@pytest.mark.parametrize(
    ("asked", "read"),
    [
        ({"o_appellation": "12345"}, "s_appellations"),
        ({"o_working_time": WorkingTime.FULL_TIME}, "s_childcare"),
        ({"o_working_time": WorkingTime.PART_TIME}, "s_childcare"),
        ({"o_experience": ExperienceRequirement.REQUIRED, "o_required_months": 6}, "s_experience_months"),
        ({"o_required": 40}, "s_experience_months"),  # a level usually asked: months of experience may stand instead
    ],
)
def test_what_an_offer_asks_makes_the_person_s_feature_read(asked, read):
    assert read not in criteria.seeker_features_unread({**NOTHING_ASKED, **asked})


@pytest.mark.parametrize(
    "asked",
    [
        {"o_experience": ExperienceRequirement.REQUIRED, "o_required_months": None},  # required, in no months
        {"o_experience": ExperienceRequirement.BEGINNER, "o_required_months": 6},
    ],
)
def test_experience_asked_in_no_months_leaves_the_months_unread(asked):
    assert "s_experience_months" in criteria.seeker_features_unread({**NOTHING_ASKED, **asked})


def test_the_criteria_reading_a_feature_are_found_by_its_name_alone():
    def names(*features):
        return [criterion.name for criterion in criteria.criteria_reading(features)]

    assert names("o_required") == ["qualification"]
    assert names("o_required_months") == ["experience"]
    assert names("o_required", "o_required_months") == ["experience", "qualification"]
    assert names("s_experience_months") == ["experience", "qualification"]
    assert names("s_appellations") == ["job"]
    assert names("s_childcare") == ["part_time"]
    assert names() == []


def test_an_unread_feature_is_not_computed():
    d = Dialect("postgresql")
    unread = frozenset({"s_appellations", "s_childcare", "s_experience_months"})
    full, full_params = criteria.seeker_features_sql(d, today=datetime.date(2026, 6, 15))
    sql, params = criteria.seeker_features_sql(d, today=datetime.date(2026, 6, 15), unread=unread)

    for name in unread:
        assert f"{d.typed(criteria.SEEKER_TYPES[name])} AS {name}" in sql  # a NULL parameter in its place
    assert "jsonb_array_elements" in full and "jsonb_array_elements" not in sql
    assert f"'{BarrierKind.CHILDCARE}'" in full and f"'{BarrierKind.CHILDCARE}'" not in sql
    assert f"'{BarrierKind.MOBILITY}'" in sql  # what stays read
    assert params == [*full_params, None, None, None]


def test_a_level_the_ranking_deferred_is_read_again_for_the_reasons(cast):
    """A person who gives no level, an offer naming a diploma: the level asked cannot change the score (the ranking
    defers it), yet the suggestion says the diploma asked and that the person's level is not given."""
    person = seeker(cast)
    OfferFactory(qualification_level="BTS exigé")

    [match] = matching.offer_suggestions_for(person=person, membership=membership_of(cast.adviser_a)).matches

    assert match.outcomes["qualification"] == "unknown"
    assert any(reason.endswith("niveau de la personne non renseigné") for reason in match.reasons_missed)


def test_a_candidate_s_unread_features_change_nothing_shown(cast):
    """A person seeking an appellation, with a childcare barrier and a year of experience, for an offer asking none of
    it: the suggestion says what the pair judged alone (every feature read) says."""
    appellation = RomeAppellation.objects.filter(rome_id=COOK).order_by("code_ogr")[0]
    person = seeker(cast, experiences=[{"intitulé": "Commis", "duration_months": 12}])
    person.job_profile.sought_appellations.set([appellation])
    Barrier.objects.create(person=person, kind=BarrierKind.CHILDCARE, identified_on=datetime.date(2026, 1, 5))
    offer = OfferFactory(organisation=cast.ml_a, rome_id=COOK)
    job = offer_features(offer=offer)
    assert criteria.seeker_features_unread(job) == {"s_appellations", "s_childcare", "s_experience_months"}

    [shown] = matching.candidate_suggestions_for(offer=offer, membership=membership_of(cast.adviser_a)).matches
    alone = matching.match_for(person=person, offer=offer)

    assert (shown.person, shown.score, shown.outcomes) == (person, alone.score, alone.outcomes)
    assert (shown.reasons_met, shown.reasons_missed) == (alone.reasons_met, alone.reasons_missed)
    # Asked for, the same features are read: the appellation and the barrier count.
    offer.appellation = appellation
    offer.working_time = WorkingTime.FULL_TIME
    offer.save()
    [shown] = matching.candidate_suggestions_for(offer=offer, membership=membership_of(cast.adviser_a)).matches
    assert shown.outcomes["job"] == "appellation"
    assert "Temps plein, alors que temps partiel seulement (garde d'enfants)" in shown.reasons_missed
