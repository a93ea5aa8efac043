"""Tandem's REST API (OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs)."""

from __future__ import annotations

from ninja import NinjaAPI

from tandem.api.auth import AUTH
from tandem.api.errors import ObjectBodyParser, declare_common_errors, install_error_handlers
from tandem.api.routers import (
    accounts,
    barrier_actions,
    career_paths,
    conventions,
    designations,
    diagnostics,
    employer_events,
    employers,
    exits,
    immersions,
    imports,
    indicators,
    job_projects,
    matching,
    meetings,
    offers,
    organisations,
    people,
    positionings,
    prospecting,
    referentials,
    referrals,
    service_catalogue,
    territories,
)

api = NinjaAPI(
    title="Tandem API",
    version="1.0.0",
    description="API du partenariat renforcé : référentiels, organisations, personnes, orientations, offres.",
    urls_namespace="api",
    auth=AUTH,
    parser=ObjectBodyParser(),
)
api.add_router("/me", accounts.router)
api.add_router("/territories", territories.router)
api.add_router("/referentials", referentials.router)
api.add_router("/organisations", organisations.router)
api.add_router("/people", people.router)
api.add_router("/people", job_projects.router)
api.add_router("/referrals", referrals.router)
api.add_router("/designations", designations.router)
api.add_router("/positionings", positionings.router)
api.add_router("/offers", offers.router)
api.add_router("/suggestions", matching.router)
api.add_router("/imports", imports.router)
api.add_router("/prospecting", prospecting.router)
api.add_router("/employers", employers.router)
api.add_router("/conventions", conventions.router)
api.add_router("/meetings", meetings.router)
api.add_router("/plan-actions", meetings.actions_router)
api.add_router("/employer-events", employer_events.router)
api.add_router("/employer-events/registrations", employer_events.registrations_router)
api.add_router("/catalogue", service_catalogue.router)
api.add_router("/immersions", immersions.router)
api.add_router("/immersions/staff", immersions.staff_router)
api.add_router("/immersions/pmsmp", immersions.pmsmp_router)
api.add_router("/barrier-actions", barrier_actions.router)
api.add_router("/missions", career_paths.router)
api.add_router("/exits", exits.router)
api.add_router("/indicators", indicators.router)
api.add_router("/diagnostics", diagnostics.router)

install_error_handlers(api)
declare_common_errors(api)
