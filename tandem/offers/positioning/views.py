"""Pages of the positionings (mises en relation): board, proposal, detail with its steps, CV download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.access.selectors import person_get_for, person_list_for
from tandem.accounts.models import Membership
from tandem.accounts.permissions import NOMINATIVE_ROLES
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.offers import cv
from tandem.offers.enums import OPEN_POSITIONING_STATUSES, CvKind, PositioningStatus
from tandem.offers.models import Offer, Positioning
from tandem.offers.positioning import permissions, selectors, services
from tandem.offers.positioning.forms import (
    HireForm,
    InterviewForm,
    NotRetainedForm,
    PersonSearchForm,
    ProposeForm,
    SendForm,
    WithdrawForm,
)
from tandem.offers.selectors import offer_get_for

SEARCH_RESULTS = 20


def _membership(request: HttpRequest) -> Membership:
    membership = request.acting_membership
    if membership is None or membership.role not in NOMINATIVE_ROLES:
        raise Http404
    return membership


@login_required
def board(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    columns = selectors.positioning_board_for(membership=membership)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=None,
        object_type="positioning_list",
        detail=f"{sum(len(column.positionings) for column in columns)}",
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
def create(request: HttpRequest, offer_pk: int) -> HttpResponse:
    membership = _membership(request)
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
            audit_record(
                request=request,
                action=AuditAction.CREATE,
                person_id=person.pk,
                object_type="positioning",
                object_id=positioning.pk,
            )
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


def _forms_for(positioning: Positioning, membership: Membership) -> dict:
    status = positioning.status
    party = permissions.is_positioning_party(membership, positioning)
    full_cv_allowed = permissions.employer_consent_stands(positioning.person) if party else False
    return {
        "can_send": party and status == PositioningStatus.PROPOSED,
        "can_interview": party and status in (PositioningStatus.SENT, PositioningStatus.INTERVIEW),
        "can_hire": party and status == PositioningStatus.INTERVIEW,
        "can_not_retain": party and status in OPEN_POSITIONING_STATUSES,
        "can_withdraw": party and status in OPEN_POSITIONING_STATUSES,
        "send_form": SendForm(prefix="send", full_cv_allowed=full_cv_allowed, initial={"cv_kind": positioning.cv_kind}),
        "interview_form": InterviewForm(prefix="interview"),
        "hire_form": HireForm(prefix="hire", initial={"contract_type": positioning.offer.contract_type}),
        "not_retained_form": NotRetainedForm(prefix="not_retained"),
        "withdraw_form": WithdrawForm(prefix="withdraw"),
        "full_cv_allowed": full_cv_allowed,
    }


def _positioning_for(request: HttpRequest, membership: Membership, pk: int) -> Positioning:
    """The positioning a page shows or moves; a refusal (404) is logged so that a manager sees probing."""
    try:
        return selectors.positioning_get_for(membership=membership, pk=pk)
    except Http404:
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=None, object_type="positioning", object_id=pk
        )
        raise


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    positioning = _positioning_for(request, membership, pk)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=positioning.person_id,
        object_type="positioning",
        object_id=positioning.pk,
    )
    context = {"positioning": positioning, **_forms_for(positioning, membership)}
    return render(request, "offers/positioning_detail.html", context)


ACTIONS = {
    "send": (
        SendForm,
        lambda p, m, u, data: services.positioning_send(
            positioning=p, by=u, organisation=m.organisation, cv_kind=data["cv_kind"]
        ),
    ),
    "interview": (
        InterviewForm,
        lambda p, m, u, data: services.positioning_record_interview(
            positioning=p, by=u, organisation=m.organisation, interview_at=data["interview_at"]
        ),
    ),
    "hire": (
        HireForm,
        lambda p, m, u, data: services.positioning_hire(
            positioning=p,
            by=u,
            organisation=m.organisation,
            contract_type=data["contract_type"],
            start_on=data["start_on"],
            duration_months=data["duration_months"],
        ),
    ),
    "not_retained": (
        NotRetainedForm,
        lambda p, m, u, data: services.positioning_not_retain(
            positioning=p, by=u, organisation=m.organisation, reason=data["reason"]
        ),
    ),
    "withdraw": (
        WithdrawForm,
        lambda p, m, u, data: services.positioning_withdraw(positioning=p, by=u, organisation=m.organisation),
    ),
}
DONE_MESSAGES = {
    "send": gettext_lazy("Candidature envoyée à l'employeur."),
    "interview": gettext_lazy("Entretien enregistré."),
    "hire": gettext_lazy("Embauche enregistrée."),
    "not_retained": gettext_lazy("Candidature non retenue : c'est noté."),
    "withdraw": gettext_lazy("Mise en relation retirée."),
}


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    membership = _membership(request)
    positioning = _positioning_for(request, membership, pk)
    form_class, run = ACTIONS[action]
    kwargs = {"full_cv_allowed": permissions.employer_consent_stands(positioning.person)} if action == "send" else {}
    form = form_class(request.POST, prefix=action, **kwargs)
    if not form.is_valid():
        context = {"positioning": positioning, **_forms_for(positioning, membership), f"{action}_form": form}
        return render(request, "offers/positioning_detail.html", context, status=400)
    try:
        run(positioning, membership, request.user, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("offers:positioning_detail", pk=pk)
    audit_record(
        request=request,
        action=AuditAction.UPDATE,
        person_id=positioning.person_id,
        object_type="positioning",
        object_id=positioning.pk,
        detail=action,
    )
    messages.success(request, DONE_MESSAGES[action])
    return redirect("offers:positioning_detail", pk=pk)


@login_required
def cv_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The positioning's CV as a PDF: anonymous, or full while the person's consent stands. Audited as an export."""
    membership = _membership(request)
    positioning = _positioning_for(request, membership, pk)
    try:
        content = cv.cv_content_for_positioning(positioning=positioning)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("offers:positioning_detail", pk=pk)
    pdf = cv.cv_pdf(content)
    audit_record(
        request=request,
        action=AuditAction.EXPORT,
        person_id=positioning.person_id,
        object_type="positioning_cv",
        object_id=positioning.pk,
        detail=positioning.cv_kind,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    # The file name carries no identity: it travels by e-mail to the employer.
    label = "anonyme" if positioning.cv_kind == CvKind.ANONYMOUS else "complet"
    response["Content-Disposition"] = f'attachment; filename="cv-{label}-{positioning.pk}.pdf"'
    return response
