"""The referral workflow, declared once (tandem.core.workflows; diagram in docs/workflows.md):

    proposed → accepted | refused(reason) | withdrawn | expired
    accepted → meeting_scheduled → meeting_held (effective entry) → closed(outcome)
    accepted | meeting_scheduled → withdrawn | expired

The receiving organisation answers and follows the first meeting; the sending one may withdraw; the daily job
expires what is late. A designation accepted makes the receiver the lead; another referral, a contributor.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.workflows import Action, Party, Step, Workflow
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.selectors import in_family_of
from tandem.people.enums import Scheme
from tandem.people.models import Person
from tandem.people.services import follow_add_contributor, follow_set_lead, scheme_start
from tandem.referrals.enums import ReferralOutcome, ReferralStatus, RefusalReason
from tandem.referrals.forms import CloseForm, MeetingHeldForm, RefuseForm, ScheduleForm, WithdrawForm
from tandem.referrals.models import Referral

DEFAULT_FIRST_MEETING_DAYS = 15
S = ReferralStatus
WAITING = (S.PROPOSED, S.ACCEPTED, S.MEETING_SCHEDULED)


def _proposed_on(referral: Referral) -> str:
    return date_format(timezone.localtime(referral.proposed_at), "SHORT_DATE_FORMAT")


def _accepted(step: Step) -> dict[str, Any]:
    referral = step.row
    days = referral.link.first_meeting_days if referral.link else DEFAULT_FIRST_MEETING_DAYS
    return {
        "answered_at": step.at,
        "answered_by": step.by,
        "meeting_due_on": timezone.localdate(step.at) + datetime.timedelta(days=days),
    }


def _lead_or_contributor(step: Step) -> None:
    """A designation accepted makes the receiving organisation the lead; another referral, a contributor."""
    referral, adviser = step.row, step.data.get("adviser") or step.by
    if referral.is_designation:
        follow_set_lead(
            person=referral.person,
            organisation=step.organisation,
            adviser=adviser,
            by=step.by,
            reason=_("Délégation du PPAE acceptée"),
            at=step.at,
        )
    else:
        follow_add_contributor(
            person=referral.person, organisation=step.organisation, by=step.by, adviser=adviser, at=step.at
        )


def _refused(step: Step) -> dict[str, Any]:
    reason, comment = step.data.get("reason", ""), step.data.get("comment", "")
    if reason not in RefusalReason.values:
        raise ValidationError(_("Choisissez un motif de refus."), code="refusal_reason")
    if reason == RefusalReason.OTHER and not comment.strip():
        raise ValidationError(_("Précisez le motif de refus."), code="refusal_comment")
    return {"answered_at": step.at, "answered_by": step.by, "refusal_reason": reason, "refusal_comment": comment}


def _scheduled(step: Step) -> dict[str, Any]:
    meeting_at = step.data["meeting_at"]
    if meeting_at < step.row.proposed_at:
        raise ValidationError(
            _("Le premier rendez-vous ne peut pas précéder l'orientation (proposée le %(day)s).")
            % {"day": _proposed_on(step.row)},
            code="meeting_before_referral",
        )
    return {"meeting_at": meeting_at}


def _held(step: Step) -> dict[str, Any]:
    held_on = step.data["held_on"]
    if held_on > timezone.localdate():
        raise ValidationError(_("Un rendez-vous honoré ne peut pas être dans le futur."), code="meeting_in_future")
    if held_on < timezone.localdate(step.row.proposed_at):
        raise ValidationError(
            _("Le premier rendez-vous ne peut pas précéder l'orientation (proposée le %(day)s).")
            % {"day": _proposed_on(step.row)},
            code="meeting_before_referral",
        )
    return {"meeting_held_on": held_on}


def _held_at_noon(step: Step) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(step.data["held_on"], datetime.time(12, 0)))


def _entered(step: Step) -> None:
    """The effective entry: the person was seen that day; a designation starts the delegated PPAE."""
    referral, held_on = step.row, step.data["held_on"]
    Person.objects.filter(pk=referral.person_id).update(last_contact_on=held_on)
    if referral.is_designation:
        scheme_start(
            person=referral.person,
            scheme=Scheme.PPAE_DELEGATED,
            starts_on=held_on,
            by=step.by,
            organisation=step.organisation,
        )


def _closed(step: Step) -> dict[str, Any]:
    outcome = step.data.get("outcome", "")
    if outcome not in ReferralOutcome.values:
        raise ValidationError(_("Choisissez l'issue de l'orientation."), code="outcome")
    return {"closed_at": step.at, "outcome": outcome}


def _ended(step: Step) -> dict[str, Any]:
    return {"closed_at": step.at}


REFERRAL = Workflow(
    name="referral",
    model=Referral,
    states=ReferralStatus,
    parties={
        "receiver": Party(
            is_party=lambda referral, organisation_id: in_family_of(organisation_id, referral.to_organisation),
            refusal=gettext_lazy("Seule l'organisation destinataire répond à une orientation."),
        ),
        "sender": Party(
            is_party=lambda referral, organisation_id: in_family_of(organisation_id, referral.from_organisation),
            refusal=gettext_lazy("Seule l'organisation qui a orienté peut retirer l'orientation."),
        ),
    },
    actions=[
        Action(
            name="accept",
            sources=(S.PROPOSED,),
            target=S.ACCEPTED,
            party="receiver",
            event=EventKind.REFERRAL_ACCEPTED,
            title=gettext_lazy("Accepter"),
            button=gettext_lazy("Accepter l'orientation"),
            done=gettext_lazy("Orientation acceptée."),
            fields=_accepted,
            payload=lambda step: {"to": step.organisation.name},
            after=_lead_or_contributor,
        ),
        Action(
            name="refuse",
            sources=(S.PROPOSED,),
            target=S.REFUSED,
            party="receiver",
            event=EventKind.REFERRAL_REFUSED,
            title=gettext_lazy("Refuser"),
            button=gettext_lazy("Refuser l'orientation"),
            done=gettext_lazy("Orientation refusée."),
            form=RefuseForm,
            button_style="secondary",
            fields=_refused,
            payload=lambda step: {"reason": step.data["reason"]},
        ),
        Action(
            name="schedule",
            sources=(S.ACCEPTED, S.MEETING_SCHEDULED),
            target=S.MEETING_SCHEDULED,
            party="receiver",
            event=EventKind.MEETING_SCHEDULED,
            title=gettext_lazy("Fixer le premier rendez-vous"),
            button=gettext_lazy("Enregistrer le rendez-vous"),
            done=gettext_lazy("Premier rendez-vous enregistré."),
            form=ScheduleForm,
            fields=_scheduled,
            payload=lambda step: {"meeting_at": step.data["meeting_at"].isoformat()},
        ),
        Action(
            name="meeting",
            sources=(S.ACCEPTED, S.MEETING_SCHEDULED),
            target=S.MEETING_HELD,
            party="receiver",
            event=EventKind.MEETING_HELD,
            title=gettext_lazy("Le premier rendez-vous a eu lieu"),
            button=gettext_lazy("Enregistrer l'entrée effective"),
            done=gettext_lazy("Entrée effective enregistrée."),
            form=MeetingHeldForm,
            fields=_held,
            occurred=_held_at_noon,
            payload=lambda step: {"held_on": step.data["held_on"].isoformat()},
            after=_entered,
        ),
        Action(
            name="close",
            sources=(S.MEETING_HELD,),
            target=S.CLOSED,
            party="receiver",
            event=EventKind.REFERRAL_CLOSED,
            title=gettext_lazy("Clôturer"),
            button=gettext_lazy("Clôturer l'orientation"),
            done=gettext_lazy("Orientation clôturée."),
            form=CloseForm,
            fields=_closed,
            payload=lambda step: {"outcome": step.data["outcome"]},
        ),
        Action(
            name="withdraw",
            sources=WAITING,
            target=S.WITHDRAWN,
            party="sender",
            event=EventKind.REFERRAL_WITHDRAWN,
            title=gettext_lazy("Retirer l'orientation"),
            button=gettext_lazy("Retirer"),
            done=gettext_lazy("Orientation retirée."),
            form=WithdrawForm,
            button_style="tertiary",
            fields=_ended,
        ),
        Action(
            name="expire",
            sources=WAITING,
            target=S.EXPIRED,
            party="receiver",
            event=EventKind.REFERRAL_EXPIRED,
            fields=_ended,
            payload=lambda step: {"previous_status": step.previous},
            offered=False,  # the daily job's (referrals_expire), nobody's button
        ),
    ],
    stale_message=gettext_lazy("Cette orientation est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda referral: referral.person,
    tones={
        S.REFUSED: "error",
        S.EXPIRED: "error",
        S.WITHDRAWN: "warning",
        S.MEETING_HELD: "success",
        S.CLOSED: "success",
    },
    url_name="referrals:%s",
)
