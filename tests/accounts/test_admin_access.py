"""Django's admin stays with platform administrators: an organisation's managers run their organisation from the
product's pages, never from /admin/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.accounts.enums import Role
from tests.accounts.factories import MembershipFactory


@pytest.fixture
def admin_urls(cast) -> list[str]:
    membership = cast.adviser_a.memberships.get()
    return [
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{cast.adviser_a.pk}/change/",
        "/admin/accounts/membership/",
        "/admin/organisations/partnershiplink/",
        f"/admin/organisations/organisation/{cast.ml_a.pk}/change/",
        f"/admin/accounts/user/{membership.user_id}/delete/",
    ]


def test_a_manager_who_is_no_platform_administrator_gets_no_admin_page(client, cast, admin_urls):
    client.force_login(cast.director_a)

    assert not cast.director_a.is_staff and not cast.director_a.has_module_perms("accounts")
    for url in admin_urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    response = client.post(
        f"/admin/accounts/user/{cast.adviser_a.pk}/change/", {"email": "pris@example.org", "is_active": ""}
    )
    assert response.status_code == 302
    cast.adviser_a.refresh_from_db()
    assert cast.adviser_a.email == "adviser.a@example.org" and cast.adviser_a.is_active


def test_a_manager_of_several_organisations_still_gets_no_admin_page(client, cast):
    MembershipFactory(user=cast.director_a, organisation=cast.agency_b, role=Role.MANAGER)
    client.force_login(cast.director_a)

    assert client.get("/admin/").status_code == 302


def test_the_menu_leads_managers_to_their_members_page_not_to_the_admin(client, cast):
    client.force_login(cast.director_a)
    menu = client.get(reverse("shell:home")).content.decode()
    assert reverse("organisations:members", args=[cast.ml_a.pk]) in menu
    assert reverse("admin:index") not in menu

    client.force_login(cast.adviser_a)
    assert "/membres/" not in client.get(reverse("shell:home")).content.decode()
