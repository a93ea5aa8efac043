"""Reads about organisations, their coverage and their partners."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from tandem.core.compiled import compiled_once, fetch_all
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Coverage, Organisation, PartnershipLink

FT_AGENCY_KINDS = [OrganisationKind.FT_AGENCY]


def _active_on(day: datetime.date) -> Q:
    return (Q(active_from__isnull=True) | Q(active_from__lte=day)) & (
        Q(active_until__isnull=True) | Q(active_until__gte=day)
    )


def organisation_list(*, kind: str = "", query: str = "", commune_code: str = "") -> QuerySet[Organisation]:
    """Organisations are public partner information (no personal data): everyone logged in may list them."""
    qs = Organisation.objects.select_related("commune", "parent").annotate(coverage_size=Count("coverage_rows"))
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(safir_code=query) | Q(siret=query))
    if commune_code:
        qs = qs.filter(coverage_rows__commune_id=commune_code)
    return qs.order_by("name")


def organisation_get(*, pk: int) -> Organisation:
    return Organisation.objects.select_related("commune", "parent").get(pk=pk)


def family_ids(organisation: Organisation) -> list[int]:
    """The organisation and, for a Mission Locale, its sites (a site is part of its Mission Locale:
    docs/access.md). Read once per organisation object, so once per request for the acting organisation, by a
    query compiled once per process (tandem.core.compiled)."""
    cached: list[int] | None = getattr(organisation, "_family_ids", None)
    if cached is None:
        cached = [organisation.pk]
        if organisation.kind == OrganisationKind.MISSION_LOCALE:
            sites = compiled_once(
                "organisations.sites", _sites, organisation_id=organisation.pk, kind=str(OrganisationKind.ML_SITE)
            )
            cached += sorted(site_id for (site_id,) in fetch_all(sites))
        organisation._family_ids = cached  # type: ignore[attr-defined]
    return cached


def _sites(organisation_id: int, kind: str) -> QuerySet[Any]:
    return Organisation.objects.filter(parent_id=organisation_id, kind=kind).values_list("pk")


def parties_with_sites(parties: QuerySet[Organisation]) -> set[int]:
    """The ids of the organisations taking part in something (a campaign, an event: `parties`) and of the sites of
    the Missions Locales among them, whose staff take part with them (a site is part of its Mission Locale:
    docs/access.md). One query."""
    ids = parties.values("pk")
    rows = Organisation.objects.filter(Q(pk__in=ids) | Q(kind=OrganisationKind.ML_SITE, parent__in=ids))
    return set(rows.values_list("pk", flat=True))


def acting_for_ids(organisation: Organisation) -> list[int]:
    """The organisation and, for a Mission Locale's site, its Mission Locale: whose campaigns and events its staff
    take part in (the other way round from parties_with_sites). No query."""
    if organisation.kind == OrganisationKind.ML_SITE and organisation.parent_id:
        return [organisation.pk, organisation.parent_id]
    return [organisation.pk]


def family_q(organisation: Organisation, field: str) -> Q:
    """Rows that are the organisation's work: its own and its sites' (family_ids). `field` names the row's
    organisation foreign key ("to_organisation"). The ids are given as values, so that the row's own index
    serves the filter (no join on the organisations table, which would make every access rule a scan)."""
    ids = family_ids(organisation)
    if len(ids) == 1:
        return Q(**{f"{field}_id": ids[0]})
    return Q(**{f"{field}_id__in": ids})


def in_family_of(organisation_id: int, row_organisation: Organisation) -> bool:
    """The row's organisation is the acting organisation, or one of its sites if it is a Mission Locale."""
    return row_organisation.pk == organisation_id or (
        row_organisation.kind == OrganisationKind.ML_SITE and row_organisation.parent_id == organisation_id
    )


def site_covering_commune(
    *, mission_locale: Organisation, commune_code: str, day: datetime.date | None = None
) -> Organisation | None:
    """The Mission Locale's site whose territory holds the commune, if one does (one query)."""
    if mission_locale.kind != OrganisationKind.MISSION_LOCALE:
        return None
    return (
        organisations_covering_commune(commune_code=commune_code, kinds=[OrganisationKind.ML_SITE], day=day)
        .filter(parent=mission_locale)
        .first()
    )


def organisations_covering_commune(
    *, commune_code: str, kinds: Sequence[str], day: datetime.date | None = None
) -> QuerySet[Organisation]:
    """Active organisations of the given kinds whose coverage territory contains the commune: one query."""
    day = day or timezone.localdate()
    return (
        Organisation.objects.filter(_active_on(day), kind__in=kinds, coverage_rows__commune_id=commune_code)
        .select_related("commune")
        .order_by("name")
    )


def organisations_covering_communes(
    *, commune_codes: Iterable[str], kinds: Sequence[str], day: datetime.date | None = None
) -> dict[str, list[Organisation]]:
    """organisations_covering_commune for many communes at once (a list to route): commune code → the active
    organisations of those kinds covering it, in the same order (by name); a commune no one covers is absent.
    One query per 5,000 communes."""
    day = day or timezone.localdate()
    codes = sorted(set(commune_codes))
    pairs: list[tuple[str, int]] = []
    for start in range(0, len(codes), 5000):
        pairs += (
            Coverage.objects.filter(
                commune_id__in=codes[start : start + 5000],
                organisation__in=Organisation.objects.filter(_active_on(day), kind__in=kinds),
            )
            .order_by("organisation__name", "organisation_id")
            .values_list("commune_id", "organisation_id")
        )
    # Each organisation read once, however many of the communes it covers (a Mission Locale covers hundreds).
    organisations = Organisation.objects.select_related("commune").in_bulk({pk for _code, pk in pairs})
    covering: dict[str, list[Organisation]] = {}
    for code, pk in pairs:
        covering.setdefault(code, []).append(organisations[pk])
    return covering


def mission_locale_covering_commune(*, commune_code: str, day: datetime.date | None = None) -> Organisation | None:
    """Which Mission Locale covers commune X (one query)."""
    return organisations_covering_commune(
        commune_code=commune_code, kinds=[OrganisationKind.MISSION_LOCALE], day=day
    ).first()


def agency_covering_commune(*, commune_code: str, day: datetime.date | None = None) -> Organisation | None:
    """Which France Travail agency covers commune X (one query)."""
    return organisations_covering_commune(commune_code=commune_code, kinds=FT_AGENCY_KINDS, day=day).first()


def coverage_commune_codes(*, organisation: Organisation) -> list[str]:
    return list(organisation.coverage_rows.order_by("commune_id").values_list("commune_id", flat=True))


def partnership_links_of(*, organisation: Organisation, day: datetime.date | None = None) -> QuerySet[PartnershipLink]:
    qs = PartnershipLink.objects.filter(Q(organisation_a=organisation) | Q(organisation_b=organisation))
    if day is not None:
        qs = qs.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return qs.select_related("organisation_a", "organisation_b").order_by("-is_reference_site", "starts_on")


def _partner_links(organisation_id: int, day: datetime.date) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The ids of the organisations linked to this one by a partnership active on the day, from either end."""
    active = Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    a_ids = PartnershipLink.objects.filter(active, organisation_b_id=organisation_id).values("organisation_a")
    b_ids = PartnershipLink.objects.filter(active, organisation_a_id=organisation_id).values("organisation_b")
    return a_ids, b_ids


def partner_organisations_of(*, organisation: Organisation, day: datetime.date | None = None) -> QuerySet[Organisation]:
    """Organisations linked to this one by a partnership active on the day."""
    a_ids, b_ids = _partner_links(organisation.pk, day or timezone.localdate())
    return Organisation.objects.filter(Q(pk__in=a_ids) | Q(pk__in=b_ids)).order_by("name")


def _partner_ids(organisation_id: int, day: datetime.date) -> QuerySet[Any]:
    a_ids, b_ids = _partner_links(organisation_id, day)
    a_list = a_ids.order_by().values_list("organisation_a", flat=True)
    return a_list.union(b_ids.order_by().values_list("organisation_b", flat=True))


def partner_ids_of(*, organisation: Organisation, day: datetime.date | None = None) -> set[int]:
    """The ids of partner_organisations_of, read from the links alone (one query on their two indexes: the
    organisations table, scanned to match either list, made it 1.6 ms at national scale), compiled once per
    process (tandem.core.compiled)."""
    day = day or timezone.localdate()
    sql = compiled_once("organisations.partner_ids", _partner_ids, organisation_id=organisation.pk, day=day)
    return {partner_id for (partner_id,) in fetch_all(sql)}


def coverage_by_epci(*, organisation: Organisation) -> list[dict[str, Any]]:
    """The coverage territory summarised by EPCI: name, number of communes, population."""
    rows = (
        organisation.coverage_rows.values("commune__epci__code", "commune__epci__name")
        .annotate(communes=Count("commune"), population=Sum("commune__population"))
        .order_by("commune__epci__name")
    )
    return [
        {
            "epci_code": row["commune__epci__code"],
            "epci_name": row["commune__epci__name"],
            "communes": row["communes"],
            "population": row["population"],
        }
        for row in rows
    ]
