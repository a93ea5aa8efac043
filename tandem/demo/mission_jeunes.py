"""Seed 003 — Mission Jeunes as conventions: the national agreement (UNML, Prism'emploi, the State, June 2014), the
Pays de la Loire regional agreement (June 2016), and the nine local conventions the Mission Locale de Saint-Étienne
signed with temp agencies on 28 June 2016, each with its single contact on both sides, the ways of working agreed
with that agency (seed: some present jobs and the temp worker's rights at the Mission Locale, some meet young people
ahead of openings, some work on offers, some host staff in immersion) and this year's targets.

Runs after tandem.demo.conventions (the scenario's partnership links are local conventions by then). Idempotent: a
convention is found again by its level and title, a contact or a target by its convention.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from tandem.accounts.models import User
from tandem.demo.builders import commune, demo_email
from tandem.demo.builders import organisation_ensure as ensure
from tandem.demo.conventions import admin_acting, convention_ensure, target_ensure
from tandem.demo.scenarios import saint_etienne
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.partnerships import services
from tandem.partnerships.enums import ConventionKind, ConventionLevel, Indicator, PartyRole
from tandem.partnerships.enums import WayOfWorking as W
from tandem.partnerships.models import Convention, ConventionLink

NATIONAL_TITLE = "Accord national Mission Jeunes UNML – Prism'emploi – État"
REGIONAL_TITLE = "Convention régionale Mission Jeunes Pays de la Loire"
REGIONAL_SIGNED_ON = datetime.date(2016, 6, 23)
LOCAL_SIGNED_ON = datetime.date(2016, 6, 28)
NANTES = "44109"
# Each agency's ways of working, in the order of saint_etienne.TEMP_AGENCIES (seed 003: « des modes opératoires
# adaptés » to each agency).
WAYS = (
    [W.PRESENT_JOBS, W.TEMP_WORKER_RIGHTS, W.GROUP_SESSIONS],
    [W.MEET_AHEAD, W.SHARE_OFFERS],
    [W.SHARE_OFFERS, W.PATHS_ACROSS_AGENCIES],
    [W.STAFF_IMMERSIONS, W.PRESENT_JOBS],
    [W.MEET_AHEAD, W.IMMERSIONS],
    [W.PRESENT_JOBS, W.TRAINING],
    [W.SHARE_OFFERS, W.JOINT_MEETINGS],
    [W.STAFF_IMMERSIONS, W.GROUP_SESSIONS],
    [W.MEET_AHEAD, W.PATHS_ACROSS_AGENCIES, W.TRAINING],
)
# Each local convention's targets for the year: young people put forward, missions started, immersions, trainings.
TARGETS = {
    Indicator.YOUNG_PEOPLE_PUT_FORWARD: Decimal(30),
    Indicator.MISSIONS_STARTED: Decimal(12),
    Indicator.IMMERSIONS: Decimal(4),
    Indicator.TRAININGS: Decimal(2),
}


def _contact(organisation: Organisation) -> User:
    """The organisation's single contact: the Mission Locale's first adviser, or the agency's one member."""
    if organisation.kind == OrganisationKind.MISSION_LOCALE:
        return User.objects.get(email=demo_email("conseiller.saint-etienne"))
    return User.objects.get(memberships__organisation=organisation)


def _local(mission_locale: Organisation, agency: Organisation, ways: list[str], parent: Convention | None) -> None:
    link = PartnershipLink.objects.get(organisation_a=mission_locale, organisation_b=agency)
    convention = ConventionLink.objects.select_related("convention").get(link=link).convention
    user, membership = admin_acting()
    title = f"Convention Mission Jeunes {mission_locale.name} – {agency.name}"
    if (convention.title, convention.ways_of_working, convention.parent_id) != (title, ways, parent and parent.pk):
        convention, _changed = services.convention_update(
            convention=convention,
            user=user,
            membership=membership,
            data=services.ConventionData(
                title=title,
                parent=parent,
                starts_on=convention.starts_on,
                ends_on=convention.ends_on,
                axes=convention.axes,
                referral_answer_days=convention.referral_answer_days,
                first_meeting_days=convention.first_meeting_days,
                ways_of_working=ways,
                notes=convention.notes,
            ),
        )
    for party in convention.parties.select_related("organisation", "contact"):
        contact = _contact(party.organisation)
        if party.contact_id != contact.pk:
            services.party_update(party=party, user=user, membership=membership, role=party.role, contact=contact)
    year = timezone.localdate().year
    for indicator, value in TARGETS.items():
        target_ensure(convention, indicator, value, year)


def mission_jeunes_load() -> None:
    paris = commune(saint_etienne.PARIS)
    unml = ensure(kind=OrganisationKind.NETWORK_BODY, name="Union nationale des Missions Locales (UNML)")
    prism = ensure(kind=OrganisationKind.NETWORK_BODY, name="Prism'emploi", commune=paris)
    dgefp = ensure(kind=OrganisationKind.STATE_SERVICE, name="DGEFP (ministère du Travail)")
    national = convention_ensure(
        level=ConventionLevel.NATIONAL,
        kind=ConventionKind.MISSION_JEUNES,
        title=NATIONAL_TITLE,
        parent=None,
        parties=[(unml, PartyRole.SIGNATORY), (prism, PartyRole.SIGNATORY), (dgefp, PartyRole.STATE)],
        signed_on=saint_etienne.NATIONAL_AGREEMENT_ON,
        axes=["Accès des jeunes à l'emploi par le travail temporaire", "Formation des intérimaires les plus fragiles"],
    )
    nantes = commune(NANTES)
    urml = ensure(kind=OrganisationKind.NETWORK_BODY, name="URML Pays de la Loire", commune=nantes)
    direccte = ensure(kind=OrganisationKind.STATE_SERVICE, name="DREETS Pays de la Loire", commune=nantes)
    convention_ensure(
        level=ConventionLevel.REGIONAL,
        kind=ConventionKind.MISSION_JEUNES,
        title=REGIONAL_TITLE,
        parent=national,
        parties=[(urml, PartyRole.SIGNATORY), (prism, PartyRole.SIGNATORY), (direccte, PartyRole.STATE)],
        signed_on=REGIONAL_SIGNED_ON,
    )
    # Saint-Étienne (Auvergne-Rhône-Alpes) has no regional agreement: its local conventions hang on none.
    mission_locale = Organisation.objects.get(kind=OrganisationKind.MISSION_LOCALE, name=saint_etienne.ML_NAME)
    for (name, *_rest), ways in zip(saint_etienne.TEMP_AGENCIES, WAYS, strict=True):
        agency = Organisation.objects.get(kind=OrganisationKind.TEMP_AGENCY, name=name)
        _local(mission_locale, agency, [str(way) for way in ways], parent=None)
