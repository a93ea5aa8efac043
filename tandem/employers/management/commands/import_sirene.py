"""manage.py import_sirene StockEtablissement_utf8.csv --departements 33 [--communes 33063,33281] [--geo]"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from tandem.employers.sirene import BATCH_SIZE, Territory, sirene_import


def _codes(value: str) -> frozenset[str]:
    return frozenset(code.strip().upper() for code in value.split(",") if code.strip())


class Command(BaseCommand):
    help = _(
        "Importe les établissements employeurs actifs d'un fichier Sirene StockEtablissement (ou de sa variante "
        "géolocalisée), filtrés à un territoire. Relancer le même fichier ne change rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--departements", default="", help=_("Départements, séparés par des virgules : 33,2A,971"))
        parser.add_argument("--communes", default="", help=_("Codes INSEE de communes, séparés par des virgules"))
        parser.add_argument("--geo", action="store_true", help=_("Garder les coordonnées (variante géolocalisée)"))
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument("--no-progress", action="store_true", help=_("Sans barre de progression."))
        parser.add_argument("--report-json", type=Path, default=None)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(_("%(file)s : fichier introuvable") % {"file": path})
        territory = Territory(departements=_codes(options["departements"]), communes=_codes(options["communes"]))
        # tqdm needs the raw stream; disable=None hides the bar when stderr is not a terminal.
        with (
            path.open("rb") as file,
            tqdm(
                total=path.stat().st_size,
                unit="B",
                unit_scale=True,
                file=self.stderr._out,
                disable=True if options["no_progress"] else None,
            ) as bar,
        ):
            try:
                report = sirene_import(
                    file=file,
                    territory=territory,
                    geo=options["geo"],
                    batch_size=options["batch_size"],
                    progress=bar.update,
                )
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
        if options["report_json"] is not None:
            options["report_json"].write_text(json.dumps(report.as_json(), ensure_ascii=False), encoding="utf-8")
        for problem in report.errors:
            self.stderr.write(
                _("%(file)s ligne %(line)s (%(siret)s) : %(reason)s")
                % {"file": path.name, "line": problem.line, "siret": problem.siret or "?", "reason": problem.reason}
            )
        for problem in report.warnings:
            self.stderr.write(
                _("%(file)s ligne %(line)s (%(siret)s), avertissement : %(reason)s")
                % {"file": path.name, "line": problem.line, "siret": problem.siret or "?", "reason": problem.reason}
            )
        hidden = report.error_count - len(report.errors) + report.warning_count - len(report.warnings)
        if hidden:
            self.stderr.write(_("… et %(count)s autres lignes signalées.") % {"count": hidden})
        self.stdout.write(
            _(
                "%(read)s lignes lues, %(kept)s établissements retenus : %(created)s créés, %(updated)s mis à jour, "
                "%(unchanged)s inchangés ; %(errors)s erreurs."
            )
            % report.counts
        )
