"""One cast of personas shared by every test (see STYLE.md).

- adviser_a: adviser of Mission Locale A (covers Haguenau and Wissembourg)
- agent_b: adviser at France Travail agency B, partner of A (cotraitance, reference site)
- director_a: manager of Mission Locale A
- adviser_c: adviser of Mission Locale C, unrelated (covers Bordeaux)
- temp_contact: contact in a temp agency linked to A (Mission Jeunes)
- observer: State observer (DREETS), aggregates only
- admin: platform administrator
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tandem.accounts.enums import Role
from tandem.accounts.models import User
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import Organisation
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.organisations.factories import OrganisationFactory, PartnershipLinkFactory

PASSWORD = "persona-password-2026"


@dataclass
class Cast:
    ml_a: Organisation
    agency_b: Organisation
    ml_c: Organisation
    temp_agency: Organisation
    state_service: Organisation
    adviser_a: User
    agent_b: User
    director_a: User
    adviser_c: User
    temp_contact: User
    observer: User
    admin: User

    def personas(self) -> dict[str, User]:
        return {
            "adviser_a": self.adviser_a,
            "agent_b": self.agent_b,
            "director_a": self.director_a,
            "adviser_c": self.adviser_c,
            "temp_contact": self.temp_contact,
            "observer": self.observer,
            "admin": self.admin,
        }


def build_cast() -> Cast:
    ml_a = OrganisationFactory(
        kind=OrganisationKind.MISSION_LOCALE, name="Mission Locale A", commune_id="67180", coverage=["67180", "67544"]
    )
    agency_b = OrganisationFactory(
        kind=OrganisationKind.FT_AGENCY,
        name="France Travail B",
        safir_code="67999",
        commune_id="67180",
        coverage=["67180"],
    )
    ml_c = OrganisationFactory(
        kind=OrganisationKind.MISSION_LOCALE, name="Mission Locale C", commune_id="33063", coverage=["33063"]
    )
    temp_agency = OrganisationFactory(kind=OrganisationKind.TEMP_AGENCY, name="Intérim Test", commune_id="67180")
    state_service = OrganisationFactory(kind=OrganisationKind.STATE_SERVICE, name="DREETS Test")
    platform = OrganisationFactory(kind=OrganisationKind.NETWORK_BODY, name="Équipe Tandem")
    start = datetime.date(2021, 12, 1)
    PartnershipLinkFactory(
        organisation_a=ml_a,
        organisation_b=agency_b,
        kind=PartnershipKind.COTRAITANCE,
        is_reference_site=True,
        starts_on=start,
    )
    PartnershipLinkFactory(
        organisation_a=ml_a, organisation_b=temp_agency, kind=PartnershipKind.MISSION_JEUNES, starts_on=start
    )

    def member(email: str, organisation: Organisation, role: str) -> User:
        user = UserFactory(email=email)
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    return Cast(
        ml_a=ml_a,
        agency_b=agency_b,
        ml_c=ml_c,
        temp_agency=temp_agency,
        state_service=state_service,
        adviser_a=member("adviser.a@example.org", ml_a, Role.ADVISER),
        agent_b=member("agent.b@example.org", agency_b, Role.ADVISER),
        director_a=member("director.a@example.org", ml_a, Role.MANAGER),
        adviser_c=member("adviser.c@example.org", ml_c, Role.ADVISER),
        temp_contact=member("contact.temp@example.org", temp_agency, Role.ADVISER),
        observer=member("observer@example.org", state_service, Role.OBSERVER),
        admin=member("admin@example.org", platform, Role.ADMINISTRATOR),
    )
