"""The exits' services: recording (the day, the lead follow, the contract), correcting, cancelling, the follow-up;
the events they write (codes and numbers only, dated on the day) and who may write."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.exits import services
from tandem.exits.enums import ExitStatus
from tandem.exits.models import Exit, ExitFollowUp
from tandem.people.enums import FollowRole
from tandem.people.models import Follow
from tandem.people.services import follow_set_lead
from tests.exits.factories import TODAY, YEAR_AGO, exit_of, followed_person

pytestmark = pytest.mark.django_db

MONTHS_AGO_8 = TODAY - datetime.timedelta(days=240)


@pytest.fixture
def person(cast):
    return followed_person(cast)


def test_an_employment_exit_is_positive_and_durable_by_the_rule_and_its_event_carries_codes_on_the_day(cast, person):
    exit = exit_of(cast, person, exited_on=MONTHS_AGO_8, contract_type="cdd", contract_months=8)
    assert (exit.is_positive, exit.is_durable, exit.organisation, exit.recorded_by) == (
        True,
        True,
        cast.ml_a,
        cast.adviser_a,
    )
    event = Event.objects.get(kind=EventKind.EXIT_RECORDED)
    assert event.payload == {
        "exit": exit.pk,
        "exited_on": MONTHS_AGO_8.isoformat(),
        "reason": "employment",
        "contract": "cdd",
        "months": 8,
        "positive": True,
        "durable": True,
    }
    assert timezone.localtime(event.occurred_at) == timezone.make_aware(
        datetime.datetime.combine(MONTHS_AGO_8, datetime.time(12))
    )
    assert (event.person, event.subject_type, event.subject_id) == (person, "exit", exit.pk)


def test_a_short_cdd_is_not_durable_and_a_training_exit_has_no_contract(cast, person):
    exit = exit_of(cast, person, exited_on=MONTHS_AGO_8, contract_type="cdd", contract_months=3)
    assert (exit.is_positive, exit.is_durable) == (True, False)
    other = followed_person(cast, last_name="Durand")
    exit = exit_of(cast, other, exited_on=MONTHS_AGO_8, reason="training", contract_type="cdi", contract_months=3)
    assert (exit.is_positive, exit.is_durable, exit.contract_type, exit.contract_months) == (True, False, "", None)
    third = followed_person(cast, last_name="Petit")
    exit = exit_of(cast, third, exited_on=MONTHS_AGO_8, reason="no_contact")
    assert (exit.is_positive, exit.is_durable) == (False, False)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"exited_on": TODAY + datetime.timedelta(days=1)}, "exited_on"),
        ({"exited_on": YEAR_AGO - datetime.timedelta(days=1)}, "exited_on"),
        ({"contract_type": ""}, "contract_type"),
        ({"contract_type": "cdd"}, "contract_months"),
        ({"contract_type": "temp"}, "contract_months"),
        ({"reason": "holidays"}, "reason"),
    ],
)
def test_a_value_that_is_not_valid_is_refused_and_nothing_is_written(cast, person, changes, field):
    values = {"exited_on": MONTHS_AGO_8, "reason": "employment", "contract_type": "cdi"} | changes
    with pytest.raises(ValidationError) as error:
        services.exit_record(person=person, by=cast.adviser_a, organisation=cast.ml_a, **values)
    assert field in error.value.message_dict
    assert not isinstance(error.value, Conflict)
    assert not Exit.objects.exists() and not Event.objects.filter(kind=EventKind.EXIT_RECORDED).exists()


def test_the_exit_day_must_fall_in_the_organisations_lead_follow(cast, person):
    with pytest.raises(ValidationError, match="précéder le début de l'accompagnement"):
        exit_of(cast, person, exited_on=YEAR_AGO - datetime.timedelta(days=1))
    # Once the lead has moved to Mission Locale C, A may still record an exit dated while it led the person.
    handed_over = TODAY - datetime.timedelta(days=30)
    follow_set_lead(
        person=person,
        organisation=cast.ml_c,
        adviser=cast.adviser_c,
        by=cast.adviser_c,
        reason="move",
        at=timezone.make_aware(datetime.datetime.combine(handed_over, datetime.time(10))),
    )
    with pytest.raises(ValidationError, match="n'accompagnait pas la personne"):
        exit_of(cast, person, exited_on=TODAY - datetime.timedelta(days=10))
    exit = exit_of(cast, person, exited_on=handed_over - datetime.timedelta(days=5))
    assert exit.organisation == cast.ml_a


def test_one_standing_exit_per_person_and_organisation(cast, person):
    exit = exit_of(cast, person, exited_on=MONTHS_AGO_8)
    with pytest.raises(Conflict):
        exit_of(cast, person, exited_on=TODAY)
    services.exit_cancel(exit=exit, reason="duplicate", by=cast.adviser_a, organisation=cast.ml_a)
    again = exit_of(cast, person, exited_on=TODAY)
    assert Exit.objects.filter(status=ExitStatus.RECORDED).get() == again


@pytest.mark.parametrize("persona", ["adviser_c", "agent_b", "temp_contact", "observer"])
def test_an_organisation_that_never_led_the_person_may_not_write(cast, person, persona):
    user = getattr(cast, persona)
    organisation = user.memberships.get().organisation
    with pytest.raises(PermissionDenied):
        services.exit_record(
            person=person, exited_on=MONTHS_AGO_8, reason="training", by=user, organisation=organisation
        )
    exit = exit_of(cast, person, exited_on=MONTHS_AGO_8)
    with pytest.raises(PermissionDenied):
        services.exit_update(exit=exit, exited_on=MONTHS_AGO_8, reason="training", by=user, organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.exit_cancel(exit=exit, reason="duplicate", by=user, organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.follow_up_record(
            exit=exit,
            observed_on=TODAY,
            situation="employment",
            contract_type="cdi",
            by=user,
            organisation=organisation,
        )
    exit.refresh_from_db()
    assert (exit.reason, exit.status) == ("employment", ExitStatus.RECORDED)
    assert not ExitFollowUp.objects.exists()


def test_a_correction_writes_the_changed_fields_on_the_new_day_and_a_cancelled_exit_no_longer_changes(cast, person):
    exit = exit_of(cast, person, exited_on=MONTHS_AGO_8, contract_type="cdd", contract_months=3)
    new_day = MONTHS_AGO_8 + datetime.timedelta(days=3)
    services.exit_update(
        exit=exit,
        exited_on=new_day,
        reason="employment",
        contract_type="cdd",
        contract_months=9,
        by=cast.director_a,
        organisation=cast.ml_a,
    )
    exit.refresh_from_db()
    assert (exit.exited_on, exit.contract_months, exit.is_durable) == (new_day, 9, True)
    updated = Event.objects.get(kind=EventKind.EXIT_UPDATED)
    assert updated.payload["fields"] == ["contract_months", "exited_on"] and updated.payload["durable"] is True
    assert timezone.localdate(updated.occurred_at) == new_day
    # Nothing changed: no event.
    services.exit_update(
        exit=exit,
        exited_on=new_day,
        reason="employment",
        contract_type="cdd",
        contract_months=9,
        by=cast.director_a,
        organisation=cast.ml_a,
    )
    assert Event.objects.filter(kind=EventKind.EXIT_UPDATED).count() == 1
    services.exit_cancel(exit=exit, reason="typing_error", by=cast.adviser_a, organisation=cast.ml_a)
    assert Event.objects.get(kind=EventKind.EXIT_CANCELLED).payload == {"exit": exit.pk, "reason": "typing_error"}
    with pytest.raises(Conflict):
        services.exit_update(exit=exit, exited_on=new_day, reason="training", by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(Conflict):
        services.exit_cancel(exit=exit, reason="typing_error", by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(ValidationError):
        other = exit_of(cast, followed_person(cast, last_name="Durand"), exited_on=MONTHS_AGO_8)
        services.exit_cancel(exit=other, reason="", by=cast.adviser_a, organisation=cast.ml_a)


def test_the_follow_up_comes_six_months_later_less_the_tolerance_once(cast, person):
    exited_on = TODAY - datetime.timedelta(days=200)
    exit = exit_of(cast, person, exited_on=exited_on, reason="training")
    from tandem.exits.rules import follow_up_earliest

    earliest = follow_up_earliest(exited_on)
    with pytest.raises(ValidationError, match="s'observe à partir du"):
        services.follow_up_record(
            exit=exit,
            observed_on=earliest - datetime.timedelta(days=1),
            situation="job_seeking",
            by=cast.adviser_a,
            organisation=cast.ml_a,
        )
    with pytest.raises(ValidationError):
        services.follow_up_record(
            exit=exit, observed_on=TODAY, situation="employment", by=cast.adviser_a, organisation=cast.ml_a
        )
    with pytest.raises(ValidationError):
        services.follow_up_record(
            exit=exit,
            observed_on=TODAY + datetime.timedelta(days=1),
            situation="job_seeking",
            by=cast.adviser_a,
            organisation=cast.ml_a,
        )
    follow_up = services.follow_up_record(
        exit=exit,
        observed_on=earliest,
        situation="employment",
        contract_type="professionalisation",
        contract_months=12,
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    assert follow_up.is_durable
    event = Event.objects.get(kind=EventKind.EXIT_FOLLOW_UP_RECORDED)
    assert event.payload == {
        "exit": exit.pk,
        "follow_up": follow_up.pk,
        "situation": "employment",
        "contract": "professionalisation",
        "months": 12,
        "durable": True,
    }
    assert (event.subject_type, event.subject_id, timezone.localdate(event.occurred_at)) == ("exit", exit.pk, earliest)
    with pytest.raises(Conflict):
        services.follow_up_record(
            exit=exit, observed_on=TODAY, situation="job_seeking", by=cast.adviser_a, organisation=cast.ml_a
        )


def test_no_follow_up_for_a_cancelled_exit(cast, person):
    exit = exit_of(cast, person, exited_on=TODAY - datetime.timedelta(days=200))
    services.exit_cancel(exit=exit, reason="not_exited", by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(Conflict):
        services.follow_up_record(
            exit=exit, observed_on=TODAY, situation="job_seeking", by=cast.adviser_a, organisation=cast.ml_a
        )


def test_the_former_lead_and_the_new_lead_both_record_the_follow_up_after_a_hand_over(cast, person):
    exit = exit_of(cast, person, exited_on=TODAY - datetime.timedelta(days=200))
    follow_set_lead(person=person, organisation=cast.ml_c, adviser=cast.adviser_c, by=cast.adviser_c, reason="move")
    assert not Follow.objects.filter(person=person, organisation=cast.ml_a, role=FollowRole.LEAD, ended_at=None)
    services.exit_update(
        exit=exit,
        exited_on=exit.exited_on,
        reason="employment",
        contract_type="cdd",
        contract_months=6,
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )
    follow_up = services.follow_up_record(
        exit=exit, observed_on=TODAY, situation="job_seeking", by=cast.adviser_c, organisation=cast.ml_c
    )
    assert (follow_up.organisation, follow_up.is_durable) == (cast.ml_c, False)
