"""Anonymise the records kept longer than the retention period (TANDEM_RETENTION_DAYS)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from tandem.privacy.selectors import contact_expired_list, person_expired_list
from tandem.privacy.services import privacy_purge_expired, privacy_purge_expired_contacts


class Command(BaseCommand):
    help = "Anonymise les dossiers sans activité depuis plus que la durée de conservation. Sans effet si relancé."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Compte les dossiers concernés sans les modifier.")
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        days = settings.TANDEM_RETENTION_DAYS
        cutoff = today - datetime.timedelta(days=days)
        if options["dry_run"]:
            count = person_expired_list(today=today, retention_days=days).count()
            self.stdout.write(
                _("%(count)s dossier(s) sans activité depuis le %(cutoff)s seraient anonymisés (simulation).")
                % {"count": count, "cutoff": cutoff.strftime("%d/%m/%Y")}
            )
            contacts = contact_expired_list(today=today, retention_days=days).count()
            self.stdout.write(
                _("%(count)s contact(s) en entreprise sans activité seraient effacés (simulation).")
                % {"count": contacts}
            )
            return

        def with_bar(ids: list[int]) -> tqdm:
            # tqdm needs the raw stream; disable=None hides the bar when stderr is not a terminal.
            return tqdm(ids, unit="dossier", file=self.stderr._out, disable=True if options["no_progress"] else None)

        count = privacy_purge_expired(today=today, retention_days=days, progress=with_bar)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(count)s dossier(s) anonymisé(s), sans activité depuis le %(cutoff)s "
                    "(conservation : %(days)s jours)."
                )
                % {"count": count, "cutoff": cutoff.strftime("%d/%m/%Y"), "days": days}
            )
        )
        contacts = privacy_purge_expired_contacts(today=today, retention_days=days)
        self.stdout.write(
            self.style.SUCCESS(_("%(count)s contact(s) en entreprise sans activité effacé(s).") % {"count": contacts})
        )
