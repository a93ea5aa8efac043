"""The positioning workflow (mise en relation): proposed → sent → interview → hired | not retained,
withdrawn by the young person from any open state.

Each transition is one service, allowed from named states only, that writes its event in the same
transaction; a concurrent second transition fails cleanly (conditional update). A step the current state
refuses raises Conflict (TransitionError is one); a value that is not valid, ValidationError. Events carry
codes and the offer's title (not personal data), never free text about the person.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.errors import Conflict
from tandem.core.transitions import TransitionError as TransitionError  # re-exported for callers
from tandem.core.transitions import transition
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.offers.enums import (
    OPEN_POSITIONING_STATUSES,
    ContractType,
    CvKind,
    NotRetainedReason,
    OfferStatus,
    PositioningStatus,
)
from tandem.offers.models import Offer, Positioning
from tandem.offers.positioning.permissions import employer_consent_stands
from tandem.organisations.models import Organisation
from tandem.people.models import Person


def _check_cv_kind(person: Person, cv_kind: str) -> None:
    if cv_kind not in CvKind.values:
        raise ValidationError(_("Choisissez le type de CV."), code="cv_kind")
    if cv_kind == CvKind.FULL and not employer_consent_stands(person):
        raise Conflict(
            _(
                "Un CV complet ne peut être envoyé qu'avec le consentement de la personne au partage avec un "
                "employeur : recueillez-le sur son dossier, ou envoyez un CV anonyme."
            ),
            code="full_cv_without_consent",
        )


def _payload(positioning: Positioning, **codes) -> dict:
    return {"offer_id": positioning.offer_id, "offer": positioning.offer.title, **codes}


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
    if offer.status != OfferStatus.OPEN:
        raise Conflict(
            _("Cette offre est « %(status)s » : on n'y propose plus de candidat.")
            % {"status": offer.get_status_display()},
            code="offer_closed",
        )
    _check_cv_kind(person, cv_kind)
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
        payload=_payload(positioning, cv_kind=cv_kind),
    )
    return positioning


def _transition(positioning: Positioning, *, allowed: list[str], to: str, **fields) -> Positioning:
    return transition(
        positioning,
        allowed=allowed,
        to=to,
        stale_message=_("Cette mise en relation est déjà « %(status)s » : votre action n'a pas été enregistrée."),
        **fields,
    )


def _require_party(positioning: Positioning, organisation: Organisation) -> None:
    if organisation.pk not in (positioning.organisation_id, positioning.offer.organisation_id):
        raise ValidationError(
            _(
                "Seules l'organisation qui a proposé la personne et celle qui partage l'offre "
                "suivent cette mise en relation."
            )
        )


@transaction.atomic
def positioning_send(
    *,
    positioning: Positioning,
    by: User | None,
    organisation: Organisation,
    cv_kind: str | None = None,
    at: datetime.datetime | None = None,
) -> Positioning:
    """The application went to the employer, with an anonymous CV or (with consent) a full one."""
    _require_party(positioning, organisation)
    cv_kind = cv_kind or positioning.cv_kind
    # Checked again now: the consent may have been withdrawn since the proposal.
    _check_cv_kind(positioning.person, cv_kind)
    at = at or timezone.now()
    positioning = _transition(
        positioning, allowed=[PositioningStatus.PROPOSED], to=PositioningStatus.SENT, sent_at=at, cv_kind=cv_kind
    )
    event_record(
        kind=EventKind.POSITIONING_SENT,
        by=by,
        organisation=organisation,
        person=positioning.person,
        subject=positioning,
        occurred_at=at,
        payload=_payload(positioning, cv_kind=cv_kind),
    )
    return positioning


@transaction.atomic
def positioning_record_interview(
    *,
    positioning: Positioning,
    by: User | None,
    organisation: Organisation,
    interview_at: datetime.datetime,
) -> Positioning:
    """The employer meets the person (or the date moves): allowed once sent."""
    _require_party(positioning, organisation)
    positioning = _transition(
        positioning,
        allowed=[PositioningStatus.SENT, PositioningStatus.INTERVIEW],
        to=PositioningStatus.INTERVIEW,
        interview_at=interview_at,
    )
    event_record(
        kind=EventKind.POSITIONING_INTERVIEW,
        by=by,
        organisation=organisation,
        person=positioning.person,
        subject=positioning,
        payload=_payload(positioning, interview_at=interview_at.isoformat()),
    )
    return positioning


@transaction.atomic
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
    _require_party(positioning, organisation)
    if contract_type not in ContractType.values:
        raise ValidationError(_("Choisissez le type de contrat signé."), code="contract_type")
    if contract_type == ContractType.CDI:
        duration_months = None
    elif not duration_months:
        raise ValidationError(_("Indiquez la durée du contrat (en mois)."), code="duration")
    at = at or timezone.now()
    positioning = _transition(
        positioning,
        allowed=[PositioningStatus.INTERVIEW],
        to=PositioningStatus.HIRED,
        hired_contract_type=contract_type,
        hired_start_on=start_on,
        hired_duration_months=duration_months,
        closed_at=at,
    )
    filled = _offer_count_hire(positioning.offer)
    event_record(
        kind=EventKind.POSITIONING_HIRED,
        by=by,
        organisation=organisation,
        person=positioning.person,
        subject=positioning,
        occurred_at=at,
        payload=_payload(
            positioning,
            contract_type=contract_type,
            start_on=start_on.isoformat(),
            duration_months=duration_months,
            offer_filled=filled,
        ),
    )
    return positioning


def _offer_count_hire(offer: Offer) -> bool:
    """Count one hire on the open offer, in one conditional UPDATE; True when it takes the last position.

    Hires at once cannot exceed the positions: the database checks `hires < positions` on the row as it
    updates it (PostgreSQL re-reads a row updated meanwhile, SQLite serialises writes). A refusal raises
    TransitionError, which rolls the whole hire back.
    """
    last = When(hires__gte=F("positions") - 1, then=Value(OfferStatus.FILLED))
    counted = Offer.objects.filter(pk=offer.pk, status=OfferStatus.OPEN, hires__lt=F("positions")).update(
        hires=F("hires") + 1,
        status=Case(last, default=F("status")),
        updated_at=timezone.now(),
    )
    offer.refresh_from_db(fields=["hires", "positions", "status", "updated_at"])
    if counted:
        return offer.status == OfferStatus.FILLED
    if offer.hires >= offer.positions:
        message = _(
            "Tous les postes de cette offre sont déjà pourvus (%(hires)s sur %(positions)s) : "
            "cette embauche n'a pas été enregistrée."
        ) % {"hires": offer.hires, "positions": offer.positions}
    else:
        message = _("Cette offre est « %(status)s » : cette embauche n'a pas été enregistrée.") % {
            "status": offer.get_status_display()
        }
    raise TransitionError(message, code="no_position_left")


@transaction.atomic
def positioning_not_retain(
    *,
    positioning: Positioning,
    by: User | None,
    organisation: Organisation,
    reason: str,
    at: datetime.datetime | None = None,
) -> Positioning:
    """The employer (or the organisation sharing the offer) does not retain the person: a reason is required."""
    _require_party(positioning, organisation)
    if reason not in NotRetainedReason.values:
        raise ValidationError(_("Choisissez le motif pour lequel la candidature n'est pas retenue."), code="reason")
    at = at or timezone.now()
    positioning = _transition(
        positioning,
        allowed=OPEN_POSITIONING_STATUSES,
        to=PositioningStatus.NOT_RETAINED,
        not_retained_reason=reason,
        closed_at=at,
    )
    event_record(
        kind=EventKind.POSITIONING_NOT_RETAINED,
        by=by,
        organisation=organisation,
        person=positioning.person,
        subject=positioning,
        occurred_at=at,
        payload=_payload(positioning, reason=reason),
    )
    return positioning


@transaction.atomic
def positioning_withdraw(
    *,
    positioning: Positioning,
    by: User | None,
    organisation: Organisation,
    at: datetime.datetime | None = None,
) -> Positioning:
    """The young person withdraws, from any open state (recorded by one of the parties)."""
    _require_party(positioning, organisation)
    at = at or timezone.now()
    positioning = _transition(
        positioning, allowed=OPEN_POSITIONING_STATUSES, to=PositioningStatus.WITHDRAWN, closed_at=at
    )
    event_record(
        kind=EventKind.POSITIONING_WITHDRAWN,
        by=by,
        organisation=organisation,
        person=positioning.person,
        subject=positioning,
        occurred_at=at,
        payload=_payload(positioning),
    )
    return positioning
