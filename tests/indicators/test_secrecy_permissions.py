"""Who reads small figures unmasked (tandem.indicators.permissions.secrecy_applies): whoever holds the data. A matrix
over the personas and every kind of scope; then a Mission Locale's site acting for its Mission Locale, a partner's
token, and a caller without membership."""

from __future__ import annotations

import pytest

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.indicators.permissions import secrecy_applies
from tandem.indicators.scopes import Scope
from tandem.organisations.enums import OrganisationKind
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.indicators.scenarios import convention_of
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["adviser_a", "agent_b", "director_a", "adviser_c", "temp_contact", "observer", "admin"]
# Masked (True) or not, per scope, in the order of PERSONAS. The convention's parties are Mission Locale A and
# agency B; the adviser's scope is adviser_a's, the organisation's Mission Locale A's.
EXPECTED = {
    "nation": [True, True, True, True, True, True, False],
    "region": [True, True, True, True, True, True, False],
    "departement": [True, True, True, True, True, True, False],
    "epci": [True, True, True, True, True, True, False],
    "commune": [True, True, True, True, True, True, False],
    # Only Mission Locale A's members hold its figures (others get a 404 from can_read_scope, observers masked).
    "organisation": [False, True, False, True, True, True, False],
    "adviser": [False, False, False, False, False, False, False],
    "convention": [False, False, False, True, True, True, False],
}


def _scopes(cast) -> dict[str, Scope]:
    convention = convention_of(cast, cast.ml_a, cast.agency_b)
    return {
        "nation": Scope("nation"),
        "region": Scope("region", "44"),
        "departement": Scope("departement", "67"),
        "epci": Scope("epci", "246700488"),
        "commune": Scope("commune", "67180"),
        "organisation": Scope("organisation", str(cast.ml_a.pk)),
        "adviser": Scope("adviser", str(cast.adviser_a.pk)),
        "convention": Scope("convention", str(convention.pk)),
    }


def _membership(user) -> Membership:
    return Membership.objects.filter(user=user).select_related("organisation").get()


def test_secrecy_applies_to_whoever_does_not_hold_the_data(cast):
    scopes = _scopes(cast)
    found = {
        kind: [secrecy_applies(getattr(cast, name), _membership(getattr(cast, name)), scope) for name in PERSONAS]
        for kind, scope in scopes.items()
    }
    assert found == EXPECTED


def test_a_site_s_staff_hold_their_mission_locale_s_convention_data(cast):
    site = OrganisationFactory(
        kind=OrganisationKind.ML_SITE, name="Antenne A", parent=cast.ml_a, commune_id="67544", coverage=["67544"]
    )
    user = UserFactory()
    membership = MembershipFactory(user=user, organisation=site, role=Role.ADVISER)
    scope = _scopes(cast)["convention"]
    assert secrecy_applies(user, membership, scope) is False
    assert secrecy_applies(user, membership, Scope("departement", "67")) is True


def test_a_token_is_judged_by_its_organisation_and_no_membership_means_masked(cast):
    scope = _scopes(cast)["convention"]
    party_token = Membership(organisation=cast.agency_b, role=Role.ADVISER)
    outsider_token = Membership(organisation=cast.ml_c, role=Role.ADVISER)
    assert secrecy_applies(None, party_token, scope) is False
    assert secrecy_applies(None, outsider_token, scope) is True
    assert secrecy_applies(None, None, scope) is True
    assert secrecy_applies(None, None, Scope("nation")) is True


def test_a_convention_is_held_by_its_own_parties_not_a_state_party_nor_a_party_of_a_convention_under_it(cast):
    from tandem.partnerships.enums import ConventionLevel, PartyRole
    from tests.partnerships.factories import convention_by_admin

    regional = convention_by_admin(
        cast.admin,
        level=ConventionLevel.REGIONAL,
        title="Régionale",
        parties=[(cast.state_service, PartyRole.STATE), (OrganisationFactory(name="ARML"), PartyRole.SIGNATORY)],
        sign=False,
    )
    local = convention_of(cast, cast.ml_a, cast.agency_b)
    local.parent = regional
    local.save()
    scope = Scope("convention", str(regional.pk))
    assert secrecy_applies(cast.observer, _membership(cast.observer), scope)  # a State party: an observer
    assert secrecy_applies(cast.adviser_a, _membership(cast.adviser_a), scope)  # party of the local one only
    assert not secrecy_applies(cast.adviser_a, _membership(cast.adviser_a), Scope("convention", str(local.pk)))
