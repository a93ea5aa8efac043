"""Conventions for tests, written through the services as a manager would (their events and links included)."""

from __future__ import annotations

import datetime

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.partnerships import services
from tandem.partnerships.enums import ConventionKind, ConventionLevel, PartyRole
from tandem.partnerships.models import Convention
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.organisations.factories import OrganisationFactory

START = datetime.date(2025, 1, 1)


def membership_of(user: User, organisation: Organisation | None = None) -> Membership:
    memberships = Membership.objects.filter(user=user)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.select_related("organisation").get()


def manager_of(organisation: Organisation, email: str) -> User:
    return MembershipFactory(user=UserFactory(email=email), organisation=organisation, role=Role.MANAGER).user


def regional_body(name: str = "Direction régionale France Travail Test") -> Organisation:
    return OrganisationFactory(kind=OrganisationKind.FT_REGIONAL_DIRECTION, name=name)


def convention_by_admin(
    admin: User,
    *,
    level: str,
    kind: str = ConventionKind.COTRAITANCE,
    title: str = "Convention",
    parties: list[tuple[Organisation, str]],
    parent: Convention | None = None,
    sign: bool = True,
    **terms,
) -> Convention:
    convention = services.convention_create(
        user=admin,
        membership=membership_of(admin),
        level=level,
        kind=kind,
        data=services.ConventionData(title=title, starts_on=terms.pop("starts_on", START), parent=parent, **terms),
        parties=[services.PartyData(organisation=o, role=role) for o, role in parties],
    )
    if sign:
        convention = services.convention_sign(convention=convention, user=admin, membership=membership_of(admin))
        convention = services.convention_activate(convention=convention, user=admin, membership=membership_of(admin))
    return convention


def local_convention(cast, **kwargs) -> Convention:
    """Mission Locale A and its reference site, agency B: a local reinforced partnership in force."""
    return convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        title=kwargs.pop("title", "Convention locale A – B"),
        parties=[(cast.ml_a, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
        **kwargs,
    )
