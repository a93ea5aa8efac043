"""Login lockout (django-axes) and password-reset throttling: who a failure counts against.

Axes compares one number with AXES_FAILURE_LIMIT. Tandem counts two things: the failures on an account
(whatever the address, so an attacker cannot spread guesses over addresses) and the failures from an
address (whatever the account, so one address cannot try every e-mail). The address has its own, higher
limit, because many advisers of one Mission Locale share the address of their office.
"""

from __future__ import annotations

import hashlib
import time

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet, Sum
from django.http import HttpRequest

from tandem.core.network import client_ip_address as client_ip_address  # AXES_CLIENT_IP_CALLABLE

PASSWORD_RESET_WINDOW_SECONDS = 3600


def normalise_email(value: str | None) -> str:
    """The lockout and throttling key of an e-mail: `Alice@X.org ` and `alice@x.org` are one account."""
    return (value or "").strip().lower()


def lockout_username(request: HttpRequest, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the e-mail typed, trimmed and lowercased (e-mails are stored lowercased)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_email(credentials.get(field))
    data = getattr(request, "data", request.POST)
    return normalise_email(data.get(field))


class AxesHttpRequest(HttpRequest):
    """A request as django-axes hands it to its handler: it has already read the client's address."""

    axes_ip_address: str | None


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: locks an account after AXES_FAILURE_LIMIT failures from any address, and an address after
    TANDEM_ADDRESS_FAILURE_LIMIT failures on any accounts, both for AXES_COOLOFF_TIME."""

    def get_failures(self, request: AxesHttpRequest, credentials: dict | None = None) -> int:
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        account = _failures(recent.filter(username=username)) if username else 0
        address = request.axes_ip_address
        if address and _failures(recent.filter(ip_address=address)) >= settings.TANDEM_ADDRESS_FAILURE_LIMIT:
            # Axes compares a single number with AXES_FAILURE_LIMIT: a locked address reads as a locked account.
            return max(account, settings.AXES_FAILURE_LIMIT)
        return account

    def reset_user_attempts(self, request: AxesHttpRequest, credentials: dict | None = None) -> int:
        """After a successful login, forget only this person's mistakes from this address.

        Axes' default would delete every failure from the address (and on the account from anywhere): an
        attacker could then log into their own account between guesses at someone else's.
        """
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def account_unlock(*, email: str) -> int:
    """Forget the failed logins on an account (its owner just proved they hold the mailbox)."""
    return axes_reset(username=normalise_email(email))


def _within_limit(key: str, limit: int) -> bool:
    """Record one request if fewer than `limit` were recorded in the last hour (sliding window); else refuse.

    Refused requests are not recorded, so the budget comes back an hour after the requests it counted.
    The cache is the database, shared by every server process; a burst of parallel requests may slip one or
    two past the limit (read then write), which is fine for a limit meant to stop repeated mailings.
    """
    now = time.time()
    recent = [moment for moment in cache.get(key, []) if moment > now - PASSWORD_RESET_WINDOW_SECONDS]
    if len(recent) >= limit:
        return False
    cache.set(key, [*recent, now], timeout=PASSWORD_RESET_WINDOW_SECONDS)
    return True


def password_reset_allowed(*, request: HttpRequest, email: str) -> bool:
    """Whether a reset e-mail may go out for this request, counting it against its address and its e-mail.

    A throttled address does not count against the e-mail: one address cannot use up someone else's budget.
    """
    address = client_ip_address(request) or "unknown"
    if not _within_limit(f"password-reset:address:{address}", settings.TANDEM_PASSWORD_RESET_ADDRESS_LIMIT):
        return False
    digest = hashlib.sha256(normalise_email(email).encode()).hexdigest()
    return _within_limit(f"password-reset:email:{digest}", settings.TANDEM_PASSWORD_RESET_EMAIL_LIMIT)
