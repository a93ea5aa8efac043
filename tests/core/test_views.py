from django.urls import reverse

from tandem.accounts.models import Membership


def test_an_adviser_home_shows_their_organisation_and_partners(client, cast):
    client.force_login(cast.adviser_a)
    body = client.get(reverse("shell:home")).content.decode()
    assert "Ce qui demande votre attention aujourd'hui" in body
    assert "France Travail B" in body and "site de référence" in body
    assert "L'équipe" not in body


def test_a_director_home_also_lists_the_team(client, cast):
    client.force_login(cast.director_a)
    body = client.get(reverse("shell:home")).content.decode()
    assert "L'équipe" in body
    assert cast.adviser_a.get_full_name() in body


def test_an_observer_home_says_no_nominative_data_is_shown(client, cast):
    client.force_login(cast.observer)
    body = client.get(reverse("shell:home")).content.decode()
    assert "aucune donnée nominative" in body


def test_a_person_without_membership_is_told_to_ask_for_one(client, cast):
    Membership.objects.filter(user=cast.adviser_a).delete()
    client.force_login(cast.adviser_a)
    body = client.get(reverse("shell:home")).content.decode()
    assert "Vous n'êtes rattaché·e à aucune organisation active" in body


def test_the_home_page_query_count_is_pinned(client, cast, django_assert_num_queries):
    client.force_login(cast.director_a)
    # session, user, memberships (acting and switcher), coverage count, partnership links with partners,
    # referrals needing attention (one aggregate), team members, is_administrator (menu), unread notifications (header),
    # the Mission Locale's sites (read once: tandem.organisations.selectors.family_ids); the indicators' summary:
    # whether secrecy applies (the organisation), its snapshot (none yet), the conventions steering it, its three
    # referral figures measured now, its name; the territory's shared diagnostics
    with django_assert_num_queries(19):
        client.get(reverse("shell:home"))


def test_the_interface_is_available_in_english(client, cast):
    client.force_login(cast.adviser_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("shell:home")).content.decode()
    assert '<html lang="en"' in body
    assert "What needs my attention today" in body


def test_a_browser_asking_for_english_still_gets_french_until_english_is_chosen(client, db):
    response = client.get("/compte/connexion/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr"' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en"' in client.get("/compte/connexion/").content.decode()
