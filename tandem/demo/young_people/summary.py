"""Where the referrals of the demo stand, for the end of load_demo."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from tandem.people.models import Person
from tandem.referrals.enums import ReferralStatus
from tandem.referrals.models import Referral


@dataclass(frozen=True)
class ReferralSummary:
    persons: int
    designations: int
    other_referrals: int
    by_status: dict[str, int]  # ReferralStatus value → count, every status
    overdue: int  # past the answer or first-meeting deadline


def referral_summary() -> ReferralSummary:
    totals = Referral.objects.aggregate(designations=Count("pk", filter=Q(is_designation=True)), all=Count("pk"))
    counts = dict(Referral.objects.values_list("status").annotate(count=Count("pk")).order_by())
    return ReferralSummary(
        persons=Person.objects.count(),
        designations=totals["designations"],
        other_referrals=totals["all"] - totals["designations"],
        by_status={status: counts.get(status, 0) for status in ReferralStatus.values},
        overdue=Referral.objects.overdue(today=timezone.localdate()).count(),
    )
