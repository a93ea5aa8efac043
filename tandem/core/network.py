"""Who is on the other end of a request: one rule for the lockout, the reset throttle and the audit log."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip_address(request: HttpRequest) -> str | None:
    """The caller's address (AXES_CLIENT_IP_CALLABLE, the audit log).

    Behind our own reverse proxy (TANDEM_TRUST_X_FORWARDED_FOR), every request arrives from the proxy:
    the client's address is the last X-Forwarded-For entry, the one the proxy appended. Earlier entries are
    written by the client and can be forged. Without the setting the header is ignored altogether.
    """
    remote = _valid_address(request.META.get("REMOTE_ADDR", ""))
    if settings.TANDEM_TRUST_X_FORWARDED_FOR:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return _valid_address(forwarded[-1]) or remote
    return remote
