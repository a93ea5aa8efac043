"""The prospecting workflows, declared once (tandem.core.workflows; diagrams in docs/workflows.md):

    campaign: draft → active → closed
    visit:    planned → reported (its report) | cancelled

The partners involved in the campaign take the steps (a visit outside a campaign: the organisation that planned
it); the services check the caller's role before (tandem.prospecting.permissions).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.workflows import Action, Party, Step, Workflow
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import parties_with_sites
from tandem.prospecting.enums import CampaignStatus, ServicePresented, VisitOutcome, VisitStatus
from tandem.prospecting.models import Campaign, Visit

C = CampaignStatus
V = VisitStatus


def campaign_partner_ids(campaign: Campaign) -> set[int]:
    """The organisations taking part (the organiser and its partners) and the sites of a Mission Locale taking
    part (a site is part of its Mission Locale: docs/access.md), read once per campaign instance."""
    cached: set[int] | None = getattr(campaign, "_partner_ids", None)
    if cached is None:
        partners = Organisation.objects.filter(Q(prospecting_campaigns=campaign.pk) | Q(pk=campaign.organisation_id))
        cached = parties_with_sites(partners)
        campaign._partner_ids = cached  # type: ignore[attr-defined]
    return cached


def visit_partner_ids(visit: Visit) -> set[int]:
    if visit.campaign is not None:
        return campaign_partner_ids(visit.campaign)
    return {visit.organisation_id}


def _campaign_payload(step: Step) -> dict[str, Any]:
    return {"campaign": step.row.name}


def _visit_payload(step: Step) -> dict[str, Any]:
    visit = step.row
    payload: dict[str, Any] = {"employer": str(visit.employer), "campaign": visit.campaign_id}
    if visit.status == V.REPORTED:
        payload |= {"outcome": visit.outcome, "services": list(visit.services_presented)}
    return payload


def _reported(step: Step) -> dict[str, Any]:
    data = step.data
    outcome = data.get("outcome", "")
    if outcome not in VisitOutcome.values:
        raise ValidationError(_("Choisissez l'issue de la visite."), code="visit_outcome")
    services = list(data.get("services_presented") or [])
    unknown = [code for code in services if code not in ServicePresented.values]
    if unknown:
        raise ValidationError(
            _("Service inconnu : %(codes)s.") % {"codes": ", ".join(unknown)}, code="visit_service_unknown"
        )
    visited_on = data.get("visited_on") or step.row.planned_on
    if visited_on > timezone.localdate(step.at):
        raise ValidationError(_("Une visite ne peut pas avoir eu lieu dans le futur."), code="visit_in_future")
    next_step, due_on = (data.get("next_step") or "").strip(), data.get("next_step_due_on")
    if due_on is not None and not next_step:
        raise ValidationError(_("Précisez la prochaine étape de cette échéance."), code="next_step_missing")
    if due_on is not None and due_on < visited_on:
        raise ValidationError(
            _("L'échéance de la prochaine étape ne peut pas précéder la visite."), code="next_step_before_visit"
        )
    return {
        "visited_on": visited_on,
        "outcome": outcome,
        "needs": (data.get("needs") or "").strip(),
        "services_presented": sorted(set(services)),
        "next_step": next_step,
        "next_step_due_on": due_on,
        "reported_at": step.at,
        "reported_by": step.by,
    }


CAMPAIGN = Workflow(
    name="campaign",
    model=Campaign,
    states=CampaignStatus,
    parties={
        "partner": Party(
            is_party=lambda campaign, organisation_id: organisation_id in campaign_partner_ids(campaign),
            refusal=gettext_lazy("Seuls les partenaires de la campagne la lancent ou la clôturent."),
        ),
    },
    actions=[
        Action(
            name="activate",
            sources=(C.DRAFT,),
            target=C.ACTIVE,
            party="partner",
            event=EventKind.CAMPAIGN_ACTIVATED,
            title=gettext_lazy("Lancer la campagne"),
            button=gettext_lazy("Lancer la campagne"),
            done=gettext_lazy("Campagne lancée."),
            payload=_campaign_payload,
        ),
        Action(
            name="close",
            sources=(C.ACTIVE,),
            target=C.CLOSED,
            party="partner",
            event=EventKind.CAMPAIGN_CLOSED,
            title=gettext_lazy("Clôturer la campagne"),
            button=gettext_lazy("Clôturer la campagne"),
            done=gettext_lazy("Campagne clôturée."),
            button_style="secondary",
            payload=_campaign_payload,
        ),
    ],
    stale_message=gettext_lazy("Cette campagne est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda campaign: None,
    tones={C.ACTIVE: "success", C.CLOSED: "warning"},
    url_name="prospecting:campaign_%s",
)

VISIT = Workflow(
    name="visit",
    model=Visit,
    states=VisitStatus,
    parties={
        "partner": Party(
            is_party=lambda visit, organisation_id: organisation_id in visit_partner_ids(visit),
            refusal=gettext_lazy("Seuls les partenaires de la campagne rendent compte de ses visites."),
        ),
    },
    actions=[
        Action(
            name="report",
            sources=(V.PLANNED,),
            target=V.REPORTED,
            party="partner",
            event=EventKind.VISIT_REPORTED,
            title=gettext_lazy("Compte rendu de la visite"),
            button=gettext_lazy("Enregistrer le compte rendu"),
            done=gettext_lazy("Compte rendu enregistré."),
            fields=_reported,
            payload=_visit_payload,
        ),
        Action(
            name="cancel",
            sources=(V.PLANNED,),
            target=V.CANCELLED,
            party="partner",
            event=EventKind.VISIT_CANCELLED,
            title=gettext_lazy("Annuler la visite"),
            button=gettext_lazy("Annuler la visite"),
            done=gettext_lazy("Visite annulée."),
            button_style="secondary",
            payload=_visit_payload,
        ),
    ],
    stale_message=gettext_lazy("Cette visite est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda visit: None,
    tones={V.REPORTED: "success", V.CANCELLED: "error"},
    url_name="prospecting:visit_%s",
)
