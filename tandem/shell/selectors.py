"""What each role's home page shows ("what needs my attention today")."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.accounts.permissions import MANAGING_ROLES, can_see_nominative_data
from tandem.designations.permissions import can_propose_designations
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import partnership_links_of
from tandem.referentials.models import RomeCode
from tandem.referrals.selectors import designations_sent_summary_for, referral_attention_counts
from tandem.territories.models import Commune


def home_context_for(*, user: User, membership: Membership | None) -> dict[str, Any]:
    context: dict[str, Any] = {"membership": membership, "role": membership.role if membership else None}
    if membership is not None:
        organisation = membership.organisation
        context["organisation"] = organisation
        context["coverage_size"] = organisation.coverage_rows.count()
        links = list(partnership_links_of(organisation=organisation))
        context["partner_links"] = [(link, link.partner_of(organisation)) for link in links]
        if can_see_nominative_data(membership):
            context["attention"] = attention_for(membership=membership)
            context["attention_tiles"] = attention_tiles(context["attention"])
        if can_propose_designations(membership):
            # A France Travail agency follows the young people it proposed to the Missions Locales.
            counts, latest = designations_sent_summary_for(membership=membership)
            context["designations_sent"] = latest
            context["designation_tiles"] = designation_tiles(counts)
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
