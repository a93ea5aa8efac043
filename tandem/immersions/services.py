"""Every write about immersions: a staff immersion and its steps, a PMSMP and its steps.

Each service checks the caller's right itself (tandem.immersions.permissions), whatever the channel (page, API
token): a caller outside the immersion gets PermissionDenied, which pages and the API answer with a 404. A rule of
the immersion's state is a Conflict (409), a value that is not valid a ValidationError (422).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.core.errors import Conflict
from tandem.employers.models import Employer
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.immersions.enums import PmsmpStatus, StaffImmersionStatus
from tandem.immersions.models import Pmsmp, StaffImmersion
from tandem.immersions.permissions import (
    can_act_on_pmsmp,
    can_edit_staff_immersion,
    can_plan_staff_immersion,
    can_propose_pmsmp,
    own_organisation_ids,
    staff_immersion_pair_allowed,
)
from tandem.immersions.workflow import PMSMP, STAFF_IMMERSION, pmsmp_payload, staff_immersion_payload
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import partner_organisations_of
from tandem.partnerships.models import Convention
from tandem.partnerships.permissions import convention_reader_ids
from tandem.people.models import Person
from tandem.referentials.models import RomeCode

STAFF_FIELDS: tuple[str, ...] = ("staff_name", "staff_user", "sending_organisation", "host_organisation")
STAFF_FIELDS += ("convention", "starts_on", "ends_on", "objective")
PMSMP_FIELDS: tuple[str, ...] = ("employer", "tutor_name", "tutor_function", "tutor_phone", "tutor_email")
PMSMP_FIELDS += ("starts_on", "ends_on", "weekly_hours", "objective", "job_label", "rome", "activities")


@dataclass(frozen=True, kw_only=True)
class StaffImmersionData:
    """A staff immersion as typed in the form or sent by the API (organisations and convention already read)."""

    staff_name: str
    sending_organisation: Organisation
    host_organisation: Organisation
    starts_on: datetime.date
    ends_on: datetime.date
    objective: str
    staff_user: User | None = None
    convention: Convention | None = None

    def fields(self) -> dict[str, object]:
        return {
            "staff_name": self.staff_name.strip(),
            "staff_user": self.staff_user,
            "sending_organisation": self.sending_organisation,
            "host_organisation": self.host_organisation,
            "convention": self.convention,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "objective": self.objective.strip(),
        }


@dataclass(frozen=True, kw_only=True)
class PmsmpData:
    """A PMSMP as typed in the form or sent by the API (the company and the ROME code already read)."""

    employer: Employer
    tutor_name: str
    starts_on: datetime.date
    ends_on: datetime.date
    objective: str
    job_label: str
    activities: str
    weekly_hours: int = 35
    tutor_function: str = ""
    tutor_phone: str = ""
    tutor_email: str = ""
    rome: RomeCode | None = None

    def fields(self) -> dict[str, object]:
        return {
            "employer": self.employer,
            "tutor_name": self.tutor_name.strip(),
            "tutor_function": self.tutor_function.strip(),
            "tutor_phone": self.tutor_phone.strip(),
            "tutor_email": self.tutor_email.strip(),
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "weekly_hours": self.weekly_hours,
            "objective": self.objective,
            "job_label": self.job_label.strip(),
            "rome": self.rome,
            "activities": self.activities.strip(),
        }


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Vous ne participez pas à cette immersion."))


def _ml_side(immersion: StaffImmersion) -> tuple[Organisation, Organisation]:
    """The Mission Locale (a site's own Mission Locale) and its counterpart."""
    sending, host = immersion.sending_organisation, immersion.host_organisation
    ml, other = (
        (sending, host)
        if sending.kind in (OrganisationKind.MISSION_LOCALE, OrganisationKind.ML_SITE)
        else (
            host,
            sending,
        )
    )
    if ml.kind == OrganisationKind.ML_SITE and ml.parent is not None:
        ml = ml.parent
    return ml, other


def _check_staff_rules(immersion: StaffImmersion, membership: Membership) -> None:
    """The pair (a Mission Locale and a counterpart, partners now), the caller's side, the convention, the user."""
    sending, host = immersion.sending_organisation, immersion.host_organisation
    if not staff_immersion_pair_allowed(sending, host):
        raise ValidationError(
            {
                "host_organisation": _(
                    "Une immersion de professionnel se fait entre une Mission Locale et une agence d'emploi, un "
                    "réseau d'agences d'emploi ou une agence France Travail."
                )
            }
        )
    own = set(own_organisation_ids(membership.organisation))
    if sending.pk not in own and host.pk not in own:
        raise ValidationError(
            {"sending_organisation": _("Votre organisation est l'organisation d'origine ou d'accueil.")}
        )
    ml, other = _ml_side(immersion)
    if not partner_organisations_of(organisation=ml).filter(pk=other.pk).exists():
        raise ValidationError(
            {
                "host_organisation": _("%(a)s et %(b)s ne sont pas partenaires aujourd'hui.")
                % {"a": sending.name, "b": host.name}
            }
        )
    if immersion.convention is not None:
        readers = convention_reader_ids(immersion.convention)
        if sending.pk not in readers or host.pk not in readers:
            raise ValidationError({"convention": _("Les deux organisations ne sont pas parties à cette convention.")})
    user = immersion.staff_user
    if user is not None and not user.memberships.filter(organisation=sending).exists():
        raise ValidationError({"staff_user": _("Ce compte n'est pas membre de l'organisation d'origine.")})


@transaction.atomic
def staff_immersion_plan(*, membership: Membership | None, by: User | None, data: StaffImmersionData) -> StaffImmersion:
    """A staff immersion planned by a manager of the sending or the host organisation."""
    if not can_plan_staff_immersion(membership):
        raise PermissionDenied(_("Seuls les responsables des organisations prévoient une immersion."))
    immersion = StaffImmersion(created_by=by, **data.fields())
    _check_staff_rules(immersion, membership)
    immersion.full_clean()
    immersion.save()
    event_record(
        kind=EventKind.STAFF_IMMERSION_PLANNED,
        by=by,
        organisation=membership.organisation,
        subject=immersion,
        payload=staff_immersion_payload(immersion),
    )
    return immersion


@transaction.atomic
def staff_immersion_update(
    *, immersion: StaffImmersion, membership: Membership | None, by: User | None, data: StaffImmersionData
) -> StaffImmersion:
    """Change a planned immersion (its managers on either side); the caller's side stays one of the two."""
    if not can_edit_staff_immersion(membership, immersion):
        raise _refuse()
    if immersion.status != StaffImmersionStatus.PLANNED:
        raise Conflict(
            _("Cette immersion est « %(status)s » : elle ne change plus.") % {"status": immersion.get_status_display()},
            code="immersion_not_planned",
        )
    fields = data.fields()
    changed = sorted(name for name in STAFF_FIELDS if getattr(immersion, name) != fields[name])
    for name, value in fields.items():
        setattr(immersion, name, value)
    immersion.__dict__.pop("_party_ids", None)
    _check_staff_rules(immersion, membership)
    immersion.full_clean()
    immersion.save()
    if changed:
        event_record(
            kind=EventKind.STAFF_IMMERSION_UPDATED,
            by=by,
            organisation=membership.organisation,
            subject=immersion,
            payload=staff_immersion_payload(immersion) | {"fields": changed},
        )
    return immersion


def staff_immersion_complete(
    *, immersion: StaffImmersion, membership: Membership | None, by: User | None, report: str
) -> StaffImmersion:
    if not can_edit_staff_immersion(membership, immersion):
        raise _refuse()
    return STAFF_IMMERSION.run(
        "complete", immersion, by=by, organisation=membership.organisation, data={"report": report}
    )


def staff_immersion_cancel(
    *, immersion: StaffImmersion, membership: Membership | None, by: User | None
) -> StaffImmersion:
    if not can_edit_staff_immersion(membership, immersion):
        raise _refuse()
    return STAFF_IMMERSION.run("cancel", immersion, by=by, organisation=membership.organisation)


def _check_pmsmp(pmsmp: Pmsmp) -> None:
    if not pmsmp.employer.siret:
        raise ValidationError({"employer": _("L'entreprise d'accueil doit avoir un SIRET.")})


@transaction.atomic
def pmsmp_propose(*, person: Person, membership: Membership | None, by: User | None, data: PmsmpData) -> Pmsmp:
    """A PMSMP proposed for a young person the caller's organisation follows (or, for a temp agency, sees with
    their consent); the caller's organisation prescribes it, the caller is its adviser."""
    if not can_propose_pmsmp(membership, person):
        raise PermissionDenied(_("Votre organisation ne suit pas ce jeune."))
    pmsmp = Pmsmp(person=person, organisation=membership.organisation, adviser=by, created_by=by, **data.fields())
    _check_pmsmp(pmsmp)
    pmsmp.full_clean()
    pmsmp.save()
    event_record(
        kind=EventKind.PMSMP_PROPOSED,
        by=by,
        organisation=membership.organisation,
        person=person,
        subject=pmsmp,
        payload=pmsmp_payload(pmsmp),
    )
    return pmsmp


@transaction.atomic
def pmsmp_update(*, pmsmp: Pmsmp, membership: Membership | None, by: User | None, data: PmsmpData) -> Pmsmp:
    """Change a proposed PMSMP; once the agreement is signed it no longer changes (cancel it, propose another)."""
    if not can_act_on_pmsmp(membership, pmsmp):
        raise _refuse()
    if pmsmp.status != PmsmpStatus.PROPOSED:
        raise Conflict(
            _("Cette immersion est « %(status)s » : sa convention ne change plus. Annulez-la et proposez-en une autre.")
            % {"status": pmsmp.get_status_display()},
            code="pmsmp_not_proposed",
        )
    fields = data.fields()
    changed = sorted(name for name in PMSMP_FIELDS if getattr(pmsmp, name) != fields[name])
    for name, value in fields.items():
        setattr(pmsmp, name, value)
    _check_pmsmp(pmsmp)
    pmsmp.full_clean()
    pmsmp.save()
    if changed:
        event_record(
            kind=EventKind.PMSMP_UPDATED,
            by=by,
            organisation=membership.organisation,
            person=pmsmp.person,
            subject=pmsmp,
            payload=pmsmp_payload(pmsmp) | {"fields": changed},
        )
    return pmsmp


def _pmsmp_step(
    name: str, pmsmp: Pmsmp, membership: Membership | None, by: User | None, data: dict[str, object] | None = None
) -> Pmsmp:
    if not can_act_on_pmsmp(membership, pmsmp):
        raise _refuse()
    return PMSMP.run(name, pmsmp, by=by, organisation=membership.organisation, data=data or {})


def pmsmp_sign(
    *, pmsmp: Pmsmp, membership: Membership | None, by: User | None, signed_on: datetime.date | None = None
) -> Pmsmp:
    """The agreement signed by the young person, the company and the prescriber: its date recorded."""
    return _pmsmp_step("sign", pmsmp, membership, by, {"signed_on": signed_on or timezone.localdate()})


def pmsmp_start(*, pmsmp: Pmsmp, membership: Membership | None, by: User | None) -> Pmsmp:
    return _pmsmp_step("start", pmsmp, membership, by)


def pmsmp_assess(
    *,
    pmsmp: Pmsmp,
    membership: Membership | None,
    by: User | None,
    attendance_ok: bool,
    skills_observed: str,
    result: str,
) -> Pmsmp:
    data = {"attendance_ok": attendance_ok, "skills_observed": skills_observed, "result": result}
    return _pmsmp_step("assess", pmsmp, membership, by, data)


def pmsmp_cancel(*, pmsmp: Pmsmp, membership: Membership | None, by: User | None, reason: str) -> Pmsmp:
    return _pmsmp_step("cancel", pmsmp, membership, by, {"reason": reason})
