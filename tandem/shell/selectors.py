"""What each role's home page shows ("what needs my attention today")."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Window
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.accounts.permissions import MANAGING_ROLES, can_see_nominative_data
from tandem.designations.permissions import can_propose_designations
from tandem.diagnostics.selectors import latest_diagnostics_for
from tandem.employers.models import Employer
from tandem.employers.selectors import employer_list
from tandem.indicators.dashboards import Summary
from tandem.indicators.secrecy_rules import protector
from tandem.indicators.selectors import home_scope
from tandem.indicators.snapshots import summary_for
from tandem.offers.models import Offer
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import partnership_links_of
from tandem.prospecting.enums import CampaignStatus, VisitStatus
from tandem.prospecting.models import Campaign, Visit
from tandem.prospecting.selectors import campaign_list_for, visits_to_report_for
from tandem.referentials.models import RomeCode
from tandem.referrals.selectors import designations_sent_summary_for, referral_attention_counts
from tandem.shell.partner_home import has_partner_home, partner_home_for
from tandem.territories.models import Commune


def home_context_for(*, user: User, membership: Membership | None) -> dict[str, Any]:
    context: dict[str, Any] = {"membership": membership, "role": membership.role if membership else None}
    if membership is not None:
        organisation = membership.organisation
        context["organisation"] = organisation
        context["coverage_size"] = organisation.coverage_rows.count()
        links = list(partnership_links_of(organisation=organisation))
        context["partner_links"] = [(link, link.partner_of(organisation)) for link in links]
        if membership.role == Role.EMPLOYER_RELATIONS:
            # The employer-relations officer lands on their companies and prospecting; referrals come after.
            context["employer_relations"] = employer_relations_home_for(membership=membership)
        if has_partner_home(membership):
            # A temp agency, a PLIE or a Métropole lands on its young people, sessions, actions and conventions.
            context["partner_home"] = partner_home_for(membership=membership)
        if can_see_nominative_data(membership):
            context["attention"] = attention_for(membership=membership)
            context["attention_tiles"] = attention_tiles(context["attention"])
        if can_propose_designations(membership):
            # A France Travail agency follows the young people it proposed to the Missions Locales.
            counts, latest = designations_sent_summary_for(membership=membership)
            context["designations_sent"] = latest
            context["designation_tiles"] = designation_tiles(counts)
        if membership.role in (Role.OBSERVER, *MANAGING_ROLES):
            # An observer's territory, a manager's organisation: the year's key figures against the targets.
            context["indicators"] = indicators_summary_for(user=user, membership=membership)
        # The shared diagnostics of the territory the organisation works in.
        context["latest_diagnostics"] = latest_diagnostics_for(membership=membership)
        if membership.role in MANAGING_ROLES:
            context["members"] = list(
                Membership.objects.active().filter(organisation=organisation).select_related("user")
            )
    if user.is_administrator:
        context["platform"] = {
            "communes": Commune.objects.count(),
            "rome_codes": RomeCode.objects.count(),
            "organisations_by_kind": list(
                Organisation.objects.values("kind").annotate(total=Count("id")).order_by("-total")
            ),
            "users": User.objects.count(),
        }
    return context


def indicators_summary_for(*, user: User, membership: Membership) -> Summary:
    scope = home_scope(user, membership)
    protect, protected = protector(user, membership, scope)
    year = timezone.localdate().year
    return summary_for(scope=scope, year=year, user=user, membership=membership, protect=protect, protected=protected)


def attention_for(*, membership: Membership) -> dict[str, int]:
    return referral_attention_counts(membership=membership)


def attention_tiles(counts: dict[str, int]) -> list[tuple[str, int, bool]]:
    """(label, number, is an alert) for the home page tiles."""
    return [
        (_("Orientations à accepter ou refuser"), counts["to_answer"], False),
        (_("Réponses en retard"), counts["answer_overdue"], True),
        (_("Premiers rendez-vous à fixer"), counts["meeting_to_schedule"], False),
        (_("Premiers rendez-vous en retard"), counts["meeting_overdue"], True),
    ]


def designation_tiles(counts: dict[str, int]) -> list[tuple[str, int, bool]]:
    """(label, number, is an alert) for a France Travail agency's designations sent."""
    return [
        (_("En attente de réponse"), counts["pending"], False),
        (_("Acceptées"), counts["accepted"], False),
        (_("Refusées"), counts["refused"], True),
        (_("Expirées sans suite"), counts["expired"], True),
    ]


# Employer relations ---------------------------------------------------------------------------------------------

HOME_ROWS = 5
RECENT_OFFERS_DAYS = 30


@dataclass(frozen=True)
class EmployerRelationsHome:
    """What an employer-relations officer's home shows first (each list its first HOME_ROWS rows)."""

    companies: Sequence[Employer]  # where they are the single contact, for their organisation
    companies_total: int
    visits_to_report: Sequence[Visit]  # planned, their day has come (as a pair member or their planner)
    campaigns: Sequence[Campaign]  # their organisation's active campaigns: target_total, visits_reported, to_visit
    offers_collected: Sequence[Offer]  # collected lately in the visits of those campaigns, newest first


def employer_relations_home_for(*, membership: Membership, today: datetime.date | None = None) -> EmployerRelationsHome:
    """Four queries, whatever the numbers (tests/shell pins them); the lists are shown at once, hence evaluated."""
    today = today or timezone.localdate()
    companies = employer_list().filter(
        referent_adviser=membership.user_id, referent_organisation=membership.organisation_id
    )
    # One query for the companies' first rows and their total.
    first = list(companies.annotate(total=Window(Count("pk")))[:HOME_ROWS])
    active = campaign_list_for(membership=membership).filter(status=CampaignStatus.ACTIVE)
    campaigns = list(active.annotate(to_visit=Greatest(F("target_total") - F("visits_reported"), 0))[:HOME_ROWS])
    since = today - datetime.timedelta(days=RECENT_OFFERS_DAYS)
    offers = (
        Offer.objects.filter(
            visits__campaign__in=[campaign.pk for campaign in campaigns],
            visits__status=VisitStatus.REPORTED,
            visits__visited_on__gte=since,
        )
        .select_related("employer")
        .order_by("-created_at", "-pk")
        .distinct()[:HOME_ROWS]
    )
    return EmployerRelationsHome(
        companies=first,
        companies_total=first[0].total if first else 0,
        visits_to_report=list(visits_to_report_for(membership=membership, today=today)[:HOME_ROWS]),
        campaigns=campaigns,
        offers_collected=list(offers) if campaigns else [],
    )
