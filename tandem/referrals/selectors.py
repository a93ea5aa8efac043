"""Reads of referrals, scoped to the acting organisation (the sender or the receiver)."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.selectors import family_q
from tandem.people.models import Person
from tandem.people.selectors import consent_stands_for
from tandem.referrals.enums import WAITING_STATUSES, ReferralStatus
from tandem.referrals.models import Referral, ReferralQuerySet, overdue_q


def _visible(membership: Membership | None, *, side: str = "") -> ReferralQuerySet:
    """The organisation's referrals (sent or received; side "from_organisation" or "to_organisation": only those
    sent, or received); a temp agency's only while the person's consent stands."""
    if not can_see_nominative_data(membership):
        return Referral.objects.none()
    org_id = membership.organisation_id
    organisation = membership.organisation
    # One side is one condition: written as "sent or received, and received", the planner took the inbox of a
    # Mission Locale for 50 rows instead of thousands, and sorted them all.
    ours = (
        family_q(organisation, side)
        if side
        else family_q(organisation, "from_organisation") | family_q(organisation, "to_organisation")
    )
    referrals = Referral.objects.filter(ours).filter(person__anonymised_at__isnull=True)
    if membership.organisation.kind == OrganisationKind.TEMP_AGENCY:
        referrals = referrals.filter(consent_stands_for(person_ref=OuterRef("person_id"), organisation_id=org_id))
    return referrals


def referral_inbox_for(*, membership: Membership | None, today: datetime.date | None = None) -> ReferralQuerySet:
    """ "À traiter": proposals waiting for an answer or a first meeting, overdue first."""
    today = today or timezone.localdate()
    if membership is None:
        return Referral.objects.none()
    qs = _visible(membership, side="to_organisation").filter(status__in=WAITING_STATUSES)
    return (
        qs.with_deadline(today=today)
        .select_related("person__commune", "from_organisation", "proposed_by")
        # By deadline, the overdue first (their deadline is past), those without one last: the order of the index
        # referral_inbox_deadline. The annotation is named by F() (the type checker knows the model's fields only).
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def referral_sent_for(*, membership: Membership | None, today: datetime.date | None = None) -> ReferralQuerySet:
    """Where the organisation's proposals stand."""
    today = today or timezone.localdate()
    if membership is None:
        return Referral.objects.none()
    qs = _visible(membership, side="from_organisation")
    return (
        qs.with_deadline(today=today)
        .select_related("person__commune", "to_organisation", "answered_by")
        .order_by("-proposed_at", "-pk")
    )


def referral_get_for(*, membership: Membership | None, pk: int) -> Referral:
    referral = (
        _visible(membership)
        .with_deadline(today=timezone.localdate())
        .select_related("person", "from_organisation", "to_organisation", "proposed_by", "answered_by", "link")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def referral_list_for_person(*, person: Person) -> QuerySet[Referral]:
    """All referrals of a person the caller may see (the person page checks access first)."""
    return person.referrals.select_related("from_organisation", "to_organisation").order_by("-proposed_at")


def referral_attention_counts(*, membership: Membership, today: datetime.date | None = None) -> dict[str, int]:
    """What needs the organisation's attention today, in one query."""

    today = today or timezone.localdate()
    # Every count is of a waiting referral: reading only those keeps to the inbox's index (the closed ones pile up).
    received = _visible(membership, side="to_organisation").filter(status__in=WAITING_STATUSES)
    return received.aggregate(
        to_answer=Count("pk", filter=Q(status=ReferralStatus.PROPOSED)),
        answer_overdue=Count("pk", filter=overdue_q(today) & Q(status=ReferralStatus.PROPOSED)),
        meeting_to_schedule=Count("pk", filter=Q(status=ReferralStatus.ACCEPTED)),
        meeting_overdue=Count("pk", filter=overdue_q(today) & ~Q(status=ReferralStatus.PROPOSED)),
        meetings_upcoming=Count("pk", filter=Q(status=ReferralStatus.MEETING_SCHEDULED)),
    )


def designations_sent_summary_for(*, membership: Membership, latest: int = 5) -> tuple[dict[str, int], list[Referral]]:
    """Where a France Travail agency's designations stand (its home page), in two queries: how many wait for an
    answer, were accepted (whatever came next), refused, expired; and the latest ones sent."""
    sent = referral_sent_for(membership=membership).filter(is_designation=True)
    accepted = [
        ReferralStatus.ACCEPTED,
        ReferralStatus.MEETING_SCHEDULED,
        ReferralStatus.MEETING_HELD,
        ReferralStatus.CLOSED,
    ]
    counts = sent.aggregate(
        pending=Count("pk", filter=Q(status=ReferralStatus.PROPOSED)),
        accepted=Count("pk", filter=Q(status__in=accepted)),
        refused=Count("pk", filter=Q(status=ReferralStatus.REFUSED)),
        expired=Count("pk", filter=Q(status=ReferralStatus.EXPIRED)),
    )
    return counts, list(sent[:latest])
