"""Every write of shared territorial diagnostics: create one (with its first version), add a version for another
date, write the draft's narrative, publish it.

Each service checks the caller's right itself (tandem.diagnostics.permissions), whatever the channel (page, API
token): anyone else gets PermissionDenied, which pages and the API answer with a 404. A rule of the current state
(a version no longer a draft) is a Conflict (409); a bad value a ValidationError (422).

The figures are computed once, when the version is created (tandem.diagnostics.figures), and frozen: a new version
never changes an older one, so two dates compare.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.core.errors import Conflict
from tandem.diagnostics.enums import NARRATIVE_FIELDS, VersionStatus
from tandem.diagnostics.figures import figures_compute
from tandem.diagnostics.models import Diagnostic, DiagnosticVersion
from tandem.diagnostics.permissions import can_write_diagnostic, organisation_in_territory
from tandem.diagnostics.workflow import DIAGNOSTIC_VERSION, version_payload
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.models import Organisation
from tandem.partnerships.models import Convention
from tandem.territories.models import Commune, Departement, Epci

Territory = Departement | Epci | Commune


@dataclass(frozen=True, kw_only=True)
class Narrative:
    strengths: str = ""
    needs: str = ""
    priorities: str = ""
    remarks: str = ""


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Seuls les partenaires du territoire écrivent ce diagnostic."))


def _check_day(as_of: datetime.date) -> None:
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("Choisissez une date passée ou celle du jour.")}, code="as_of_future")
    if as_of.day != 1:
        # Two versions a day apart would point, by their difference, at the one young person registered that day.
        raise ValidationError(
            {"as_of": _("Un diagnostic décrit le territoire au premier jour d'un mois : choisissez le 1er.")},
            code="as_of_first_of_month",
        )


def _acting(membership: Membership | None, diagnostic: Diagnostic) -> Organisation | None:
    """The organisation the workflow records as acting: the caller's when it is a partner of the territory (None
    for a platform administrator acting beyond it)."""
    if membership is not None and organisation_in_territory(membership.organisation, diagnostic):
        return membership.organisation
    return None


def _version_add(
    *, diagnostic: Diagnostic, as_of: datetime.date, by: User | None, membership: Membership, narrative: Narrative
) -> DiagnosticVersion:
    latest = diagnostic.versions.aggregate(number=Max("number"))["number"] or 0
    version = DiagnosticVersion(
        diagnostic=diagnostic,
        number=latest + 1,
        as_of=as_of,
        figures=figures_compute(diagnostic=diagnostic, as_of=as_of),
        organisation=membership.organisation,
        created_by=by,
        **{name: getattr(narrative, name) for name in NARRATIVE_FIELDS},
    )
    version.full_clean(exclude=["figures"], validate_constraints=False)
    version.save()
    Diagnostic.objects.filter(pk=diagnostic.pk).update(updated_at=timezone.now())
    event_record(
        kind=EventKind.DIAGNOSTIC_VERSION_CREATED,
        by=by,
        organisation=membership.organisation,
        subject=version,
        payload=version_payload(version),
    )
    return version


@transaction.atomic
def diagnostic_create(
    *,
    by: User | None,
    membership: Membership | None,
    administrator: bool = False,
    title: str,
    territory: Territory,
    as_of: datetime.date,
    convention: Convention | None = None,
) -> DiagnosticVersion:
    """A diagnostic of the territory and its first version (a draft) on the date."""
    if membership is None:
        raise _refuse()
    diagnostic = Diagnostic(
        title=title.strip(),
        departement=territory if isinstance(territory, Departement) else None,
        epci=territory if isinstance(territory, Epci) else None,
        commune=territory if isinstance(territory, Commune) else None,
        convention=convention,
        organisation=membership.organisation,
        created_by=by,
    )
    if not can_write_diagnostic(membership, diagnostic, administrator=administrator):
        raise _refuse()
    _check_day(as_of)
    diagnostic.full_clean()
    diagnostic.save()
    event_record(
        kind=EventKind.DIAGNOSTIC_CREATED,
        by=by,
        organisation=membership.organisation,
        subject=diagnostic,
        payload={"diagnostic": diagnostic.pk, "territory": f"{diagnostic.territory_kind}:{diagnostic.territory_code}"},
    )
    return _version_add(diagnostic=diagnostic, as_of=as_of, by=by, membership=membership, narrative=Narrative())


@transaction.atomic
def version_create(
    *,
    diagnostic: Diagnostic,
    as_of: datetime.date,
    by: User | None,
    membership: Membership | None,
    administrator: bool = False,
) -> DiagnosticVersion:
    """The next version on the date: its figures computed now, the latest version's narrative carried over for
    editing. A draft still open is superseded (frozen): only the latest draft changes."""
    if membership is None or not can_write_diagnostic(membership, diagnostic, administrator=administrator):
        raise _refuse()
    _check_day(as_of)
    Diagnostic.objects.select_for_update().filter(pk=diagnostic.pk).get()  # one new version at a time
    latest = diagnostic.versions.order_by("-number").first()
    narrative = Narrative(**{name: getattr(latest, name) for name in NARRATIVE_FIELDS}) if latest else Narrative()
    if latest is not None and latest.status == VersionStatus.DRAFT:
        DIAGNOSTIC_VERSION.run("supersede", latest, by=by, organisation=_acting(membership, diagnostic))
    return _version_add(diagnostic=diagnostic, as_of=as_of, by=by, membership=membership, narrative=narrative)


@transaction.atomic
def narrative_update(
    *,
    version: DiagnosticVersion,
    narrative: Narrative,
    by: User | None,
    membership: Membership | None,
    administrator: bool = False,
) -> DiagnosticVersion:
    """Write the draft's narrative (the latest version, while a draft)."""
    if not can_write_diagnostic(membership, version.diagnostic, administrator=administrator):
        raise _refuse()
    locked = DiagnosticVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise Conflict(_("Cette version est publiée ou remplacée : elle ne change plus."), code="version_frozen")
    for name in NARRATIVE_FIELDS:
        setattr(locked, name, getattr(narrative, name).strip())
    locked.narrative_by = by
    locked.narrative_at = timezone.now()
    locked.full_clean(exclude=["figures"], validate_constraints=False)
    locked.save()
    return locked


@transaction.atomic
def version_publish(
    *, version: DiagnosticVersion, by: User | None, membership: Membership | None, administrator: bool = False
) -> DiagnosticVersion:
    """The committee validated the draft: it is published, and frozen."""
    if not can_write_diagnostic(membership, version.diagnostic, administrator=administrator):
        raise _refuse()
    organisation = _acting(membership, version.diagnostic)
    return DIAGNOSTIC_VERSION.run("publish", version, by=by, organisation=organisation)
