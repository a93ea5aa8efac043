"""Inviting someone by e-mail: a new account chooses its password through a one-time link sent after commit;
an existing account gets the membership; every refusal sends nothing."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tandem.accounts import services
from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.core.errors import Conflict
from tests.accounts.factories import MembershipFactory, UserFactory

SITE = "https://tandem.example/"
NEW_PASSWORD = "un-mot-de-passe-solide-2026"


def _invite(cast, *, by=None, organisation=None, **overrides) -> services.Invitation:
    by = by or cast.director_a
    fields = {
        "email": "Nouvelle.Conseillere@Example.org",
        "first_name": "Inès",
        "last_name": "Nouvelle",
        "role": Role.ADVISER,
        "fte_share": None,
    } | overrides
    return services.member_invite(
        organisation=organisation or cast.ml_a, by=by, acting=by.memberships.get(), site_url=SITE, **fields
    )


def _link_path(message) -> str:
    match = re.search(r"https://tandem\.example(/compte/invitation/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_new_person_gets_an_account_without_password_and_the_e_mail_once_committed(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = _invite(cast, fte_share=Decimal("0.8"))
        assert mailoutbox == []  # nothing leaves before the transaction commits

    assert len(callbacks) == 1
    callbacks[0]()
    user = User.objects.get(email="nouvelle.conseillere@example.org")
    assert invitation.outcome == services.InvitationOutcome.CREATED
    assert not user.has_usable_password() and user.is_active
    membership = invitation.membership
    assert (membership.organisation, membership.role, membership.fte_share) == (cast.ml_a, Role.ADVISER, Decimal("0.8"))
    assert membership.starts_on == timezone.localdate()
    [message] = mailoutbox
    assert message.to == ["nouvelle.conseillere@example.org"]
    assert message.subject == "Tandem : votre compte pour Mission Locale A"
    assert f"{cast.director_a.get_full_name()} vous a ouvert un compte sur Tandem" in message.body
    assert "valable 3 jours, une seule fois" in message.body
    assert _link_path(message)


def test_the_link_sets_the_password_once_then_is_refused(cast, client, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(cast)
    path = _link_path(mailoutbox[0])

    # The token leaves the address for the session before the form is shown (it would leak in a Referer).
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].endswith("/set-password/")
    form_page = client.get(response["Location"])
    assert "Bienvenue sur Tandem" in form_page.content.decode()
    done = client.post(response["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")

    login = client.post(
        reverse("accounts:login"), {"username": "nouvelle.conseillere@example.org", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302 and login["Location"] == reverse("shell:home")
    client.logout()
    again = client.get(path)
    assert again.status_code == 200
    assert "Ce lien d'invitation n'est plus valable" in again.content.decode()


def test_the_link_expires_after_the_password_reset_timeout(
    cast, client, django_capture_on_commit_callbacks, mailoutbox, monkeypatch, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(cast)
    path = _link_path(mailoutbox[0])
    later = datetime.datetime.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)  # noqa: DTZ005
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    response = client.get(path)

    assert response.status_code == 200
    assert "Ce lien d'invitation n'est plus valable" in response.content.decode()
    assert not User.objects.get(email="nouvelle.conseillere@example.org").has_usable_password()


def test_an_existing_account_gets_the_membership_and_keeps_its_names(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(cast, email="AGENT.B@example.org", first_name="Autre", last_name="Nom")

    assert invitation.outcome == services.InvitationOutcome.ADDED
    assert invitation.membership.user == cast.agent_b
    cast.agent_b.refresh_from_db()
    assert cast.agent_b.first_name != "Autre" and cast.agent_b.has_usable_password()
    assert set(cast.agent_b.memberships.values_list("organisation__name", flat=True)) == {
        "France Travail B",
        "Mission Locale A",
    }
    [message] = mailoutbox
    assert message.subject == "Tandem : vous êtes rattaché·e à Mission Locale A"
    assert "/compte/invitation/" not in message.body and "https://tandem.example/compte/connexion/" in message.body


def test_a_former_member_is_a_member_again(cast, django_capture_on_commit_callbacks, mailoutbox):
    past = MembershipFactory(user=cast.adviser_c, organisation=cast.ml_a, ends_on=datetime.date(2024, 1, 1))

    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(cast, email=cast.adviser_c.email, role=Role.EMPLOYER_RELATIONS)

    assert invitation.outcome == services.InvitationOutcome.REOPENED
    past.refresh_from_db()
    assert (past.role, past.starts_on, past.ends_on) == (Role.EMPLOYER_RELATIONS, timezone.localdate(), None)
    assert len(mailoutbox) == 1


def test_inviting_again_someone_who_never_chose_a_password_sends_the_link_again(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(cast)
    with django_capture_on_commit_callbacks(execute=True):
        again = _invite(cast, role=Role.MANAGER)

    assert again.outcome == services.InvitationOutcome.RESENT
    assert again.membership.role == Role.ADVISER  # the membership is not changed by a second invitation
    assert len(mailoutbox) == 2 and _link_path(mailoutbox[1])


def test_a_current_member_is_not_invited_twice(cast, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict) as error:
        _invite(cast, email=cast.adviser_a.email)

    assert "est déjà rattaché·e à Mission Locale A" in " ".join(error.value.messages)
    assert mailoutbox == []


def test_a_deactivated_account_is_reopened_by_an_administrator_only(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    closed = UserFactory(email="parti@example.org", is_active=False)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict) as error:
        _invite(cast, email="parti@example.org")

    assert "seul un administrateur de la plateforme peut le réactiver" in " ".join(error.value.messages)
    assert not Membership.objects.filter(user=closed).exists() and mailoutbox == []


def test_a_manager_cannot_invite_with_a_role_above_their_own(cast, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        _invite(cast, role=Role.ADMINISTRATOR)

    assert "role" in error.value.message_dict
    assert not User.objects.filter(email="nouvelle.conseillere@example.org").exists() and mailoutbox == []


def test_a_state_service_only_gets_observers(cast, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError):
        _invite(cast, by=cast.admin, organisation=cast.state_service, role=Role.ADVISER)

    invitation = _invite(cast, by=cast.admin, organisation=cast.state_service, role=Role.OBSERVER)
    assert invitation.membership.role == Role.OBSERVER


@pytest.mark.parametrize("share", ["0", "1.5"])
def test_an_invitation_refuses_an_fte_share_out_of_bounds(cast, share):
    with pytest.raises(ValidationError) as error:
        _invite(cast, fte_share=Decimal(share))

    assert "fte_share" in error.value.message_dict


@pytest.mark.parametrize("outsider", ["adviser_a", "adviser_c", "agent_b", "observer"])
def test_nobody_but_the_organisation_s_managers_invites(cast, outsider, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        _invite(cast, by=cast.personas()[outsider])

    assert not User.objects.filter(email="nouvelle.conseillere@example.org").exists() and mailoutbox == []


def test_an_administrator_invites_into_any_organisation(cast, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(cast, by=cast.admin, organisation=cast.ml_c, role=Role.MANAGER)

    assert invitation.membership.organisation == cast.ml_c and len(mailoutbox) == 1
