"""Get-or-create helpers of the demo: every row is found again by its natural key, so a second load changes nothing.

Natural keys: organisations by (kind, name) or SAFIR code, users by e-mail, memberships by (user, organisation),
partnership links by (organisation_a, organisation_b, kind, starts_on).
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Iterable
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from faker import Faker

from tandem.accounts.models import Membership, User
from tandem.accounts.services import membership_create, user_create
from tandem.organisations.enums import PartnershipKind
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.organisations.services import organisation_create, organisation_set_coverage, partnership_link_create
from tandem.territories.models import Commune, Epci

# Demo only: published in the README and printed by load_demo. Never use it outside a demo database.
DEMO_PASSWORD = "tandem-demo-2026"
# A reserved top-level domain (RFC 6761): a demo e-mail can never reach a real mailbox.
DEMO_EMAIL_DOMAIN = "demo.tandem.localhost"
# Fixed salt so that a second load finds the same hash and writes nothing; the password is public anyway.
_DEMO_PASSWORD_SALT = "tandemdemo2026"
_FAKER_SEED = 2026


class DemoReferentialsMissing(Exception):
    """The territories the demo is built on are not in the database."""


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


# Territories -------------------------------------------------------------------------------------


def epci_commune_codes(*sirens: str) -> list[str]:
    """The member communes of these EPCI (SIREN codes), as loaded by import_referentials."""
    codes: list[str] = []
    for siren in sirens:
        members = list(Commune.objects.filter(epci_id=siren).order_by("code").values_list("code", flat=True))
        if not members:
            name = Epci.objects.filter(code=siren).values_list("name", flat=True).first() or siren
            raise DemoReferentialsMissing(f"aucune commune pour l'EPCI {name} : lancez d'abord import_referentials")
        codes.extend(members)
    return codes


def commune(code: str) -> Commune:
    try:
        return Commune.objects.get(code=code)
    except Commune.DoesNotExist:
        raise DemoReferentialsMissing(f"commune {code} absente : lancez d'abord import_referentials") from None


# Organisations -----------------------------------------------------------------------------------


def organisation_update_fields(organisation: Organisation, **fields) -> Organisation:
    """Bring an existing organisation back to the demo's values; writes only when something differs."""
    changed = [key for key, value in fields.items() if getattr(organisation, key) != value]
    if changed:
        for key in changed:
            setattr(organisation, key, fields[key])
        organisation.full_clean()
        organisation.save()
    return organisation


def organisation_ensure(*, kind: str, name: str, **fields) -> Organisation:
    organisation = Organisation.objects.filter(kind=kind, name=name).first()
    if organisation is None:
        return organisation_create(kind=kind, name=name, **fields)
    return organisation_update_fields(organisation, **fields)


def agency(safir_code: str) -> Organisation:
    return Organisation.objects.get(safir_code=safir_code)


def coverage_ensure(organisation: Organisation, commune_codes: Iterable[str]) -> None:
    organisation_set_coverage(organisation=organisation, commune_codes=commune_codes)


def link_ensure(
    organisation_a: Organisation,
    organisation_b: Organisation,
    *,
    kind: str,
    starts_on: datetime.date,
    is_reference_site: bool = False,
) -> PartnershipLink:
    link = PartnershipLink.objects.filter(
        organisation_a=organisation_a, organisation_b=organisation_b, kind=kind, starts_on=starts_on
    ).first()
    if link is None:
        return partnership_link_create(
            organisation_a=organisation_a,
            organisation_b=organisation_b,
            kind=kind,
            starts_on=starts_on,
            is_reference_site=is_reference_site,
        )
    if link.is_reference_site != is_reference_site:
        link.is_reference_site = is_reference_site
        link.full_clean()
        link.save(update_fields=["is_reference_site"])
    return link


def cotraitance_ensure(
    mission_locale: Organisation, agency: Organisation, *, starts_on: datetime.date, is_reference_site: bool = False
) -> PartnershipLink:
    return link_ensure(
        mission_locale,
        agency,
        kind=PartnershipKind.COTRAITANCE,
        starts_on=starts_on,
        is_reference_site=is_reference_site,
    )


# People ------------------------------------------------------------------------------------------


@cache
def _faker() -> Faker:
    return Faker("fr_FR")


@cache
def _password_hash(hashers: tuple[str, ...]) -> str:
    return make_password(DEMO_PASSWORD, salt=_DEMO_PASSWORD_SALT)


def _demo_password_hash() -> str:
    # Hashed once per hasher configuration (PBKDF2 is slow by design; tests switch to a fast hasher).
    return _password_hash(tuple(settings.PASSWORD_HASHERS))


def _fictitious_name(email: str) -> tuple[str, str]:
    # One seed per e-mail: adding a demo user never renames the others.
    fake = _faker()
    fake.seed_instance(_FAKER_SEED + zlib.crc32(email.encode()))
    return fake.first_name(), fake.last_name()


def user_ensure(local_part: str) -> User:
    """A demo user with a fictitious French name and the demo password, found again by e-mail."""
    email = demo_email(local_part)
    user = User.objects.filter(email=email).first()
    if user is None:
        first_name, last_name = _fictitious_name(email)
        # No password here: hashing once per load (below) instead of once per user keeps the load fast.
        user = user_create(email=email, first_name=first_name, last_name=last_name)
    if user.password != _demo_password_hash():
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


def membership_ensure(
    user: User,
    organisation: Organisation,
    role: str,
    *,
    fte_share: Decimal | None = None,
    starts_on: datetime.date | None = None,
) -> Membership:
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        return membership_create(
            user=user, organisation=organisation, role=role, fte_share=fte_share, starts_on=starts_on
        )
    wanted = {"role": role, "fte_share": fte_share, "starts_on": starts_on, "ends_on": None}
    changed = [key for key, value in wanted.items() if getattr(membership, key) != value]
    if changed:
        for key in changed:
            setattr(membership, key, wanted[key])
        membership.full_clean()
        membership.save(update_fields=changed)
    return membership


def member_ensure(local_part: str, organisation: Organisation, role: str) -> User:
    """The common case: a demo user with one membership."""
    user = user_ensure(local_part)
    membership_ensure(user, organisation, role)
    return user
