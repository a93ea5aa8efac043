from __future__ import annotations

import factory

from tandem.accounts.enums import Role, TokenScope
from tandem.accounts.models import Membership, User
from tests.organisations.factories import OrganisationFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("persona-password-2026")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.ADVISER


def api_key(organisation, *, scope: str = TokenScope.READ, role: str | None = None, name: str = "SI") -> str:
    """The clear key of a new token of the organisation, created by a platform administrator.

    The role defaults to what the organisation's members usually hold (an observer for a State service).
    """
    from tandem.accounts.permissions import roles_allowed_in
    from tandem.accounts.services import api_token_create

    if role is None:
        role = Role.ADVISER if Role.ADVISER in roles_allowed_in(organisation) else Role.OBSERVER
    creator = UserFactory(is_superuser=True)
    _token, key = api_token_create(organisation=organisation, name=name, scope=scope, role=role, by=creator)
    return key


def bearer(organisation, *, scope: str = TokenScope.READ, role: str | None = None) -> dict[str, str]:
    """Django test client headers authenticating as a new token of the organisation."""
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(organisation, scope=scope, role=role)}"}
