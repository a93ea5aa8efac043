"""Which address a login failure counts against, directly and behind the reverse proxy."""

from __future__ import annotations

from io import StringIO

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tandem.accounts.lockout import client_ip_address, lockout_username
from tests.personas import PASSWORD

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.1"


def _lock_address(client, settings, **extra) -> None:
    """Fail on many e-mails (never enough on one to lock an account) until the address is locked."""
    per_account = settings.AXES_FAILURE_LIMIT - 1
    for n in range(settings.TANDEM_ADDRESS_FAILURE_LIMIT // per_account + 1):
        for _ in range(per_account):
            client.post(LOGIN, {"username": f"guess{n}@example.org", "password": "wrong"}, **extra)


def _login(client, **extra):
    return client.post(LOGIN, {"username": "adviser.a@example.org", "password": PASSWORD}, **extra)


def test_behind_the_proxy_one_clients_failures_do_not_lock_another(client, cast, settings):
    settings.TANDEM_TRUST_X_FORWARDED_FOR = True
    _lock_address(client, settings, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert _login(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 429
    assert _login(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.20").status_code == 302


def test_behind_the_proxy_a_client_cannot_escape_by_writing_its_own_forwarded_entries(client, cast, settings):
    settings.TANDEM_TRUST_X_FORWARDED_FOR = True
    per_account = settings.AXES_FAILURE_LIMIT - 1
    for n in range(settings.TANDEM_ADDRESS_FAILURE_LIMIT // per_account + 1):
        for attempt in range(per_account):
            # The client writes an entry of its choice; the proxy appends the address it really saw.
            forwarded = f"192.0.2.{n * per_account + attempt + 1}, 203.0.113.10"
            client.post(
                LOGIN,
                {"username": f"guess{n}@example.org", "password": "wrong"},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=forwarded,
            )
    assert _login(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.10").status_code == 429


def test_without_the_setting_a_forged_forwarded_address_is_ignored(client, cast, settings):
    settings.TANDEM_TRUST_X_FORWARDED_FOR = False
    per_account = settings.AXES_FAILURE_LIMIT - 1
    for n in range(settings.TANDEM_ADDRESS_FAILURE_LIMIT // per_account + 1):
        for attempt in range(per_account):
            client.post(
                LOGIN,
                {"username": f"guess{n}@example.org", "password": "wrong"},
                REMOTE_ADDR="198.51.100.7",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n * per_account + attempt + 1}",
            )
    assert _login(client, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.250").status_code == 429
    assert _login(client, REMOTE_ADDR="198.51.100.8").status_code == 302


@pytest.mark.parametrize(
    ("trust", "meta", "expected"),
    [
        (False, {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}, "198.51.100.7"),
        (True, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.10"}, "203.0.113.10"),
        (True, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": " 2001:DB8::1 "}, "2001:db8::1"),
        # A proxy that sent nothing: the connection's own address.
        (True, {"REMOTE_ADDR": PROXY}, PROXY),
        (True, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not-an-address"}, PROXY),
    ],
)
def test_the_client_address_follows_the_proxy_setting(settings, trust, meta, expected):
    settings.TANDEM_TRUST_X_FORWARDED_FOR = trust
    request = RequestFactory().get("/", **meta)
    assert client_ip_address(request) == expected


def test_the_lockout_key_is_the_email_trimmed_and_lowercased():
    request = RequestFactory().post(LOGIN, {"username": "  Alice.Martin@Example.ORG "})
    assert lockout_username(request, None) == "alice.martin@example.org"
    assert lockout_username(request, {"username": " BOB@example.org"}) == "bob@example.org"


def test_an_operator_unlocks_an_account_or_an_address_from_the_command_line(client, cast, settings):
    from django.core.management import call_command

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "Adviser.A@example.org", "password": "wrong"})
    assert _login(client).status_code == 429
    call_command("axes_reset_username", "adviser.a@example.org", stdout=StringIO())
    assert _login(client).status_code == 302
    client.logout()

    _lock_address(client, settings, REMOTE_ADDR="198.51.100.7")
    assert _login(client, REMOTE_ADDR="198.51.100.7").status_code == 429
    call_command("axes_reset_ip", "198.51.100.7", stdout=StringIO())
    assert _login(client, REMOTE_ADDR="198.51.100.7").status_code == 302
