"""Hand-built referral histories with known answers, written through the referral services (their events are the
ones the indicators read)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tandem.accounts.models import User
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import ConventionLevel, PartyRole
from tandem.partnerships.models import Convention
from tandem.referrals import services
from tandem.referrals.models import Referral
from tests.organisations.factories import OrganisationFactory, PartnershipLinkFactory
from tests.partnerships.factories import convention_by_admin
from tests.people.factories import PersonFactory


def at(day: str, time: str = "12:00:00") -> datetime.datetime:
    """A moment in the platform's time zone (Europe/Paris)."""
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{time}"))


def propose(
    sender: Organisation,
    receiver: Organisation,
    when: datetime.datetime,
    *,
    designation: bool = False,
    commune: str = "",
) -> Referral:
    person = PersonFactory(followed_by=sender, commune_id=commune or receiver.commune_id or "67544")
    return services.referral_propose(
        person=person,
        from_organisation=sender,
        to_organisation=receiver,
        by=None,
        is_designation=designation,
        proposed_at=when,
    )


def accept(referral: Referral, when: datetime.datetime) -> Referral:
    """Accepted by a member of the receiving organisation (a designation makes them the person's adviser)."""
    adviser = User.objects.filter(memberships__organisation=referral.to_organisation).order_by("pk").first()
    return services.referral_accept(referral=referral, by=adviser, organisation=referral.to_organisation, at=when)


def refuse(referral: Referral, when: datetime.datetime, reason: str) -> Referral:
    return services.referral_refuse(
        referral=referral, by=None, organisation=referral.to_organisation, reason=reason, comment="x", at=when
    )


def meet(referral: Referral, held_on: str) -> Referral:
    """The first meeting held that day (its event happens at noon)."""
    return services.referral_record_meeting(
        referral=referral,
        by=None,
        organisation=referral.to_organisation,
        held_on=datetime.date.fromisoformat(held_on),
    )


def gironde_pair(cast) -> tuple[Organisation, Organisation]:
    """A France Travail agency in Gironde (33) partner of Mission Locale C (Bordeaux): another département, another
    région (Nouvelle-Aquitaine) than A and B (Bas-Rhin, Grand Est)."""
    agency_d = OrganisationFactory(
        kind=OrganisationKind.FT_AGENCY, name="France Travail D", commune_id="33063", coverage=["33063"]
    )
    PartnershipLinkFactory(
        organisation_a=cast.ml_c,
        organisation_b=agency_d,
        kind=PartnershipKind.COTRAITANCE,
        starts_on=datetime.date(2021, 12, 1),
    )
    return agency_d, cast.ml_c


def convention_of(cast, *parties: Organisation) -> Convention:
    """A convention between these parties (a draft: its parties are all the indicators read)."""
    return convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        title="Convention des indicateurs",
        parties=[(party, PartyRole.SIGNATORY) for party in parties],
        sign=False,
    )
