"""An organisation's members, managed by its managers (and platform administrators): invite, change, remove."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts import permissions, selectors, services
from tandem.accounts.forms import MemberInviteForm, MembershipTermsForm
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership
from tandem.audit.models import AuditAction
from tandem.core.errors import add_service_error
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import organisation_get
from tandem.www.organisations.journal import audit_change, audit_denied, changes_detail, fields_detail

MEMBERSHIP = "membership"
INVITATION = "invitation"
ACCOUNT = "user_account"
TERMS = ("role", "fte_share", "starts_on", "ends_on")


def _managed_organisation(request: AuthenticatedHttpRequest, pk: int, *, object_type: str) -> Organisation:
    try:
        organisation = organisation_get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_edit_organisation(request.user, request.acting_membership, organisation):
        audit_denied(request, object_type=object_type, object_id=None)
        raise Http404
    return organisation


def _member(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> tuple[Organisation, Membership]:
    """A membership of the organisation the caller manages, and of a rank they may touch (else 404)."""
    organisation = _managed_organisation(request, pk, object_type=MEMBERSHIP)
    try:
        member = selectors.membership_get_for(
            user=request.user, membership=request.acting_membership, organisation=organisation, pk=membership_pk
        )
    except Membership.DoesNotExist as error:
        audit_denied(request, object_type=MEMBERSHIP, object_id=membership_pk)
        raise Http404 from error
    if not permissions.can_change_member(request.user, request.acting_membership, member):
        audit_denied(request, object_type=MEMBERSHIP, object_id=membership_pk)
        raise Http404
    return organisation, member


def _who(member: Membership) -> str:
    return f"{member.user.get_full_name()} ({member.user.email})"


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    status: str  # "current", "future" or "past"
    may_change: bool


@login_required
def member_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, pk, object_type=MEMBERSHIP)
    today = timezone.localdate()
    rows = []
    for member in selectors.membership_list_for_organisation(
        user=request.user, membership=request.acting_membership, organisation=organisation
    ):
        if member.ends_on is not None and member.ends_on < today:
            status = "past"
        elif member.starts_on is not None and member.starts_on > today:
            status = "future"
        else:
            status = "current"
        may_change = status != "past" and permissions.can_change_member(request.user, request.acting_membership, member)
        rows.append(MemberRow(membership=member, status=status, may_change=may_change))
    context = {
        "organisation": organisation,
        "current": [row for row in rows if row.status != "past"],
        "past": [row for row in rows if row.status == "past"],
        "can_deactivate_accounts": request.user.is_administrator,
    }
    return render(request, "organisations/member_list.html", context)


@login_required
def member_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, pk, object_type=INVITATION)
    roles = permissions.member_roles_grantable(
        user=request.user, membership=request.acting_membership, organisation=organisation
    )
    form = MemberInviteForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                invitation = services.member_invite(
                    organisation=organisation,
                    by=request.user,
                    acting=request.acting_membership,
                    site_url=request.build_absolute_uri("/"),
                    **form.cleaned_data,
                )
                member = invitation.membership
                audit_change(
                    request,
                    action=AuditAction.CREATE,
                    object_type=INVITATION,
                    object_id=member.pk,
                    detail=f"{_who(member)} ; {invitation.outcome} ; {fields_detail(member, TERMS)}",
                )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_error(form, error)
        else:
            names = {"name": member.user.get_full_name(), "email": member.user.email}
            outcome = services.InvitationOutcome
            if invitation.outcome == outcome.CREATED:
                message = _("Invitation envoyée à %(email)s : le lien lui permet de choisir son mot de passe.")
            elif invitation.outcome == outcome.RESENT:
                message = _(
                    "%(name)s n'avait pas encore choisi son mot de passe : l'invitation est renvoyée à %(email)s. "
                    "Son rattachement n'a pas changé : modifiez-le dans la liste si besoin."
                )
            else:
                message = _(
                    "%(name)s avait déjà un compte (%(email)s) : la personne est rattachée à votre organisation et "
                    "prévenue par courriel. Son nom reste celui de son compte."
                )
            messages.success(request, message % names)
            return redirect("organisations:members", pk=organisation.pk)
    return render(request, "organisations/member_invite.html", {"organisation": organisation, "form": form})


@login_required
def member_edit(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation, member = _member(request, pk, membership_pk)
    roles = permissions.member_roles_grantable(
        user=request.user, membership=request.acting_membership, organisation=organisation
    )
    if member.role not in roles:
        roles = [member.role, *roles]  # shown as it is; changing to another role is checked by the service
    initial = {name: getattr(member, name) for name in TERMS}
    form = MembershipTermsForm(request.POST or None, initial=initial, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                member, changes = services.membership_update(
                    membership=member, by=request.user, acting=request.acting_membership, **form.cleaned_data
                )
                if changes:
                    audit_change(
                        request,
                        action=AuditAction.UPDATE,
                        object_type=MEMBERSHIP,
                        object_id=member.pk,
                        detail=f"{_who(member)} ; {changes_detail(Membership, changes)}",
                    )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Rattachement enregistré.") if changes else _("Rien n'a changé."))
            return redirect("organisations:members", pk=organisation.pk)
    context = {"organisation": organisation, "member": member, "form": form}
    return render(request, "organisations/member_edit.html", context)


@login_required
def member_end(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation, member = _member(request, pk, membership_pk)
    error_message = ""
    if request.method == "POST":
        try:
            with transaction.atomic():
                member, changes = services.membership_end(
                    membership=member, by=request.user, acting=request.acting_membership
                )
                audit_change(
                    request,
                    action=AuditAction.UPDATE,
                    object_type=MEMBERSHIP,
                    object_id=member.pk,
                    detail=f"{_who(member)} ; {_('retiré·e')} ; {changes_detail(Membership, changes)}",
                )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("%(name)s n'est plus rattaché·e à %(org)s.")
                % {"name": member.user.get_full_name(), "org": organisation.name},
            )
            if member.user_id == request.user.pk:
                return redirect("shell:home")
            return redirect("organisations:members", pk=organisation.pk)
    context = {"organisation": organisation, "member": member, "error_message": error_message}
    return render(request, "organisations/member_end.html", context)


@login_required
def account_deactivate(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """Platform administrators close the account of one of the organisation's members."""
    organisation, member = _member(request, pk, membership_pk)
    if not permissions.can_deactivate_account(request.user, member.user):
        audit_denied(request, object_type=ACCOUNT, object_id=member.user_id)
        raise Http404
    error_message = ""
    if request.method == "POST":
        try:
            with transaction.atomic():
                ended = services.user_deactivate(user=member.user, by=request.user)
                audit_change(
                    request,
                    action=AuditAction.UPDATE,
                    object_type=ACCOUNT,
                    object_id=member.user_id,
                    detail=_("%(who)s ; compte désactivé ; %(count)s rattachement(s) terminé(s)")
                    % {"who": _who(member), "count": ended},
                )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            messages.success(request, _("Le compte de %(name)s est désactivé.") % {"name": member.user.get_full_name()})
            return redirect("organisations:members", pk=organisation.pk)
    context = {"organisation": organisation, "member": member, "error_message": error_message}
    return render(request, "organisations/account_deactivate.html", context)
