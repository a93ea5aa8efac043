"""Pages of joint prospecting: campaigns, their target list split across pairs, the rotation, visits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.guards import nominative_membership
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.employers.models import Employer
from tandem.organisations.selectors import partner_organisations_of
from tandem.prospecting import permissions, selectors, services
from tandem.prospecting.forms import (
    CampaignForm,
    CollectedOfferFormSet,
    VisitPlanForm,
    VisitReportForm,
    VolunteersForm,
)
from tandem.prospecting.models import Campaign, Pair
from tandem.prospecting.workflow import campaign_partner_ids


def _campaign(membership: Membership, pk: int, *, manage: bool = False) -> Campaign:
    campaign = selectors.campaign_get_for(membership=membership, pk=pk)
    if manage and not permissions.can_manage_campaign(membership, campaign_partner_ids(campaign)):
        raise Http404
    return campaign


def _refused_as_not_found(write: Callable[[], Any]) -> Any:
    """A service's refusal of the caller reads as a page that does not exist (existence is not told)."""
    try:
        return write()
    except PermissionDenied as error:
        raise Http404 from error


@login_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    context = {
        "campaigns": selectors.campaign_list_for(membership=membership),
        "can_create": permissions.can_create_campaign(membership),
    }
    return render(request, "prospecting/campaign_list.html", context)


@login_required
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    if not permissions.can_create_campaign(membership):
        raise Http404
    partners = partner_organisations_of(organisation=membership.organisation)
    form = CampaignForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(membership=membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Campagne créée : établissez sa liste d'entreprises ciblées."))
            return redirect("prospecting:campaign_detail", pk=campaign.pk)
    return render(request, "prospecting/campaign_form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = nominative_membership(request)
    campaign = _campaign(membership, pk, manage=True)
    partners = partner_organisations_of(organisation=campaign.organisation) | campaign.organisations.all()
    initial = {
        "name": campaign.name,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "organisations": list(campaign.organisations.exclude(pk=campaign.organisation_id)),
        "communes": list(campaign.communes.all()),
        "epcis": list(campaign.epcis.all()),
        "naf_codes": list(campaign.naf_codes.all()),
        "rome_codes": list(campaign.rome_codes.all()),
        "size_brackets": campaign.size_brackets,
        "revisit_after_days": campaign.revisit_after_days,
        "target_count": campaign.target_count,
    }
    form = CampaignForm(request.POST or None, initial=initial, partners=partners.distinct())
    if request.method == "POST" and form.is_valid():
        try:
            _refused_as_not_found(
                lambda: services.campaign_update(
                    campaign=campaign, membership=membership, by=request.user, **form.cleaned_data
                )
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Campagne mise à jour."))
            return redirect("prospecting:campaign_detail", pk=campaign.pk)
    return render(request, "prospecting/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = nominative_membership(request)
    campaign = _campaign(membership, pk)
    partners = campaign_partner_ids(campaign)
    targets = list(selectors.campaign_targets(campaign=campaign))
    pairs = list(selectors.campaign_pairs(campaign=campaign))
    context = {
        "campaign": campaign,
        "organisations": campaign.organisations.all(),
        "targets": targets,
        "visited": sum(1 for target in targets if getattr(target, "visited", False)),
        "pairs": pairs,
        "unassigned": sum(1 for target in targets if target.pair_id is None),
        "visits": selectors.campaign_visits(campaign=campaign)[:50],
        "can_manage": permissions.can_manage_campaign(membership, partners),
        "can_act": permissions.can_act_in_campaign(membership, partners),
    }
    return render(request, "prospecting/campaign_detail.html", context)


def _campaign_write(
    request: AuthenticatedHttpRequest, pk: int, write: Callable[[Campaign, Membership], Any], done: str
) -> HttpResponse:
    membership = nominative_membership(request)
    campaign = _campaign(membership, pk, manage=True)
    try:
        _refused_as_not_found(lambda: write(campaign, membership))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("prospecting:campaign_detail", pk=pk)


@login_required
@require_POST
def campaign_activate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_write(
        request,
        pk,
        lambda campaign, membership: services.campaign_activate(
            campaign=campaign, membership=membership, by=request.user
        ),
        _("Campagne lancée."),
    )


@login_required
@require_POST
def campaign_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_write(
        request,
        pk,
        lambda campaign, membership: services.campaign_close(campaign=campaign, membership=membership, by=request.user),
        _("Campagne clôturée."),
    )


@login_required
@require_POST
def targets_build(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_write(
        request,
        pk,
        lambda campaign, membership: services.target_list_build(
            campaign=campaign, membership=membership, by=request.user
        ),
        _("Liste des entreprises ciblées établie."),
    )


@login_required
@require_POST
def targets_split(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_write(
        request,
        pk,
        lambda campaign, membership: services.target_list_split(
            campaign=campaign, membership=membership, by=request.user
        ),
        _("Entreprises réparties entre les binômes."),
    )


def _volunteer_memberships(campaign: Campaign) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(organisation__in=campaign_partner_ids(campaign), user__is_active=True)
        .exclude(role__in=["observer"])
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name")
    )


@login_required
def campaign_pairs(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The rotation: the campaign's pairs, the volunteers' past pairs, and (managers) forming the next pairs."""
    membership = nominative_membership(request)
    campaign = _campaign(membership, pk)
    can_manage = permissions.can_manage_campaign(membership, campaign_partner_ids(campaign))
    if request.method == "POST" and not can_manage:
        raise Http404
    form = VolunteersForm(request.POST or None, memberships=_volunteer_memberships(campaign)) if can_manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            pairs = _refused_as_not_found(
                lambda: services.pairs_form(
                    campaign=campaign,
                    membership=membership,
                    by=request.user,
                    volunteers=form.chosen(),
                    wanted=form.cleaned_data.get("wanted"),
                )
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)s binômes formés.") % {"count": len(pairs)})
            return redirect("prospecting:campaign_pairs", pk=pk)
    member_ids = [user_id for pair in Pair.objects.filter(campaign=campaign) for user_id in pair.member_ids()]
    past = (
        Pair.objects.exclude(campaign=campaign)
        .filter(Q(first_member__in=member_ids) | Q(second_member__in=member_ids))
        .select_related("campaign", "first_member", "second_member", "first_organisation", "second_organisation")
        .order_by("-campaign__starts_on", "campaign_id", "number")
    )
    context = {
        "campaign": campaign,
        "pairs": selectors.campaign_pairs(campaign=campaign),
        "past": past,
        "form": form,
    }
    return render(request, "prospecting/campaign_pairs.html", context)


@login_required
def visit_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = nominative_membership(request)
    campaign = _campaign(membership, pk)
    if not permissions.can_act_in_campaign(membership, campaign_partner_ids(campaign)):
        raise Http404
    employers = Employer.objects.filter(campaign_targets__campaign=campaign).order_by("name")
    form = VisitPlanForm(
        request.POST or None,
        employers=employers,
        pairs=Pair.objects.filter(campaign=campaign).select_related("first_member", "second_member"),
        initial={"employer": request.GET.get("entreprise")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _refused_as_not_found(
                lambda: services.visit_plan(
                    membership=membership, by=request.user, campaign=campaign, **form.cleaned_data
                )
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Visite prévue."))
            return redirect("prospecting:campaign_detail", pk=pk)
    return render(request, "prospecting/visit_plan.html", {"form": form, "campaign": campaign})


@login_required
def my_visits(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    visits = selectors.visits_to_report_for(membership=membership)
    return render(request, "prospecting/my_visits.html", {"visits": visits})


@login_required
def visit_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = nominative_membership(request)
    visit = selectors.visit_get_for(membership=membership, pk=pk)
    form = VisitReportForm(request.POST or None, initial={"visited_on": visit.planned_on})
    offers = CollectedOfferFormSet(request.POST or None, prefix="offres")
    if request.method == "POST" and form.is_valid() and offers.is_valid():
        collected = [
            services.CollectedOffer(
                title=data["title"],
                contract_type=data["contract_type"],
                rome=data.get("rome"),
                commune=data.get("commune"),
                positions=data.get("positions") or 1,
            )
            for data in (offer.cleaned_data for offer in offers)
            if data.get("title")
        ]
        try:
            _refused_as_not_found(
                lambda: services.visit_report(
                    visit=visit, membership=membership, by=request.user, offers=collected, **form.cleaned_data
                )
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Compte rendu enregistré."))
            if visit.campaign_id:
                return redirect("prospecting:campaign_detail", pk=visit.campaign_id)
            return redirect("prospecting:my_visits")
    context = {"visit": visit, "form": form, "offers": offers}
    return render(request, "prospecting/visit_report.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def visit_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = nominative_membership(request)
    visit = selectors.visit_get_for(membership=membership, pk=pk)
    try:
        _refused_as_not_found(lambda: services.visit_cancel(visit=visit, membership=membership, by=request.user))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Visite annulée."))
    return redirect("prospecting:my_visits")
