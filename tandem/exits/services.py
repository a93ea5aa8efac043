"""Every write about exits: an exit recorded, corrected, cancelled, and the situation six months later.

Each service checks the caller's right itself (tandem.exits.permissions), whatever the channel (page, API token,
the demo): a caller who may not record for the person, or is no party to the exit, gets PermissionDenied, which
pages and the API answer with a 404. A value that is not valid (a day in the future or outside the organisation's
lead follow, a contract missing, a follow-up too early) is a ValidationError (422); a step refused by the state of
things (a standing exit already there, a cancelled exit, a follow-up already recorded) is a Conflict (409).

The caller is `by` (a user) acting for `organisation`; a caller that already holds the acting membership (an API
token's stand-in, which has no user) passes it as `membership`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.exits import rules
from tandem.exits.enums import ExitReason, ExitStatus, Situation
from tandem.exits.models import Exit, ExitFollowUp
from tandem.exits.permissions import can_change_exit, can_record_exit, lead_follows
from tandem.exits.workflow import EXIT, at_noon, exit_payload
from tandem.organisations.models import Organisation
from tandem.people.models import Person

EXIT_FIELDS = ("exited_on", "reason", "contract_type", "contract_months")


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Vous ne pouvez pas enregistrer la sortie de cette personne."))


def _acting(by: User | None, organisation: Organisation, membership: Membership | None) -> Membership | None:
    """The membership the caller acts with: the one given (it must be the organisation's), else the user's active
    membership in the organisation; None (refused) for a caller without one."""
    if membership is not None:
        return membership if membership.organisation_id == organisation.pk else None
    if by is None:
        return None
    return Membership.objects.active().select_related("organisation").filter(user=by, organisation=organisation).first()


def _short(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _check_day(*, organisation: Organisation, person: Person, exited_on: datetime.date, today: datetime.date) -> None:
    """Not in the future, and on a day the organisation (or its sites) led the person: not before its follow
    started, not after it ended."""
    if exited_on > today:
        raise ValidationError({"exited_on": _("La date de sortie ne peut pas être dans le futur.")}, code="future")
    follows = list(lead_follows(organisation=organisation, person=person).values_list("started_at", "ended_at"))
    local = [
        (timezone.localdate(start), timezone.localdate(end) if end is not None else None) for start, end in follows
    ]
    if any(start <= exited_on and (end is None or exited_on <= end) for start, end in local):
        return
    first = min((start for start, _end in local), default=None)
    if first is not None and exited_on < first:
        raise ValidationError(
            {
                "exited_on": _("La sortie ne peut pas précéder le début de l'accompagnement (le %(day)s).")
                % {"day": _short(first)}
            },
            code="before_follow",
        )
    raise ValidationError(
        {"exited_on": _("Votre organisation n'accompagnait pas la personne à cette date.")}, code="not_lead_then"
    )


def _contract(employed: bool, contract_type: str, contract_months: int | None) -> tuple[str, int | None]:
    """No contract outside an employment (dropped); its months only where a length means something."""
    if not employed:
        return "", None
    return contract_type, contract_months


@transaction.atomic
def exit_record(
    *,
    person: Person,
    exited_on: datetime.date,
    reason: str,
    contract_type: str = "",
    contract_months: int | None = None,
    by: User | None,
    organisation: Organisation,
    membership: Membership | None = None,
    today: datetime.date | None = None,
) -> Exit:
    """The person's exit from the organisation's accompaniment, on a day the organisation led them; written on the
    person (their timeline shows it) on the exit's day."""
    if not can_record_exit(_acting(by, organisation, membership), person):
        raise _refuse()
    _check_day(organisation=organisation, person=person, exited_on=exited_on, today=today or timezone.localdate())
    if Exit.objects.filter(person=person, organisation=organisation, status=ExitStatus.RECORDED).exists():
        raise Conflict(
            _("Une sortie de cette personne est déjà enregistrée par votre organisation : corrigez-la."),
            code="exit_standing",
        )
    contract_type, contract_months = _contract(reason == ExitReason.EMPLOYMENT, contract_type, contract_months)
    exit = Exit(
        person=person,
        organisation=organisation,
        exited_on=exited_on,
        reason=reason,
        contract_type=contract_type,
        contract_months=contract_months,
        recorded_by=by,
    )
    exit.full_clean(validate_constraints=False)
    exit.save()
    event_record(
        kind=EventKind.EXIT_RECORDED,
        by=by,
        organisation=organisation,
        person=person,
        subject=exit,
        occurred_at=at_noon(exit.exited_on),
        payload=exit_payload(exit),
    )
    return exit


@transaction.atomic
def exit_update(
    *,
    exit: Exit,
    exited_on: datetime.date,
    reason: str,
    contract_type: str = "",
    contract_months: int | None = None,
    by: User | None,
    organisation: Organisation,
    membership: Membership | None = None,
    today: datetime.date | None = None,
) -> Exit:
    """Correct a recorded exit (a party to it). The event is dated on the exit's (new) day: the indicators read an
    exit's last word on that day (docs/indicators.md)."""
    if not can_change_exit(_acting(by, organisation, membership), exit):
        raise _refuse()
    if exit.status != ExitStatus.RECORDED:
        raise Conflict(_("Cette sortie est annulée : elle ne change plus."), code="exit_cancelled")
    _check_day(
        organisation=exit.organisation, person=exit.person, exited_on=exited_on, today=today or timezone.localdate()
    )
    contract_type, contract_months = _contract(reason == ExitReason.EMPLOYMENT, contract_type, contract_months)
    values = {
        "exited_on": exited_on,
        "reason": reason,
        "contract_type": contract_type,
        "contract_months": contract_months,
    }
    changed = sorted(name for name in EXIT_FIELDS if getattr(exit, name) != values[name])
    for name, value in values.items():
        setattr(exit, name, value)
    exit.full_clean(validate_constraints=False)
    exit.save()
    if changed:
        event_record(
            kind=EventKind.EXIT_UPDATED,
            by=by,
            organisation=organisation,
            person=exit.person,
            subject=exit,
            occurred_at=at_noon(exit.exited_on),
            payload=exit_payload(exit) | {"fields": changed},
        )
    return exit


def exit_cancel(
    *,
    exit: Exit,
    reason: str,
    by: User | None,
    organisation: Organisation,
    membership: Membership | None = None,
) -> Exit:
    """Cancel an exit recorded by mistake (a party to it), with its reason's code: it no longer counts."""
    if not can_change_exit(_acting(by, organisation, membership), exit):
        raise _refuse()
    return EXIT.run("cancel", exit, by=by, organisation=organisation, data={"reason": reason})


@transaction.atomic
def follow_up_record(
    *,
    exit: Exit,
    observed_on: datetime.date,
    situation: str,
    contract_type: str = "",
    contract_months: int | None = None,
    by: User | None,
    organisation: Organisation,
    membership: Membership | None = None,
    today: datetime.date | None = None,
) -> ExitFollowUp:
    """The person's situation six months after the exit (a party to it): observed no earlier than six months after
    the exit less the tolerance (tandem.exits.enums), and not in the future. Once per exit."""
    if not can_change_exit(_acting(by, organisation, membership), exit):
        raise _refuse()
    exit = Exit.objects.select_for_update().select_related("person", "organisation").get(pk=exit.pk)
    if exit.status != ExitStatus.RECORDED:
        raise Conflict(
            _("Cette sortie est annulée : sa situation à six mois ne s'enregistre pas."), code="exit_cancelled"
        )
    if ExitFollowUp.objects.filter(exit=exit).exists():
        raise Conflict(_("La situation à six mois de cette sortie est déjà enregistrée."), code="follow_up_recorded")
    if observed_on > (today or timezone.localdate()):
        raise ValidationError(
            {"observed_on": _("La date d'observation ne peut pas être dans le futur.")}, code="future"
        )
    earliest = rules.follow_up_earliest(exit.exited_on)
    if observed_on < earliest:
        raise ValidationError(
            {
                "observed_on": _("La situation à six mois s'observe à partir du %(day)s (six mois après la sortie).")
                % {"day": _short(earliest)}
            },
            code="too_early",
        )
    contract_type, contract_months = _contract(situation == Situation.EMPLOYMENT, contract_type, contract_months)
    follow_up = ExitFollowUp(
        exit=exit,
        observed_on=observed_on,
        situation=situation,
        contract_type=contract_type,
        contract_months=contract_months,
        organisation=organisation,
        recorded_by=by,
    )
    follow_up.full_clean(validate_constraints=False)
    follow_up.save()
    # On the exit (its subject): the indicators join a follow-up to its exit's events.
    event_record(
        kind=EventKind.EXIT_FOLLOW_UP_RECORDED,
        by=by,
        organisation=organisation,
        person=exit.person,
        subject=exit,
        occurred_at=at_noon(follow_up.observed_on),
        payload={
            "exit": exit.pk,
            "follow_up": follow_up.pk,
            "situation": follow_up.situation,
            "contract": follow_up.contract_type,
            "months": follow_up.contract_months,
            "durable": follow_up.is_durable,
        },
    )
    return follow_up
