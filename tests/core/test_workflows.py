"""Workflows declared once: the table drives the services, the pages, the API and the docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tandem.core.transitions import TransitionError
from tandem.core.workflows import workflow_of, workflows
from tandem.events.models import Event
from tandem.offers.positioning.workflow import POSITIONING
from tandem.referrals import services
from tandem.referrals.models import Referral
from tandem.referrals.workflow import REFERRAL
from tests.people.factories import PersonFactory

# The pages and views of each workflow, which ask it for steps and badges instead of spelling out its states.
PAGES = [
    ("referral", "tandem/referrals/templates/referrals/detail.html"),
    ("referral", "tandem/referrals/templates/referrals/inbox.html"),
    ("referral", "tandem/referrals/views.py"),
    ("positioning", "tandem/offers/templates/offers/positioning_detail.html"),
    ("positioning", "tandem/offers/positioning/views.py"),
]


@pytest.fixture
def referral(cast) -> Referral:
    return services.referral_propose(
        person=PersonFactory(followed_by=cast.agency_b),
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_a,
        by=cast.agent_b,
        is_designation=True,
    )


def names(actions) -> list[str]:
    return [action.name for action in actions]


def test_each_party_is_offered_its_steps_and_outsiders_none(cast, referral):
    assert names(REFERRAL.actions_for(referral, cast.ml_a.pk)) == ["accept", "refuse"]
    assert names(REFERRAL.actions_for(referral, cast.agency_b.pk)) == ["withdraw"]
    assert REFERRAL.actions_for(referral, cast.ml_c.pk) == []
    services.referral_accept(referral=referral, by=cast.adviser_a, organisation=cast.ml_a)
    assert names(REFERRAL.actions_for(referral, cast.ml_a.pk)) == ["schedule", "meeting"]


def test_a_step_by_another_party_is_refused_with_the_party_s_words_and_writes_nothing(cast, referral):
    with pytest.raises(ValidationError, match="Seule l'organisation destinataire répond"):
        REFERRAL.run("accept", referral, by=cast.agent_b, organisation=cast.agency_b)
    assert Event.objects.filter(subject_id=referral.pk, kind="referral_accepted").count() == 0


def test_a_step_the_state_no_longer_allows_is_a_clean_refusal(cast, referral):
    REFERRAL.run("accept", referral, by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(TransitionError, match="déjà « Acceptée »"):
        REFERRAL.run("refuse", referral, by=cast.adviser_a, organisation=cast.ml_a, data={"reason": "no_capacity"})


def test_each_step_writes_one_event_of_its_kind(cast, referral):
    REFERRAL.run("accept", referral, by=cast.adviser_a, organisation=cast.ml_a)
    assert list(
        Event.objects.filter(subject_type="referral", subject_id=referral.pk).values_list("kind", flat=True)
    ) == [
        "designation_proposed",
        "referral_accepted",
    ]


def test_every_row_finds_its_workflow_and_its_badge_tone(cast, referral):
    assert workflow_of(referral) is REFERRAL
    assert REFERRAL.tone("refused") == "error" and REFERRAL.tone("proposed") == "info"
    assert {workflow.name for workflow in workflows()} >= {"referral", "positioning"}
    assert POSITIONING.tone("hired") == "success"


def test_the_docs_are_drawn_from_the_tables():
    call_command("workflows_doc", "--check")
    text = (Path(settings.BASE_DIR) / "docs" / "workflows.md").read_text(encoding="utf-8")
    assert "proposed --> accepted: accept (receiver)" in text and "interview --> hired: hire (party)" in text


@pytest.mark.parametrize(("workflow", "path"), PAGES)
def test_no_state_is_spelt_out_in_pages_or_views(workflow, path):
    text = (Path(settings.BASE_DIR) / path).read_text(encoding="utf-8")
    states = set({"referral": REFERRAL, "positioning": POSITIONING}[workflow].states.values)
    quoted = {word for word in re.findall(r"""["']([a-z_]+)["']""", text) if word in states}
    assert quoted == set(), f"{path} spells out {sorted(quoted)}: ask the workflow instead"
    assert "Status." not in text
