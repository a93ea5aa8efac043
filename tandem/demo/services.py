"""The demo data set: the five partnerships of the field reports on their real communes, with demo accounts.

Deterministic and idempotent: every row is found again by its natural key, so loading twice gives the same rows;
the young people (tandem.demo.young_people) are loaded once, a second load finds them by France Travail identifier.
Demo only: every account shares DEMO_PASSWORD.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Prefetch
from django.test.utils import override_settings

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.demo.agencies import agencies_load
from tandem.demo.barrier_actions import load as barrier_actions_load
from tandem.demo.builders import (
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    DemoReferentialsMissing,
    member_ensure,
    organisation_ensure,
)
from tandem.demo.career_paths import load as career_paths_load
from tandem.demo.collective_sessions import saint_etienne_sessions_load
from tandem.demo.conventions import conventions_load
from tandem.demo.diagnostics import load as diagnostics_load
from tandem.demo.employer_events import bordeaux_employer_events_load
from tandem.demo.exits import load as exits_load
from tandem.demo.immersions import load as immersions_load
from tandem.demo.jobs.offers import offers_load
from tandem.demo.jobs.positionings import positionings_load
from tandem.demo.jobs.profiles import job_profiles_load
from tandem.demo.meetings import bordeaux_meetings_load
from tandem.demo.mission_jeunes import mission_jeunes_load
from tandem.demo.notifications import demo_notifications_create, last_event_id
from tandem.demo.prospecting import bordeaux_prospecting_load
from tandem.demo.scenarios import alsace_nord, bordeaux, centre_val_de_loire, grenoble, saint_etienne
from tandem.demo.service_catalogue import service_catalogue_load
from tandem.demo.young_people.flows import young_people_load
from tandem.demo.young_people.grenoble import grenoble_people_load, grenoble_positionings_load
from tandem.employer_events.models import EmployerEvent, Registration
from tandem.employers.models import Employer
from tandem.events.listeners import listeners_muted
from tandem.events.models import Event
from tandem.notifications.models import Notification
from tandem.offers.models import Offer, Positioning
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Coverage, Organisation, PartnershipLink
from tandem.people.models import JobProfile, Person
from tandem.prospecting.models import Campaign, Visit
from tandem.referrals.models import Referral
from tandem.service_catalogue.models import Service
from tandem.territories.models import Commune

__all__ = ["DEMO_PASSWORD", "DemoAccount", "DemoLoadReport", "DemoReferentialsMissing", "demo_accounts", "demo_load"]

PLATFORM_NAME = "Équipe Tandem"
SCENARIOS = (alsace_nord, bordeaux, grenoble, saint_etienne, centre_val_de_loire)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str  # Role value of the main (first) membership
    organisation: str
    other_memberships: tuple[str, ...] = ()  # e.g. a secondment: "Mission Locale … (0,5 ETP)"

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


@dataclass
class DemoLoadReport:
    agencies_source: str = ""
    agencies_created: int = 0
    agencies_updated: int = 0
    agency_errors: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    young_people_created: int = 0  # 0 on a second load: they were there already
    job_profiles_created: int = 0  # the same for the jobs side
    offers_created: int = 0  # with those the demo's prospecting visits collected
    positionings_created: int = 0
    companies_created: int = 0


def _platform_load() -> None:
    # Administrators hold an ADMINISTRATOR membership (revocable, dated, visible in the admin) rather than
    # is_superuser; the platform team is a network body like the national heads of network.
    platform = organisation_ensure(kind=OrganisationKind.NETWORK_BODY, name=PLATFORM_NAME)
    member_ensure("admin", platform, Role.ADMINISTRATOR)


def demo_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "partnership_links": PartnershipLink.objects.count(),
        "coverage_rows": Coverage.objects.count(),
        "persons": Person.objects.count(),
        "referrals": Referral.objects.count(),
        "job_profiles": JobProfile.objects.count(),
        "offers": Offer.objects.count(),
        "positionings": Positioning.objects.count(),
        "employers": Employer.objects.count(),
        "campaigns": Campaign.objects.count(),
        "visits": Visit.objects.count(),
        "employer_events": EmployerEvent.objects.count(),
        "event_registrations": Registration.objects.count(),
        "catalogue_services": Service.objects.count(),
        "events": Event.objects.count(),
        "notifications": Notification.objects.count(),
    }


def demo_load(*, young_people: bool = True) -> DemoLoadReport:
    """Load (or bring back) the demo data; needs the referentials (communes, EPCI) loaded first.

    young_people: also the young people and their referrals (once: a second load finds them and adds nothing),
    those of Grenoble's Métropole and PLIE, their job profiles, the offers of the territories and positionings on
    them (tandem.demo.jobs, once too), and the notifications all this told (tandem.demo.notifications).
    """
    # Demo addresses never receive mail, and the notifications are made in bulk from the events at the end
    # (tandem.demo.notifications): the listeners would otherwise hear every batch of events once more on commit.
    with listeners_muted(), override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _demo_load(young_people=young_people)


@transaction.atomic
def _demo_load(*, young_people: bool) -> DemoLoadReport:
    if not Commune.objects.filter(epci__isnull=False).exists():
        raise DemoReferentialsMissing("aucune commune rattachée à un EPCI : lancez d'abord import_referentials")
    companies_before = Employer.objects.count()
    agencies, source = agencies_load()
    for scenario in SCENARIOS:
        scenario.load()
    _platform_load()
    # What each partner offers (tandem.demo.service_catalogue), described by its managers.
    service_catalogue_load()
    # The conventions the partnerships come from, the regional targets and the seconded agents.
    conventions_load()
    # Mission Jeunes: the national and regional agreements, Saint-Étienne's nine local conventions and contacts.
    mission_jeunes_load()
    # Bordeaux's steering committees and directors' committee, their decisions and the joint action plan.
    bordeaux_meetings_load()
    before = last_event_id()
    created = young_people_load() + grenoble_people_load() if young_people else 0
    profiles = offers = positionings = 0
    if young_people:
        profiles = job_profiles_load()
        loaded = offers_load()
        offers, positionings = loaded.created, positionings_load(loaded) + grenoble_positionings_load()
    # Bordeaux's companies and its retail campaign (tandem.demo.prospecting); hires need the young people.
    prospecting = bordeaux_prospecting_load(hires=young_people)
    offers += prospecting.offers_created
    positionings += prospecting.hires
    # Its job dating and information meeting (tandem.demo.employer_events): companies above, young people if loaded.
    bordeaux_employer_events_load()
    if young_people:
        # Seed 003: paths across temp agencies, then Saint-Étienne's sessions with its agencies (a mission follows).
        created += career_paths_load()
        saint_etienne_sessions_load()
        # Seed 003: staff immersions both ways and a young person's PMSMP, in Saint-Étienne.
        immersions_load()
        # Seed 004: Grenoble's barrier-lifting actions, their places and waiting list, among the PLIE's people.
        barrier_actions_load()
        # Exits from accompaniment in Saint-Étienne (a CDI, a training…), two with their situation six months later.
        created += exits_load()
    # Seeds 002 and 004: Indre-et-Loire's shared diagnostic, last year's published version and this year's draft.
    diagnostics_load()
    if young_people:
        demo_notifications_create(after_event_id=before)
    return DemoLoadReport(
        agencies_source=source,
        agencies_created=agencies.created,
        agencies_updated=agencies.updated,
        agency_errors=agencies.errors,
        counts=demo_counts(),
        young_people_created=created,
        job_profiles_created=profiles,
        offers_created=offers,
        positionings_created=positionings,
        # Bordeaux's companies (seed 001) and Saint-Étienne's host company of a PMSMP.
        companies_created=Employer.objects.count() - companies_before,
    )


def _membership_label(membership: Membership) -> str:
    if membership.fte_share is None:
        return membership.organisation.name
    share = f"{membership.fte_share:.1f}".replace(".", ",")
    return f"{membership.organisation.name} ({share} ETP)"


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts in load order, each e-mail once, with its organisations."""
    users = (
        User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organisation").order_by(
                    F("fte_share").asc(nulls_first=True), "pk"
                ),
            )
        )
        .order_by("pk")
    )
    accounts = []
    for user in users:
        memberships = list(user.memberships.all())
        if not memberships:
            continue
        main, *others = memberships
        accounts.append(
            DemoAccount(
                email=user.email,
                full_name=user.get_full_name(),
                role=main.role,
                organisation=main.organisation.name,
                other_memberships=tuple(_membership_label(m) for m in others),
            )
        )
    return accounts
