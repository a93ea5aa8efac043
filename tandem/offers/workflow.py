"""The offer's own workflow, declared once (tandem.core.workflows; docs/workflows.md):

    open → filled (its last position hired: tandem.offers.positioning.workflow) | expired (past its date, by the
    daily job) | withdrawn (by its owner);   withdrawn | expired → open (reopened by its owner)

Only the organisation that shares the offer moves it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from tandem.core.workflows import Action, Party, Step, Workflow
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.offers.enums import OfferStatus as S
from tandem.offers.models import Offer


def offer_payload(step: Step) -> dict[str, Any]:
    return {"offer": step.row.title, "source": step.row.source}


OFFER = Workflow(
    name="offer",
    model=Offer,
    states=S,
    parties={
        "owner": Party(
            is_party=lambda offer, organisation_id: offer.organisation_id == organisation_id,
            refusal=gettext_lazy("Seule l'organisation qui partage l'offre la retire ou la rouvre."),
        ),
    },
    actions=[
        Action(
            name="withdraw",
            sources=(S.OPEN,),
            target=S.WITHDRAWN,
            party="owner",
            event=EventKind.OFFER_WITHDRAWN,
            title=gettext_lazy("Retirer l'offre"),
            button=gettext_lazy("Retirer l'offre"),
            done=gettext_lazy("Offre retirée : elle n'est plus proposée aux partenaires."),
            button_style="secondary",
            payload=offer_payload,
        ),
        Action(
            name="reopen",
            sources=(S.WITHDRAWN, S.EXPIRED),
            target=S.OPEN,
            party="owner",
            event=EventKind.OFFER_REOPENED,
            title=gettext_lazy("Rouvrir l'offre"),
            button=gettext_lazy("Rouvrir l'offre"),
            done=gettext_lazy("Offre rouverte."),
            payload=offer_payload,
        ),
        Action(
            name="expire",
            sources=(S.OPEN,),
            target=S.EXPIRED,
            party="owner",
            event=EventKind.OFFER_EXPIRED,
            payload=offer_payload,
            offered=False,  # the daily job's (offers_expire), nobody's button
        ),
    ],
    stale_message=gettext_lazy("Cette offre est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda offer: None,
    tones={S.FILLED: "success", S.EXPIRED: "warning", S.WITHDRAWN: "error"},
    url_name="offers:offer_%s",
)
