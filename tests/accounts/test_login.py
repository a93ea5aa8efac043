import pytest
from django.core import mail
from django.urls import reverse

from tests.personas import PASSWORD

LOGIN = reverse("accounts:login")


def test_an_adviser_logs_in_with_their_email_and_lands_on_home(client, cast):
    response = client.post(LOGIN, {"username": "Adviser.A@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    home = client.get(reverse("core:home"))
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
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_a_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


@pytest.mark.parametrize("setting", ["SESSION_COOKIE_HTTPONLY"])
def test_session_cookies_are_not_readable_by_scripts(settings, setting):
    assert getattr(settings, setting) is True
