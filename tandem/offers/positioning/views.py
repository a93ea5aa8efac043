"""Pages of the positionings (mises en relation): board, proposal, detail with its steps, CV download."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.access.selectors import person_get_for, person_list_for
from tandem.accounts.guards import nominative_membership
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_list_read, audit_record, audit_row
from tandem.core.workflow_views import workflow_step_take, workflow_steps
from tandem.offers import cv
from tandem.offers.enums import CvKind
from tandem.offers.models import Offer, Positioning
from tandem.offers.positioning import permissions, selectors, services
from tandem.offers.positioning.forms import (
    PersonSearchForm,
    ProposeForm,
)
from tandem.offers.positioning.workflow import POSITIONING
from tandem.offers.selectors import offer_get_for

SEARCH_RESULTS = 20


@login_required
def board(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    columns = selectors.positioning_board_for(membership=membership)
    audit_list_read(
        request=request, object_type="positioning_list", detail=f"{sum(len(column.positionings) for column in columns)}"
    )
    return render(
        request,
        "offers/positioning_board.html",
        {"columns": columns, "closed_days": selectors.CLOSED_SHOWN_DAYS},
    )


def _offer_for(membership: Membership, pk: int) -> Offer:
    try:
        return offer_get_for(membership=membership, pk=pk)
    except Offer.DoesNotExist:
        raise Http404 from None


@login_required
def create(request: AuthenticatedHttpRequest, offer_pk: int) -> HttpResponse:
    membership = nominative_membership(request)
    offer = _offer_for(membership, offer_pk)
    person_pk = request.GET.get("personne", "")
    if not person_pk.isdigit():
        # No person chosen yet: find one among those the organisation may see.
        search = PersonSearchForm(request.GET or None)
        people = []
        if search.is_valid() and search.cleaned_data["q"]:
            query = search.cleaned_data["q"]
            people = list(
                person_list_for(membership=membership)
                .filter(Q(last_name__icontains=query) | Q(first_name__icontains=query))
                .select_related("commune")
                .order_by("last_name", "first_name", "pk")[:SEARCH_RESULTS]
            )
            audit_record(
                request=request, action=AuditAction.READ, person_id=None, object_type="person_search", detail="offer"
            )
        return render(request, "offers/positioning_create.html", {"offer": offer, "search": search, "people": people})
    try:
        person, _access = person_get_for(membership=membership, pk=int(person_pk))
    except Http404:
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=int(person_pk), object_type="positioning_form"
        )
        raise
    if request.method == "GET":
        # The proposal form shows the person: a read of their record.
        audit_record(request=request, action=AuditAction.READ, person_id=person.pk, object_type="positioning_form")
    full_cv_allowed = permissions.employer_consent_stands(person)
    form = ProposeForm(request.POST or None, full_cv_allowed=full_cv_allowed)
    can_propose = permissions.can_propose_positioning(membership, person, offer)
    if request.method == "POST" and can_propose and form.is_valid():
        try:
            positioning = services.positioning_propose(
                person=person,
                offer=offer,
                by=request.user,
                organisation=membership.organisation,
                cv_kind=form.cleaned_data["cv_kind"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            audit_row(request=request, action=AuditAction.CREATE, row=positioning, object_type="positioning")
            messages.success(request, _("Mise en relation proposée."))
            return redirect("offers:positioning_detail", pk=positioning.pk)
    context = {
        "offer": offer,
        "person": person,
        "form": form,
        "can_propose": can_propose,
        "full_cv_allowed": full_cv_allowed,
    }
    return render(request, "offers/positioning_create.html", context, status=400 if request.method == "POST" else 200)


def _render_detail(
    request: AuthenticatedHttpRequest,
    positioning: Positioning,
    membership: Membership,
    bound: Mapping[str, Any] | None = None,
) -> HttpResponse:
    steps = workflow_steps(
        POSITIONING,
        positioning,
        membership.organisation_id,
        form_kwargs=lambda action: _form_kwargs(action.name, positioning),
        bound=bound,
    )
    return render(request, "offers/positioning_detail.html", {"positioning": positioning, "steps": steps})


def _form_kwargs(action: str, positioning: Positioning) -> dict[str, Any]:
    if action == "send":
        return {
            "full_cv_allowed": permissions.employer_consent_stands(positioning.person),
            "initial": {"cv_kind": positioning.cv_kind},
        }
    if action == "hire":
        return {"initial": {"contract_type": positioning.offer.contract_type}}
    return {}


def _positioning_for(request: AuthenticatedHttpRequest, membership: Membership, pk: int) -> Positioning:
    """The positioning a page shows or moves; a refusal (404) is logged so that a manager sees probing."""
    try:
        return selectors.positioning_get_for(membership=membership, pk=pk)
    except Http404:
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=None, object_type="positioning", object_id=pk
        )
        raise


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = nominative_membership(request)
    positioning = _positioning_for(request, membership, pk)
    audit_row(request=request, action=AuditAction.READ, row=positioning, object_type="positioning")
    return _render_detail(request, positioning, membership)


@login_required
@require_POST
def transition(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    membership = nominative_membership(request)
    positioning = _positioning_for(request, membership, pk)
    kwargs = _form_kwargs(action, positioning)
    kwargs.pop("initial", None)
    return workflow_step_take(
        request,
        workflow=POSITIONING,
        row=positioning,
        action_name=action,
        organisation=membership.organisation,
        detail_url=reverse("offers:positioning_detail", args=[pk]),
        render_detail=lambda bound: _render_detail(request, positioning, membership, bound),
        form_kwargs=kwargs,
        on_done=lambda: audit_row(
            request=request, action=AuditAction.UPDATE, row=positioning, object_type="positioning", detail=action
        ),
    )


@login_required
def cv_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The positioning's CV as a PDF: anonymous, or full while the person's consent stands. Audited as an export."""
    membership = nominative_membership(request)
    positioning = _positioning_for(request, membership, pk)
    try:
        content = cv.cv_content_for_positioning(positioning=positioning)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("offers:positioning_detail", pk=pk)
    pdf = cv.cv_pdf(content)
    audit_row(
        request=request,
        action=AuditAction.EXPORT,
        row=positioning,
        object_type="positioning_cv",
        detail=positioning.cv_kind,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    # The file name carries no identity: it travels by e-mail to the employer.
    label = "anonyme" if positioning.cv_kind == CvKind.ANONYMOUS else "complet"
    response["Content-Disposition"] = f'attachment; filename="cv-{label}-{positioning.pk}.pdf"'
    return response
