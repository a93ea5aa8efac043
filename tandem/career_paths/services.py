"""Every write about missions along a path: a mission recorded, changed, cancelled, and a training reached.

Each service checks the caller's right itself (tandem.career_paths.permissions), whatever the channel (page, API
token, another app such as employer_events): a caller who may not record for the person, for that agency, or who
did not record the mission, gets PermissionDenied, which pages and the API answer with a 404. A value that is not
valid (dates, hours, an unknown ROME code, a company missing) is a ValidationError (422); a step refused by the
mission's state is a Conflict (409).

The caller is `by` (a user) acting for `organisation`; a caller that already holds the acting membership (an API
token's stand-in, which has no user) passes it as `membership`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.career_paths.enums import TRAINING_SCHEMES, MissionStatus
from tandem.career_paths.models import Mission
from tandem.career_paths.permissions import (
    can_change_mission,
    can_record_for_person,
    can_record_mission,
    is_temp_agency,
)
from tandem.career_paths.workflow import MISSION, mission_payload
from tandem.core.errors import Conflict
from tandem.employers.models import Employer
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.models import Organisation
from tandem.people.models import Person, SchemeEnrolment
from tandem.people.services import scheme_start
from tandem.referentials.models import RomeAppellation, RomeCode

MISSION_FIELDS = (
    "agency",
    "employer",
    "employer_name",
    "job_label",
    "rome",
    "appellation",
    "starts_on",
    "ends_on",
    "hours",
)


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Vous ne pouvez pas enregistrer de mission pour cette personne."))


def _acting(by: User | None, organisation: Organisation, membership: Membership | None) -> Membership | None:
    """The membership the caller acts with: the one given (it must be the organisation's), else the user's active
    membership in the organisation; None (refused) for a caller without one."""
    if membership is not None:
        return membership if membership.organisation_id == organisation.pk else None
    if by is None:
        return None
    return Membership.objects.active().select_related("organisation").filter(user=by, organisation=organisation).first()


def _check_recorder(acting: Membership | None, person: Person, agency: Organisation) -> None:
    """The caller may record for the person (else refused), names a temp agency (else a value not valid) and, for a
    temp agency's staff, their own (else refused)."""
    if not can_record_for_person(acting, person):
        raise _refuse()
    if not is_temp_agency(agency):
        raise ValidationError({"agency": _("Choisissez une agence d'emploi temporaire.")})
    if not can_record_mission(acting, person, agency):
        raise _refuse()


def _job(rome_code: str, appellation_code: str) -> tuple[RomeCode | None, RomeAppellation | None]:
    """The job's ROME code and appellation (OGR code), each optional; an appellation gives its ROME code, and a
    ROME code given with it must be its own."""
    code, ogr = rome_code.strip().upper(), appellation_code.strip()
    rome = RomeCode.objects.filter(code=code).first() if code else None
    if code and rome is None:
        raise ValidationError({"rome_code": _("Code ROME inconnu : %(code)s.") % {"code": code}})
    appellation = RomeAppellation.objects.select_related("rome").filter(code_ogr=ogr).first() if ogr else None
    if ogr and appellation is None:
        raise ValidationError({"appellation_code": _("Appellation ROME inconnue : %(code)s.") % {"code": ogr}})
    if appellation is not None:
        if rome is not None and appellation.rome_id != rome.code:
            raise ValidationError(
                {
                    "appellation_code": _("L'appellation %(label)s relève du code ROME %(rome)s, pas de %(code)s.")
                    % {"label": appellation.label, "rome": appellation.rome_id, "code": rome.code}
                }
            )
        rome = appellation.rome
    return rome, appellation


def _fields(
    *,
    agency: Organisation,
    employer: Employer | None,
    employer_name: str,
    job_label: str,
    rome_code: str,
    appellation_code: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    hours: Decimal | int | str,
) -> dict[str, object]:
    rome, appellation = _job(rome_code, appellation_code)
    return {
        "agency": agency,
        "employer": employer,
        # The company named once: a company in Tandem needs no free name.
        "employer_name": "" if employer is not None else employer_name.strip(),
        "job_label": job_label.strip(),
        "rome": rome,
        "appellation": appellation,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "hours": Decimal(str(hours)),
    }


@transaction.atomic
def mission_record(
    *,
    person: Person,
    agency: Organisation,
    employer: Employer | None = None,
    employer_name: str = "",
    job_label: str,
    rome_code: str = "",
    appellation_code: str = "",
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    hours: Decimal | int | str,
    by: User | None,
    organisation: Organisation,
    membership: Membership | None = None,
) -> Mission:
    """A mission of the person at a temp agency, recorded by that agency (the person's consent standing) or by the
    lead organisation (what the person reported); written on the person (their timeline shows it)."""
    _check_recorder(_acting(by, organisation, membership), person, agency)
    mission = Mission(
        person=person,
        organisation=organisation,
        recorded_by=by,
        **_fields(
            agency=agency,
            employer=employer,
            employer_name=employer_name,
            job_label=job_label,
            rome_code=rome_code,
            appellation_code=appellation_code,
            starts_on=starts_on,
            ends_on=ends_on,
            hours=hours,
        ),
    )
    mission.full_clean()
    mission.save()
    event_record(
        kind=EventKind.MISSION_RECORDED,
        by=by,
        organisation=organisation,
        person=person,
        subject=mission,
        payload=mission_payload(mission),
    )
    return mission


@transaction.atomic
def mission_update(
    *,
    mission: Mission,
    agency: Organisation,
    employer: Employer | None = None,
    employer_name: str = "",
    job_label: str,
    rome_code: str = "",
    appellation_code: str = "",
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    hours: Decimal | int | str,
    by: User | None,
    organisation: Organisation,
    membership: Membership | None = None,
) -> Mission:
    """Change a recorded mission (its recording organisation only; a temp agency keeps its own name on it)."""
    acting = _acting(by, organisation, membership)
    if not can_change_mission(acting, mission):
        raise _refuse()
    _check_recorder(acting, mission.person, agency)
    if mission.status != MissionStatus.RECORDED:
        raise Conflict(_("Cette mission est annulée : elle ne change plus."), code="mission_cancelled")
    fields = _fields(
        agency=agency,
        employer=employer,
        employer_name=employer_name,
        job_label=job_label,
        rome_code=rome_code,
        appellation_code=appellation_code,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
    )
    changed = sorted(name for name in MISSION_FIELDS if getattr(mission, name) != fields[name])
    for name, value in fields.items():
        setattr(mission, name, value)
    mission.full_clean()
    mission.save()
    if changed:
        event_record(
            kind=EventKind.MISSION_UPDATED,
            by=by,
            organisation=organisation,
            person=mission.person,
            subject=mission,
            payload=mission_payload(mission) | {"fields": changed},
        )
    return mission


def mission_cancel(
    *,
    mission: Mission,
    reason: str,
    by: User | None,
    organisation: Organisation,
    membership: Membership | None = None,
) -> Mission:
    """Cancel a mission (its recording organisation only), with its reason's code: it leaves the path's totals."""
    if not can_change_mission(_acting(by, organisation, membership), mission):
        raise _refuse()
    return MISSION.run("cancel", mission, by=by, organisation=organisation, data={"reason": reason})


def training_record(
    *,
    person: Person,
    scheme: str,
    starts_on: datetime.date,
    by: User | None,
    organisation: Organisation,
    membership: Membership | None = None,
) -> SchemeEnrolment:
    """A training the path reached (CPF or the temp sector's fund), with the rights of recording a mission: the
    scheme's entry (people.services.scheme_start) and its event are the record."""
    if not can_record_for_person(_acting(by, organisation, membership), person):
        raise _refuse()
    if scheme not in TRAINING_SCHEMES:
        raise ValidationError({"scheme": _("Choisissez une formation : CPF ou fonds du travail temporaire.")})
    return scheme_start(person=person, scheme=scheme, starts_on=starts_on, by=by, organisation=organisation)
