"""The convention's workflow, declared once (tandem.core.workflows; its diagram in docs/workflows.md):

    draft → signed → active → ended      (a signing party: signatory or reference site)
    signed → ended                        (a convention that never came into force)

Signing records the day it was signed; ending records its last day (today at the earliest for one in force, so that
the referrals made along its links stay made along a link in force). After each step the convention's partnership
links follow (tandem.partnerships.links): a draft has none, a signed or active convention has them, an ended one's
end on its last day.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.workflows import Action, Party, Step, Workflow
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.partnerships.enums import ConventionStatus
from tandem.partnerships.forms import ConventionEndForm, ConventionSignForm
from tandem.partnerships.links import links_sync
from tandem.partnerships.models import Convention
from tandem.partnerships.permissions import convention_signing_ids
from tandem.partnerships.rules import require_complete_parties, require_single_contacts

C = ConventionStatus


def convention_payload(convention: Convention) -> dict[str, Any]:
    """What every event about a convention carries: codes and its title."""
    return {
        "convention": convention.pk,
        "title": convention.title,
        "level": convention.level,
        "kind": convention.kind,
    }


def _signed(step: Step) -> dict[str, Any]:
    signed_on = step.data.get("signed_on") or timezone.localdate(step.at)
    if signed_on > timezone.localdate(step.at):
        raise ValidationError({"signed_on": _("Une convention se signe aujourd'hui au plus tard.")})
    return {"signed_on": signed_on}


def _ended(step: Step) -> dict[str, Any]:
    convention: Convention = step.row
    ends_on = step.data.get("ends_on") or timezone.localdate(step.at)
    if ends_on < convention.starts_on:
        raise ValidationError(
            {
                "ends_on": _("Cette convention commence le %(start)s : elle ne peut pas finir avant.")
                % {"start": date_format(convention.starts_on, "SHORT_DATE_FORMAT")}
            }
        )
    if ends_on < timezone.localdate(step.at) and convention.status == C.ACTIVE:
        raise ValidationError(
            {"ends_on": _("Une convention en vigueur se termine aujourd'hui au plus tôt, pas dans le passé.")}
        )
    return {"ends_on": ends_on}


def _parties_complete(step: Step) -> None:
    """A convention is signed with all its parties: a local reinforced partnership with its Mission Locale and its
    reference site, a local Mission Jeunes convention with its Mission Locale, its agencies and their single
    contacts."""
    parties = list(step.row.parties.select_related("organisation"))
    require_complete_parties(step.row, parties)
    require_single_contacts(step.row, parties)


def _links_follow(step: Step) -> None:
    links_sync(step.row)


CONVENTION = Workflow(
    name="convention",
    model=Convention,
    states=ConventionStatus,
    parties={
        "signatory": Party(
            is_party=lambda convention, organisation_id: organisation_id in convention_signing_ids(convention),
            refusal=gettext_lazy("Seules les parties signataires font avancer la convention."),
        ),
    },
    actions=[
        Action(
            name="sign",
            sources=(C.DRAFT,),
            target=C.SIGNED,
            party="signatory",
            event=EventKind.CONVENTION_SIGNED,
            form=ConventionSignForm,
            title=gettext_lazy("Signature"),
            button=gettext_lazy("Enregistrer la signature"),
            done=gettext_lazy("Convention signée : ses partenariats sont enregistrés."),
            fields=_signed,
            before=_parties_complete,
            payload=lambda step: convention_payload(step.row) | {"signed_on": step.row.signed_on.isoformat()},
            after=_links_follow,
        ),
        Action(
            name="activate",
            sources=(C.SIGNED,),
            target=C.ACTIVE,
            party="signatory",
            event=EventKind.CONVENTION_ACTIVATED,
            button=gettext_lazy("Déclarer en vigueur"),
            done=gettext_lazy("Convention en vigueur."),
            payload=lambda step: convention_payload(step.row),
            after=_links_follow,
        ),
        Action(
            name="end",
            sources=(C.SIGNED, C.ACTIVE),
            target=C.ENDED,
            party="signatory",
            event=EventKind.CONVENTION_ENDED,
            form=ConventionEndForm,
            title=gettext_lazy("Fin de la convention"),
            button=gettext_lazy("Terminer la convention"),
            done=gettext_lazy("Convention terminée : ses partenariats prennent fin le même jour."),
            button_style="secondary",
            fields=_ended,
            payload=lambda step: convention_payload(step.row) | {"ends_on": step.row.ends_on.isoformat()},
            after=_links_follow,
        ),
    ],
    stale_message=gettext_lazy("Cette convention est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda convention: None,
    tones={C.SIGNED: "info", C.ACTIVE: "success", C.ENDED: "warning"},
    url_name="partnerships:convention_%s",
)
