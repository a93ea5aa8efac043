"""Writing offers by batch: look the references up, then create, update or leave each offer.

An offer is identified by (source, external_id): importing a file again updates, never duplicates, and an
offer whose values did not change is counted unchanged and not written. An import changes only its
organisation's offers, except France Travail's, refreshed by a newer copy (docs/offers.md). Each batch is one
transaction; when the database refuses a batch, its offers are written one by one so that a broken offer
blocks no other.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.codes import validate_siret
from tandem.core.fields import model_field
from tandem.employers.models import Employer
from tandem.events.enums import EventKind
from tandem.events.services import events_record_many
from tandem.offers.enums import OfferSource, OfferStatus
from tandem.offers.importers.report import OfferImportReport
from tandem.offers.importers.rows import OfferRow
from tandem.offers.models import Offer
from tandem.offers.search import offer_search_key
from tandem.organisations.models import Organisation
from tandem.referentials.models import RomeCode
from tandem.territories.selectors import commune_resolve

BATCH_SIZE = 1000
# The columns an import writes and compares (an offer's status and organisation are left as they are).
COMPARED_FIELDS = (
    "title",
    "description",
    "rome_id",
    "rome_version",
    "employer_id",
    "employer_name",
    "naf_code",
    "commune_id",
    "place_label",
    "latitude",
    "longitude",
    "contract_type",
    "contract_duration_months",
    "working_time",
    "working_time_label",
    "night_work",
    "salary_label",
    "salary_min",
    "salary_max",
    "requires_driving_licence",
    "driving_licence_label",
    "qualification_level",
    "experience",
    "experience_label",
    "languages",
    "positions",
    "published_at",
    "source_updated_at",
    "expires_on",
    "sharing",
)
_DEFAULTS = {name: model_field(Offer, name.removesuffix("_id")).get_default() for name in COMPARED_FIELDS}
_ERRORS = (DatabaseError, ValidationError, ValueError, TypeError)


class CommuneResolver:
    """Each row's commune through the territories' resolver (docs/communes.md), remembered by value.

    `commune_resolve` gives exactly one commune or says, in French, why not. One resolution (a query or
    two) per distinct value; only the commune's code and coordinates, or the reason, are remembered, for at
    most MAX_REMEMBERED values: a national file names a few tens of thousands of places.
    """

    MAX_REMEMBERED = 50_000

    def __init__(self) -> None:
        self._known: dict[tuple[str, str, str, str], tuple[str, float | None, float | None] | str] = {}

    def resolve(self, row: OfferRow) -> tuple[tuple[str, float | None, float | None] | None, str]:
        """((code, latitude, longitude), "") for one commune; (None, reason) when the row's place is not one
        commune; (None, "") when the row says nothing of its place."""
        given = (row.commune_code, row.postcode, row.place_name, row.departement)
        if not any(given[:3]):
            return None, ""
        if given not in self._known:
            if len(self._known) >= self.MAX_REMEMBERED:
                self._known.clear()
            try:
                commune = commune_resolve(code=given[0], postcode=given[1], name=given[2], departement=given[3])
            except ValidationError as error:
                self._known[given] = " ".join(error.messages)
            else:
                self._known[given] = (commune.code, commune.latitude, commune.longitude) if commune else ""
        found = self._known[given]
        return (None, found) if isinstance(found, str) else (found, "")


class OfferUpserter:
    """Collects parsed offers and writes them batch by batch into the report's counts."""

    def __init__(
        self,
        *,
        organisation: Organisation,
        source: str,
        report: OfferImportReport,
        id_prefix: str = "",
        batch_size: int = BATCH_SIZE,
        by: User | None = None,
    ) -> None:
        self.organisation = organisation
        self.by = by
        self.source = source
        self.report = report
        self.id_prefix = id_prefix
        self.batch_size = batch_size
        self.pending: dict[str, tuple[int, OfferRow]] = {}
        self.warnings: dict[str, str] = {}  # the pending rows' warnings, reported once they are written
        self.communes = CommuneResolver()
        self.rome_versions = dict(RomeCode.objects.values_list("code", "version"))

    def add(self, index: int, row: OfferRow) -> None:
        self.report.read += 1
        external_id = self.id_prefix + row.external_id
        if external_id in self.pending:
            self.flush()  # never twice with the services' first reading (importers.duplicates); kept to be safe
        self.pending[external_id] = (index, row)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def add_repeated(self) -> None:
        """A row alike to one added earlier: read, and unchanged."""
        self.report.read += 1
        self.report.unchanged += 1

    def add_error(self, index: int, external_id: str, error: ValidationError) -> None:
        self.report.read += 1
        self.report.add_error(index, external_id, " ; ".join(error.messages))

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, {}
        self.warnings = {}
        values = self._values(batch)
        try:
            with transaction.atomic():
                self._write(values, batch)
        except _ERRORS:
            for external_id, fields in values.items():
                try:
                    with transaction.atomic():
                        self._write({external_id: fields}, batch)
                except _ERRORS as error:
                    index, row = batch[external_id]
                    reason = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                    self.report.add_error(index, row.external_id, _("refusée par la base : %(r)s") % {"r": reason})

    # ------------------------------------------------------------------------------------------

    def _values(self, batch: dict[str, tuple[int, OfferRow]]) -> dict[str, dict[str, Any]]:
        rows = [row for _index, row in batch.values()]
        employers = self._employers(rows)
        values: dict[str, dict[str, Any]] = {}
        for external_id, (_index, row) in batch.items():
            fields = {**_DEFAULTS, **row.fields}
            commune, reason = self.communes.resolve(row)
            if reason:
                self.warnings[external_id] = _("offre importée sans commune : %(reason)s") % {
                    "reason": reason.rstrip(".")
                }
            fields["commune_id"] = commune[0] if commune else None
            if commune and (fields["latitude"] is None or fields["longitude"] is None):
                fields["latitude"], fields["longitude"] = commune[1], commune[2]
            version = self.rome_versions.get(row.rome_code)
            fields["rome_id"] = row.rome_code if version is not None else None
            fields["rome_version"] = version or ""
            fields["employer_id"] = employers.get(row.employer_siret)
            fields["place_label"] = row.place_label
            fields["sharing"] = row.sharing or fields["sharing"]
            fields["search_key"] = offer_search_key(title=fields["title"], employer_name=fields["employer_name"])
            values[external_id] = fields
        return values

    def _employers(self, rows: list[OfferRow]) -> dict[str, int]:
        """The employers of the batch by SIRET, created when new (a SIRET failing its checksum is ignored)."""
        names: dict[str, str] = {}
        for row in rows:
            if row.employer_siret and row.employer_siret not in names:
                try:
                    validate_siret(row.employer_siret)
                except ValidationError:
                    continue
                names[row.employer_siret] = row.fields.get("employer_name") or row.employer_siret
        if not names:
            return {}
        known = dict(Employer.objects.filter(siret__in=names).values_list("siret", "pk"))
        new = [Employer(siret=siret, name=name) for siret, name in names.items() if siret not in known]
        if new:
            Employer.objects.bulk_create(new, ignore_conflicts=True)
            known = dict(Employer.objects.filter(siret__in=names).values_list("siret", "pk"))
        return known

    def _write(self, values: dict[str, dict[str, Any]], batch: dict[str, tuple[int, OfferRow]]) -> None:
        existing = {
            row["external_id"]: row
            for row in Offer.objects.filter(source=self.source, external_id__in=values).values(
                "id", "external_id", "organisation_id", *COMPARED_FIELDS
            )
        }
        now = timezone.now()
        to_create, to_update, refused = [], [], []
        for external_id, fields in values.items():
            current = existing.get(external_id)
            if current is None:
                to_create.append(
                    Offer(
                        source=self.source,
                        external_id=external_id,
                        organisation=self.organisation,
                        status=OfferStatus.OPEN,
                        **fields,
                    )
                )
                continue
            if current["organisation_id"] != self.organisation.pk:
                if self.source != OfferSource.FRANCE_TRAVAIL:
                    refused.append(external_id)
                    continue
                # Several France Travail organisations import the same national offers: the first one owns
                # the row; the others only bring France Travail's newer versions of it, never its owner's
                # choices (status, sharing).
                if not _newer(fields["source_updated_at"], current["source_updated_at"]):
                    continue
                fields = {**fields, "sharing": current["sharing"]}
            if any(current[name] != fields[name] for name in COMPARED_FIELDS):
                to_update.append(Offer(pk=current["id"], updated_at=now, **fields))
        Offer.objects.bulk_create(to_create)
        Offer.objects.bulk_update(to_update, [*COMPARED_FIELDS, "search_key", "updated_at"])
        # The event log, as for an offer typed in a form: the indicators count offers shared and refreshed.
        for kind, offers in ((EventKind.OFFER_CREATED, to_create), (EventKind.OFFER_UPDATED, to_update)):
            events_record_many(
                kind=kind,
                by=self.by,
                organisation=self.organisation,
                subjects=offers,
                payload_of=lambda offer: {"offer": offer.title, "source": self.source, "import": True},
            )
        self.report.created += len(to_create)
        self.report.updated += len(to_update)
        self.report.unchanged += len(values) - len(to_create) - len(to_update) - len(refused)
        for external_id in values:
            index, row = batch[external_id]
            if external_id in refused:
                self.report.add_error(index, row.external_id, _("offre d'une autre organisation : non modifiée"))
            elif external_id in self.warnings:
                self.report.add_warning(index, row.external_id, self.warnings[external_id])


def _newer(incoming: datetime.datetime | None, stored: datetime.datetime | None) -> bool:
    return incoming is not None and (stored is None or incoming > stored)
