"""Dashboards measured once and read many times: a scope's figures for a year are kept in a `DashboardSnapshot`
and read back; older than the maximum age (settings.TANDEM_INDICATORS_MAX_AGE, an hour by default), they are still
shown while a background task measures them again; missing, they are measured on the request that needs them.
`manage.py indicators_refresh` measures every scope a committee opens (the nation, each région, département,
Mission Locale and convention in force) ahead of time, so that a regional dashboard is a single read at national
scale (docs/indicators.md, "Speed")."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from tandem.accounts.models import Membership, User
from tandem.indicators.dashboards import (
    Dashboard,
    Protect,
    Summary,
    dashboard_figures,
    dashboard_render,
    shown_as_is,
    summary_figures,
    summary_render,
)
from tandem.indicators.models import DashboardSnapshot
from tandem.indicators.scopes import CONVENTION, DEPARTEMENT, NATION, ORGANISATION, REGION, Scope, scope_parse
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import ConventionStatus
from tandem.partnerships.models import Convention
from tandem.partnerships.selectors import convention_visible_to
from tandem.territories.models import Departement, Region


def _max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "TANDEM_INDICATORS_MAX_AGE", 3600))


def snapshot_store(*, scope: Scope, year: int) -> tuple[dict[str, Any], datetime.datetime]:
    """Measure a scope's figures for a year now and keep them (one upsert: two requests measuring the same scope
    at once keep the last one)."""
    figures = dashboard_figures(scope=scope, year=year)
    computed_at = timezone.now()
    DashboardSnapshot.objects.bulk_create(
        [DashboardSnapshot(scope=scope.label, year=year, figures=figures, computed_at=computed_at)],
        update_conflicts=True,
        unique_fields=["scope", "year"],
        update_fields=["figures", "computed_at", "refresh_queued_at"],
    )
    return figures, computed_at


def _stale_before() -> datetime.datetime:
    """Figures measured before this moment are too old (and a refresh queued before it, forgotten)."""
    return timezone.now() - _max_age()


def _stale(computed_at: datetime.datetime) -> bool:
    return computed_at < _stale_before()


def _refresh_claimed(*, scope: Scope, year: int) -> bool:
    """Whether this reader is the one to queue the stale snapshot's measure: the first to find it stale claims it
    (one conditional UPDATE), so that a busy dashboard queues one task, not one per reader. A claim older than the
    maximum age (a worker that never ran it) may be taken again. Still stale when claimed: figures measured in the
    meantime (`indicators_refresh`) are not claimed."""
    before = _stale_before()
    unclaimed = Q(refresh_queued_at__isnull=True) | Q(refresh_queued_at__lt=before)
    rows = DashboardSnapshot.objects.filter(unclaimed, scope=scope.label, year=year, computed_at__lt=before)
    return rows.update(refresh_queued_at=timezone.now()) > 0


def snapshot_figures(*, scope: Scope, year: int) -> tuple[dict[str, Any], datetime.datetime]:
    """The scope's figures for the year and when they were measured (one query): the kept ones, even too old ones,
    which a background task then measures again (a région takes minutes to measure at national scale: no reader
    waits for it; the page says when its figures were measured; one task is queued however many read it meanwhile).
    Measured now only the first time a scope is opened: `indicators_refresh` measures ahead of time the scopes
    committees open."""
    kept = DashboardSnapshot.objects.filter(scope=scope.label, year=year).values_list("figures", "computed_at").first()
    if kept is None:
        return snapshot_store(scope=scope, year=year)
    if _stale(kept[1]) and _refresh_claimed(scope=scope, year=year):
        snapshot_measure_later.enqueue(scope.label, year)
    return kept


@task()
def snapshot_measure_later(scope_label: str, year: int) -> bool:
    """A snapshot found too old, measured again in the background (a django-tasks worker); nothing when another
    task measured it meanwhile. Returns whether it measured."""
    computed_at = (
        DashboardSnapshot.objects.filter(scope=scope_label, year=year).values_list("computed_at", flat=True).first()
    )
    if computed_at is not None and not _stale(computed_at):
        DashboardSnapshot.objects.filter(scope=scope_label, year=year).update(refresh_queued_at=None)
        return False
    snapshot_store(scope=scope_parse(scope_label), year=year)
    return True


def visible_conventions(
    figures: dict[str, Any], user: User | None, membership: Membership | None
) -> Collection[int] | None:
    """The conventions among the figures' targets this reader may see (None: all, for an administrator)."""
    if user is not None and user.is_administrator:
        return None
    ids = [measured.get("convention_id") for measured in figures.get("targets", [])]
    if not ids:
        return set()
    readable = convention_visible_to(user=user, membership=membership).filter(pk__in=ids)
    return set(readable.values_list("pk", flat=True))


def dashboard_for(
    *,
    scope: Scope,
    year: int,
    user: User | None = None,
    membership: Membership | None = None,
    protect: Protect = shown_as_is,
    protected: bool = False,
) -> Dashboard:
    """The dashboard as this reader sees it, from the scope's snapshot (measured again in the background when too
    old)."""
    figures, computed_at = snapshot_figures(scope=scope, year=year)
    return dashboard_render(
        figures,
        scope=scope,
        year=year,
        computed_at=computed_at,
        protect=protect,
        protected=protected,
        visible_conventions=visible_conventions(figures, user, membership),
    )


def summary_for(
    *, scope: Scope, year: int, user: User | None, membership: Membership | None, protect: Protect, protected: bool
) -> Summary:
    """A home's summary: read from the scope's snapshot whatever its age when there is one (a home never waits for a
    whole dashboard to be measured), else its few figures measured now."""
    kept = DashboardSnapshot.objects.filter(scope=scope.label, year=year).values_list("figures", flat=True).first()
    figures = kept if kept is not None else summary_figures(scope=scope, year=year)
    return summary_render(
        figures,
        scope=scope,
        year=year,
        protect=protect,
        protected=protected,
        visible_conventions=visible_conventions(figures, user, membership),
    )


def scopes_to_refresh() -> list[Scope]:
    """What committees open: the nation, each région and département, each Mission Locale, each convention in
    force."""
    scopes = [Scope(NATION)]
    scopes += [Scope(REGION, code) for code in Region.objects.order_by("code").values_list("code", flat=True)]
    scopes += [Scope(DEPARTEMENT, code) for code in Departement.objects.order_by("code").values_list("code", flat=True)]
    missions_locales = Organisation.objects.filter(kind=OrganisationKind.MISSION_LOCALE).order_by("pk")
    scopes += [Scope(ORGANISATION, str(pk)) for pk in missions_locales.values_list("pk", flat=True)]
    conventions = Convention.objects.filter(status=ConventionStatus.ACTIVE).order_by("pk")
    scopes += [Scope(CONVENTION, str(pk)) for pk in conventions.values_list("pk", flat=True)]
    return scopes


def snapshots_refresh(
    *, scopes: Iterable[Scope], year: int, progress: Callable[[int], object] = lambda done: None
) -> int:
    """Measure each scope again for the year; returns how many were measured."""
    done = 0
    for scope in scopes:
        snapshot_store(scope=scope, year=year)
        done += 1
        progress(1)
    return done
