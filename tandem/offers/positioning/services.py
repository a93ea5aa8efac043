"""Positionings (mises en relation): proposing a person for an offer, then the workflow's steps, each a service
that runs its action by name (tandem.offers.positioning.workflow).

A step the current state refuses raises Conflict (TransitionError is one); a value that is not valid,
ValidationError. Events carry codes and the offer's title (not personal data), never free text about the person.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.errors import Conflict
from tandem.core.transitions import TransitionError as TransitionError  # re-exported for callers
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.offers.enums import CvKind
from tandem.offers.models import Offer, Positioning
from tandem.offers.positioning.workflow import POSITIONING, cv_kind_check, positioning_payload
from tandem.organisations.models import Organisation
from tandem.people.models import Person


@transaction.atomic
def positioning_propose(
    *,
    person: Person,
    offer: Offer,
    by: User | None,
    organisation: Organisation,
    cv_kind: str = CvKind.ANONYMOUS,
    proposed_at: datetime.datetime | None = None,
) -> Positioning:
    """Put the person forward for the offer. Access (person and offer) is checked by the caller."""
    if not offer.is_open:
        raise Conflict(
            _("Cette offre est « %(status)s » : on n'y propose plus de candidat.")
            % {"status": offer.get_status_display()},
            code="offer_closed",
        )
    cv_kind_check(person, cv_kind)
    proposed_at = proposed_at or timezone.now()
    positioning = Positioning(
        person=person,
        offer=offer,
        organisation=organisation,
        proposed_by=by,
        cv_kind=cv_kind,
        proposed_at=proposed_at,
    )
    positioning.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            positioning.save()
    except IntegrityError as error:
        raise Conflict(
            _("Cette personne a déjà une mise en relation en cours sur cette offre."), code="already_open"
        ) from error
    event_record(
        kind=EventKind.POSITIONING_PROPOSED,
        by=by,
        organisation=organisation,
        person=person,
        subject=positioning,
        occurred_at=proposed_at,
        payload=positioning_payload(positioning, cv_kind=cv_kind),
    )
    return positioning


# The workflow's steps (tandem.offers.positioning.workflow): each one a service, run by name, with its event.


def positioning_send(
    *,
    positioning: Positioning,
    by: User | None,
    organisation: Organisation,
    cv_kind: str | None = None,
    at: datetime.datetime | None = None,
) -> Positioning:
    """The application went to the employer, with an anonymous CV or (with consent) a full one."""
    data = {"cv_kind": cv_kind}
    return POSITIONING.run("send", positioning, by=by, organisation=organisation, at=at, data=data)


def positioning_record_interview(
    *, positioning: Positioning, by: User | None, organisation: Organisation, interview_at: datetime.datetime
) -> Positioning:
    """The employer meets the person (or the date moves): allowed once sent."""
    data = {"interview_at": interview_at}
    return POSITIONING.run("interview", positioning, by=by, organisation=organisation, data=data)


def positioning_hire(
    *,
    positioning: Positioning,
    by: User | None,
    organisation: Organisation,
    contract_type: str,
    start_on: datetime.date,
    duration_months: int | None = None,
    at: datetime.datetime | None = None,
) -> Positioning:
    """The person is hired after the interview, if the offer is open with a position left (else TransitionError).

    When hires reach the offer's positions, the offer is filled.
    """
    data = {"contract_type": contract_type, "start_on": start_on, "duration_months": duration_months}
    return POSITIONING.run("hire", positioning, by=by, organisation=organisation, at=at, data=data)


def positioning_not_retain(
    *,
    positioning: Positioning,
    by: User | None,
    organisation: Organisation,
    reason: str,
    at: datetime.datetime | None = None,
) -> Positioning:
    """The employer (or the organisation sharing the offer) does not retain the person: a reason is required."""
    data = {"reason": reason}
    return POSITIONING.run("not_retained", positioning, by=by, organisation=organisation, at=at, data=data)


def positioning_withdraw(
    *,
    positioning: Positioning,
    by: User | None,
    organisation: Organisation,
    at: datetime.datetime | None = None,
) -> Positioning:
    """The young person withdraws, from any open state (recorded by one of the parties)."""
    return POSITIONING.run("withdraw", positioning, by=by, organisation=organisation, at=at)
