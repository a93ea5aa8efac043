from __future__ import annotations

from django.core.management.base import BaseCommand

from tandem.offers.tasks import offers_daily


class Command(BaseCommand):
    help = "Expire les offres dont la date est passée (quotidien)."

    def handle(self, *args, **options) -> None:
        # Called by cron: the work is done now, in this process, not left to a worker.
        outcome = offers_daily.call()
        self.stdout.write(f"Offres expirées : {outcome['expired']}")
