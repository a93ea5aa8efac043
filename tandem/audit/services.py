"""Append entries to the audit log of personal data. Never update or delete them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tandem.accounts.models import ApiToken
from tandem.audit.models import AuditAction, AuditEntry
from tandem.core.network import client_ip_address

USER_AGENT_LENGTH = AuditEntry._meta.get_field("user_agent").max_length
PATH_LENGTH = AuditEntry._meta.get_field("path").max_length
DETAIL_LENGTH = AuditEntry._meta.get_field("detail").max_length


def audit_record(
    *,
    request: HttpRequest,
    action: str,
    person_id: int | None,
    object_type: str,
    object_id: int | None = None,
    detail: str = "",
) -> AuditEntry:
    """Log a read or a write of personal data: who (user or API token), for which organisation, from where."""
    auth = getattr(request, "auth", None)
    token = auth if isinstance(auth, ApiToken) else None
    user = getattr(request, "user", None)
    user_id = user.pk if token is None and user is not None and user.is_authenticated else None
    organisation_id: int | None
    if token is not None:
        organisation_id = token.organisation_id
    else:
        membership = getattr(request, "acting_membership", None)
        organisation_id = membership.organisation_id if membership is not None else None
    return audit_record_by(
        user_id=user_id,
        api_token=token,
        organisation_id=organisation_id,
        action=action,
        person_id=person_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        path=request.get_full_path(),
        method=request.method or "",
        ip_address=client_ip_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )


def audit_record_by(
    *,
    user_id: int | None,
    api_token: ApiToken | None,
    organisation_id: int | None,
    action: str,
    person_id: int | None,
    object_type: str,
    object_id: int | None = None,
    detail: str = "",
    path: str = "",
    method: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
) -> AuditEntry:
    """Log on behalf of someone outside a request: a background import runs for the person who uploaded it."""
    entry = AuditEntry(
        user_id=user_id,
        api_token=api_token,
        organisation_id=organisation_id,
        action=action,
        person_id=person_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail[:DETAIL_LENGTH],
        path=path[:PATH_LENGTH],
        method=method,
        ip_address=ip_address,
        user_agent=user_agent[:USER_AGENT_LENGTH],
    )
    entry.save(force_insert=True)
    return entry


def audit_record_system(
    *, action: str, person_id: int | None, object_type: str, object_id: int | None = None, detail: str = ""
) -> AuditEntry:
    """Log what the platform itself does to personal data (retention purge): no user, no request."""
    entry = AuditEntry(
        action=action,
        person_id=person_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail[:DETAIL_LENGTH],
    )
    entry.save(force_insert=True)
    return entry


def audit_row(*, request: HttpRequest, action: str, row: Any, object_type: str, detail: str = "") -> AuditEntry:
    """An entry about one row of a person's record (a referral, a positioning…): the row's person and number."""
    return audit_record(
        request=request,
        action=action,
        person_id=row.person_id,
        object_type=object_type,
        object_id=row.pk,
        detail=detail,
    )


def audit_list_read(*, request: HttpRequest, object_type: str, detail: str) -> AuditEntry:
    """A read of a list of people or of their rows (a caseload page, an inbox): what was listed, how many."""
    return audit_record(
        request=request, action=AuditAction.READ, person_id=None, object_type=object_type, detail=detail
    )
