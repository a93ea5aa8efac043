"""Every read of the services catalogue. The catalogue is no personal data: any member of a partner reads all of
it (tandem.service_catalogue.permissions); a caller without a membership reads nothing.

"Where" a service is offered: its zone (départements, communes) when it has one, else where the one who gives it
(its site, else its partner) covers or is located."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from tandem.accounts.models import Membership
from tandem.core.text import search_normalise
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Coverage, Organisation
from tandem.service_catalogue.enums import Theme, ThemeCategory, category_of
from tandem.service_catalogue.models import Service, ServiceAudience, ServiceTheme
from tandem.service_catalogue.permissions import can_read_catalogue
from tandem.territories.models import Commune

ZONE_DEPARTEMENTS = Service.zone_departements.through
ZONE_COMMUNES = Service.zone_communes.through


@dataclass(frozen=True, kw_only=True)
class CatalogueFilters:
    """What the catalogue is narrowed to; empty values do not filter."""

    query: str = ""
    theme: str = ""  # a theme, or a category (every theme of it)
    audience: str = ""
    organisation_id: int | None = None
    departement_code: str = ""
    commune: Commune | None = None
    include_inactive: bool = False


def theme_q(theme: str) -> Q:
    """Services of the theme, or of any theme of the category."""
    if theme in ThemeCategory.values:
        rows = ServiceTheme.objects.filter(theme__startswith=f"{theme}--")
    else:
        rows = ServiceTheme.objects.filter(theme=theme)
    return Q(pk__in=rows.values("service_id"))


def offered_in_q(*, departement_code: str = "", commune: Commune | None = None) -> Q:
    """Services offered in the commune (or the département): their zone holds it; or, without a zone, the one who
    gives them covers it or is located there."""
    zoned = Q(Exists(ZONE_DEPARTEMENTS.objects.filter(service_id=OuterRef("pk")))) | Q(
        Exists(ZONE_COMMUNES.objects.filter(service_id=OuterRef("pk")))
    )
    if commune is not None:
        departement_code = commune.departement_id or ""
        in_zone = Q(pk__in=ZONE_COMMUNES.objects.filter(commune_id=commune.pk).values("service_id"))
        covering = Coverage.objects.filter(commune_id=commune.pk).values("organisation_id")
        located = Organisation.objects.filter(commune_id=commune.pk).values("pk")
    else:
        in_zone = Q(pk__in=ZONE_COMMUNES.objects.filter(commune__departement_id=departement_code).values("service_id"))
        covering = Coverage.objects.filter(commune__departement_id=departement_code).values("organisation_id")
        located = Organisation.objects.filter(commune__departement_id=departement_code).values("pk")
    in_zone |= Q(pk__in=ZONE_DEPARTEMENTS.objects.filter(departement_id=departement_code).values("service_id"))
    by_provider = (
        Q(site__isnull=True, organisation_id__in=covering)
        | Q(site__isnull=True, organisation_id__in=located)
        | Q(site_id__in=covering)
        | Q(site_id__in=located)
    )
    return in_zone | (~zoned & by_provider)


def _with_lists(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation", "site").prefetch_related(
        Prefetch("theme_rows", queryset=ServiceTheme.objects.order_by("theme")),
        Prefetch("audience_rows", queryset=ServiceAudience.objects.order_by("audience")),
    )


def service_list_for(*, membership: Membership | None, filters: CatalogueFilters | None = None) -> QuerySet[Service]:
    """The catalogue narrowed by the filters, by name then partner, with each service's themes and publics."""
    if not can_read_catalogue(membership):
        return Service.objects.none()
    filters = filters or CatalogueFilters()
    services = Service.objects.all()
    if not filters.include_inactive:
        services = services.filter(is_active=True)
    for word in search_words(filters.query):
        services = services.filter(search_key__contains=word)
    if filters.theme:
        services = services.filter(theme_q(filters.theme))
    if filters.audience:
        services = services.filter(pk__in=ServiceAudience.objects.filter(audience=filters.audience).values("service"))
    if filters.organisation_id:
        services = services.filter(Q(organisation_id=filters.organisation_id) | Q(site_id=filters.organisation_id))
    if filters.commune is not None:
        services = services.filter(offered_in_q(commune=filters.commune))
    elif filters.departement_code:
        services = services.filter(offered_in_q(departement_code=filters.departement_code))
    return _with_lists(services).order_by("name", "organisation__name", "pk")


def search_words(query: str) -> list[str]:
    """The words of a text search, as the search key is written (accents and case aside)."""
    return search_normalise(query).split()[:10]


def service_get_for(*, membership: Membership | None, pk: int) -> Service:
    """A service, active or not (a reader may follow an old link); 404 for a caller without a membership."""
    if not can_read_catalogue(membership):
        raise Http404
    service = (
        _with_lists(Service.objects.filter(pk=pk))
        .select_related("organisation__commune", "site__commune")
        .prefetch_related("zone_departements", "zone_communes")
        .first()
    )
    if service is None:
        raise Http404
    return service


def service_partners() -> QuerySet[Organisation]:
    """The partners that offer at least one active service: what the catalogue's partner filter accepts."""
    ids = Service.objects.filter(is_active=True).values("organisation_id")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def service_partners_in(*, departement_code: str, selected: int | None = None) -> list[tuple[int, str]]:
    """The partner filter's options: the partners offering an active service in the département (a national list
    runs to more than a thousand names, unreadable in a select and slow to draw), and the partner already chosen
    wherever it is. (id, name), by name."""
    offered = Service.objects.filter(offered_in_q(departement_code=departement_code), is_active=True)
    partners = Q(pk__in=offered.values("organisation_id")) if departement_code else Q(pk__in=[])
    if selected is not None:
        partners |= Q(pk=selected)
    return list(Organisation.objects.filter(partners).order_by("name", "pk").values_list("pk", "name"))


def sites_of(organisation: Organisation) -> QuerySet[Organisation]:
    """The sites a Mission Locale's services may be given at (none for other partners)."""
    if organisation.kind != OrganisationKind.MISSION_LOCALE:
        return Organisation.objects.none()
    return Organisation.objects.filter(parent=organisation, kind=OrganisationKind.ML_SITE).order_by("name")


@dataclass
class ThemeOffer:
    """Who offers a theme in a territory: one partner completes the others; several may pool or share it out."""

    theme: str
    label: str
    services: list[Service] = field(default_factory=list)

    @property
    def partners(self) -> list[Organisation]:
        seen: dict[int, Organisation] = {}
        for service in self.services:
            seen.setdefault(service.organisation_id, service.organisation)
        return sorted(seen.values(), key=lambda organisation: organisation.name)

    @property
    def shared(self) -> bool:
        return len(self.partners) > 1


@dataclass
class CategoryOffers:
    category: str
    label: str
    themes: list[ThemeOffer]

    @property
    def shared_count(self) -> int:
        return sum(1 for offer in self.themes if offer.shared)


def offers_by_theme(*, membership: Membership | None, filters: CatalogueFilters) -> list[CategoryOffers]:
    """The catalogue of a territory read by theme: for each theme, the partners that offer it there and their
    services, themes grouped by category in the schema's order. Three queries, whatever the number of services."""
    offers: dict[str, ThemeOffer] = {}
    for service in service_list_for(membership=membership, filters=filters):
        for row in service.theme_rows.all():
            if filters.theme and filters.theme not in (row.theme, category_of(row.theme)):
                continue  # the service's other themes are not what the reader asked for
            offer = offers.setdefault(row.theme, ThemeOffer(theme=row.theme, label=str(Theme(row.theme).label)))
            offer.services.append(service)
    by_category: dict[str, list[ThemeOffer]] = defaultdict(list)
    for theme in Theme.values:  # the schema's order
        if theme in offers:
            by_category[category_of(theme)].append(offers[theme])
    return [
        CategoryOffers(category=category, label=str(ThemeCategory(category).label), themes=by_category[category])
        for category in ThemeCategory.values
        if category in by_category
    ]
