"""The background side of imports: a django-tasks worker (`manage.py db_worker`) runs them."""

from __future__ import annotations

from django_tasks import task

from tandem.imports.services import import_job_execute


@task()
def import_job_run(job_id: int) -> str:
    job = import_job_execute(job_id=job_id)
    return job.status if job is not None else "skipped"
