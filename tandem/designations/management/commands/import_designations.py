"""Import a France Travail list of registrants and propose the eligible ones to their Mission Locale."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from tandem.accounts.models import User
from tandem.designations.services import designation_import
from tandem.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Importe une liste France Travail (CSV) et propose chaque jeune éligible à la Mission Locale qui couvre "
        "sa commune. Sans effet si relancé sur le même fichier."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", required=True, help="Code SAFIR de l'agence France Travail qui propose.")
        parser.add_argument("--by", default="", help="Adresse électronique de l'agent (facultatif).")
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args: Any, file: Path, agency: str, by: str, **options: Any) -> None:
        if not file.exists():
            raise CommandError(_("%(file)s : fichier introuvable") % {"file": file})
        organisation = Organisation.objects.filter(safir_code=agency.strip()).first()
        if organisation is None:
            raise CommandError(_("Aucune agence de code SAFIR %(code)s") % {"code": agency})
        user = None
        if by:
            user = User.objects.filter(email__iexact=by.strip(), is_active=True).first()
            if user is None:
                raise CommandError(_("Aucun utilisateur actif %(email)s") % {"email": by})

        def with_bar(rows: list) -> tqdm:
            # tqdm needs the raw stream; disable=None hides the bar when stderr is not a terminal.
            return tqdm(rows, unit="ligne", file=self.stderr._out, disable=True if options["no_progress"] else None)

        try:
            report = designation_import(rows_or_file=file, agency=organisation, by=user, progress=with_bar)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for failure in report.errors:
            self.stderr.write(_("%(file)s ligne %(line)s : %(reason)s") % {"file": file.name, **vars(failure)})
        self.stdout.write(
            _(
                "%(rows)s lignes : %(created)s dossiers créés, %(updated)s mis à jour, %(unchanged)s inchangés ; "
                "%(proposed)s proposés, %(already_proposed)s déjà proposés, %(already_followed)s déjà suivis, "
                "%(not_eligible)s non éligibles ; %(likely_duplicates)s doublons probables ; %(errors)s en erreur."
            )
            % report.counts()
        )
        for name, count in sorted(report.proposed.items()):
            self.stdout.write(_("  proposés à %(name)s : %(count)s") % {"name": name, "count": count})
        for reason, count in sorted(report.not_eligible_by_reason.items()):
            self.stdout.write(_("  non éligibles, %(reason)s : %(count)s") % {"reason": reason, "count": count})
        for duplicate in report.likely_duplicates:
            self.stdout.write(
                _("  ligne %(line)s : dossier %(person_id)s créé, doublon probable du dossier %(duplicate_of_id)s")
                % vars(duplicate)
            )
