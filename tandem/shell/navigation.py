"""The header menu, by role of the acting membership."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.accounts import permissions
from tandem.accounts.enums import Role
from tandem.accounts.http import TandemHttpRequest
from tandem.accounts.permissions import MANAGING_ROLES, can_see_nominative_data
from tandem.accounts.selectors import memberships_of_request
from tandem.audit import permissions as audit_permissions
from tandem.designations.permissions import can_propose_designations
from tandem.service_catalogue.permissions import can_read_catalogue

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise  # translated when the menu is shown, in the user's language
    url: str

    def is_current(self, path: str) -> bool:
        return path == self.url if self.url == "/" else path.startswith(self.url)


def navigation_for(request: TandemHttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "acting_membership": None, "user_memberships": []}
    membership = request.acting_membership
    items = [NavItem(_("Accueil"), reverse("shell:home"))]
    if can_see_nominative_data(membership):
        items.append(NavItem(_("Personnes suivies"), reverse("people:caseload")))
        items.append(NavItem(_("Orientations"), reverse("referrals:inbox")))
        items.append(NavItem(_("Offres"), reverse("offers:list")))
        items.append(NavItem(_("Prospection"), reverse("prospecting:campaign_list")))
        items.append(NavItem(_("Événements employeurs"), reverse("employer_events:event_list")))
        items.append(NavItem(_("Entreprises"), reverse("employers:list")))
        items.append(NavItem(_("Mises en relation"), reverse("offers:positioning_board")))
    items.append(NavItem(_("Organisations"), reverse("organisations:list")))
    if user.is_administrator or (membership is not None and membership.role in (*MANAGING_ROLES, Role.OBSERVER)):
        # Managers and observers steer from the figures; an adviser's own are on their home (alerts, caseload).
        items.append(NavItem(_("Indicateurs"), reverse("indicators:home")))
    if can_read_catalogue(membership):
        items.append(NavItem(_("Services des partenaires"), reverse("service_catalogue:list")))
    items.append(NavItem(_("Qui couvre une commune ?"), reverse("organisations:coverage_lookup")))
    if can_propose_designations(membership):
        items.append(NavItem(_("Cotraitance"), reverse("designations:upload")))
    if audit_permissions.can_view_audit_log(user, membership):
        items.append(NavItem(_("Journal d'accès"), reverse("audit:list")))
    if membership is not None and permissions.can_edit_organisation(user, membership, membership.organisation):
        items.append(NavItem(_("Membres"), reverse("organisations:members", args=[membership.organisation_id])))
    if permissions.can_manage_api_tokens(user, membership):
        items.append(NavItem(_("Jetons d'API"), reverse("accounts:api_tokens")))
    if user.is_administrator:
        items.append(NavItem(_("Administration"), reverse("admin:index")))
    return {
        "nav_items": items,
        "acting_membership": membership,
        "user_memberships": memberships_of_request(request),
    }
