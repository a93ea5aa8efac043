"""Suggestions of communes as a person types: a small fragment for the commune box's <datalist>."""

from __future__ import annotations

import pytest
from django.urls import reverse

URL = reverse("territories:commune_suggestions")


def test_a_signed_in_user_gets_haguenau_for_the_beginning_of_its_name(client, cast):
    client.force_login(cast.adviser_a)

    body = client.get(URL, {"field": "commune", "commune": "hag"}).content.decode()

    assert body.startswith('<option value="Haguenau (67500) – INSEE 67180"></option>')


def test_a_postcode_gets_every_commune_it_may_mean_told_apart(client, cast):
    client.force_login(cast.agent_b)

    body = client.get(URL, {"q": "67500"}).content.decode()

    assert '<option value="Haguenau (67500) – INSEE 67180"></option>' in body
    assert '<option value="Urmatt (67280) – INSEE 67500"></option>' in body


def test_the_status_region_says_how_many_communes_are_offered(client, cast):
    client.force_login(cast.adviser_a)

    body = client.get(URL, {"field": "commune", "commune": "67500", "status": "id_commune-status"}).content.decode()

    assert '<p id="id_commune-status" hx-swap-oob="innerHTML">5 communes proposées</p>' in body
    nothing = client.get(URL, {"field": "commune", "commune": "zzz", "status": "id_commune-status"}).content.decode()
    assert "Aucune commune ne correspond" in nothing


def test_a_status_id_that_is_no_html_id_is_not_echoed(client, cast):
    client.force_login(cast.adviser_a)

    body = client.get(URL, {"q": "hag", "status": '"><script>alert(1)</script>'}).content.decode()

    assert "script" not in body and "hx-swap-oob" not in body


def test_an_overseas_collectivity_commune_is_offered(client, cast):
    client.force_login(cast.adviser_a)

    body = client.get(URL, {"q": "Saint-Pierre"}).content.decode()

    assert '<option value="Saint-Pierre (97500) – INSEE 97502"></option>' in body


@pytest.mark.parametrize("persona", ["adviser_c", "temp_contact", "observer"])
def test_every_signed_in_persona_may_read_the_public_referential(client, cast, persona):
    client.force_login(cast.personas()[persona])

    assert client.get(URL, {"q": "hag"}).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, cast):
    response = client.get(URL, {"q": "hag"})

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_suggestions_cost_the_same_few_queries_whatever_the_typing(client, cast, django_assert_num_queries):
    client.force_login(cast.adviser_a)
    client.get(URL, {"q": "hag"})
    # session, user, memberships (acting organisation), the communes the text names, the communes it begins
    for query in ("hag", "67500", "Saint-Denis"):
        with django_assert_num_queries(5):
            client.get(URL, {"q": query})
