"""Password-reset requests are throttled per e-mail and per address, without telling anyone."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

RESET = reverse("accounts:password_reset")
DONE = reverse("accounts:password_reset_done")


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


def _ask(client, email: str, address: str = "198.51.100.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_the_cache_is_shared_by_every_server_process(settings):
    # gunicorn runs several workers: a per-process memory cache would multiply every limit.
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_requests_for_one_email_stop_sending_mail_past_the_limit(client, cast, settings):
    for n in range(settings.TANDEM_PASSWORD_RESET_EMAIL_LIMIT):
        _ask(client, "adviser.a@example.org", address=f"198.51.100.{n + 1}")
    assert len(mail.outbox) == settings.TANDEM_PASSWORD_RESET_EMAIL_LIMIT
    response = _ask(client, "Adviser.A@Example.org ", address="198.51.100.99")
    assert response.status_code == 302 and response["Location"] == DONE
    assert len(mail.outbox) == settings.TANDEM_PASSWORD_RESET_EMAIL_LIMIT


def test_requests_from_one_address_stop_sending_mail_past_the_limit(client, cast, settings):
    for n in range(settings.TANDEM_PASSWORD_RESET_ADDRESS_LIMIT):
        _ask(client, f"nobody{n}@example.org")
    response = _ask(client, "adviser.a@example.org")
    assert response.status_code == 302 and response["Location"] == DONE
    assert mail.outbox == []
    # Someone else, from their own address, still gets their link.
    _ask(client, "adviser.a@example.org", address="198.51.100.2")
    assert len(mail.outbox) == 1


def test_a_throttled_request_reads_exactly_like_an_accepted_one(client, cast, settings):
    accepted = _ask(client, "adviser.a@example.org")
    for _ in range(settings.TANDEM_PASSWORD_RESET_EMAIL_LIMIT):
        throttled = _ask(client, "adviser.a@example.org")
    assert (throttled.status_code, throttled["Location"]) == (accepted.status_code, accepted["Location"])
    page = client.get(DONE).content.decode()
    assert "Si un compte correspond à cette adresse" in page


def test_a_throttled_address_does_not_use_up_someone_elses_budget(client, cast, settings):
    for n in range(settings.TANDEM_PASSWORD_RESET_ADDRESS_LIMIT):
        _ask(client, f"nobody{n}@example.org", address="198.51.100.66")
    for _ in range(3):
        _ask(client, "adviser.a@example.org", address="198.51.100.66")
    assert mail.outbox == []
    _ask(client, "adviser.a@example.org", address="198.51.100.2")
    assert len(mail.outbox) == 1


def test_an_invalid_form_is_not_counted(client, cast, settings):
    for _ in range(settings.TANDEM_PASSWORD_RESET_ADDRESS_LIMIT + 1):
        response = _ask(client, "not an e-mail")
        assert response.status_code == 200
    _ask(client, "adviser.a@example.org")
    assert len(mail.outbox) == 1
