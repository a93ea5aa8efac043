"""Import France Travail lists of registrants and propose the eligible ones to their Mission Locale."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from tandem.accounts.models import User
from tandem.designations.auditing import ImportAudit, audit_imports_by
from tandem.designations.bulk import AgencyList, designation_import_lists
from tandem.designations.reports import ImportReport
from tandem.organisations.models import Organisation

# A day's lists are named after their agency: 67999.csv, 67999_2026-12-02.csv.
SAFIR_IN_NAME = re.compile(r"^(\d{5})(?:\D|$)")


class Command(BaseCommand):
    help = (
        "Importe des listes France Travail (CSV) et propose chaque jeune éligible à la Mission Locale qui couvre "
        "sa commune. Sans --agency, chaque fichier porte le code SAFIR de son agence en tête de son nom "
        "(67999.csv, 67999_2026-12-02.csv) : les listes d'un jour sont importées ensemble. Sans effet si relancé "
        "sur les mêmes fichiers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", type=Path, nargs="+")
        parser.add_argument(
            "--agency", default="", help="Code SAFIR de l'agence France Travail qui propose (tous les fichiers)."
        )
        parser.add_argument("--by", default="", help="Adresse électronique de l'agent (facultatif).")
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args: Any, files: list[Path], agency: str, by: str, **options: Any) -> None:
        user = None
        if by:
            user = User.objects.filter(email__iexact=by.strip(), is_active=True).first()
            if user is None:
                raise CommandError(_("Aucun utilisateur actif %(email)s") % {"email": by})
        lists = [AgencyList(agency=self._agency(file, agency), rows_or_file=file, by=user) for file in files]

        def with_bar(rows: list) -> tqdm:
            # tqdm needs the raw stream; disable=None hides the bar when stderr is not a terminal.
            return tqdm(rows, unit="ligne", file=self.stderr._out, disable=True if options["no_progress"] else None)

        try:
            reports = designation_import_lists(lists=lists, progress=with_bar)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        # The records read and written, audited in the name of the agent given (else of the agency alone).
        audit_imports_by(
            [
                ImportAudit(
                    report,
                    user_id=user.pk if user is not None else None,
                    api_token=None,
                    organisation_id=item.agency.pk,
                    path=f"manage.py import_designations {file.name}",
                )
                for file, item, report in zip(files, lists, reports, strict=True)
            ]
        )
        for file, report in zip(files, reports, strict=True):
            if len(files) > 1:
                self.stdout.write(f"{file.name} :")
            self._summary(file, report)

    def _agency(self, file: Path, safir: str) -> Organisation:
        if not file.exists():
            raise CommandError(_("%(file)s : fichier introuvable") % {"file": file})
        if not safir:
            found = SAFIR_IN_NAME.match(file.name)
            if found is None:
                raise CommandError(
                    _("%(file)s : précisez --agency, ou nommez le fichier d'après le code SAFIR de l'agence")
                    % {"file": file.name}
                )
            safir = found.group(1)
        organisation = Organisation.objects.filter(safir_code=safir.strip()).first()
        if organisation is None:
            raise CommandError(_("Aucune agence de code SAFIR %(code)s") % {"code": safir})
        return organisation

    def _summary(self, file: Path, report: ImportReport) -> None:
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
