"""Import a file of job offers: France Travail's "Offres d'emploi v2" JSON, or a partner's CSV."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from tandem.offers.services import (
    FORMAT_CSV,
    FORMAT_FRANCE_TRAVAIL,
    FORMATS,
    france_travail_organisation_default,
    offers_import,
)
from tandem.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Importe un fichier d'offres (JSON de l'API France Travail « Offres d'emploi v2 », ou CSV d'un "
        "partenaire) en flux, par lots ; relancé sur le même fichier, il met à jour sans dupliquer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, default=FORMAT_FRANCE_TRAVAIL)
        parser.add_argument(
            "--organisation",
            default="",
            help=(
                "Code SAFIR (agence France Travail) ou numéro de l'organisation qui partage les offres. "
                "Par défaut pour le format francetravail : l'organisation « France Travail (offres nationales) »."
            ),
        )
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")
        parser.add_argument(
            "--report-json",
            type=Path,
            default=None,
            help="Écrit aussi le compte rendu complet (comptes, erreurs, avertissements) dans ce fichier JSON.",
        )

    def handle(self, *args: Any, file: Path, format: str, organisation: str, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(_("%(file)s : fichier introuvable") % {"file": file})
        owner = self._organisation(organisation, format)
        # tqdm needs the raw stream; disable=None hides the bar when stderr is not a terminal. The file is
        # read twice (the offers it repeats, then the import): each reading fills half the bar.
        with tqdm(
            total=file.stat().st_size,
            unit="B",
            unit_scale=True,
            file=self.stderr._out,
            disable=True if options["no_progress"] else None,
        ) as bar:
            try:
                report = offers_import(
                    file=file, format=format, organisation=owner, progress=bar.update, batch_size=options["batch_size"]
                )
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
        if options["report_json"] is not None:
            options["report_json"].write_text(json.dumps(report.as_json(), ensure_ascii=False), encoding="utf-8")
        for failure in report.errors:
            self.stderr.write(
                _("%(file)s offre %(index)s (%(id)s) : %(reason)s")
                % {
                    "file": file.name,
                    "index": failure.index,
                    "id": failure.external_id or "?",
                    "reason": failure.reason,
                }
            )
        if report.errors_truncated:
            self.stderr.write(_("… et %(count)s autres erreurs.") % {"count": report.error_count - len(report.errors)})
        for warning in report.warnings:
            self.stderr.write(
                _("%(file)s offre %(index)s (%(id)s), avertissement : %(reason)s")
                % {
                    "file": file.name,
                    "index": warning.index,
                    "id": warning.external_id or "?",
                    "reason": warning.reason,
                }
            )
        if report.warnings_truncated:
            self.stderr.write(
                _("… et %(count)s autres avertissements.") % {"count": report.warning_count - len(report.warnings)}
            )
        if report.file_error:
            self.stderr.write(_("%(file)s illisible : %(reason)s") % {"file": file.name, "reason": report.file_error})
        self.stdout.write(
            _(
                "%(read)s offres lues pour %(organisation)s : %(created)s créées, %(updated)s mises à jour, "
                "%(unchanged)s inchangées, %(errors)s en erreur."
            )
            % {**report.counts(), "organisation": owner.name}
        )
        if report.file_error:
            raise CommandError(_("Import interrompu : fichier invalide."))

    def _organisation(self, reference: str, format: str) -> Organisation:
        reference = reference.strip()
        if not reference:
            if format == FORMAT_CSV:
                raise CommandError(_("--organisation est obligatoire pour le format csv."))
            return france_travail_organisation_default()
        found = Organisation.objects.filter(safir_code=reference).first() if len(reference) == 5 else None
        if found is None and reference.isdigit():
            found = Organisation.objects.filter(pk=int(reference)).first()
        if found is None:
            raise CommandError(_("Aucune organisation de code SAFIR ou de numéro %(ref)s") % {"ref": reference})
        return found
