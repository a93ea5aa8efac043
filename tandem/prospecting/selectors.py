"""Every read of joint prospecting, scoped to the caller: campaigns of the caller's organisation only."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.organisations.selectors import acting_for_ids
from tandem.prospecting.enums import VisitStatus
from tandem.prospecting.models import Campaign, CampaignTarget, Pair, Visit
from tandem.prospecting.permissions import can_see_campaign
from tandem.prospecting.workflow import campaign_partner_ids, visit_partner_ids


def campaigns_of_q(membership: Membership) -> Q:
    """The campaigns of the caller's organisation; for a Mission Locale's site, those of its Mission Locale."""
    ids = acting_for_ids(membership.organisation)
    return Q(organisations__in=ids) | Q(organisation__in=ids)


def campaign_list_for(*, membership: Membership | None) -> QuerySet[Campaign]:
    """The campaigns the caller's organisation takes part in, with their progress counted in the same query."""
    if not can_see_campaign(membership, [membership.organisation_id] if membership else []):
        return Campaign.objects.none()
    ids = Campaign.objects.filter(campaigns_of_q(membership)).values("pk")
    return (
        Campaign.objects.filter(pk__in=ids)
        .select_related("organisation")
        .annotate(
            target_total=Count("targets", distinct=True),
            visits_reported=Count("visits", filter=Q(visits__status=VisitStatus.REPORTED), distinct=True),
        )
        .order_by("-starts_on", "-id")
    )


def campaign_get_for(*, membership: Membership | None, pk: int) -> Campaign:
    """The campaign if the caller's organisation takes part in it; 404 otherwise (its existence is not told)."""
    campaign = Campaign.objects.select_related("organisation").filter(pk=pk).first()
    if campaign is None or not can_see_campaign(membership, campaign_partner_ids(campaign)):
        raise Http404
    return campaign


def campaign_targets(*, campaign: Campaign) -> QuerySet[CampaignTarget]:
    """The campaign's target list by rank, with its company, commune and pair, and whether it was visited."""
    reported = Visit.objects.filter(campaign=campaign, employer=OuterRef("employer"), status=VisitStatus.REPORTED)
    return (
        CampaignTarget.objects.filter(campaign=campaign)
        .select_related("employer__commune", "employer__naf", "pair")
        .annotate(visited=Exists(reported))
        .order_by("rank")
    )


def campaign_pairs(*, campaign: Campaign) -> QuerySet[Pair]:
    """The pairs with their members, organisations and progress (targets, visited) counted in the query."""
    visited = (
        Visit.objects.filter(pair=OuterRef("pk"), status=VisitStatus.REPORTED)
        .order_by()
        .values("pair")
        .annotate(companies=Count("employer", distinct=True))
        .values("companies")
    )
    return (
        Pair.objects.filter(campaign=campaign)
        .select_related("first_member", "first_organisation", "second_member", "second_organisation")
        .annotate(
            target_total=Count("targets", distinct=True),
            visited=Coalesce(Subquery(visited, output_field=IntegerField()), 0),
        )
        .annotate(to_visit=Greatest(F("target_total") - F("visited"), 0))
        .order_by("number")
    )


def campaign_visits(*, campaign: Campaign) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(campaign=campaign)
        .select_related("employer", "pair")
        .prefetch_related(Prefetch("offers"))
        .order_by("-planned_on", "-id")
    )


def visit_get_for(*, membership: Membership | None, pk: int) -> Visit:
    visit = Visit.objects.select_related("campaign", "employer", "pair").filter(pk=pk).first()
    if visit is None or not can_see_campaign(membership, visit_partner_ids(visit)):
        raise Http404
    return visit


def visits_to_report_for(*, membership: Membership | None, today: datetime.date | None = None) -> QuerySet[Visit]:
    """The caller's planned visits whose day has come: as a member of the visit's pair, or planned by them."""
    if membership is None:
        return Visit.objects.none()
    today = today or timezone.localdate()
    user_id = membership.user_id
    mine = Q(pair__first_member=user_id) | Q(pair__second_member=user_id) | Q(planned_by=user_id)
    return (
        Visit.objects.filter(mine, status=VisitStatus.PLANNED, planned_on__lte=today)
        .select_related("employer", "campaign", "pair")
        .order_by("planned_on", "id")
    )
