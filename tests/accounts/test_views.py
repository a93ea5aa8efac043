from django.urls import reverse

from tandem.accounts.enums import Role, TokenScope
from tandem.accounts.models import ApiToken
from tests.accounts.factories import MembershipFactory


def test_a_seconded_agent_switches_the_organisation_they_act_for(client, cast):
    seconded = MembershipFactory(user=cast.agent_b, organisation=cast.ml_a, role=Role.ADVISER)
    client.force_login(cast.agent_b)
    home = client.get(reverse("shell:home")).content.decode()
    assert 'id="acting-organisation"' in home
    response = client.post(
        reverse("accounts:switch_organisation"), {"membership": seconded.pk, "next": reverse("shell:home")}
    )
    assert response.status_code == 302
    home = client.get(reverse("shell:home")).content.decode()
    assert "Vous agissez pour <strong>Mission Locale A</strong>" in home


def test_nobody_can_act_for_an_organisation_they_do_not_belong_to(client, cast):
    client.force_login(cast.adviser_c)
    foreign = cast.adviser_a.memberships.get()
    response = client.post(reverse("accounts:switch_organisation"), {"membership": foreign.pk})
    assert response.status_code == 404


def test_the_menu_follows_the_role(client, cast):
    client.force_login(cast.adviser_a)
    adviser_menu = client.get(reverse("shell:home")).content.decode()
    assert "Jetons d&#x27;API" not in adviser_menu and "Administration" not in adviser_menu
    client.force_login(cast.director_a)
    director_menu = client.get(reverse("shell:home")).content.decode()
    assert "Jetons d&#x27;API" in director_menu and "Administration" not in director_menu
    client.force_login(cast.admin)
    assert "Administration" in client.get(reverse("shell:home")).content.decode()


def test_the_django_admin_is_for_administrators_only(client, cast):
    for persona in (cast.adviser_a, cast.director_a, cast.observer):
        client.force_login(persona)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(cast.admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/organisations/organisation/").status_code == 200


def test_my_account_updates_my_details(client, cast):
    client.force_login(cast.adviser_a)
    response = client.post(
        reverse("accounts:my_account"),
        {"first_name": "Camille", "last_name": "Martin", "phone": "0102030405", "preferred_language": "fr"},
    )
    assert response.status_code == 302
    cast.adviser_a.refresh_from_db()
    assert cast.adviser_a.get_full_name() == "Camille Martin"


def test_a_director_creates_a_token_shown_once_and_stored_hashed(client, cast):
    client.force_login(cast.director_a)
    response = client.post(
        reverse("accounts:api_tokens"), {"name": "SI de la ML", "scope": TokenScope.WRITE, "role": Role.ADVISER}
    )
    key = response.context["new_key"]
    assert key.startswith("tdm_") and key in response.content.decode()
    token = ApiToken.objects.get(organisation=cast.ml_a)
    assert key not in (token.key_hash, token.prefix) and len(token.key_hash) == 64
    listing = client.get(reverse("accounts:api_tokens")).content.decode()
    assert key not in listing and token.prefix in listing
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_token_form_offers_only_roles_up_to_the_director_s_own(client, cast):
    client.force_login(cast.director_a)
    form = client.get(reverse("accounts:api_tokens")).context["form"]
    assert [value for value, _label in form.fields["role"].choices] == [
        Role.ADVISER,
        Role.EMPLOYER_RELATIONS,
        Role.MANAGER,
        Role.OBSERVER,
    ]
    response = client.post(
        reverse("accounts:api_tokens"), {"name": "Trop", "scope": TokenScope.WRITE, "role": Role.ADMINISTRATOR}
    )
    assert response.context["new_key"] is None and not ApiToken.objects.exists()
    listing = client.post(
        reverse("accounts:api_tokens"), {"name": "Pilotage", "scope": TokenScope.READ, "role": Role.OBSERVER}
    ).content.decode()
    assert "Observateur (État, données agrégées)" in listing


def test_an_adviser_cannot_manage_tokens(client, cast):
    client.force_login(cast.adviser_a)
    assert client.get(reverse("accounts:api_tokens")).status_code == 404
