"""Writing offers by batch: look the references up, then create, update or leave each offer.

An offer is identified by (source, external_id): importing a file again updates, never duplicates, and an
offer whose values did not change is counted unchanged and not written. Each batch is one transaction; when
the database refuses a batch, its offers are written one by one so that a broken offer blocks no other.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.text import normalise_place_name
from tandem.employers.models import Employer
from tandem.offers.enums import OfferSource, OfferStatus
from tandem.offers.importers.report import OfferImportReport
from tandem.offers.importers.rows import OfferRow
from tandem.offers.models import Offer
from tandem.organisations.models import Organisation
from tandem.organisations.validators import validate_siret
from tandem.referentials.models import RomeCode
from tandem.territories.models import Commune, CommunePostcode
from tandem.territories.selectors import commune_code_normalize

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
_DEFAULTS = {name: Offer._meta.get_field(name.removesuffix("_id")).get_default() for name in COMPARED_FIELDS}
_ERRORS = (DatabaseError, ValidationError, ValueError, TypeError)


class CommuneResolver:
    """INSEE code (an arrondissement gives its commune), else postcode → commune; remembers what it found.

    `prefetch` looks a whole batch up in two queries; the memory is bounded by the number of communes.
    """

    def __init__(self) -> None:
        self.by_code: dict[str, tuple[str, float | None, float | None] | None] = {}
        self.by_postcode: dict[str, list[tuple[str, str, float | None, float | None]]] = {}

    def prefetch(self, rows: list[OfferRow]) -> None:
        codes = {commune_code_normalize(row.commune_code) for row in rows if row.commune_code} - self.by_code.keys()
        if codes:
            found = Commune.objects.filter(code__in=codes).values_list("code", "latitude", "longitude")
            self.by_code.update(dict.fromkeys(codes))
            self.by_code.update({code: (code, lat, lon) for code, lat, lon in found})
        postcodes = {
            row.postcode
            for row in rows
            if row.postcode and self.by_code.get(commune_code_normalize(row.commune_code)) is None
        } - self.by_postcode.keys()
        if postcodes:
            for postcode in postcodes:
                self.by_postcode[postcode] = []
            found = CommunePostcode.objects.filter(postcode__in=postcodes).values_list(
                "postcode", "commune_id", "commune__name", "commune__latitude", "commune__longitude"
            )
            for postcode, code, name, lat, lon in found.order_by("commune_id"):
                self.by_postcode[postcode].append((code, normalise_place_name(name), lat, lon))

    def resolve(self, row: OfferRow) -> tuple[str, float | None, float | None] | None:
        if row.commune_code:
            found = self.by_code.get(commune_code_normalize(row.commune_code))
            if found is not None:
                return found
        candidates = self.by_postcode.get(row.postcode, [])
        if len(candidates) == 1:
            code, _name, lat, lon = candidates[0]
            return code, lat, lon
        # "67 - Haguenau" (France Travail) or "Haguenau": the name chooses among the postcode's communes.
        wanted = normalise_place_name(row.place_label.rpartition(" - ")[2])
        matching = [c for c in candidates if wanted and c[1] == wanted]
        if len(matching) == 1:
            code, _name, lat, lon = matching[0]
            return code, lat, lon
        return None


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
    ) -> None:
        self.organisation = organisation
        self.source = source
        self.report = report
        self.id_prefix = id_prefix
        self.batch_size = batch_size
        self.pending: dict[str, tuple[int, OfferRow]] = {}
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
        self.communes.prefetch(rows)
        employers = self._employers(rows)
        values: dict[str, dict[str, Any]] = {}
        for external_id, (_index, row) in batch.items():
            fields = {**_DEFAULTS, **row.fields}
            commune = self.communes.resolve(row)
            fields["commune_id"] = commune[0] if commune else None
            if commune and (fields["latitude"] is None or fields["longitude"] is None):
                fields["latitude"], fields["longitude"] = commune[1], commune[2]
            version = self.rome_versions.get(row.rome_code)
            fields["rome_id"] = row.rome_code if version is not None else None
            fields["rome_version"] = version or ""
            fields["employer_id"] = employers.get(row.employer_siret)
            fields["place_label"] = row.place_label
            fields["sharing"] = row.sharing or fields["sharing"]
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
        Offer.objects.bulk_update(to_update, [*COMPARED_FIELDS, "updated_at"])
        self.report.created += len(to_create)
        self.report.updated += len(to_update)
        self.report.unchanged += len(values) - len(to_create) - len(to_update) - len(refused)
        for external_id in refused:
            index, row = batch[external_id]
            self.report.add_error(index, row.external_id, _("offre d'une autre organisation : non modifiée"))


def _newer(incoming: datetime.datetime | None, stored: datetime.datetime | None) -> bool:
    return incoming is not None and (stored is None or incoming > stored)
