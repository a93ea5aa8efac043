"""Pages of shared offers: the list, one offer, typing an offer, importing a file of offers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.core.pagination import BoundedPaginator, BranchedList
from tandem.core.workflow_views import workflow_step_take, workflow_steps
from tandem.imports.enums import ImportKind
from tandem.imports.services import import_job_submit
from tandem.offers import permissions, selectors, services
from tandem.offers.forms import OfferFilterForm, OfferForm, OfferUploadForm
from tandem.offers.models import Offer
from tandem.offers.workflow import OFFER

PAGE_SIZE = 30


def _membership(request: AuthenticatedHttpRequest, *, sharing: bool = False) -> Membership:
    membership = request.acting_membership
    allowed = permissions.can_share_offers(membership) if sharing else permissions.can_view_offers(membership)
    if membership is None or not allowed:
        raise Http404
    return membership


def _offer(membership: Membership, pk: int) -> Offer:
    try:
        return selectors.offer_get_for(membership=membership, pk=pk)
    except Offer.DoesNotExist as error:
        raise Http404 from error


@login_required
def offer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = OfferFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # A filter in error (an ambiguous commune, a search too long) never widens the list: its error shows, no
        # offers until it is answered.
        offers: QuerySet[Offer] | BranchedList = Offer.objects.none()
    else:
        filters = (
            {name: value for name, value in form.cleaned_data.items() if value or name == "status"}
            if form.is_bound
            else {}
        )
        offers = selectors.offer_pages_for(membership=membership, **filters)
    page = BoundedPaginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_share": permissions.can_share_offers(membership)}
    return render(request, "offers/list.html", context)


@login_required
def offer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    offer = _offer(membership, pk)
    context = {
        "offer": offer,
        "can_edit": permissions.can_edit_offer(membership, offer),
        "can_suggest": can_see_nominative_data(membership) and offer.is_open,
        "steps": workflow_steps(OFFER, offer, membership.organisation_id),
    }
    return render(request, "offers/detail.html", context)


@login_required
@require_POST
def offer_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Withdraw or reopen the offer (its owner): tandem.offers.workflow."""
    membership = _membership(request, sharing=True)
    offer = _offer(membership, pk)
    if not permissions.can_edit_offer(membership, offer):
        raise Http404
    return workflow_step_take(
        request,
        workflow=OFFER,
        row=offer,
        action_name=action,
        organisation=membership.organisation,
        detail_url=reverse("offers:detail", args=[pk]),
        render_detail=lambda bound: offer_detail(request, pk),
        on_done=lambda: None,  # an offer is no personal data: its event is its trace
    )


@login_required
def offer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _membership(request, sharing=True)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(organisation=membership.organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Offre partagée."))
            return redirect("offers:detail", pk=offer.pk)
    return render(request, "offers/form.html", {"form": form, "offer": None})


@login_required
def offer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, sharing=True)
    offer = _offer(membership, pk)
    if not permissions.can_edit_offer(membership, offer):
        raise Http404
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(offer=offer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Offre mise à jour."))
            return redirect("offers:detail", pk=offer.pk)
    return render(request, "offers/form.html", {"form": form, "offer": offer})


@login_required
def offer_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _membership(request, sharing=True)
    can_import_ft = permissions.can_import_france_travail_offers(membership)
    form = OfferUploadForm(request.POST or None, request.FILES or None, can_import_france_travail=can_import_ft)
    if request.method == "POST" and form.is_valid():
        # Imported by a worker (files can hold a million offers): the import's page shows its progress, then the
        # same report as the command.
        job = import_job_submit(
            kind=ImportKind.OFFERS,
            organisation=membership.organisation,
            upload=form.cleaned_data["file"],
            by=request.user,
            options={"format": form.cleaned_data["format"]},
        )
        return redirect("imports:detail", pk=job.pk)
    return render(request, "offers/import.html", {"form": form, "can_import_ft": can_import_ft})
