"""Pages of the exits: a person's exits with the form to record one, an exit's correction, cancellation and
situation six months later, and the follow-ups due for the caller's organisation.

Rules: tandem.exits.permissions. A person or an exit the caller may not reach answers 404 to every page and write,
the refusal audited; every read and write of a person's exits (the person's data) is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.accounts.guards import nominative_membership
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record, audit_row
from tandem.core.errors import form_service_write
from tandem.exits import permissions, selectors, services
from tandem.exits.enums import ExitStatus
from tandem.exits.forms import CancelForm, ExitForm, FollowUpForm
from tandem.exits.models import Exit
from tandem.people.models import Person

AUDIT_EXITS = "person_exits"  # the audit's object type for a read of a person's exits
AUDIT_EXIT = "exit"
AUDIT_FOLLOW_UP = "exitfollowup"


def _denied(request: AuthenticatedHttpRequest, *, object_type: str, object_id: int) -> None:
    audit_record(
        request=request, action=AuditAction.DENIED, person_id=None, object_type=object_type, object_id=object_id
    )


def _person(request: AuthenticatedHttpRequest, person_pk: int, *, record: bool = False) -> tuple[Membership, Person]:
    """The person if the caller may read their exits (or, with `record`, record one); 404 otherwise, audited."""
    membership = nominative_membership(request)
    person = Person.objects.filter(pk=person_pk).first()
    allowed = person is not None and (
        permissions.can_record_exit(membership, person)
        if record
        else permissions.can_see_person_exits(membership, person)
    )
    if person is None or not allowed:
        _denied(request, object_type=AUDIT_EXITS, object_id=person_pk)
        raise Http404
    return membership, person


def _exit(request: AuthenticatedHttpRequest, pk: int) -> tuple[Membership, Exit]:
    """An exit the caller may change; 404 otherwise (audited)."""
    membership = nominative_membership(request)
    try:
        exit = selectors.exit_get_for(membership=membership, pk=pk)
    except Http404:
        _denied(request, object_type=AUDIT_EXIT, object_id=pk)
        raise
    if not permissions.can_change_exit(membership, exit):
        _denied(request, object_type=AUDIT_EXIT, object_id=pk)
        raise Http404
    return membership, exit


def _exit_values(form: ExitForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "exited_on": data["exited_on"],
        "reason": data["reason"],
        "contract_type": data["contract_type"],
        "contract_months": data["contract_months"],
    }


@login_required
def person_exits(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    """A person's exits; a POST records one (the page again with its errors, 400, when refused)."""
    membership, person = _person(request, person_pk, record=request.method == "POST")
    form = ExitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            written = form_service_write(
                form,
                lambda: services.exit_record(
                    person=person,
                    by=request.user,
                    organisation=membership.organisation,
                    membership=membership,
                    **_exit_values(form),
                ),
                request,
                _("Sortie enregistrée."),
                reverse("exits:person", args=[person.pk]),
                after=lambda exit: audit_row(
                    request=request, action=AuditAction.CREATE, row=exit, object_type=AUDIT_EXIT
                ),
            )
            if written is not None:
                return written
        status = 400
    listed = selectors.person_exits_for(person, membership)
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=person.pk,
        object_type=AUDIT_EXITS,
        detail=f"exits: {len(listed.exits)}",
    )
    context = {
        "listed": listed,
        "person": person,
        "form": form if listed.can_record else None,
        "recorded": ExitStatus.RECORDED,
        "organisation": membership.organisation,
        "can_change": {exit.pk for exit in listed.exits if permissions.can_change_exit(membership, exit)},
    }
    return render(request, "exits/person.html", context, status=status)


@login_required
def exit_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, exit = _exit(request, pk)
    if exit.status != ExitStatus.RECORDED:
        messages.error(request, _("Cette sortie est annulée : elle ne change plus."))
        return redirect("exits:person", person_pk=exit.person_id)
    initial = {
        "exited_on": exit.exited_on,
        "reason": exit.reason,
        "contract_type": exit.contract_type,
        "contract_months": exit.contract_months,
    }
    form = ExitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.exit_update(
                exit=exit,
                by=request.user,
                organisation=membership.organisation,
                membership=membership,
                **_exit_values(form),
            ),
            request,
            _("Sortie corrigée."),
            reverse("exits:person", args=[exit.person_id]),
            after=lambda _row: audit_row(request=request, action=AuditAction.UPDATE, row=exit, object_type=AUDIT_EXIT),
        )
        if written is not None:
            return written
    else:
        audit_row(request=request, action=AuditAction.READ, row=exit, object_type=AUDIT_EXIT)
    return render(request, "exits/exit_form.html", {"form": form, "exit": exit})


@login_required
def exit_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, exit = _exit(request, pk)
    if exit.status != ExitStatus.RECORDED:
        messages.error(request, _("Cette sortie est déjà annulée."))
        return redirect("exits:person", person_pk=exit.person_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        written = form_service_write(
            form,
            lambda: services.exit_cancel(
                exit=exit,
                reason=form.cleaned_data["reason"],
                by=request.user,
                organisation=membership.organisation,
                membership=membership,
            ),
            request,
            _("Sortie annulée : elle ne compte plus."),
            reverse("exits:person", args=[exit.person_id]),
            after=lambda _row: audit_row(
                request=request, action=AuditAction.UPDATE, row=exit, object_type=AUDIT_EXIT, detail="cancel"
            ),
        )
        if written is not None:
            return written
    else:
        audit_row(request=request, action=AuditAction.READ, row=exit, object_type=AUDIT_EXIT)
    return render(request, "exits/exit_cancel.html", {"form": form, "exit": exit})


@login_required
def follow_up_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, exit = _exit(request, pk)
    if exit.status != ExitStatus.RECORDED or hasattr(exit, "follow_up"):
        messages.error(request, _("La situation à six mois de cette sortie ne s'enregistre plus."))
        return redirect("exits:person", person_pk=exit.person_id)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = form_service_write(
            form,
            lambda: services.follow_up_record(
                exit=exit,
                observed_on=data["observed_on"],
                situation=data["situation"],
                contract_type=data["contract_type"],
                contract_months=data["contract_months"],
                by=request.user,
                organisation=membership.organisation,
                membership=membership,
            ),
            request,
            _("Situation à six mois enregistrée."),
            reverse("exits:person", args=[exit.person_id]),
            after=lambda follow_up: audit_record(
                request=request,
                action=AuditAction.CREATE,
                person_id=exit.person_id,
                object_type=AUDIT_FOLLOW_UP,
                object_id=follow_up.pk,
            ),
        )
        if written is not None:
            return written
    else:
        audit_row(request=request, action=AuditAction.READ, row=exit, object_type=AUDIT_EXIT)
    return render(request, "exits/follow_up_form.html", {"form": form, "exit": exit})


@login_required
def follow_ups_due(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The caller's organisation's exits of six months ago or more without their situation at six months."""
    membership = nominative_membership(request)
    exits = list(selectors.follow_ups_due(membership=membership))
    audit_record(
        request=request, action=AuditAction.READ, person_id=None, object_type=AUDIT_EXIT, detail=f"due: {len(exits)}"
    )
    return render(request, "exits/follow_ups_due.html", {"exits": exits, "organisation": membership.organisation})
