"""Daily work on notifications: cron calls `manage.py notifications_daily` each morning, after `referrals_daily`
(or a django-tasks worker runs it)."""

from __future__ import annotations

from django_tasks import task

from tandem.notifications.services import notifications_deadlines_create, notifications_digest_send


@task()
def notifications_daily() -> dict[str, int]:
    # Tomorrow's deadlines first: the digest that follows carries them.
    return {"deadlines": notifications_deadlines_create(), "digests": notifications_digest_send()}
