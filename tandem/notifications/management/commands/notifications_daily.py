from __future__ import annotations

from django.core.management.base import BaseCommand

from tandem.notifications.tasks import notifications_daily


class Command(BaseCommand):
    help = (
        "Prévient des échéances de demain et envoie à chacun le récapitulatif de ses notifications de la veille "
        "(quotidien, après referrals_daily)."
    )

    def handle(self, *args, **options) -> None:
        # Called by cron: the work is done now, in this process, not left to a worker.
        outcome = notifications_daily.call()
        self.stdout.write(
            f"Échéances signalées : {outcome.get('deadlines', '?')} ; récapitulatifs envoyés : "
            f"{outcome.get('digests', '?')}"
        )
