"""Seed 002 — the conventions: the national framework agreement, Centre-Val de Loire's regional convention with
its ten local conventions and 9.5 FTE of France Travail agents seconded to its ten Missions Locales (target 9.5),
and Bordeaux's local convention with its targets (referrals a year, five steering committees a year).

Every partnership link the scenarios wrote becomes a local convention first (as the data migration does), so that
who is partner with whom has one source; then everything goes through the conventions' services, so each convention
has its timeline. Deterministic and idempotent: a convention is found again by its level and title, a secondment
by its convention and agent, a target by its convention, indicator and year.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from tandem.accounts.models import Membership, User
from tandem.demo.builders import agency, demo_email
from tandem.demo.builders import organisation_ensure as ensure
from tandem.demo.scenarios import bordeaux, centre_val_de_loire
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.partnerships import services
from tandem.partnerships.enums import ConventionKind, ConventionLevel, ConventionStatus, Indicator, PartyRole
from tandem.partnerships.links import links_adopt
from tandem.partnerships.models import Convention, ConventionLink, ConventionParty, Secondment

NATIONAL_TITLE = "Accord-cadre national État – France Travail – Missions Locales"
NATIONAL_SIGNED_ON = datetime.date(2010, 3, 26)
REGIONAL_TITLE = "Convention régionale Centre-Val de Loire : partenariat renforcé"
REGIONAL_AXES = [
    "Orientation des jeunes demandeurs d'emploi vers la Mission Locale (délégation)",
    "Mise à disposition d'agents de France Travail dans les Missions Locales",
    "Offre de services commune aux entreprises",
]
# 9.5 FTE across the ten Missions Locales: a full-time agent each, half-time at Chinon.
CENTRE_FTE = Decimal("9.5")
CENTRE_REFERRALS = Decimal(5255)
BORDEAUX_REFERRALS = Decimal(1200)
STEERING_MEETINGS = Decimal(5)


def admin_acting() -> tuple[User, Membership]:
    user = User.objects.get(email=demo_email("admin"))
    return user, Membership.objects.select_related("organisation").get(user=user)


def _adopt_links() -> None:
    links_adopt(
        convention_model=Convention,
        party_model=ConventionParty,
        link_row_model=ConventionLink,
        links=PartnershipLink.objects.filter(convention_row__isnull=True).select_related(
            "organisation_a", "organisation_b"
        ),
        today=timezone.localdate(),
    )


def convention_ensure(
    *,
    level: str,
    title: str,
    parent: Convention | None,
    parties: list[tuple[Organisation, str]],
    signed_on: datetime.date,
    axes: list[str] | None = None,
    kind: str = ConventionKind.COTRAITANCE,
) -> Convention:
    user, membership = admin_acting()
    convention = Convention.objects.filter(level=level, title=title).first()
    if convention is None:
        convention = services.convention_create(
            user=user,
            membership=membership,
            level=level,
            kind=kind,
            data=services.ConventionData(title=title, parent=parent, starts_on=signed_on, axes=axes or []),
            parties=[services.PartyData(organisation=o, role=role) for o, role in parties],
        )
    if convention.status == ConventionStatus.DRAFT:
        convention = services.convention_sign(
            convention=convention, user=user, membership=membership, signed_on=signed_on
        )
    if convention.status == ConventionStatus.SIGNED:
        convention = services.convention_activate(convention=convention, user=user, membership=membership)
    return convention


def _local_of(mission_locale: Organisation) -> Convention:
    """The local reinforced partnership of a Mission Locale (the convention its reference site's link came from)."""
    link = PartnershipLink.objects.get(organisation_a=mission_locale, is_reference_site=True, kind="cotraitance")
    return ConventionLink.objects.select_related("convention").get(link=link).convention


def convention_attach(convention: Convention, *, parent: Convention | None, title: str) -> Convention:
    """Hang a local convention on its regional one, under a readable title (its terms otherwise unchanged)."""
    if convention.parent_id == (parent.pk if parent is not None else None) and convention.title == title:
        return convention
    user, membership = admin_acting()
    data = services.ConventionData(
        title=title,
        parent=parent,
        starts_on=convention.starts_on,
        ends_on=convention.ends_on,
        axes=convention.axes,
        referral_answer_days=convention.referral_answer_days,
        first_meeting_days=convention.first_meeting_days,
        ways_of_working=convention.ways_of_working,
        notes=convention.notes,
    )
    convention, _changed = services.convention_update(
        convention=convention, user=user, membership=membership, data=data
    )
    return convention


def target_ensure(convention: Convention, indicator: str, value: Decimal, year: int) -> None:
    if convention.targets.filter(indicator=indicator, year=year, value=value).exists():
        return
    user, membership = admin_acting()
    services.target_set(
        convention=convention, user=user, membership=membership, indicator=indicator, value=value, year=year
    )


def _secondment(
    convention: Convention, *, agent_name: str, from_agency: Organisation, to: Organisation, fte: Decimal
) -> None:
    if Secondment.objects.filter(convention=convention, agent_name=agent_name).exists():
        return
    user, membership = admin_acting()
    services.secondment_create(
        convention=convention,
        user=user,
        membership=membership,
        data=services.SecondmentData(
            agent_name=agent_name,
            from_agency=from_agency,
            to_mission_locale=to,
            fte=fte,
            starts_on=datetime.date(timezone.localdate().year, 1, 1),
            missions=["services_prescription", "employer_relations"],
        ),
    )


def conventions_load() -> None:
    _adopt_links()
    year = timezone.localdate().year
    unml = ensure(kind=OrganisationKind.NETWORK_BODY, name="Union nationale des Missions Locales (UNML)")
    ft_national = ensure(kind=OrganisationKind.FT_REGIONAL_DIRECTION, name="France Travail – Direction générale")
    dgefp = ensure(kind=OrganisationKind.STATE_SERVICE, name="DGEFP (ministère du Travail)")
    national = convention_ensure(
        level=ConventionLevel.NATIONAL,
        title=NATIONAL_TITLE,
        parent=None,
        parties=[(unml, PartyRole.SIGNATORY), (ft_national, PartyRole.SIGNATORY), (dgefp, PartyRole.STATE)],
        signed_on=NATIONAL_SIGNED_ON,
    )

    arml = Organisation.objects.get(kind=OrganisationKind.NETWORK_BODY, name="ARML Centre-Val de Loire")
    dreets = Organisation.objects.get(kind=OrganisationKind.STATE_SERVICE, name="DREETS Centre-Val de Loire")
    regional = convention_ensure(
        level=ConventionLevel.REGIONAL,
        title=REGIONAL_TITLE,
        parent=national,
        parties=[
            (arml, PartyRole.SIGNATORY),
            (agency(centre_val_de_loire.DR_CENTRE), PartyRole.SIGNATORY),
            (dreets, PartyRole.STATE),
        ],
        signed_on=centre_val_de_loire.SIGNED_ON,
        axes=REGIONAL_AXES,
    )
    target_ensure(regional, Indicator.REFERRALS_PER_YEAR, CENTRE_REFERRALS, year)
    target_ensure(regional, Indicator.FTE_SECONDED, CENTRE_FTE, year)
    target_ensure(regional, Indicator.STEERING_MEETINGS_PER_YEAR, STEERING_MEETINGS, year)
    for index, local in enumerate(centre_val_de_loire.MISSIONS_LOCALES):
        mission_locale = Organisation.objects.get(kind=OrganisationKind.MISSION_LOCALE, name=local.name)
        reference_agency = agency(local.reference_agency)
        convention = convention_attach(
            _local_of(mission_locale),
            parent=regional,
            title=f"Convention locale {local.name} – {reference_agency.name}",
        )
        # The regional referrals target shared out by Mission Locale (the last one takes the remainder).
        share = CENTRE_REFERRALS // 10 if index < 9 else CENTRE_REFERRALS - 9 * (CENTRE_REFERRALS // 10)
        target_ensure(convention, Indicator.REFERRALS_PER_YEAR, share, year)
        fte = Decimal("0.5") if index == 9 else Decimal("1")
        _secondment(
            regional,
            agent_name=f"Agent France Travail mis à disposition n° {index + 1}",
            from_agency=reference_agency,
            to=mission_locale,
            fte=fte,
        )

    mission_locale = Organisation.objects.get(kind=OrganisationKind.MISSION_LOCALE, name=bordeaux.ML_NAME)
    meriadeck = agency(bordeaux.MERIADECK)
    bordeaux_convention = convention_attach(
        _local_of(mission_locale), parent=None, title=f"Convention locale {bordeaux.ML_NAME} – {meriadeck.name}"
    )
    target_ensure(bordeaux_convention, Indicator.REFERRALS_PER_YEAR, BORDEAUX_REFERRALS, year)
    target_ensure(bordeaux_convention, Indicator.STEERING_MEETINGS_PER_YEAR, STEERING_MEETINGS, year)
