"""A dashboard: a scope's figures for a year, as the tables a committee reads (each chart is drawn from one of them,
so a screen reader, the CSV, the XLSX and the PDF read the same numbers as the chart).

- **Against targets**: each target of the conventions that steer the scope (a convention's own; an organisation's
  local conventions; a région's regional conventions, a département's local ones, the nation's national ones),
  with the indicator's value for the convention and the year, and how far along it is.
- **Month by month**: referrals proposed and accepted each month of the year (one grouped query).
- **Drill-down**: the scope's parts (the nation's régions, a région's départements and Missions Locales, a
  département's Missions Locales, a convention's parties) with their referrals: two grouped queries per table,
  whatever the number of parts or events (tandem.indicators.breakdowns).
- **The catalogue**: every indicator of the catalogue for the scope and the year, family by family, with its
  definition.

Statistical secrecy is applied by `protect` before anything is shown outside the organisation holding the data
(docs/indicators.md)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.secrecy import mask_series
from tandem.events.enums import EventKind
from tandem.indicators import breakdowns
from tandem.indicators.periods import year_period
from tandem.indicators.referrals import PROPOSED, referral_events
from tandem.indicators.registry import CATALOGUE, COUNT, RATE, Indicator, IndicatorValue
from tandem.indicators.scopes import (
    COMMUNE,
    CONVENTION,
    DEPARTEMENT,
    EPCI,
    NATION,
    ORGANISATION,
    REGION,
    Scope,
)
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import ConventionLevel
from tandem.partnerships.enums import Indicator as TargetIndicator
from tandem.partnerships.models import Convention, Target
from tandem.territories.models import Commune, Departement, Epci, Region

# Which indicator of the catalogue a convention's target is measured with (families add theirs as they come).
TARGET_MEASURES: dict[str, str] = {
    TargetIndicator.REFERRALS_PER_YEAR: "referrals_proposed",
    TargetIndicator.YOUNG_PEOPLE_ACCOMPANIED: "caseload_active",
    TargetIndicator.SUBSIDISED_HIRES: "schemes_subsidised_hires",
    TargetIndicator.FTE_SECONDED: "governance_fte_seconded",
    TargetIndicator.STEERING_MEETINGS_PER_YEAR: "governance_steering_meetings",
    TargetIndicator.YOUNG_PEOPLE_PUT_FORWARD: "temp_work_young_people_put_forward",
    TargetIndicator.MISSIONS_STARTED: "temp_work_missions_started",
    TargetIndicator.IMMERSIONS: "temp_work_immersions",
    TargetIndicator.TRAININGS: "temp_work_trainings",
    TargetIndicator.PLIE_PARTICIPANTS: "plie_participants",
    TargetIndicator.BARRIER_ACTIONS_BENEFICIARIES: "plie_barrier_actions",
}

FAMILY_NAMES = {
    "referrals": gettext_lazy("Orientations"),
    "caseload": gettext_lazy("Portefeuille actif"),
    "exits": gettext_lazy("Sorties et accès à l'emploi"),
    "schemes": gettext_lazy("Dispositifs mobilisés"),
    "publics": gettext_lazy("Publics prioritaires"),
    "overlaps": gettext_lazy("Doublons et chevauchements"),
    "plie": gettext_lazy("PLIE"),
    "offers": gettext_lazy("Offres et mises en relation"),
    "employers": gettext_lazy("Entreprises et visites"),
    "governance": gettext_lazy("Gouvernance"),
    "temp_work": gettext_lazy("Agences d'emploi (Mission Jeunes)"),
}


@dataclass(frozen=True)
class Figure:
    """A number as shown: None when it cannot be computed (a rate over nothing) or when it is masked."""

    value: float | int | Decimal | None
    masked: bool = False


@dataclass(frozen=True)
class Row:
    label: str
    figures: list[Figure]
    scope: str = ""  # the scope a drill-down row opens (its label: organisation:12)
    note: str = ""  # shown under the label (an indicator's definition)
    units: list[str] = field(default_factory=list)  # per figure, when the row's unit is not its column's


@dataclass(frozen=True)
class Table:
    key: str  # names the table in exports (CSV file, XLSX sheet)
    caption: str
    label_header: str
    header: list[str]
    rows: list[Row]
    units: list[str] = field(default_factory=list)  # per column: COUNT, RATE, DAYS or "" (free)


@dataclass(frozen=True)
class Gauge:
    """A target and how far along it is, drawn as a gauge and a bar chart (and read from the targets table)."""

    title: str
    value: Figure
    target: Decimal


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    scope_name: str
    year: int
    protected: bool
    computed_at: datetime.datetime
    targets: Table
    gauges: list[Gauge]
    trend: Table
    drilldowns: list[Table]
    catalogue: list[Table]

    @property
    def tables(self) -> list[Table]:
        return [self.targets, self.trend, *self.drilldowns, *self.catalogue]


Protect = Callable[[IndicatorValue, str], Figure]


def shown_as_is(figure: IndicatorValue, unit: str) -> Figure:
    return Figure(figure.value)


def column(counts: list[int], protected: bool) -> list[Figure]:
    """A column of counts whose total is published elsewhere on the page (the months of a year, the parts of a
    scope): under secrecy, masked together (tandem.core.secrecy.mask_series) so that no masked count can be worked
    back from the total and the others."""
    if not protected:
        return [Figure(count) for count in counts]
    masked = mask_series({str(index): count for index, count in enumerate(counts)}, total_shown=True)
    return [Figure(masked.values[str(index)], masked=str(index) in masked.masked) for index in range(len(counts))]


def scope_name(scope: Scope) -> str:
    """What a person calls the scope: « Région Centre-Val de Loire », « Mission Locale de Tours »…"""
    if scope.kind == NATION:
        return _("France entière")
    if scope.kind == REGION:
        return _("Région %(name)s") % {"name": Region.objects.get(pk=scope.code).name}
    if scope.kind == DEPARTEMENT:
        departement = Departement.objects.get(pk=scope.code)
        return _("Département %(name)s (%(code)s)") % {"name": departement.name, "code": departement.pk}
    if scope.kind == EPCI:
        return Epci.objects.get(pk=scope.code).name
    if scope.kind == COMMUNE:
        return _("Commune de %(name)s") % {"name": Commune.objects.get(pk=scope.code).name}
    if scope.kind == ORGANISATION:
        return Organisation.objects.get(pk=int(scope.code)).name
    if scope.kind == CONVENTION:
        return Convention.objects.get(pk=int(scope.code)).title
    from tandem.accounts.models import User

    user = User.objects.get(pk=int(scope.code))
    return _("Conseiller·ère : %(name)s") % {"name": user.get_full_name() or user.email}


def steering_conventions(scope: Scope) -> list[Convention]:
    """The conventions whose targets a scope is held to (see the module's docstring); in force or ended, never a
    draft."""
    conventions = Convention.objects.exclude(status="draft")
    if scope.kind == CONVENTION:
        chosen = conventions.filter(pk=int(scope.code))
    elif scope.kind == ORGANISATION:
        organisation = Organisation.objects.get(pk=int(scope.code))
        ids = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
        chosen = conventions.filter(level=ConventionLevel.LOCAL, parties__organisation_id__in=ids)
    elif scope.kind == REGION:
        chosen = conventions.filter(
            level=ConventionLevel.REGIONAL, parties__organisation__commune__region_id=scope.code
        )
    elif scope.kind == DEPARTEMENT:
        chosen = conventions.filter(
            level=ConventionLevel.LOCAL, parties__organisation__commune__departement_id=scope.code
        )
    elif scope.kind == NATION:
        chosen = conventions.filter(level=ConventionLevel.NATIONAL)
    else:
        return []
    return list(chosen.distinct().order_by("level", "title", "pk"))


# ------------------------------------------------------------------------------------------------ figures
# What is measured, before secrecy and before any label is translated: JSON, so that a snapshot keeps it
# (tandem.indicators.snapshots) and the page, the exports and the PDF read it back.


def _stored(value: IndicatorValue) -> dict[str, Any]:
    return {
        "value": value.value,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "breakdown": value.breakdown,
        "count": value.count,
    }


def _read(stored: dict[str, Any]) -> IndicatorValue:
    return IndicatorValue(
        value=stored["value"],
        numerator=stored["numerator"],
        denominator=stored["denominator"],
        breakdown=stored.get("breakdown") or {},
        count=stored.get("count"),
    )


def _target_figures(year: int, conventions: list[Convention]) -> list[dict[str, Any]]:
    """One query for the targets, then one per target measured (a scope is steered by a handful of conventions)."""
    targets = (
        Target.objects.filter(convention__in=conventions, year=year, indicator__in=list(TARGET_MEASURES))
        .select_related("convention")
        .order_by("convention__level", "convention__title", "indicator")
    )
    return [
        {
            "convention_id": target.convention_id,
            "convention": target.convention.title,
            "indicator": target.indicator,
            "target": str(target.value),
            "value": _stored(
                CATALOGUE[TARGET_MEASURES[target.indicator]].compute(
                    year_period(year), Scope(CONVENTION, str(target.convention_id))
                )
            ),
        }
        for target in targets
    ]


def _month_figures(year: int, scope: Scope) -> list[list[int]]:
    """Referrals proposed and accepted, month by month (one query grouped by month, Europe/Paris)."""
    events = referral_events(kinds=[*PROPOSED, EventKind.REFERRAL_ACCEPTED], period=year_period(year), scope=scope)
    by_month = {
        row["month"].month: [row["proposed"], row["accepted"]]
        for row in events.annotate(month=TruncMonth("occurred_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(
            proposed=Count("pk", filter=Q(kind__in=PROPOSED)),
            accepted=Count("pk", filter=Q(kind=EventKind.REFERRAL_ACCEPTED)),
        )
        .order_by("month")
    }
    return [by_month.get(month, [0, 0]) for month in range(1, 13)]


def _part_figures(year: int, scope: Scope) -> list[dict[str, Any]]:
    parts = []
    for part in breakdowns.parts_of(scope):
        counts = breakdowns.referrals_by_part(period=year_period(year), scope=scope, part=part)
        rows = [[key, name, *counts.get(key, (0, 0, 0))] for key, name in part.members]
        parts.append({"key": part.key, "kind": part.kind, "rows": rows})
    return parts


def dashboard_figures(*, scope: Scope, year: int) -> dict[str, Any]:
    """Everything a dashboard measures for a scope and a year, as JSON (a fixed number of queries whatever the
    events: one per target measured and per indicator of the catalogue, two per drill-down table)."""
    period = year_period(year)
    return {
        "targets": _target_figures(year, steering_conventions(scope)),
        "months": _month_figures(year, scope),
        "parts": _part_figures(year, scope),
        "catalogue": {code: _stored(indicator.compute(period, scope)) for code, indicator in CATALOGUE.items()},
    }


# ------------------------------------------------------------------------------------------------ rendering


def _shown(indicator: Indicator, value: IndicatorValue, protect: Protect) -> Figure:
    """A figure as this reader sees it: secrecy masks figures that count people, not the partnership's running."""
    return protect(value, indicator.unit) if indicator.counts_people else Figure(value.value)


def _targets(
    figures: dict[str, Any], year: int, protect: Protect, visible: Collection[int] | None
) -> tuple[Table, list[Gauge]]:
    """The targets of the conventions this reader may see (`visible`; None: all): a convention's existence, title
    and targets are its readers' (partnerships.permissions.can_see_convention)."""
    rows, gauges = [], []
    for measured in figures["targets"]:
        if visible is not None and measured.get("convention_id") not in visible:
            continue
        indicator = CATALOGUE[TARGET_MEASURES[measured["indicator"]]]
        figure = _shown(indicator, _read(measured["value"]), protect)
        target = Decimal(measured["target"])
        ratio = (
            Figure(round(100 * float(figure.value) / float(target), 1))
            if figure.value is not None and target
            else Figure(None, figure.masked)
        )
        label = f"{measured['convention']} — {TargetIndicator(measured['indicator']).label}"
        rows.append(Row(label, [figure, Figure(target), ratio]))
        gauges.append(Gauge(title=label, value=figure, target=target))
    table = Table(
        key="objectifs",
        caption=_("Réalisé par rapport aux objectifs des conventions, %(year)s") % {"year": year},
        label_header=_("Convention et objectif"),
        header=[_("Réalisé"), _("Objectif"), _("Taux d'atteinte (%)")],
        rows=rows,
        units=[COUNT, COUNT, RATE],
    )
    return table, gauges


def _trend(figures: dict[str, Any], year: int, protected: bool) -> Table:
    months = figures["months"]
    proposed = column([counts[0] for counts in months], protected)
    accepted = column([counts[1] for counts in months], protected)
    rows = [
        Row(formats.date_format(datetime.date(year, month, 1), "F Y"), [proposed[month - 1], accepted[month - 1]])
        for month in range(1, 13)
    ]
    return Table(
        key="mois",
        caption=_("Orientations proposées et acceptées, mois par mois, %(year)s") % {"year": year},
        label_header=_("Mois"),
        header=[_("Orientations proposées"), _("Orientations acceptées")],
        rows=rows,
        units=[COUNT, COUNT],
    )


def _drilldowns(figures: dict[str, Any], year: int, protect: Protect, protected: bool) -> list[Table]:
    tables = []
    for part in figures["parts"]:
        caption, label_header = breakdowns.PART_TEXTS[part["key"]]
        proposed = column([row[2] for row in part["rows"]], protected)
        rows = []
        for index, (key, name, _proposed, answered, accepted) in enumerate(part["rows"]):
            acceptance = IndicatorValue(
                round(100 * accepted / answered, 1) if answered else None, numerator=accepted, denominator=answered
            )
            rows.append(Row(name, [proposed[index], protect(acceptance, RATE)], scope=f"{part['kind']}:{key}"))
        tables.append(
            Table(
                key=part["key"],
                caption=str(caption) % {"year": year},
                label_header=str(label_header),
                header=[_("Orientations proposées"), _("Taux d'acceptation (%)")],
                rows=rows,
                units=[COUNT, RATE],
            )
        )
    return tables


def _catalogue(figures: dict[str, Any], protect: Protect) -> list[Table]:
    """Every indicator of the catalogue, one table per family."""
    families: dict[str, list[Row]] = {}
    for code, stored in figures["catalogue"].items():
        indicator = CATALOGUE.get(code)
        if indicator is None:  # measured before the catalogue changed
            continue
        figure = _shown(indicator, _read(stored), protect)
        families.setdefault(indicator.family, []).append(
            Row(str(indicator.name), [figure], note=str(indicator.definition), units=[indicator.unit])
        )
    return [
        Table(
            key=f"famille-{family}",
            caption=str(FAMILY_NAMES.get(family, family)),
            label_header=_("Indicateur"),
            header=[_("Valeur")],
            rows=rows,
            units=[""],
        )
        for family, rows in families.items()
    ]


def dashboard_render(
    figures: dict[str, Any],
    *,
    scope: Scope,
    year: int,
    computed_at: datetime.datetime,
    protect: Protect = shown_as_is,
    protected: bool = False,
    visible_conventions: Collection[int] | None = None,
) -> Dashboard:
    """The dashboard as this reader sees it: `protect` masks what statistical secrecy hides from them; only the
    targets of the conventions they may see (None: all)."""
    targets, gauges = _targets(figures, year, protect, visible_conventions)
    return Dashboard(
        scope=scope,
        scope_name=scope_name(scope),
        year=year,
        protected=protected,
        computed_at=computed_at,
        targets=targets,
        gauges=gauges,
        trend=_trend(figures, year, protected),
        drilldowns=_drilldowns(figures, year, protect, protected),
        catalogue=_catalogue(figures, protect),
    )


def dashboard_build(*, scope: Scope, year: int, protect: Protect = shown_as_is, protected: bool = False) -> Dashboard:
    """The dashboard of a scope for a year, measured now."""
    return dashboard_render(
        dashboard_figures(scope=scope, year=year),
        scope=scope,
        year=year,
        computed_at=timezone.now(),
        protect=protect,
        protected=protected,
    )


@dataclass(frozen=True)
class Summary:
    """What a home page shows of a scope's dashboard: its key figures for the year and its targets."""

    scope: Scope
    scope_name: str
    year: int
    protected: bool
    key_figures: list[tuple[str, Figure, str]]  # name, figure, unit
    gauges: list[Gauge]


SUMMARY_CODES = ("referrals_proposed", "referrals_acceptance_rate", "referrals_entry_rate")


def summary_figures(*, scope: Scope, year: int) -> dict[str, Any]:
    """What a home's summary needs, measured now: the three referral figures and the targets (a few queries)."""
    period = year_period(year)
    return {
        "targets": _target_figures(year, steering_conventions(scope)),
        "catalogue": {code: _stored(CATALOGUE[code].compute(period, scope)) for code in SUMMARY_CODES},
    }


def summary_render(
    figures: dict[str, Any],
    *,
    scope: Scope,
    year: int,
    protect: Protect = shown_as_is,
    protected: bool = False,
    visible_conventions: Collection[int] | None = None,
) -> Summary:
    """A home's summary, read from a dashboard's figures: three referral figures and the targets."""
    key_figures = [
        (
            str(CATALOGUE[code].name),
            protect(_read(figures["catalogue"][code]), CATALOGUE[code].unit),
            CATALOGUE[code].unit,
        )
        for code in SUMMARY_CODES
        if code in figures["catalogue"]
    ]
    _table, gauges = _targets(figures, year, protect, visible_conventions)
    return Summary(
        scope=scope,
        scope_name=scope_name(scope),
        year=year,
        protected=protected,
        key_figures=key_figures,
        gauges=gauges,
    )
