"""A convention's meetings and actions for tests, written through the services as a manager would."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tandem.meetings import services
from tandem.meetings.enums import MeetingKind
from tandem.meetings.models import Meeting, PlanAction
from tandem.organisations.enums import OrganisationKind
from tandem.partnerships import services as conventions
from tandem.partnerships.enums import ConventionLevel, PartyRole
from tandem.partnerships.models import Convention
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import convention_by_admin, membership_of


def at(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def convention_of(cast) -> Convention:
    """The local convention of Mission Locale A and its reference site, agency B (their partnership link's), with
    two axes of work."""
    link = cast.ml_a.links_as_a.get(organisation_b=cast.agency_b)
    convention = conventions.convention_of_link(link=link)
    convention, _changed = conventions.convention_update(
        convention=convention,
        user=cast.admin,
        membership=membership_of(cast.admin),
        data=conventions.ConventionData(
            title="Convention locale Mission Locale A – France Travail B",
            starts_on=convention.starts_on,
            ends_on=convention.ends_on,
            axes=["Accès à l'emploi", "Mobilité"],
            referral_answer_days=convention.referral_answer_days,
            first_meeting_days=convention.first_meeting_days,
        ),
    )
    return convention


def other_convention(cast) -> Convention:
    """Mission Locale C and another France Travail agency: a convention A and B are not party to."""
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail D")
    return convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        title="Convention locale C – D",
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (agency, PartyRole.REFERENCE_SITE)],
    )


def meeting(
    cast,
    convention: Convention,
    *,
    kind: str = MeetingKind.STEERING,
    starts_at: datetime.datetime | None = None,
    title: str = "Comité de pilotage",
    held: bool = False,
    agenda: tuple[str, ...] = ("Bilan des orientations", "Plan d'action"),
) -> Meeting:
    starts_at = starts_at or timezone.now() + datetime.timedelta(days=7)
    row = services.meeting_create(
        convention=convention,
        user=cast.director_a,
        membership=membership_of(cast.director_a),
        data=services.MeetingData(
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            place="Mission Locale A, salle du conseil",
            agenda=agenda,
        ),
    )
    if held:
        row = services.meeting_hold(meeting=row, user=cast.director_a, membership=membership_of(cast.director_a))
    return row


def action(cast, convention: Convention, *, by=None, **kwargs) -> PlanAction:
    by = by or cast.director_a
    data = services.ActionData(
        year=kwargs.pop("year", timezone.localdate().year),
        title=kwargs.pop("title", "Présenter les métiers de la logistique"),
        owner_organisation=kwargs.pop("owner_organisation", cast.ml_a),
        **kwargs,
    )
    return services.action_create(convention=convention, user=by, membership=membership_of(by), data=data)
