"""Measure the dashboards again ahead of time (every scope a committee opens, or those named), with a progress bar:
`python manage.py indicators_refresh [--year 2026] [--scope region:24 --scope organisation:12]`. Run it every
night (or more often): a dashboard then reads its figures in one query (docs/indicators.md, "Speed")."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from tandem.indicators.scopes import scope_parse
from tandem.indicators.snapshots import scopes_to_refresh, snapshots_refresh


class Command(BaseCommand):
    help = "Recalcule les tableaux de bord des indicateurs (tous les périmètres, ou ceux indiqués)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help=_("Année (par défaut, l'année en cours)"))
        parser.add_argument("--scope", action="append", default=[], help=_("Périmètre (region:24…), répétable"))
        parser.add_argument("--no-progress", action="store_true", help=_("Sans barre de progression."))

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        try:
            scopes = [scope_parse(text) for text in options["scope"]] or scopes_to_refresh()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        with tqdm(
            total=len(scopes),
            unit=_("périmètre"),
            file=self.stderr._out,
            disable=True if options["no_progress"] else None,
        ) as bar:
            done = snapshots_refresh(scopes=scopes, year=year, progress=bar.update)
        self.stdout.write(_("%(count)s tableaux de bord recalculés pour %(year)s.") % {"count": done, "year": year})
