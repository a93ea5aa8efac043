"""Load the official referentials: territories (npm), ROME, NAF, hiring weights, education levels."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from tqdm import tqdm

from tandem.core.sources import ReferentialFileError, ReferentialSourceMissing
from tandem.referentials.services import (
    IMPORT_STEPS,
    referentials_fingerprint,
    referentials_import,
    referentials_up_to_date,
)
from tandem.territories.services import DECOUPAGE_PACKAGE


class Command(BaseCommand):
    help = "Charge (ou met à jour) les référentiels : territoires, ROME, NAF, embauches, niveaux de formation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            default=None,
            help="Dossier des fichiers de référentiels (défaut : TANDEM_REFERENTIAL_DIR ; vide : aucun dossier).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")
        parser.add_argument(
            "--force", action="store_true", help="Recharger même si rien n'a changé depuis le dernier import."
        )
        parser.add_argument(
            "--require-source",
            action="store_true",
            help="S'arrêter avec un message clair si le dossier des référentiels manque (make run).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"] if options["source"] is not None else settings.TANDEM_REFERENTIAL_DIR
        source_dir = Path(source) if source else None
        package_dir = Path(settings.TANDEM_NODE_MODULES) / DECOUPAGE_PACKAGE
        if options["require_source"] and (source_dir is None or not source_dir.is_dir()):
            raise CommandError(
                _(
                    "Dossier des référentiels introuvable (%(path)s) : placez les données partagées dans "
                    "../shared/data à côté du projet, ou indiquez leur dossier dans TANDEM_REFERENTIAL_DIR."
                )
                % {"path": source_dir or _("aucun dossier indiqué")}
            )
        if not options["force"]:
            last = referentials_up_to_date(
                fingerprint=referentials_fingerprint(package_dir=package_dir, source_dir=source_dir)
            )
            if last is not None:
                if options["verbosity"] >= 1:
                    self.stdout.write(
                        _(
                            "Référentiels à jour : mêmes fichiers qu'à l'import du %(date)s, rien à recharger "
                            "(--force pour recharger)."
                        )
                        % {"date": date_format(timezone.localtime(last.started_at), "SHORT_DATETIME_FORMAT")}
                    )
                return
        started = time.monotonic()
        # tqdm needs the raw stream: the wrapper would end each redraw with a newline. disable=None hides the
        # bar when stderr is not a terminal.
        with tqdm(
            total=len(IMPORT_STEPS),
            unit="étape",
            file=self.stderr._out,
            disable=True if options["no_progress"] else None,
        ) as bar:

            def step_started(label: str) -> None:
                bar.set_postfix_str(label)
                bar.update(IMPORT_STEPS.index(label) - bar.n)

            try:
                run = referentials_import(package_dir=package_dir, source_dir=source_dir, on_step=step_started)
            except (ReferentialFileError, ReferentialSourceMissing) as error:
                raise CommandError(str(error)) from error
            bar.set_postfix_str("", refresh=False)
            bar.update(bar.total - bar.n)
        if options["verbosity"] < 1:
            return
        for warning in run.warnings:
            self.stderr.write(self.style.WARNING(_("Attention : %(warning)s") % {"warning": warning}))
        width = max(len(label) for label in run.counts)
        self.stdout.write(f"{_('Table').ljust(width)}  {_('Lignes'):>8}")
        for label, count in run.counts.items():
            self.stdout.write(f"{label.ljust(width)}  {count:>8}")
        for name, version in run.versions.items():
            self.stdout.write(_("Version %(name)s : %(version)s") % {"name": name, "version": version})
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(_("Référentiels chargés en %(seconds).1f s.") % {"seconds": elapsed}))
