from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts import lockout, permissions, selectors, services
from tandem.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    ProfileForm,
    SwitchOrganisationForm,
    TandemPasswordResetForm,
    TandemSetPasswordForm,
)
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.organisations.models import Organisation


class TandemLoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The person's chosen language follows them from one browser to another.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().preferred_language,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page shown instead of logging in while an account or an address is locked."""
    return render(
        request,
        "accounts/locked_out.html",
        {"cooloff_hours": settings.AXES_COOLOFF_TIME},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class TandemPasswordResetView(auth_views.PasswordResetView):
    form_class = TandemPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if lockout.password_reset_allowed(request=self.request, email=form.cleaned_data["email"]):
            return super().form_valid(form)
        # Over the limit: the same answer as always (no hint whether the account exists), but no e-mail.
        return HttpResponseRedirect(self.get_success_url())


class TandemPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = TandemSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever followed the link holds the mailbox: failed logins by others no longer keep them out.
        lockout.account_unlock(email=form.user.email)
        return response


@login_required
def my_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Vos informations ont été enregistrées."))
        response = redirect("accounts:my_account")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            request.user.preferred_language,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response
    memberships = selectors.membership_list_for_user(user=request.user)
    return render(request, "accounts/my_account.html", {"form": form, "memberships": memberships})


@login_required
@require_POST
def switch_organisation(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SwitchOrganisationForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        membership = services.membership_switch(request=request, membership_id=form.cleaned_data["membership"])
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("Vous agissez désormais pour %(org)s.") % {"org": membership.organisation.name})
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target or "/")


def _token_organisation(request: AuthenticatedHttpRequest) -> Organisation:
    membership = request.acting_membership
    if membership is None or not permissions.can_manage_api_tokens(request.user, membership):
        raise Http404
    return membership.organisation


@login_required
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = _token_organisation(request)
    roles = permissions.token_roles_grantable(user=request.user, organisation=organisation)
    form = ApiTokenForm(request.POST or None, roles=roles)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_create(organisation=organisation, by=request.user, **form.cleaned_data)
        form = ApiTokenForm(roles=roles)
    tokens = selectors.api_token_list_for_organisation(organisation=organisation)
    return render(
        request,
        "accounts/api_tokens.html",
        {"organisation": organisation, "form": form, "tokens": tokens, "new_key": new_key},
    )


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _token_organisation(request)
    token = selectors.api_token_list_for_organisation(organisation=organisation).filter(pk=pk).first()
    if token is None:
        raise Http404
    services.api_token_revoke(token=token)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("accounts:api_tokens")


class TandemInvitationAcceptView(TandemPasswordResetConfirmView):
    """The link of an invitation: the new member chooses their password, once (the token dies with the old one)."""

    template_name = "accounts/invitation_accept.html"
