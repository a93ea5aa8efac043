"""API authentication: browsers by session (with CSRF), partner systems by per-organisation tokens."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from tandem.accounts import permissions
from tandem.accounts.enums import TokenScope
from tandem.accounts.http import TandemHttpRequest
from tandem.accounts.models import ApiToken, Membership, User
from tandem.accounts.services import api_token_authenticate
from tandem.organisations.models import Organisation


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return api_token_authenticate(key=token)


AUTH = [TokenAuth(), django_auth]


class ApiHttpRequest(TandemHttpRequest):
    """A request to an API operation: every one is behind AUTH, so django-ninja has set `auth` to what
    authenticated it (a partner system's token, or the logged-in user of a browser session)."""

    auth: ApiToken | User


@dataclass(frozen=True)
class Caller:
    """Who is calling: a logged-in user acting for a membership, or a partner system's token."""

    user: User | None
    token: ApiToken | None
    organisation: Organisation | None

    @property
    def label(self) -> str:
        if self.token is not None:
            return f"token:{self.token.prefix}"
        return str(self.user)


def caller_of(request: ApiHttpRequest) -> Caller:
    if isinstance(request.auth, ApiToken):
        return Caller(user=None, token=request.auth, organisation=request.auth.organisation)
    membership = request.acting_membership
    return Caller(user=request.auth, token=None, organisation=membership.organisation if membership else None)


def require_organisation_write(request: ApiHttpRequest, organisation: Organisation) -> None:
    """A write on an organisation: its write-scoped token, or a user who may edit it. Else 404/403."""
    if isinstance(request.auth, ApiToken):
        token = request.auth
        if token.organisation_id != organisation.pk or token.role not in permissions.MANAGING_ROLES:
            raise HttpError(404, "Not found")
        if token.scope != TokenScope.WRITE:
            raise HttpError(403, "This token is read-only")
        return
    if not permissions.can_edit_organisation(request.auth, request.acting_membership, organisation):
        raise HttpError(404, "Not found")


def membership_of(request: ApiHttpRequest) -> Membership | None:
    """The acting membership: the session's, or for a token an unsaved stand-in (its organisation, its role)."""
    if isinstance(request.auth, ApiToken):
        return Membership(organisation=request.auth.organisation, role=request.auth.role)
    return request.acting_membership


def nominative_membership(request: ApiHttpRequest) -> Membership:
    """The acting membership of every route that shows people by name; 404 for observers and outsiders."""
    membership = membership_of(request)
    if not permissions.can_see_nominative_data(membership):
        raise HttpError(404, "Not found")
    return membership


def require_write(request: ApiHttpRequest) -> None:
    if isinstance(request.auth, ApiToken) and request.auth.scope != TokenScope.WRITE:
        raise HttpError(403, "This token is read-only")


def acting_user(request: ApiHttpRequest) -> User | None:
    return None if isinstance(request.auth, ApiToken) else request.auth
