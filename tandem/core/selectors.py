"""What each role's home page shows ("what needs my attention today")."""

from __future__ import annotations

from django.db.models import Count

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import partnership_links_of
from tandem.referentials.models import RomeCode
from tandem.territories.models import Commune


def home_context_for(*, user: User, membership: Membership | None) -> dict:
    context: dict = {"membership": membership, "role": membership.role if membership else None}
    if membership is not None:
        organisation = membership.organisation
        context["organisation"] = organisation
        context["coverage_size"] = organisation.coverage_rows.count()
        links = list(partnership_links_of(organisation=organisation))
        context["partner_links"] = [(link, link.partner_of(organisation)) for link in links]
        if membership.role in (Role.MANAGER, Role.ADMINISTRATOR):
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
