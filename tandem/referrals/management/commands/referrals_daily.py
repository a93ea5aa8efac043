from __future__ import annotations

from django.core.management.base import BaseCommand

from tandem.referrals.tasks import referrals_daily


class Command(BaseCommand):
    help = "Expire les orientations dont l'échéance est passée et envoie les rappels par courriel (quotidien)."

    def handle(self, *args, **options) -> None:
        # Called by cron: the work is done now, in this process, not left to a worker.
        outcome = referrals_daily.call()
        self.stdout.write(
            f"Orientations expirées : {outcome.get('expired', '?')} ; rappels envoyés : {outcome.get('reminders', '?')}"
        )
