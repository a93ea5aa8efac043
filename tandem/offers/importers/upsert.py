"""Writing offers by batch: look the references up, then create, update or leave each offer.

An offer is identified by (source, external_id): importing a file again updates, never duplicates, and an
offer whose values did not change is counted unchanged and not written. An import changes only its
organisation's offers, except France Travail's, refreshed by a newer copy (docs/offers.md). Each batch is one
transaction; when the database refuses a batch, its offers are written one by one so that a broken offer
blocks no other.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.types.json import Jsonb

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
from tandem.territories.models import Commune
from tandem.territories.selectors import commune_resolve, communes_by_code

BATCH_SIZE = 1000
# Below this many rows to write, a batch goes through the ORM's INSERT and UPDATE (tests, small files).
COPY_FROM = 50
# SIRETs remembered with their employer's id through one import (~100 bytes each).
MAX_EMPLOYERS_REMEMBERED = 200_000
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
# Every column of a new offer, as COPY writes them.
_COPY_COLUMNS = tuple(str(field.column) for field in Offer._meta.concrete_fields)
_ERRORS = (DatabaseError, ValidationError, ValueError, TypeError)


@functools.lru_cache(maxsize=65_536)
def _search_key(title: str, employer_name: str) -> str:
    """offer_search_key, remembered: a national file repeats its titles and employers."""
    return offer_search_key(title=title, employer_name=employer_name)


class CommuneResolver:
    """Each row's commune through the territories' resolver (docs/communes.md), remembered by value.

    `commune_resolve` gives exactly one commune or says, in French, why not. One resolution per distinct
    value; only the commune's code and coordinates, or the reason, are remembered, for at most MAX_REMEMBERED
    values: a national file names a few tens of thousands of places. `prepare` reads a batch's new INSEE
    codes in one query, which the resolver then uses instead of one query per code.
    """

    MAX_REMEMBERED = 50_000

    def __init__(self) -> None:
        self._known: dict[tuple[str, str, str, str], tuple[str, float | None, float | None] | str] = {}
        self._communes: dict[str, Commune] = {}

    @staticmethod
    def _given(row: OfferRow) -> tuple[str, str, str, str]:
        return (row.commune_code, row.postcode, row.place_name, row.departement)

    def prepare(self, rows: list[OfferRow]) -> None:
        """Read at once the communes of the batch's codes not resolved yet."""
        codes = {row.commune_code for row in rows if row.commune_code and self._given(row) not in self._known}
        self._communes = communes_by_code(codes) if codes else {}

    def resolve(self, row: OfferRow) -> tuple[tuple[str, float | None, float | None] | None, str]:
        """((code, latitude, longitude), "") for one commune; (None, reason) when the row's place is not one
        commune; (None, "") when the row says nothing of its place."""
        given = self._given(row)
        if not any(given[:3]):
            return None, ""
        if given not in self._known:
            if len(self._known) >= self.MAX_REMEMBERED:
                self._known.clear()
            try:
                commune = commune_resolve(
                    code=given[0], postcode=given[1], name=given[2], departement=given[3], known=self._communes
                )
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
        self._employer_ids: dict[str, int] = {}

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
        self.communes.prepare(rows)
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
            fields["search_key"] = _search_key(fields["title"], fields["employer_name"])
            values[external_id] = fields
        return values

    def _employers(self, rows: list[OfferRow]) -> dict[str, int]:
        """The employers of the batch by SIRET, created when new (a SIRET failing its checksum is ignored).

        Remembered for the import (at most MAX_EMPLOYERS_REMEMBERED): a national file names an employer in
        several batches."""
        names: dict[str, str] = {}
        for row in rows:
            siret = row.employer_siret
            if siret and siret not in names and siret not in self._employer_ids:
                try:
                    validate_siret(siret)
                except ValidationError:
                    continue
                names[siret] = row.fields.get("employer_name") or siret
        if names:
            if len(self._employer_ids) + len(names) > MAX_EMPLOYERS_REMEMBERED:
                self._employer_ids = {}
            known = dict(Employer.objects.filter(siret__in=names).values_list("siret", "pk"))
            new = [Employer(siret=siret, name=name) for siret, name in names.items() if siret not in known]
            if new:
                Employer.objects.bulk_create(new, ignore_conflicts=True)
                known.update(Employer.objects.filter(siret__in=[e.siret for e in new]).values_list("siret", "pk"))
            self._employer_ids.update(known)
        return self._employer_ids

    def _write(self, values: dict[str, dict[str, Any]], batch: dict[str, tuple[int, OfferRow]]) -> None:
        existing = {
            row["external_id"]: row
            for row in Offer.objects.filter(source=self.source, external_id__in=values).values(
                "id", "external_id", "organisation_id", *COMPARED_FIELDS
            )
        }
        now = timezone.now()
        to_create: list[dict[str, Any]] = []
        to_update: list[tuple[int, dict[str, Any]]] = []
        refused: list[str] = []
        for external_id, fields in values.items():
            current = existing.get(external_id)
            if current is None:
                to_create.append({"external_id": external_id, **fields})
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
                to_update.append((current["id"], fields))
        if connection.vendor == "postgresql" and len(to_create) + len(to_update) >= COPY_FROM:
            created = self._create_by_copy(to_create, now)
            updated = self._update_by_copy(to_update, now)
        else:
            created = [
                Offer(
                    source=self.source,
                    organisation=self.organisation,
                    status=OfferStatus.OPEN,
                    **fields,
                )
                for fields in to_create
            ]
            Offer.objects.bulk_create(created)
            updated = [Offer(pk=pk, updated_at=now, **fields) for pk, fields in to_update]
            Offer.objects.bulk_update(updated, [*COMPARED_FIELDS, "search_key", "updated_at"])
        # The event log, as for an offer typed in a form: the indicators count offers shared and refreshed.
        for kind, offers in ((EventKind.OFFER_CREATED, created), (EventKind.OFFER_UPDATED, updated)):
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

    # PostgreSQL: COPY, the database's own bulk path, instead of INSERT and UPDATE statements built per value --

    def _copy_row(self, pk: int, fields: dict[str, Any], now: datetime.datetime) -> tuple[Any, ...]:
        own = {
            "id": pk,
            "source": self.source,
            "organisation_id": self.organisation.pk,
            "status": OfferStatus.OPEN,
            "hires": 0,
            "appellation_id": None,
            "created_at": now,
            "updated_at": now,
        }
        row = {**own, **fields}
        row["languages"] = Jsonb(row["languages"])
        return tuple(row[column] for column in _COPY_COLUMNS)

    def _create_by_copy(self, to_create: list[dict[str, Any]], now: datetime.datetime) -> list[Offer]:
        """New offers: their ids drawn from the table's sequence, then one COPY; the Offers returned carry only
        what their events need (id and title)."""
        if not to_create:
            return []
        table = Offer._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(to_create)]
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({', '.join(_COPY_COLUMNS)}) FROM STDIN") as copy,
            ):
                for pk, fields in zip(ids, to_create, strict=True):
                    copy.write_row(self._copy_row(pk, fields, now))
        return [Offer(id=pk, title=fields["title"]) for pk, fields in zip(ids, to_create, strict=True)]

    def _update_by_copy(self, to_update: list[tuple[int, dict[str, Any]]], now: datetime.datetime) -> list[Offer]:
        """Changed offers: their new values by COPY into a temporary table, then one UPDATE … FROM."""
        if not to_update:
            return []
        table = Offer._meta.db_table
        columns = [*COMPARED_FIELDS, "search_key"]
        assignments = ", ".join(f"{column} = changed.{column}" for column in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE offer_import_changes ON COMMIT DROP AS "
                f"SELECT id, {', '.join(columns)} FROM {table} WITH NO DATA"
            )
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY offer_import_changes (id, {', '.join(columns)}) FROM STDIN") as copy,
            ):
                for pk, fields in to_update:
                    values = {**fields, "languages": Jsonb(fields["languages"])}
                    copy.write_row((pk, *(values[column] for column in columns)))
            cursor.execute(
                f"UPDATE {table} SET {assignments}, updated_at = %s FROM offer_import_changes AS changed "
                f"WHERE {table}.id = changed.id",
                [now],
            )
            cursor.execute("DROP TABLE offer_import_changes")
        return [Offer(id=pk, title=fields["title"]) for pk, fields in to_update]


def _newer(incoming: datetime.datetime | None, stored: datetime.datetime | None) -> bool:
    return incoming is not None and (stored is None or incoming > stored)
