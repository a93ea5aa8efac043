"""A partner system's token acts with a role, never with more rights than the manager who created it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts.enums import Role, TokenScope
from tandem.accounts.services import api_token_create
from tandem.people.models import Person
from tests.accounts.factories import UserFactory, bearer

PERSON = {"first_name": "Léa", "last_name": "Étatique", "birth_date": "2005-03-02", "commune_code": "67544"}


def test_a_state_service_token_cannot_create_a_nominative_record(client, cast):
    headers = bearer(cast.state_service, scope=TokenScope.WRITE)  # an observer: the only role a State service has
    response = client.post("/api/v1/people", data=PERSON, content_type="application/json", **headers)
    assert response.status_code == 404
    assert not Person.objects.exists()
    assert client.get("/api/v1/people", **headers).status_code == 404
    assert client.get("/api/v1/me", **headers).json()["role"] == "observer"


def test_a_state_service_token_cannot_be_given_an_adviser_role(cast):
    with pytest.raises(ValidationError, match="Ce rôle ne peut pas être donné"):
        api_token_create(
            organisation=cast.state_service, name="SI", scope=TokenScope.WRITE, role=Role.ADVISER, by=cast.admin
        )


def test_only_the_organisation_s_managers_create_its_tokens_and_never_above_their_own_role(cast):
    with pytest.raises(PermissionDenied):
        api_token_create(organisation=cast.ml_a, name="SI", scope=TokenScope.WRITE, by=cast.adviser_a)
    with pytest.raises(PermissionDenied):
        api_token_create(organisation=cast.ml_c, name="SI", scope=TokenScope.WRITE, by=cast.director_a)
    with pytest.raises(ValidationError):
        api_token_create(
            organisation=cast.ml_a, name="SI", scope=TokenScope.WRITE, role=Role.ADMINISTRATOR, by=cast.director_a
        )
    token, _key = api_token_create(
        organisation=cast.ml_a, name="SI", scope=TokenScope.WRITE, role=Role.MANAGER, by=cast.director_a
    )
    assert token.role == Role.MANAGER


def test_an_adviser_token_does_not_manage_its_organisation(client, cast):
    response = client.put(
        f"/api/v1/organisations/{cast.ml_a.pk}/coverage",
        data={"commune_codes": ["67180"]},
        content_type="application/json",
        **bearer(cast.ml_a, scope=TokenScope.WRITE, role=Role.ADVISER),
    )
    assert response.status_code == 404


def test_an_adviser_token_creates_a_record_its_organisation_leads(client, cast):
    response = client.post(
        "/api/v1/people",
        data=PERSON | {"adviser_email": cast.adviser_a.email},
        content_type="application/json",
        **bearer(cast.ml_a, scope=TokenScope.WRITE, role=Role.ADVISER),
    )
    assert response.status_code == 201, response.content
    assert response.json()["access"] == "full"


def test_a_platform_administrator_may_create_a_token_for_any_organisation_within_its_allowed_roles(cast):
    superuser = UserFactory(is_superuser=True)
    token, _key = api_token_create(
        organisation=cast.state_service, name="SI", scope=TokenScope.READ, role=Role.OBSERVER, by=superuser
    )
    assert token.role == Role.OBSERVER
