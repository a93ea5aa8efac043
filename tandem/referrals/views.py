from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from tandem.accounts.permissions import NOMINATIVE_ROLES
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.referrals import selectors, services
from tandem.referrals.forms import CloseForm, MeetingHeldForm, RefuseForm, ScheduleForm, WithdrawForm
from tandem.referrals.models import Referral


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    membership = request.acting_membership
    if membership is None or membership.role not in NOMINATIVE_ROLES:
        raise Http404
    tab = "sent" if request.GET.get("onglet") == "envoyees" else "received"
    if tab == "sent":
        referrals = list(selectors.referral_sent_for(membership=membership)[:200])
    else:
        referrals = list(selectors.referral_inbox_for(membership=membership)[:200])
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=None,
        object_type="referral_list",
        detail=f"{tab}: {len(referrals)}",
    )
    return render(request, "referrals/inbox.html", {"referrals": referrals, "tab": tab})


def _forms_for(referral: Referral, organisation_id: int) -> dict:
    receiver = referral.to_organisation_id == organisation_id
    sender = referral.from_organisation_id == organisation_id
    status = referral.status
    return {
        "can_answer": receiver and status == "proposed",
        "can_schedule": receiver and status in ("accepted", "meeting_scheduled"),
        "can_record_meeting": receiver and status in ("accepted", "meeting_scheduled"),
        "can_close": receiver and status == "meeting_held",
        "can_withdraw": sender and status in ("proposed", "accepted", "meeting_scheduled"),
        "refuse_form": RefuseForm(prefix="refuse"),
        "schedule_form": ScheduleForm(prefix="schedule"),
        "meeting_form": MeetingHeldForm(prefix="meeting"),
        "close_form": CloseForm(prefix="close"),
        "withdraw_form": WithdrawForm(prefix="withdraw"),
    }


def _referral_for(request: HttpRequest, pk: int) -> Referral:
    """The referral a page shows or answers; a refusal (404) is logged so that a manager sees probing."""
    try:
        return selectors.referral_get_for(membership=request.acting_membership, pk=pk)
    except Http404:
        audit_record(request=request, action=AuditAction.DENIED, person_id=None, object_type="referral", object_id=pk)
        raise


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.acting_membership
    referral = _referral_for(request, pk)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=referral.person_id,
        object_type="referral",
        object_id=referral.pk,
    )
    context = {"referral": referral, **_forms_for(referral, membership.organisation_id)}
    return render(request, "referrals/detail.html", context)


ACTIONS = {
    "accept": (None, lambda r, m, u, data: services.referral_accept(referral=r, by=u, organisation=m.organisation)),
    "refuse": (
        RefuseForm,
        lambda r, m, u, data: services.referral_refuse(
            referral=r, by=u, organisation=m.organisation, reason=data["reason"], comment=data["comment"]
        ),
    ),
    "schedule": (
        ScheduleForm,
        lambda r, m, u, data: services.referral_schedule_meeting(
            referral=r, by=u, organisation=m.organisation, meeting_at=data["meeting_at"]
        ),
    ),
    "meeting": (
        MeetingHeldForm,
        lambda r, m, u, data: services.referral_record_meeting(
            referral=r, by=u, organisation=m.organisation, held_on=data["held_on"]
        ),
    ),
    "close": (
        CloseForm,
        lambda r, m, u, data: services.referral_close(
            referral=r, by=u, organisation=m.organisation, outcome=data["outcome"]
        ),
    ),
    "withdraw": (
        WithdrawForm,
        lambda r, m, u, data: services.referral_withdraw(
            referral=r, by=u, organisation=m.organisation, comment=data["comment"]
        ),
    ),
}
DONE_MESSAGES = {
    "accept": _("Orientation acceptée."),
    "refuse": _("Orientation refusée."),
    "schedule": _("Premier rendez-vous enregistré."),
    "meeting": _("Entrée effective enregistrée."),
    "close": _("Orientation clôturée."),
    "withdraw": _("Orientation retirée."),
}


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    membership = request.acting_membership
    referral = _referral_for(request, pk)
    form_class, run = ACTIONS[action]
    data: dict = {}
    if form_class is not None:
        form = form_class(request.POST, prefix=action)
        if not form.is_valid():
            context = {"referral": referral, **_forms_for(referral, membership.organisation_id)}
            context[f"{action}_form"] = form
            return render(request, "referrals/detail.html", context, status=400)
        data = form.cleaned_data
    try:
        run(referral, membership, request.user, data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("referrals:detail", pk=pk)
    audit_record(
        request=request,
        action=AuditAction.UPDATE,
        person_id=referral.person_id,
        object_type="referral",
        object_id=referral.pk,
        detail=action,
    )
    messages.success(request, DONE_MESSAGES[action])
    return redirect("referrals:detail", pk=pk)
