from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from tandem.accounts.enums import TokenScope
from tandem.accounts.models import Membership
from tandem.accounts.services import api_token_create
from tandem.audit.models import AuditAction, AuditEntry
from tandem.audit.services import audit_record, audit_record_system


def _request(cast, *, user=None, **meta):
    request = RequestFactory().get("/personnes/12/?onglet=notes", REMOTE_ADDR="203.0.113.7", **meta)
    request.user = user or cast.adviser_a
    request.acting_membership = Membership.objects.get(user=request.user)
    return request


def test_audit_record_captures_who_for_whom_when_and_from_where(cast):
    request = _request(cast, HTTP_USER_AGENT="Firefox/" + "x" * 400)

    entry = audit_record(
        request=request, action=AuditAction.READ, person_id=12, object_type="person", object_id=12, detail="full"
    )

    entry.refresh_from_db()
    assert entry.user == cast.adviser_a
    assert entry.organisation == cast.ml_a
    assert entry.api_token is None
    assert (entry.action, entry.person_id, entry.object_type, entry.object_id) == ("read", 12, "person", 12)
    assert entry.ip_address == "203.0.113.7"
    assert entry.path == "/personnes/12/?onglet=notes"
    assert entry.method == "GET"
    assert entry.user_agent.startswith("Firefox/") and len(entry.user_agent) == 255
    assert entry.at is not None


def test_it_ignores_x_forwarded_for_unless_told_to_trust_the_proxy(cast, settings):
    request = _request(cast, HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.44")
    assert audit_record(request=request, action="read", person_id=1, object_type="person").ip_address == "203.0.113.7"

    settings.TANDEM_TRUST_X_FORWARDED_FOR = True
    # The last entry is the one our proxy saw; the earlier ones are written by the client.
    assert audit_record(request=request, action="read", person_id=1, object_type="person").ip_address == "192.0.2.44"


def test_it_keeps_the_connection_s_address_when_the_forwarded_one_is_not_an_ip(cast, settings):
    # One rule with the login lockout (tandem.core.network): never the forged text, the proxy's address instead.
    settings.TANDEM_TRUST_X_FORWARDED_FOR = True
    request = _request(cast, HTTP_X_FORWARDED_FOR="'; drop table audit;--")
    entry = audit_record(request=request, action="read", person_id=1, object_type="person")
    assert entry.ip_address == request.META["REMOTE_ADDR"]


def test_an_api_call_is_logged_for_the_token_and_its_organisation(cast):
    token, _key = api_token_create(organisation=cast.agency_b, name="SI", scope=TokenScope.READ, by=cast.admin)
    request = RequestFactory().get("/api/v1/people/3", REMOTE_ADDR="192.0.2.9")
    request.user = AnonymousUser()
    request.acting_membership = None
    request.auth = token

    entry = audit_record(request=request, action=AuditAction.READ, person_id=3, object_type="person", detail="api")

    assert entry.user is None
    assert entry.api_token == token
    assert entry.organisation == cast.agency_b


def test_a_system_entry_has_no_user_nor_organisation(db):
    entry = audit_record_system(action=AuditAction.ANONYMISE, person_id=5, object_type="person", object_id=5)

    assert (entry.user, entry.organisation, entry.ip_address, entry.path) == (None, None, None, "")


def test_the_log_refuses_updates_and_deletions(cast):
    entry = audit_record(request=_request(cast), action="read", person_id=1, object_type="person")

    entry.detail = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""
