"""Background work on referrals: run daily (cron calls `manage.py referrals_daily`, or a django-tasks worker)."""

from __future__ import annotations

from django_tasks import task

from tandem.referrals.services import referral_reminders_send, referrals_expire


@task()
def referrals_daily() -> dict[str, int]:
    return {"expired": referrals_expire(), "reminders": referral_reminders_send()}
