"""Every read of conventions, scoped to the caller (tandem.partnerships.permissions): the list, one convention with
its parties, children, targets (beside the sum of its children's), secondments, documents, the secondments' table,
and the partnership map of a territory (read from the partnership links, public partner information)."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from tandem.accounts.models import Membership, User
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.partnerships.enums import Indicator
from tandem.partnerships.models import Convention, ConventionDocument, ConventionParty, Secondment, Target
from tandem.partnerships.permissions import can_see_convention, visible_conventions_q
from tandem.territories.models import Departement, Region


def convention_visible_to(*, user: User | None, membership: Membership | None) -> QuerySet[Convention]:
    """The conventions the caller may see, unordered and unjoined: a filter for other reads."""
    if user is not None and user.is_administrator:
        return Convention.objects.all()
    if membership is None:
        return Convention.objects.none()
    return Convention.objects.filter(pk__in=Convention.objects.filter(visible_conventions_q(membership)).values("pk"))


def convention_list_for(
    *, user: User | None, membership: Membership | None, level: str = "", kind: str = "", status: str = ""
) -> QuerySet[Convention]:
    """The conventions the caller may see, national first, with their parent and parties read in one more query."""
    conventions = convention_visible_to(user=user, membership=membership)
    if level:
        conventions = conventions.filter(level=level)
    if kind:
        conventions = conventions.filter(kind=kind)
    if status:
        conventions = conventions.filter(status=status)
    parties = ConventionParty.objects.select_related("organisation").order_by("pk")
    return (
        conventions.select_related("parent")
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("level", "title", "pk")
    )


def convention_get_for(*, user: User | None, membership: Membership | None, pk: int) -> Convention:
    """One convention the caller may see; Convention.DoesNotExist otherwise (pages and the API answer 404)."""
    convention = Convention.objects.select_related("parent", "parent__parent").get(pk=pk)
    if not can_see_convention(user, membership, convention):
        raise Convention.DoesNotExist
    return convention


def convention_parties(*, convention: Convention) -> list[ConventionParty]:
    return list(convention.parties.select_related("organisation", "contact").order_by("pk"))


def convention_children(*, convention: Convention) -> QuerySet[Convention]:
    parties = ConventionParty.objects.select_related("organisation").order_by("pk")
    return convention.children.prefetch_related(Prefetch("parties", queryset=parties)).order_by("title", "pk")


def convention_documents(*, convention: Convention) -> QuerySet[ConventionDocument]:
    return convention.documents.select_related("uploaded_by").order_by("-uploaded_at", "-pk")


@dataclass(frozen=True)
class TargetRow:
    indicator: str
    label: str
    period: str
    value: Decimal | None  # the convention's own target
    children_sum: Decimal | None  # the sum of its child conventions' targets for the same indicator and period
    children_count: int
    target: Target | None


def _period_key(target: Target) -> tuple[int | None, datetime.date | None, datetime.date | None]:
    return (target.year, target.starts_on, target.ends_on)


def targets_compared(*, convention: Convention) -> list[TargetRow]:
    """The convention's targets, each beside the sum of its child conventions' for the same indicator and period
    (a regional convention's targets against its local conventions'); a target only its children set has a row
    too. Two queries."""
    own = {(t.indicator, *_period_key(t)): t for t in convention.targets.all()}
    sums: dict[tuple[str, int | None, datetime.date | None, datetime.date | None], tuple[Decimal, int]] = {}
    rows = (
        Target.objects.filter(convention__parent=convention.pk)
        .values("indicator", "year", "starts_on", "ends_on")
        .annotate(total=Sum("value"), conventions=Count("convention", distinct=True))
        .order_by()
    )
    for row in rows:
        sums[(row["indicator"], row["year"], row["starts_on"], row["ends_on"])] = (row["total"], row["conventions"])
    keys = sorted(
        set(own) | set(sums),
        key=lambda key: (list(Indicator.values).index(key[0]) if key[0] in Indicator.values else 99, str(key[1:])),
    )
    result = []
    for key in keys:
        target = own.get(key)
        total, count = sums.get(key, (None, 0))
        year, starts_on, ends_on = key[1], key[2], key[3]
        period = str(year) if year is not None else f"{starts_on:%d/%m/%Y} – {ends_on:%d/%m/%Y}"
        result.append(
            TargetRow(
                indicator=key[0],
                label=str(Indicator(key[0]).label) if key[0] in Indicator.values else key[0],
                period=period,
                value=target.value if target is not None else None,
                children_sum=total,
                children_count=count,
                target=target,
            )
        )
    return result


def _secondments_under(convention: Convention) -> QuerySet[Secondment]:
    return Secondment.objects.filter(
        Q(convention=convention.pk) | Q(convention__parent=convention.pk) | Q(convention__parent__parent=convention.pk)
    )


def convention_secondments(*, convention: Convention) -> QuerySet[Secondment]:
    """The secondments under the convention (its own and its child conventions'), by Mission Locale."""
    return (
        _secondments_under(convention)
        .select_related("from_agency", "to_mission_locale", "convention")
        .order_by("to_mission_locale__name", "agent_name", "pk")
    )


def fte_current(secondments: QuerySet[Secondment], day: datetime.date | None = None) -> Decimal:
    """The full-time equivalents seconded on the day (today by default)."""
    day = day or timezone.localdate()
    current = secondments.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return current.aggregate(total=Sum("fte"))["total"] or Decimal("0")


def fte_target(*, convention: Convention, day: datetime.date | None = None) -> Decimal | None:
    """The convention's target of seconded FTE for the day's year (or a period holding the day)."""
    day = day or timezone.localdate()
    target = (
        convention.targets.filter(indicator=Indicator.FTE_SECONDED)
        .filter(Q(year=day.year) | Q(starts_on__lte=day, ends_on__gte=day))
        .order_by("year")
        .first()
    )
    return target.value if target is not None else None


def secondment_list_for(
    *, user: User | None, membership: Membership | None, region: str = "", mission_locale: Organisation | None = None
) -> QuerySet[Secondment]:
    """The secondments of the conventions the caller may see, by region of the Mission Locale or one Mission
    Locale."""
    secondments = Secondment.objects.filter(
        convention__in=convention_visible_to(user=user, membership=membership).values("pk")
    )
    if region:
        secondments = secondments.filter(to_mission_locale__commune__region_id=region)
    if mission_locale is not None:
        secondments = secondments.filter(to_mission_locale=mission_locale)
    return secondments.select_related("from_agency", "to_mission_locale", "convention").order_by(
        "to_mission_locale__name", "agent_name", "pk"
    )


def secondment_missions_locales(*, user: User | None, membership: Membership | None) -> QuerySet[Organisation]:
    """The Missions Locales that receive a secondment the caller may see (the table's filter)."""
    ids = secondment_list_for(user=user, membership=membership).values("to_mission_locale")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def secondment_get_for(*, user: User | None, membership: Membership | None, pk: int) -> Secondment:
    secondment = Secondment.objects.select_related("convention", "from_agency", "to_mission_locale").get(pk=pk)
    if not can_see_convention(user, membership, secondment.convention):
        raise Secondment.DoesNotExist
    return secondment


def target_get_for(*, user: User | None, membership: Membership | None, pk: int) -> Target:
    target = Target.objects.select_related("convention").get(pk=pk)
    if not can_see_convention(user, membership, target.convention):
        raise Target.DoesNotExist
    return target


def party_get_for(*, user: User | None, membership: Membership | None, pk: int) -> ConventionParty:
    party = ConventionParty.objects.select_related("convention", "organisation", "contact").get(pk=pk)
    if not can_see_convention(user, membership, party.convention):
        raise ConventionParty.DoesNotExist
    return party


def document_get_for(*, user: User | None, membership: Membership | None, pk: int) -> ConventionDocument:
    document = ConventionDocument.objects.select_related("convention").get(pk=pk)
    if not can_see_convention(user, membership, document.convention):
        raise ConventionDocument.DoesNotExist
    return document


def convention_organisations(*, convention: Convention, kinds: Collection[str]) -> QuerySet[Organisation]:
    """The organisations of these kinds that are parties to the convention or to one below it (a secondment's
    agency and Mission Locale)."""
    under = (
        Convention.objects.filter(pk=convention.pk)
        | Convention.objects.filter(parent=convention.pk)
        | Convention.objects.filter(parent__parent=convention.pk)
    )
    ids = ConventionParty.objects.filter(convention__in=under.values("pk")).values("organisation_id")
    return Organisation.objects.filter(pk__in=ids, kind__in=kinds).order_by("name")


def parent_choices(*, user: User | None, membership: Membership | None) -> QuerySet[Convention]:
    """The conventions a new one may hang on: national and regional ones the caller sees."""
    return (
        convention_visible_to(user=user, membership=membership)
        .filter(level__in=["national", "regional"])
        .order_by("level", "title")
    )


# The partnership map ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Territory:
    code: str  # "dep-33" or "reg-75"
    name: str


def territory_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    regions = [(f"reg-{r.code}", r.name) for r in Region.objects.order_by("name")]
    departements = [(f"dep-{d.code}", f"{d.name} ({d.code})") for d in Departement.objects.order_by("code")]
    return [("Régions", regions), ("Départements", departements)]


def territory_of(code: str) -> Territory | None:
    kind, _sep, value = code.partition("-")
    if kind == "reg":
        region = Region.objects.filter(code=value).first()
        return Territory(code=code, name=region.name) if region else None
    if kind == "dep":
        departement = Departement.objects.filter(code=value).first()
        return Territory(code=code, name=f"{departement.name} ({departement.code})") if departement else None
    return None


def partnership_map(*, territory: Territory, day: datetime.date | None = None) -> list[PartnershipLink]:
    """Who is partner with whom on the day, among the organisations located in the territory (either side): the
    partnership links in force, one query. Organisations and their partnerships are public partner information."""
    day = day or timezone.localdate()
    kind, _sep, code = territory.code.partition("-")
    field = "commune__region_id" if kind == "reg" else "commune__departement_id"
    located = Organisation.objects.filter(**{field: code}).values("pk")
    return list(
        PartnershipLink.objects.filter(Q(organisation_a__in=located) | Q(organisation_b__in=located))
        .filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("organisation_a", "organisation_b")
        .order_by("organisation_a__name", "organisation_b__name", "kind")
    )


MISSION_LOCALE_SIDE = {OrganisationKind.MISSION_LOCALE, OrganisationKind.ML_SITE}
