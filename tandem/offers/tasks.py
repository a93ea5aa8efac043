"""Background work on offers: run daily (cron calls `manage.py offers_daily`, or a django-tasks worker)."""

from __future__ import annotations

from django_tasks import task

from tandem.offers.services import offers_expire


@task()
def offers_daily() -> dict[str, int]:
    return {"expired": offers_expire()}
