"""A Mission Locale's manager runs their organisation from the product: they link it to a France Travail agency
with a 5-day answer deadline, and invite an adviser, who chooses a password through the e-mailed link (once) and
logs in."""

from __future__ import annotations

import re
import secrets

from tests.e2e.conftest import axe_violations, sent_emails
from tests.e2e.test_cotraitance_journey import logout
from tests.e2e.test_login_journey import login

ML_NAME = "Mission Locale d'Alsace du Nord"
NEW_PASSWORD = "Un-mot-de-passe-bien-choisi-2026"


def test_a_manager_links_a_partner_and_invites_an_adviser_who_logs_in(page, server_env):
    login(page, "direction.alsace-nord@demo.tandem.localhost")
    page.locator("#main-navigation").get_by_role("link", name="Membres", exact=True).click()
    assert page.get_by_role("heading", name=f"Membres de {ML_NAME}").is_visible()
    assert axe_violations(page) == []

    # A partnership link, with a partner found by search.
    page.locator(".fr-breadcrumb").get_by_role("link", name=ML_NAME).click()
    page.get_by_role("link", name="Ajouter un partenariat").click()
    page.get_by_label("Organisation partenaire").fill("Saverne")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Choisir France Travail Saverne").click()
    assert page.locator("#chosen-partner").inner_text() == "France Travail Saverne"
    page.get_by_label("Type de partenariat").select_option(label="Cotraitance Mission Locale – France Travail")
    # A reinforced partnership is a local convention with the Mission Locale's reference site (docs/partnerships.md).
    page.locator("label[for='id_is_reference_site']").click()
    assert page.get_by_label("Site de référence").is_checked()
    page.get_by_label("Délai de réponse à une orientation").fill("5")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer le partenariat").click()
    assert "Partenariat avec France Travail Saverne enregistré." in page.locator("main").inner_text()
    row = page.locator("tr", has_text="France Travail Saverne")
    assert "réponse 5 j, 1er rendez-vous 15 j" in row.inner_text()

    # An adviser invited by e-mail.
    email = f"conseillere.{secrets.token_hex(4)}@example.org"
    page.get_by_role("link", name="Gérer les membres").click()
    page.get_by_role("link", name="Inviter une personne").click()
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Prénom", exact=True).fill("Inès")
    page.get_by_label("Nom", exact=True).fill("Invitée")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Envoyer l'invitation").click()
    assert f"Invitation envoyée à {email}" in page.locator("main").inner_text()
    assert (
        "invitation en attente" in page.locator("tr", has_text=email).inner_text().lower()
    )  # a DSFR badge is in capitals
    logout(page)

    mail = next(text for text in reversed(sent_emails(server_env)) if email in text)
    link = re.search(r"https?://[^\s]+/compte/invitation/[^\s]+/", mail)
    assert link, mail
    page.goto(link.group(0))
    assert page.get_by_role("heading", name="Bienvenue sur Tandem").is_visible()
    assert axe_violations(page) == []
    # A DSFR label carries its hint: the label's text holds more than its name.
    page.get_by_label(re.compile(r"Nouveau mot de passe")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"Confirmation du nouveau mot de passe")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    assert page.get_by_role("heading", name="Votre mot de passe est enregistré").is_visible()

    page.locator("main").get_by_role("link", name="Se connecter").click()
    page.get_by_label("Adresse électronique", exact=True).fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("heading", name="Ce qui demande votre attention aujourd'hui").is_visible()
    assert ML_NAME in page.content()
    logout(page)

    # The link served once.
    page.goto(link.group(0))
    assert "Ce lien d'invitation n'est plus valable" in page.locator("main").inner_text()
