"""Every read of shared territorial diagnostics. No personal data: every member of a partner reads every
diagnostic (observers included); the scoping is whether the caller is a member at all."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from tandem.accounts.models import Membership, User
from tandem.diagnostics.models import Diagnostic, DiagnosticVersion
from tandem.diagnostics.permissions import can_read_diagnostics
from tandem.organisations.models import Coverage, Organisation
from tandem.organisations.selectors import acting_for_ids
from tandem.partnerships.models import ConventionParty
from tandem.territories.models import Commune, Departement, Epci

Territory = Departement | Epci | Commune


def territory_parse(code: str) -> Territory | None:
    """A département (2 or 3 characters), an EPCI (its 9-digit SIREN) or a commune (its 5-character INSEE code)."""
    code = (code or "").strip().upper()
    if len(code) == 9 and code.isdigit():
        return Epci.objects.filter(code=code).first()
    if len(code) == 5:
        return Commune.objects.filter(code=code).first()
    if len(code) in (2, 3):
        return Departement.objects.filter(code=code).first()
    return None


def concerning_q(territory: Territory) -> Q:
    """Diagnostics about the place: for a département or an EPCI, theirs and those of places inside them; for a
    commune, those that cover it (its own, its EPCI's, its département's)."""
    if isinstance(territory, Departement):
        epcis = Commune.objects.filter(departement_id=territory.pk, epci__isnull=False).values("epci_id")
        return Q(departement_id=territory.pk) | Q(commune__departement_id=territory.pk) | Q(epci_id__in=epcis)
    if isinstance(territory, Epci):
        return Q(epci_id=territory.pk) | Q(commune__epci_id=territory.pk)
    return Q(commune_id=territory.pk) | Q(epci_id=territory.epci_id or "") | Q(departement_id=territory.departement_id)


@dataclass(frozen=True, kw_only=True)
class DiagnosticFilters:
    territory: Territory | None = None


def _latest(field: str) -> Subquery:
    versions = DiagnosticVersion.objects.filter(diagnostic=OuterRef("pk")).order_by("-number")
    return Subquery(versions.values(field)[:1])


def diagnostic_list_for(
    *, user: User | None, membership: Membership | None, filters: DiagnosticFilters | None = None
) -> QuerySet[Diagnostic]:
    """Every diagnostic (narrowed by the filters), the latest changed first, with its territory and its latest
    version's number, date and state in the same query."""
    if not can_read_diagnostics(user, membership):
        return Diagnostic.objects.none()
    diagnostics = Diagnostic.objects.all()
    if filters is not None and filters.territory is not None:
        diagnostics = diagnostics.filter(pk__in=Diagnostic.objects.filter(concerning_q(filters.territory)).values("pk"))
    return (
        diagnostics.select_related("departement", "epci", "commune", "organisation", "convention")
        .annotate(
            latest_number=Max("versions__number"),
            latest_as_of=_latest("as_of"),
            latest_status=_latest("status"),
        )
        .order_by("-updated_at", "-pk")
    )


def diagnostic_get_for(*, user: User | None, membership: Membership | None, pk: int) -> Diagnostic:
    """One diagnostic; Http404 for a caller who may not read diagnostics or an unknown one."""
    diagnostic = diagnostic_list_for(user=user, membership=membership).filter(pk=pk).first()
    if diagnostic is None:
        raise Http404
    return diagnostic


def versions_of(*, diagnostic: Diagnostic) -> list[DiagnosticVersion]:
    """Its versions, latest first, without their figures (a list, not the tables)."""
    return list(diagnostic.versions.defer("figures").select_related("organisation", "created_by", "published_by"))


def version_get_for(*, user: User | None, membership: Membership | None, pk: int, number: int) -> DiagnosticVersion:
    """One version of a diagnostic the caller may read; Http404 otherwise."""
    if not can_read_diagnostics(user, membership):
        raise Http404
    version = (
        DiagnosticVersion.objects.select_related(
            "diagnostic__departement",
            "diagnostic__epci",
            "diagnostic__commune",
            "diagnostic__convention",
            "diagnostic__organisation",
            "organisation",
            "created_by",
            "narrative_by",
            "published_by",
        )
        .filter(diagnostic_id=pk, number=number)
        .first()
    )
    if version is None:
        raise Http404
    return version


def my_territory_q(organisation: Organisation) -> Q:
    """Diagnostics of the territories the organisation works in: those whose territory holds its seat or a commune
    it covers (a site: its Mission Locale's too), and those of the conventions it is party to."""
    ids = acting_for_ids(organisation)
    communes = Commune.objects.filter(
        Q(pk__in=Organisation.objects.filter(pk__in=ids, commune__isnull=False).values("commune_id"))
        | Q(pk__in=Coverage.objects.filter(organisation_id__in=ids).values("commune_id"))
    )
    return (
        Q(commune__in=communes.values("pk"))
        | Q(epci__in=communes.values("epci_id"))
        | Q(departement__in=communes.values("departement_id"))
        | Q(convention__in=ConventionParty.objects.filter(organisation_id__in=ids).values("convention_id"))
    )


def latest_diagnostics_for(*, membership: Membership | None, limit: int = 5) -> list[Diagnostic]:
    """For the homes: the diagnostics of the caller's territory, the latest changed first, with their latest
    version's number, date and state (one query)."""
    if membership is None:
        return []
    diagnostics = diagnostic_list_for(user=None, membership=membership)
    return list(diagnostics.filter(my_territory_q(membership.organisation))[:limit])
