from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.organisations.services import organisation_import_agencies


class Command(BaseCommand):
    help = "Importe les agences France Travail depuis le fichier officiel des agences (idempotent, par code SAFIR)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.exists():
            raise CommandError(f"{file}: fichier introuvable")
        try:
            report = organisation_import_agencies(path=file)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for line in report.errors:
            self.stderr.write(line)
        self.stdout.write(
            f"Agences : {report.created} créées, {report.updated} mises à jour, {report.skipped} inchangées, "
            f"{len(report.errors)} en erreur."
        )
