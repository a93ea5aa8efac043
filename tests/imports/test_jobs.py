"""Imports uploaded through a page or the API run in the background, with their progress and their report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tandem.imports.enums import ImportKind, ImportStatus
from tandem.imports.models import ImportJob
from tandem.imports.services import import_job_execute, import_job_submit
from tandem.people.models import Person
from tests.designations.factories import born, csv_file, row


def a_list(*rows) -> SimpleUploadedFile:
    rows = rows or [row("9900001A", "Martin", "Léa", born(18)), row("9900002B", "Durand", "Hugo", born(40))]
    return SimpleUploadedFile("liste.csv", csv_file(list(rows)), content_type="text/csv")


def test_a_job_is_queued_when_the_upload_commits_then_done_with_its_report_and_its_file_gone(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = import_job_submit(
            kind=ImportKind.DESIGNATIONS, organisation=cast.agency_b, upload=a_list(), by=cast.agent_b
        )
    assert job.status == ImportStatus.QUEUED and job.file and len(queued) == 1
    path = job.file.path
    job = import_job_execute(job_id=job.pk)
    assert job.status == ImportStatus.DONE and job.percent == 100
    assert job.report["counts"]["created"] == 2 and job.report["counts"]["proposed"] == 1
    assert job.progress_total == 2 and job.started_at <= job.finished_at
    assert not job.file and not __import__("os").path.exists(path), "the uploaded personal data is not kept"
    # A second worker picking the same job does nothing.
    assert import_job_execute(job_id=job.pk) is None
    assert Person.objects.count() == 2


def test_a_job_that_breaks_ends_failed_with_a_french_reason(cast, monkeypatch):
    import dataclasses

    from tandem.imports import registry

    def broken(job, progress):
        raise RuntimeError("disk full")

    designations = registry.importer_for(ImportKind.DESIGNATIONS)
    monkeypatch.setitem(registry._IMPORTERS, ImportKind.DESIGNATIONS, dataclasses.replace(designations, run=broken))
    job = import_job_submit(kind=ImportKind.DESIGNATIONS, organisation=cast.agency_b, upload=a_list(), by=cast.agent_b)
    job = import_job_execute(job_id=job.pk)
    assert job.status == ImportStatus.FAILED
    assert job.error.startswith("L'import n'a pas pu aboutir : erreur inattendue")
    assert not job.file


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_what_the_page_queued(client, cast_committed, settings):
    # Committed rows: the worker, like the real one, manages its own database connection.
    cast = cast_committed
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(cast.agent_b)
    response = client.post(reverse("designations:upload"), {"file": a_list()})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED, "nothing ran inside the web request"
    body = client.get(response.url).content.decode()
    assert "En attente de traitement" in body and 'hx-trigger="every 1s"' in body
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    body = client.get(response.url).content.decode()
    assert "Résultat de l'import" in body and "hx-trigger" not in body


def test_the_progress_fragment_shows_a_bar_while_running(client, cast):
    job = ImportJob.objects.create(
        kind=ImportKind.DESIGNATIONS,
        organisation=cast.agency_b,
        created_by=cast.agent_b,
        file_name="liste.csv",
        status=ImportStatus.RUNNING,
        progress_done=40,
        progress_total=160,
    )
    client.force_login(cast.agent_b)
    body = client.get(reverse("imports:status", args=[job.pk])).content.decode()
    assert "Import en cours… 25 %" in body and '<progress class="tandem-progress"' in body and 'value="25"' in body


@pytest.mark.parametrize("persona", ["adviser_a", "adviser_c", "observer"])
def test_another_organisation_sees_no_job(client, cast, persona):
    job = import_job_submit(kind=ImportKind.DESIGNATIONS, organisation=cast.agency_b, upload=a_list(), by=cast.agent_b)
    client.force_login(cast.personas()[persona])
    assert client.get(reverse("imports:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("imports:status", args=[job.pk])).status_code == 404
    assert client.get(f"/api/v1/imports/{job.pk}").status_code == 404


def test_the_records_written_by_a_background_import_are_audited_for_who_uploaded(cast):
    from tandem.audit.models import AuditEntry

    job = import_job_submit(kind=ImportKind.DESIGNATIONS, organisation=cast.agency_b, upload=a_list(), by=cast.agent_b)
    import_job_execute(job_id=job.pk)
    entries = AuditEntry.objects.filter(object_type="person")
    assert entries.count() == 2
    assert set(entries.values_list("user", "organisation")) == {(cast.agent_b.pk, cast.agency_b.pk)}
