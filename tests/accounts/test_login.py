import pytest
from django.core import mail
from django.urls import reverse

from tests.personas import PASSWORD

LOGIN = reverse("accounts:login")


def test_an_adviser_logs_in_with_their_email_and_lands_on_home(client, cast):
    response = client.post(LOGIN, {"username": "Adviser.A@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("shell:home")
    home = client.get(reverse("shell:home"))
    assert "Mission Locale A" in home.content.decode()


def test_the_login_page_is_french_and_uses_the_state_design_system(client, db):
    body = client.get(LOGIN).content.decode()
    assert '<html lang="fr"' in body
    assert "Adresse électronique" in body
    assert "fr-header" in body and "dsfr" in body


def test_a_wrong_password_gives_a_clear_error(client, cast):
    response = client.post(LOGIN, {"username": "adviser.a@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()


def test_it_locks_the_account_after_five_failures_even_with_the_right_password(client, cast):
    for _ in range(5):
        client.post(LOGIN, {"username": "adviser.a@example.org", "password": "wrong"})
    response = client.post(LOGIN, {"username": "adviser.a@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()
    # Another account from the same address is not locked.
    other = client.post(LOGIN, {"username": "adviser.c@example.org", "password": PASSWORD})
    assert other.status_code == 302


def test_a_password_reset_sends_a_link_that_sets_a_new_password(client, cast):
    response = client.post(reverse("accounts:password_reset"), {"email": "adviser.a@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reinitialisation/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "un-nouveau-mot-de-passe-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    client.logout()
    response = client.post(LOGIN, {"username": "adviser.a@example.org", "password": new})
    assert response.status_code == 302 and response["Location"] == reverse("shell:home")


def test_a_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


@pytest.mark.parametrize("setting", ["SESSION_COOKIE_HTTPONLY"])
def test_session_cookies_are_not_readable_by_scripts(settings, setting):
    assert getattr(settings, setting) is True


def _fail(client, email: str, times: int, **extra) -> None:
    for _ in range(times):
        response = client.post(LOGIN, {"username": email, "password": "wrong"}, **extra)
        assert response.status_code in (200, 429)


def test_a_locked_account_stays_locked_when_the_email_is_typed_in_capitals(client, cast, settings):
    _fail(client, "adviser.a@example.org", settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": "ADVISER.A@Example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()


def test_a_locked_account_stays_locked_when_the_email_is_typed_with_spaces(client, cast, settings):
    _fail(client, "adviser.a@example.org", settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": "  Adviser.A@example.org ", "password": PASSWORD})
    assert response.status_code == 429


def test_failures_typed_in_different_cases_add_up_on_one_account(client, cast, settings):
    spellings = ["adviser.a@example.org", "Adviser.A@example.org", "ADVISER.A@EXAMPLE.ORG", " adviser.a@Example.org"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": spellings[attempt % len(spellings)], "password": "wrong"})
    response = client.post(LOGIN, {"username": "adviser.a@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_a_locked_account_stays_locked_from_another_address(client, cast, settings):
    _fail(client, "adviser.a@example.org", settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="198.51.100.1")
    response = client.post(
        LOGIN, {"username": "adviser.a@example.org", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2"
    )
    assert response.status_code == 429


def test_an_address_trying_many_accounts_is_locked_for_every_account(client, cast, settings):
    # Fewer failures than the account limit on each e-mail, but many e-mails from one address.
    per_account = settings.AXES_FAILURE_LIMIT - 1
    emails = [f"guess{n}@example.org" for n in range(settings.TANDEM_ADDRESS_FAILURE_LIMIT // per_account + 1)]
    for email in emails:
        _fail(client, email, per_account, REMOTE_ADDR="198.51.100.9")
    locked = client.post(LOGIN, {"username": "adviser.a@example.org", "password": PASSWORD}, REMOTE_ADDR="198.51.100.9")
    assert locked.status_code == 429
    elsewhere = client.post(
        LOGIN, {"username": "adviser.a@example.org", "password": PASSWORD}, REMOTE_ADDR="198.51.100.10"
    )
    assert elsewhere.status_code == 302


def test_the_address_limit_is_higher_than_the_account_limit(settings):
    assert settings.TANDEM_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


def test_logging_into_ones_own_account_does_not_wipe_failures_on_another(client, cast, settings):
    _fail(client, "adviser.a@example.org", settings.AXES_FAILURE_LIMIT - 1)
    own = client.post(LOGIN, {"username": "adviser.c@example.org", "password": PASSWORD})
    assert own.status_code == 302
    client.logout()
    _fail(client, "adviser.a@example.org", 1)
    response = client.post(LOGIN, {"username": "adviser.a@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_a_successful_login_forgives_the_persons_own_typing_mistakes(client, cast, settings):
    for _ in range(2):
        _fail(client, "Adviser.A@example.org", settings.AXES_FAILURE_LIMIT - 1)
        response = client.post(LOGIN, {"username": "adviser.a@example.org", "password": PASSWORD})
        assert response.status_code == 302
        client.logout()


def test_resetting_the_password_unlocks_the_account(client, cast, settings):
    _fail(client, "adviser.a@example.org", settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="198.51.100.66")
    client.post(reverse("accounts:password_reset"), {"email": "adviser.a@example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reinitialisation/" in line)
    form_page = client.get(link.split("testserver", 1)[1], follow=True)
    new = "un-nouveau-mot-de-passe-2026"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    # The owner proved they hold the mailbox: the account opens again, even from the address that failed.
    response = client.post(LOGIN, {"username": "adviser.a@example.org", "password": new}, REMOTE_ADDR="198.51.100.66")
    assert response.status_code == 302 and response["Location"] == reverse("shell:home")


def test_the_lockout_page_says_for_how_long_and_how_to_get_back_in(client, cast, settings):
    settings.AXES_COOLOFF_TIME = 2
    _fail(client, "adviser.a@example.org", settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": "adviser.a@example.org", "password": PASSWORD})
    body = response.content.decode()
    assert response.status_code == 429
    assert "bloquées pendant 2 heures" in body
    assert reverse("accounts:password_reset") in body
