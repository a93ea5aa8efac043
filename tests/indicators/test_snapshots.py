"""Dashboards measured once and read many times: a snapshot is read back (one query for the figures), measured again
by a background task when older than the maximum age, and `indicators_refresh` measures every scope ahead of time."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone
from django_tasks import task_backends

from tandem.indicators.models import DashboardSnapshot
from tandem.indicators.scopes import Scope
from tandem.indicators.snapshots import (
    _refresh_claimed,
    dashboard_for,
    scopes_to_refresh,
    snapshot_figures,
    snapshot_measure_later,
)
from tests.indicators.scenarios import at, propose

REGION = Scope("region", "44")


def _proposed(board) -> int:
    return sum(row.figures[0].value for row in board.trend.rows)


def test_a_fresh_snapshot_is_read_in_one_query_and_kept_until_it_is_too_old(cast, settings):
    propose(cast.agency_b, cast.ml_a, at("2026-03-02"))
    first = dashboard_for(scope=REGION, year=2026)
    assert _proposed(first) == 1
    assert DashboardSnapshot.objects.filter(scope="region:44", year=2026).count() == 1

    propose(cast.agency_b, cast.ml_a, at("2026-03-03"))
    with CaptureQueriesContext(connection) as queries:
        figures, computed_at = snapshot_figures(scope=REGION, year=2026)
    assert len(queries) == 1
    assert computed_at == first.computed_at
    assert _proposed(dashboard_for(scope=REGION, year=2026)) == 1  # measured before the second referral

    # Too old: still shown at once, and measured again by a background task (run at once by the tests' backend).
    old = timezone.now() - datetime.timedelta(seconds=3601)
    DashboardSnapshot.objects.update(computed_at=old)
    with CaptureQueriesContext(connection) as queries:
        stale = dashboard_for(scope=REGION, year=2026)
    assert _proposed(stale) == 1 and stale.computed_at == old
    again = dashboard_for(scope=REGION, year=2026)
    assert _proposed(again) == 2
    assert again.computed_at > first.computed_at
    assert DashboardSnapshot.objects.count() == 1


def test_a_stale_snapshot_is_measured_again_by_a_background_task(cast, settings):
    """With the database backend (production's), reading a stale snapshot only queues the task; the worker measures
    it, once: a second task finds it fresh and does nothing."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued = task_backends["default"]

    dashboard_for(scope=REGION, year=2026)
    propose(cast.agency_b, cast.ml_a, at("2026-03-02"))
    DashboardSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(seconds=3601))
    assert _proposed(dashboard_for(scope=REGION, year=2026)) == 0
    [result] = queued.results
    assert result.task.func is snapshot_measure_later.func and result.args == ["region:44", 2026]
    assert snapshot_measure_later.call("region:44", 2026) is True
    assert snapshot_measure_later.call("region:44", 2026) is False
    assert _proposed(dashboard_for(scope=REGION, year=2026)) == 1


def test_readers_of_a_stale_snapshot_queue_one_task_until_it_is_measured(cast, settings):
    """Many readers of a stale dashboard before the worker runs: one task. Measured, the snapshot may be queued again
    when it grows old again; a task queued longer ago than the maximum age (a worker that never ran it) is queued
    again."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued = task_backends["default"]
    dashboard_for(scope=REGION, year=2026)
    hour_ago = timezone.now() - datetime.timedelta(seconds=3601)

    DashboardSnapshot.objects.update(computed_at=hour_ago)
    for _reader in range(3):
        dashboard_for(scope=REGION, year=2026)
    assert len(queued.results) == 1

    snapshot_measure_later.call("region:44", 2026)
    assert DashboardSnapshot.objects.get().refresh_queued_at is None
    DashboardSnapshot.objects.update(computed_at=hour_ago)
    dashboard_for(scope=REGION, year=2026)
    dashboard_for(scope=REGION, year=2026)
    assert len(queued.results) == 2

    DashboardSnapshot.objects.update(refresh_queued_at=hour_ago)  # queued, never run
    dashboard_for(scope=REGION, year=2026)
    assert len(queued.results) == 3


def test_the_maximum_age_is_a_setting(cast, settings):
    settings.TANDEM_INDICATORS_MAX_AGE = 0
    dashboard_for(scope=REGION, year=2026)
    propose(cast.agency_b, cast.ml_a, at("2026-03-02"))
    dashboard_for(scope=REGION, year=2026)  # stale at once: shown, and measured again behind it
    assert _proposed(dashboard_for(scope=REGION, year=2026)) == 1


def test_the_refresh_command_measures_every_scope_a_committee_opens(cast):
    propose(cast.agency_b, cast.ml_a, at("2026-03-02"))
    out = io.StringIO()
    call_command("indicators_refresh", "--year", "2026", "--no-progress", stdout=out)
    scopes = scopes_to_refresh()
    labels = {scope.label for scope in scopes}
    assert {"nation", "region:44", "departement:67", f"organisation:{cast.ml_a.pk}"} <= labels
    assert f"organisation:{cast.agency_b.pk}" not in labels  # agencies are read live, through their own dashboard
    assert set(DashboardSnapshot.objects.values_list("scope", flat=True)) == labels
    assert f"{len(scopes)} tableaux de bord recalculés pour 2026." in out.getvalue()


def test_the_refresh_command_measures_the_scopes_named_and_refuses_an_unknown_one(cast):
    call_command(
        "indicators_refresh", "--scope", "region:44", "--scope", "departement:67", "--no-progress", stdout=io.StringIO()
    )
    assert set(DashboardSnapshot.objects.values_list("scope", flat=True)) == {"region:44", "departement:67"}
    with pytest.raises(CommandError, match="inconnu"):
        call_command("indicators_refresh", "--scope", "region:99", "--no-progress", stdout=io.StringIO())


def test_the_page_says_when_its_figures_were_measured(client, cast):
    client.force_login(cast.admin)
    response = client.get("/indicateurs/tableau-de-bord/", {"perimetre": "region:44", "annee": 2026})
    measured = formats.date_format(timezone.localtime(DashboardSnapshot.objects.get().computed_at), "DATETIME_FORMAT")
    assert f"chiffres calculés le {measured}" in response.content.decode()


def test_a_home_reads_the_snapshot_whatever_its_age_and_never_measures_a_whole_dashboard(cast):
    from tandem.indicators.snapshots import summary_for

    propose(cast.agency_b, cast.ml_a, at("2026-03-02"))
    scope = Scope("organisation", str(cast.ml_a.pk))
    live = summary_for(scope=scope, year=2026, user=None, membership=None, protect=lambda v, u: None, protected=False)
    assert not DashboardSnapshot.objects.exists()  # measured its three figures, kept nothing
    assert live.key_figures[0][0] == "Orientations proposées"
    dashboard_for(scope=scope, year=2026)
    DashboardSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(days=3))
    propose(cast.agency_b, cast.ml_a, at("2026-03-03"))
    with CaptureQueriesContext(connection) as queries:
        kept = summary_for(
            scope=scope, year=2026, user=None, membership=None, protect=lambda v, u: v.value, protected=False
        )
    assert kept.key_figures[0][1] == 1  # the snapshot's figure, three days old
    assert len(queries) <= 3  # the snapshot, the scope's name, the conventions seen


def test_fresh_figures_are_not_claimed_and_a_task_with_nothing_to_measure_clears_the_claim(cast, settings):
    """A reader who found the figures stale just before `indicators_refresh` measured them claims nothing; a task
    that finds the figures fresh leaves the snapshot unclaimed, so that it is queued again when they grow old."""
    dashboard_for(scope=REGION, year=2026)
    assert _refresh_claimed(scope=REGION, year=2026) is False
    assert DashboardSnapshot.objects.get().refresh_queued_at is None

    DashboardSnapshot.objects.update(refresh_queued_at=timezone.now())
    assert snapshot_measure_later.call("region:44", 2026) is False
    assert DashboardSnapshot.objects.get().refresh_queued_at is None
