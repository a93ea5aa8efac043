"""The positioning workflow (mise en relation), declared once (tandem.core.workflows; docs/workflows.md):

    proposed → sent → interview → hired | not_retained(reason)
    withdrawn by the young person from any open state

Both parties follow it: the organisation that proposed the person and the one that shares the offer. A hire
counts on the offer in one conditional UPDATE, so hires never exceed its positions.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.errors import Conflict
from tandem.core.transitions import TransitionError
from tandem.core.workflows import Action, Party, Step, Workflow
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.offers.enums import OPEN_POSITIONING_STATUSES, ContractType, CvKind, NotRetainedReason, OfferStatus
from tandem.offers.enums import PositioningStatus as S
from tandem.offers.models import Offer, Positioning
from tandem.offers.positioning.forms import HireForm, InterviewForm, NotRetainedForm, SendForm, WithdrawForm
from tandem.offers.positioning.permissions import employer_consent_stands
from tandem.people.models import Person


def cv_kind_check(person: Person, cv_kind: str) -> None:
    """A CV kind that exists, and a full CV only while the person's consent to share with an employer stands."""
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


def positioning_payload(positioning: Positioning, **codes: Any) -> dict[str, Any]:
    """The offer's number and title (not personal data), and the step's codes: never free text about the person."""
    return {"offer_id": positioning.offer_id, "offer": positioning.offer.title, **codes}


def _sent(step: Step) -> dict[str, Any]:
    cv_kind = step.data.get("cv_kind") or step.row.cv_kind
    # Checked again now: the consent may have been withdrawn since the proposal.
    cv_kind_check(step.row.person, cv_kind)
    step.facts["cv_kind"] = cv_kind
    return {"sent_at": step.at, "cv_kind": cv_kind}


def _interview(step: Step) -> dict[str, Any]:
    return {"interview_at": step.data["interview_at"]}


def _hired(step: Step) -> dict[str, Any]:
    contract_type, duration = step.data.get("contract_type", ""), step.data.get("duration_months")
    if contract_type not in ContractType.values:
        raise ValidationError(_("Choisissez le type de contrat signé."), code="contract_type")
    if contract_type == ContractType.CDI:
        duration = None
    elif not duration:
        raise ValidationError(_("Indiquez la durée du contrat (en mois)."), code="duration")
    step.facts["duration_months"] = duration
    return {
        "hired_contract_type": contract_type,
        "hired_start_on": step.data["start_on"],
        "hired_duration_months": duration,
        "closed_at": step.at,
    }


def _count_the_hire(step: Step) -> None:
    """Count one hire on the open offer, in one conditional UPDATE; the offer is filled when it takes the last
    position. Hires at once cannot exceed the positions: the database checks `hires < positions` on the row as
    it updates it (PostgreSQL re-reads a row updated meanwhile, SQLite serialises writes). A refusal raises
    TransitionError, which rolls the whole hire back."""
    offer: Offer = step.row.offer
    last = When(hires__gte=F("positions") - 1, then=Value(OfferStatus.FILLED))
    counted = Offer.objects.filter(pk=offer.pk, status=OfferStatus.OPEN, hires__lt=F("positions")).update(
        hires=F("hires") + 1,
        status=Case(last, default=F("status")),
        updated_at=timezone.now(),
    )
    offer.refresh_from_db(fields=["hires", "positions", "status", "updated_at"])
    if counted:
        step.facts["offer_filled"] = offer.status == OfferStatus.FILLED
        if step.facts["offer_filled"]:
            event_record(
                kind=EventKind.OFFER_FILLED,
                by=step.by,
                organisation=step.organisation,
                subject=offer,
                occurred_at=step.at,
                payload={"offer": offer.title, "hires": offer.hires},
            )
        return
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


def _not_retained(step: Step) -> dict[str, Any]:
    reason = step.data.get("reason", "")
    if reason not in NotRetainedReason.values:
        raise ValidationError(_("Choisissez le motif pour lequel la candidature n'est pas retenue."), code="reason")
    return {"not_retained_reason": reason, "closed_at": step.at}


def _ended(step: Step) -> dict[str, Any]:
    return {"closed_at": step.at}


OPEN = tuple(OPEN_POSITIONING_STATUSES)

POSITIONING = Workflow(
    name="positioning",
    model=Positioning,
    states=S,
    parties={
        "party": Party(
            is_party=lambda positioning, organisation_id: (
                organisation_id in (positioning.organisation_id, positioning.offer.organisation_id)
            ),
            refusal=gettext_lazy(
                "Seules l'organisation qui a proposé la personne et celle qui partage l'offre "
                "suivent cette mise en relation."
            ),
        ),
    },
    actions=[
        Action(
            name="send",
            sources=(S.PROPOSED,),
            target=S.SENT,
            party="party",
            event=EventKind.POSITIONING_SENT,
            title=gettext_lazy("Envoyer la candidature à l'employeur"),
            button=gettext_lazy("Enregistrer l'envoi"),
            done=gettext_lazy("Candidature envoyée à l'employeur."),
            form=SendForm,
            fields=_sent,
            payload=lambda step: positioning_payload(step.row, cv_kind=step.facts["cv_kind"]),
        ),
        Action(
            name="interview",
            sources=(S.SENT, S.INTERVIEW),
            target=S.INTERVIEW,
            party="party",
            event=EventKind.POSITIONING_INTERVIEW,
            title=gettext_lazy("Entretien d'embauche"),
            button=gettext_lazy("Enregistrer l'entretien"),
            done=gettext_lazy("Entretien enregistré."),
            form=InterviewForm,
            fields=_interview,
            payload=lambda step: positioning_payload(step.row, interview_at=step.data["interview_at"].isoformat()),
        ),
        Action(
            name="hire",
            sources=(S.INTERVIEW,),
            target=S.HIRED,
            party="party",
            event=EventKind.POSITIONING_HIRED,
            title=gettext_lazy("Embauche"),
            button=gettext_lazy("Enregistrer l'embauche"),
            done=gettext_lazy("Embauche enregistrée."),
            form=HireForm,
            fields=_hired,
            before=_count_the_hire,
            payload=lambda step: positioning_payload(
                step.row,
                contract_type=step.data["contract_type"],
                start_on=step.data["start_on"].isoformat(),
                duration_months=step.facts["duration_months"],
                offer_filled=step.facts["offer_filled"],
            ),
        ),
        Action(
            name="not_retained",
            sources=OPEN,
            target=S.NOT_RETAINED,
            party="party",
            event=EventKind.POSITIONING_NOT_RETAINED,
            title=gettext_lazy("Candidature non retenue"),
            button=gettext_lazy("Enregistrer"),
            done=gettext_lazy("Candidature non retenue : c'est noté."),
            form=NotRetainedForm,
            button_style="secondary",
            fields=_not_retained,
            payload=lambda step: positioning_payload(step.row, reason=step.data["reason"]),
        ),
        Action(
            name="withdraw",
            sources=OPEN,
            target=S.WITHDRAWN,
            party="party",
            event=EventKind.POSITIONING_WITHDRAWN,
            title=gettext_lazy("La personne retire sa candidature"),
            button=gettext_lazy("Retirer"),
            done=gettext_lazy("Mise en relation retirée."),
            form=WithdrawForm,
            button_style="tertiary",
            fields=_ended,
            payload=lambda step: positioning_payload(step.row),
        ),
    ],
    stale_message=gettext_lazy(
        "Cette mise en relation est déjà « %(status)s » : votre action n'a pas été enregistrée."
    ),
    record_event=event_record,
    person_of=lambda positioning: positioning.person,
    tones={S.HIRED: "success", S.NOT_RETAINED: "error", S.WITHDRAWN: "error"},
    url_name="offers:positioning_%s",
)
