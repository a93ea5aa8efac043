"""The positioning workflow (mise en relation): each step one service, one event, allowed from named states."""

from __future__ import annotations

import datetime
import threading

import factory
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.offers.enums import (
    ContractType,
    CvKind,
    NotRetainedReason,
    OfferSource,
    OfferStatus,
    PositioningStatus,
    SharingScope,
)
from tandem.offers.models import Offer, Positioning
from tandem.offers.positioning import services
from tandem.people.enums import ConsentRecipient
from tandem.people.services import consent_give, consent_revoke, follow_set_lead
from tests.people.factories import PersonFactory

HAGUENAU = "67180"


class PositioningOfferFactory(factory.django.DjangoModelFactory):
    """An open offer shared with the partners; tests pass its organisation (France Travail B by default)."""

    class Meta:
        model = Offer

    source = OfferSource.PARTNER
    external_id = factory.Sequence(lambda n: f"positioning-{n}")
    title = factory.Sequence(lambda n: f"Commis de cuisine {n}")
    employer_name = "Brasserie du Marché"
    rome_id = "G1602"
    commune_id = HAGUENAU
    contract_type = ContractType.CDD
    sharing = SharingScope.PARTNERS


def offer_of(cast, **fields) -> Offer:
    return PositioningOfferFactory(organisation=fields.pop("organisation", cast.agency_b), **fields)


def led_person(cast, **fields):
    """A young person led by Mission Locale A (adviser_a)."""
    person = PersonFactory(**fields)
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    return person


def propose(cast, person=None, offer=None, **kwargs) -> Positioning:
    return services.positioning_propose(
        person=person or led_person(cast),
        offer=offer or offer_of(cast),
        by=cast.adviser_a,
        organisation=cast.ml_a,
        **kwargs,
    )


def employer_consent(cast, person):
    return consent_give(
        person=person,
        recipient_kind=ConsentRecipient.EMPLOYER,
        recipient=None,
        given_on=timezone.localdate(),
        by=cast.adviser_a,
        organisation=cast.ml_a,
    )


def positioning_kinds(person) -> list[str]:
    return list(
        Event.objects.filter(person=person, kind__startswith="positioning_")
        .order_by("id")
        .values_list("kind", flat=True)
    )


def advance(cast, positioning: Positioning, to: str) -> Positioning:
    """Bring a fresh positioning to an open state, through the services."""
    if to in (PositioningStatus.SENT, PositioningStatus.INTERVIEW):
        positioning = services.positioning_send(positioning=positioning, by=cast.adviser_a, organisation=cast.ml_a)
    if to == PositioningStatus.INTERVIEW:
        positioning = services.positioning_record_interview(
            positioning=positioning,
            by=cast.agent_b,
            organisation=cast.agency_b,
            interview_at=timezone.now() + datetime.timedelta(days=2),
        )
    return positioning


def hire(cast, positioning: Positioning) -> Positioning:
    return services.positioning_hire(
        positioning=positioning,
        by=cast.agent_b,
        organisation=cast.agency_b,
        contract_type=ContractType.CDD,
        start_on=timezone.localdate() + datetime.timedelta(days=7),
        duration_months=6,
    )


def test_the_whole_path_to_a_hire_writes_one_event_per_step_and_fills_a_one_position_offer(cast):
    offer = offer_of(cast, positions=1)
    positioning = propose(cast, offer=offer)
    assert positioning.status == PositioningStatus.PROPOSED
    positioning = advance(cast, positioning, PositioningStatus.INTERVIEW)
    positioning = hire(cast, positioning)
    assert positioning.status == PositioningStatus.HIRED
    assert (positioning.hired_contract_type, positioning.hired_duration_months) == (ContractType.CDD, 6)
    assert positioning.closed_at is not None
    assert positioning_kinds(positioning.person) == [
        EventKind.POSITIONING_PROPOSED,
        EventKind.POSITIONING_SENT,
        EventKind.POSITIONING_INTERVIEW,
        EventKind.POSITIONING_HIRED,
    ]
    offer.refresh_from_db()
    assert offer.status == OfferStatus.FILLED
    hired = Event.objects.get(kind=EventKind.POSITIONING_HIRED)
    assert (hired.subject_type, hired.subject_id, hired.actor_organisation) == (
        "positioning",
        positioning.pk,
        cast.agency_b,
    )
    # Codes and the offer's title only: nothing typed about the person.
    assert hired.payload == {
        "offer_id": offer.pk,
        "offer": offer.title,
        "contract_type": "cdd",
        "start_on": positioning.hired_start_on.isoformat(),
        "duration_months": 6,
        "offer_filled": True,
    }


def test_an_offer_with_two_positions_stays_open_after_the_first_hire(cast):
    offer = offer_of(cast, positions=2)
    first = hire(cast, advance(cast, propose(cast, offer=offer), PositioningStatus.INTERVIEW))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN
    hire(cast, advance(cast, propose(cast, offer=offer), PositioningStatus.INTERVIEW))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.FILLED
    assert Event.objects.get(kind=EventKind.POSITIONING_HIRED, subject_id=first.pk).payload["offer_filled"] is False


NO_POSITION_LEFT = "Tous les postes de cette offre sont déjà pourvus"


@pytest.mark.parametrize(("positions", "candidates"), [(1, 2), (2, 4)])
def test_hires_beyond_the_offer_s_positions_are_refused_with_a_clear_message(cast, positions, candidates):
    offer = offer_of(cast, positions=positions)
    interviewed = [advance(cast, propose(cast, offer=offer), PositioningStatus.INTERVIEW) for _ in range(candidates)]
    outcomes = []
    for positioning in interviewed:
        try:
            hire(cast, positioning)
            outcomes.append("hired")
        except services.TransitionError as error:
            outcomes.append(error.messages[0])
    assert outcomes[:positions] == ["hired"] * positions
    assert all(outcome.startswith(NO_POSITION_LEFT) for outcome in outcomes[positions:])
    offer.refresh_from_db()
    assert (offer.hires, offer.status) == (positions, OfferStatus.FILLED)
    assert Positioning.objects.filter(offer=offer, status=PositioningStatus.HIRED).count() == positions
    assert Positioning.objects.filter(offer=offer, status=PositioningStatus.INTERVIEW).count() == candidates - positions
    assert Event.objects.filter(kind=EventKind.POSITIONING_HIRED).count() == positions


def test_no_hire_is_recorded_on_an_offer_that_is_no_longer_open(cast):
    offer = offer_of(cast, positions=2)
    positioning = advance(cast, propose(cast, offer=offer), PositioningStatus.INTERVIEW)
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.WITHDRAWN)
    with pytest.raises(services.TransitionError, match="« Retirée »"):
        hire(cast, positioning)
    positioning.refresh_from_db()
    assert positioning.status == PositioningStatus.INTERVIEW


def test_the_migration_counts_the_hires_already_recorded(cast):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("tandem.offers.migrations.0002_offer_hires")
    offer = offer_of(cast, positions=3)
    for _ in range(2):
        hire(cast, advance(cast, propose(cast, offer=offer), PositioningStatus.INTERVIEW))
    empty = offer_of(cast)
    Offer.objects.update(hires=0)
    migration.count_hires(apps, None)
    assert dict(Offer.objects.filter(pk__in=[offer.pk, empty.pk]).values_list("pk", "hires")) == {
        offer.pk: 2,
        empty.pk: 0,
    }


def test_no_one_is_proposed_on_a_filled_offer(cast):
    with pytest.raises(ValidationError, match="Pourvue"):
        propose(cast, offer=offer_of(cast, status=OfferStatus.FILLED))


def test_a_hire_needs_an_interview_first_and_a_duration_unless_permanent(cast):
    positioning = propose(cast)
    with pytest.raises(services.TransitionError):
        hire(cast, positioning)
    positioning = advance(cast, positioning, PositioningStatus.INTERVIEW)
    with pytest.raises(ValidationError, match="durée"):
        services.positioning_hire(
            positioning=positioning,
            by=cast.adviser_a,
            organisation=cast.ml_a,
            contract_type=ContractType.CDD,
            start_on=timezone.localdate(),
        )
    hired = services.positioning_hire(
        positioning=positioning,
        by=cast.adviser_a,
        organisation=cast.ml_a,
        contract_type=ContractType.CDI,
        start_on=timezone.localdate(),
        duration_months=12,
    )
    assert (hired.hired_contract_type, hired.hired_duration_months) == (ContractType.CDI, None)


def test_not_retained_needs_a_reason(cast):
    positioning = advance(cast, propose(cast), PositioningStatus.SENT)
    for reason in ("", "no idea"):
        with pytest.raises(ValidationError, match="motif"):
            services.positioning_not_retain(
                positioning=positioning, by=cast.agent_b, organisation=cast.agency_b, reason=reason
            )
    assert positioning_kinds(positioning.person) == [EventKind.POSITIONING_PROPOSED, EventKind.POSITIONING_SENT]
    refused = services.positioning_not_retain(
        positioning=positioning, by=cast.agent_b, organisation=cast.agency_b, reason=NotRetainedReason.OTHER_CANDIDATE
    )
    assert (refused.status, refused.not_retained_reason) == (PositioningStatus.NOT_RETAINED, "other_candidate")
    event = Event.objects.get(kind=EventKind.POSITIONING_NOT_RETAINED)
    assert event.payload["reason"] == "other_candidate"


@pytest.mark.parametrize("state", [PositioningStatus.PROPOSED, PositioningStatus.SENT, PositioningStatus.INTERVIEW])
def test_the_young_person_withdraws_from_any_open_state(cast, state):
    positioning = advance(cast, propose(cast), state)
    withdrawn = services.positioning_withdraw(positioning=positioning, by=cast.adviser_a, organisation=cast.ml_a)
    assert withdrawn.status == PositioningStatus.WITHDRAWN
    assert withdrawn.closed_at is not None
    assert positioning_kinds(positioning.person)[-1] == EventKind.POSITIONING_WITHDRAWN


def test_a_closed_positioning_can_no_longer_be_withdrawn(cast):
    positioning = hire(cast, advance(cast, propose(cast), PositioningStatus.INTERVIEW))
    with pytest.raises(services.TransitionError, match="Embauche"):
        services.positioning_withdraw(positioning=positioning, by=cast.adviser_a, organisation=cast.ml_a)


def test_a_second_open_positioning_on_the_same_offer_is_refused_until_the_first_closes(cast):
    first = propose(cast)
    with pytest.raises(ValidationError, match="déjà une mise en relation en cours"):
        propose(cast, person=first.person, offer=first.offer)
    assert Positioning.objects.count() == 1
    services.positioning_withdraw(positioning=first, by=cast.adviser_a, organisation=cast.ml_a)
    again = propose(cast, person=first.person, offer=first.offer)
    assert again.status == PositioningStatus.PROPOSED


def test_a_stale_concurrent_transition_fails_cleanly(cast):
    positioning = propose(cast)
    stale_copy = Positioning.objects.get(pk=positioning.pk)
    services.positioning_send(positioning=positioning, by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(services.TransitionError, match="déjà « Envoyée à l'employeur »"):
        services.positioning_send(positioning=stale_copy, by=cast.agent_b, organisation=cast.agency_b)
    assert positioning_kinds(positioning.person).count(EventKind.POSITIONING_SENT) == 1


def test_a_full_cv_is_refused_without_the_employer_consent(cast):
    person = led_person(cast)
    with pytest.raises(ValidationError, match="consentement"):
        propose(cast, person=person, cv_kind=CvKind.FULL)
    positioning = propose(cast, person=person)
    with pytest.raises(ValidationError, match="consentement"):
        services.positioning_send(
            positioning=positioning, by=cast.adviser_a, organisation=cast.ml_a, cv_kind=CvKind.FULL
        )
    consent = employer_consent(cast, person)
    sent = services.positioning_send(
        positioning=positioning, by=cast.adviser_a, organisation=cast.ml_a, cv_kind=CvKind.FULL
    )
    assert sent.cv_kind == CvKind.FULL
    # Revoked since the proposal: the full CV is refused at sending time.
    other = propose(cast, person=person, offer=offer_of(cast), cv_kind=CvKind.FULL)
    consent_revoke(consent=consent, by=cast.adviser_a, organisation=cast.ml_a)
    with pytest.raises(ValidationError, match="consentement"):
        services.positioning_send(positioning=other, by=cast.adviser_a, organisation=cast.ml_a)


def test_only_the_proposing_organisation_and_the_offer_s_organisation_move_a_positioning(cast):
    positioning = propose(cast)
    with pytest.raises(ValidationError, match="Seules"):
        services.positioning_send(positioning=positioning, by=cast.adviser_c, organisation=cast.ml_c)
    sent = services.positioning_send(positioning=positioning, by=cast.agent_b, organisation=cast.agency_b)
    assert sent.status == PositioningStatus.SENT


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables; PostgreSQL runs this race for real",
)
@pytest.mark.django_db(transaction=True)
def test_two_parties_sending_at_once_one_wins_the_other_gets_a_clear_message(cast_committed):
    cast = cast_committed
    positioning = propose(cast)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def send(user, organisation):
        try:
            barrier.wait()
            services.positioning_send(
                positioning=Positioning.objects.get(pk=positioning.pk), by=user, organisation=organisation
            )
            outcomes.append("ok")
        except services.TransitionError as error:
            outcomes.append(str(error.messages[0]))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=args)
        for args in ((cast.adviser_a, cast.ml_a), (cast.agent_b, cast.agency_b))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert sorted(outcomes)[0].startswith("Cette mise en relation est déjà")
    assert positioning_kinds(positioning.person).count(EventKind.POSITIONING_SENT) == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables; PostgreSQL runs this race for real",
)
@pytest.mark.parametrize(("positions", "candidates"), [(1, 2), (2, 4)])
@pytest.mark.django_db(transaction=True)
def test_hires_at_once_never_exceed_the_offer_s_positions(cast_committed, positions, candidates):
    cast = cast_committed
    offer = offer_of(cast, positions=positions)
    interviewed = [advance(cast, propose(cast, offer=offer), PositioningStatus.INTERVIEW) for _ in range(candidates)]
    outcomes: list[str] = []
    barrier = threading.Barrier(candidates)

    def hire_at_once(pk):
        try:
            barrier.wait()
            hire(cast, Positioning.objects.get(pk=pk))
            outcomes.append("hired")
        except services.TransitionError as error:
            outcomes.append(str(error.messages[0]))
        finally:
            connection.close()

    threads = [threading.Thread(target=hire_at_once, args=(p.pk,)) for p in interviewed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("hired") == positions
    assert all(o.startswith(NO_POSITION_LEFT) for o in outcomes if o != "hired"), outcomes
    offer.refresh_from_db()
    assert (offer.hires, offer.status) == (positions, OfferStatus.FILLED)
    assert Positioning.objects.filter(offer=offer, status=PositioningStatus.HIRED).count() == positions
    assert Event.objects.filter(kind=EventKind.POSITIONING_HIRED).count() == positions
