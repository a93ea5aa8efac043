"""Every write on offers: a partner's offer typed in a form, and the imports of offer files.

Offers describe jobs, not people: their changes write no event in the people's timeline (events are about
a person's situation); the positionings on offers do (tandem.offers.positioning*).
"""

from __future__ import annotations

import datetime
import marshal
import shutil
import struct
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.transitions import TransitionError
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.offers.enums import OfferSource, OfferStatus
from tandem.offers.importers import values
from tandem.offers.importers.duplicates import FileIdentifiers, Seen
from tandem.offers.importers.francetravail import offer_from_francetravail
from tandem.offers.importers.partner_csv import csv_offer_rows, offer_from_csv
from tandem.offers.importers.report import OfferImportReport
from tandem.offers.importers.rows import OfferRow
from tandem.offers.importers.streaming import json_array_items, text_lines
from tandem.offers.importers.upsert import BATCH_SIZE, OfferUpserter
from tandem.offers.models import Offer
from tandem.offers.workflow import OFFER
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation

FORMAT_FRANCE_TRAVAIL = "francetravail"
FORMAT_CSV = "csv"
FORMATS = (FORMAT_FRANCE_TRAVAIL, FORMAT_CSV)
FRANCE_TRAVAIL_KINDS = (
    OrganisationKind.FT_AGENCY,
    OrganisationKind.FT_TERRITORIAL_DIRECTION,
    OrganisationKind.FT_REGIONAL_DIRECTION,
)
TEMP_AGENCY_KINDS = (OrganisationKind.TEMP_AGENCY, OrganisationKind.TEMP_NETWORK)
# Offers imported by the command without --organisation hang on this organisation, created on first use.
FRANCE_TRAVAIL_NATIONAL_NAME = "France Travail (offres nationales)"

Progress = Callable[[int], None]


def offer_source_for(organisation: Organisation) -> str:
    """Offers typed or imported by an organisation: temp agencies' are "temp_agency", the others' "partner"."""
    return OfferSource.TEMP_AGENCY if organisation.kind in TEMP_AGENCY_KINDS else OfferSource.PARTNER


def partner_external_id(*, organisation: Organisation, identifier: str) -> str:
    """Partners' identifiers are unique only within their organisation: prefix them with its number."""
    return f"{organisation.pk}-{identifier}"


def france_travail_organisation_default() -> Organisation:
    """The organisation that holds France Travail's offers when no agency is named (get or create)."""
    organisation, _created = Organisation.objects.get_or_create(
        kind=OrganisationKind.FT_REGIONAL_DIRECTION,
        name=FRANCE_TRAVAIL_NATIONAL_NAME,
        safir_code="",
    )
    return organisation


@transaction.atomic
def offer_create(*, organisation: Organisation, by: User | None, **fields: Any) -> Offer:
    """An offer typed by a partner (form or API); `fields` are the Offer's own columns. Published now unless the
    partner gives its publication date: the newest offers come first in the lists."""
    fields.setdefault("published_at", timezone.now())
    offer = Offer(
        source=offer_source_for(organisation),
        external_id=partner_external_id(organisation=organisation, identifier=f"tandem-{uuid.uuid4().hex[:12]}"),
        organisation=organisation,
        status=OfferStatus.OPEN,
        **fields,
    )
    _fill_from_references(offer)
    offer.full_clean()
    offer.save()
    event_record(
        kind=EventKind.OFFER_CREATED,
        by=by,
        organisation=organisation,
        subject=offer,
        payload={"offer": offer.title, "source": offer.source},
    )
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, by: User | None, **fields: Any) -> Offer:
    changed = sorted(name for name, value in fields.items() if getattr(offer, name) != value)
    for name, value in fields.items():
        setattr(offer, name, value)
    _fill_from_references(offer)
    offer.full_clean()
    offer.save()
    if changed:
        event_record(
            kind=EventKind.OFFER_UPDATED,
            by=by,
            organisation=offer.organisation,
            subject=offer,
            payload={"offer": offer.title, "fields": changed},
        )
    return offer


def offer_withdraw(*, offer: Offer, by: User | None, organisation: Organisation) -> Offer:
    """The owner takes the offer back: partners no longer see it among the open ones."""
    return OFFER.run("withdraw", offer, by=by, organisation=organisation)


def offer_reopen(*, offer: Offer, by: User | None, organisation: Organisation) -> Offer:
    return OFFER.run("reopen", offer, by=by, organisation=organisation)


def offers_expire(*, today: datetime.date | None = None) -> int:
    """Expire every open offer past its date (the daily job), each with its event; returns how many."""
    today = today or timezone.localdate()
    expired = 0
    for offer in Offer.objects.filter(status=OfferStatus.OPEN, expires_on__lt=today).select_related("organisation"):
        try:
            OFFER.run("expire", offer, by=None, organisation=offer.organisation)
        except TransitionError:
            continue  # filled or withdrawn meanwhile
        expired += 1
    return expired


def _fill_from_references(offer: Offer) -> None:
    offer.rome_version = offer.rome.version if offer.rome_id and offer.rome is not None else ""
    if offer.commune_id and (offer.latitude is None or offer.longitude is None) and offer.commune is not None:
        offer.latitude, offer.longitude = offer.commune.latitude, offer.commune.longitude
    if offer.commune_id and not offer.place_label and offer.commune is not None:
        offer.place_label = offer.commune.name


@contextmanager
def _seekable(file: Path | str | IO[bytes] | Any) -> Iterator[IO[bytes]]:
    """A path, an uploaded file or a binary stream, opened for reading bytes from the start, twice if need be.

    Uploads are files on disk (or in memory when small) and paths are files: both seek. Any other stream is
    copied to a temporary file first.
    """
    if isinstance(file, (str, Path)):
        with open(file, "rb") as stream:
            yield stream
        return
    if hasattr(file, "open") and hasattr(file, "chunks"):  # Django's UploadedFile
        file.open("rb")
    if getattr(file, "seekable", lambda: False)():
        file.seek(0)
        yield file
        return
    with tempfile.TemporaryFile() as copy:
        shutil.copyfileobj(file, copy)
        copy.seek(0)
        yield copy


def _halved(progress: Progress | None) -> Progress | None:
    """`progress` told half of each count (the file is counted twice), the halves adding up exactly."""
    if progress is None:
        return None
    counted = {"read": 0, "told": 0}

    def told_half(count: int) -> None:
        counted["read"] += count
        half = counted["read"] // 2 - counted["told"]
        if half:
            counted["told"] += half
            progress(half)

    return told_half


@dataclass
class _Read:
    """One offer as read from the file: its row, or why it cannot be one."""

    index: int  # its rank (JSON) or line (CSV)
    identifier: str  # as the file gives it; "" when missing
    row: OfferRow | None
    error: ValidationError | None
    content: str  # what "the same content" compares when there is no row: what the file said


def _json_reads(stream: IO[bytes], progress: Progress | None) -> Iterator[_Read]:
    for index, item in enumerate(json_array_items(stream, progress=progress), start=1):
        try:
            row = offer_from_francetravail(item)
        except ValidationError as error:
            identifier = values.clip(item.get("id"), 64) if isinstance(item, dict) else ""
            yield _Read(index, identifier, None, error, repr(item))
        else:
            yield _Read(index, row.external_id, row, None, "")


def _csv_reads(stream: IO[bytes], progress: Progress | None) -> Iterator[_Read]:
    for line, cells in csv_offer_rows(text_lines(stream, progress=progress)):
        if isinstance(cells, ValidationError):
            yield _Read(line, "", None, cells, "")
            continue
        try:
            row = offer_from_csv(cells)
        except ValidationError as error:
            yield _Read(line, cells.get("identifiant", ""), None, error, repr(cells))
        else:
            yield _Read(line, row.external_id, row, None, "")


_LENGTHS = struct.Struct("<II")
_TYPED: dict[str, Callable[[str], Any]] = {
    "decimal": Decimal,
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
}


def _plain(value: Any) -> Any:
    """A row's value as marshal writes it: decimals and dates as tagged text, choices as plain text."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None or kind is list:
        return value
    if isinstance(value, Decimal):
        return ("decimal", str(value))
    if isinstance(value, datetime.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, datetime.date):
        return ("date", value.isoformat())
    if isinstance(value, str):
        return str.__str__(value)
    return value


def _typed(value: Any) -> Any:
    return _TYPED[value[0]](value[1]) if type(value) is tuple else value


class _Spool:
    """The reads of the first pass, kept on disk in the order read, for the second: the file is parsed once.

    Each read is its two lengths, then its rank, identifier, error and how far into the file it ends, then
    its row, each written by marshal (version 0: the same values always give the same bytes). The row's bytes
    are also what "the same content" compares, as its repr did: equal values written alike.
    """

    def __init__(self, spool: IO[bytes]) -> None:
        self.spool = spool

    @staticmethod
    def row_bytes(row: OfferRow) -> bytes:
        return marshal.dumps(
            (
                row.external_id,
                {name: _plain(value) for name, value in row.fields.items()},
                row.rome_code,
                row.commune_code,
                row.postcode,
                row.place_name,
                row.departement,
                row.place_label,
                row.employer_siret,
                _plain(row.sharing),
                [_plain(warning) for warning in row.warnings],
            ),
            0,
        )

    def write(self, read: _Read, row_bytes: bytes, position: int) -> None:
        messages = [str(message) for message in read.error.messages] if read.error is not None else None
        header = marshal.dumps((read.index, read.identifier, messages, position), 0)
        self.spool.write(_LENGTHS.pack(len(header), len(row_bytes)))
        self.spool.write(header)
        self.spool.write(row_bytes)

    def reads(self) -> Iterator[tuple[_Read, int]]:
        """Each read back, with the file's position after it."""
        self.spool.seek(0)
        while lengths := self.spool.read(_LENGTHS.size):
            header_length, row_length = _LENGTHS.unpack(lengths)
            index, identifier, messages, position = marshal.loads(self.spool.read(header_length))
            row = None
            if row_length:
                values = list(marshal.loads(self.spool.read(row_length)))
                values[1] = {name: _typed(value) for name, value in values[1].items()}
                row = OfferRow(*values)
            error = ValidationError(messages) if messages is not None else None
            yield _Read(index, identifier, row, error, ""), position


def offers_import(
    *,
    file: Path | str | IO[bytes] | Any,
    format: str,
    organisation: Organisation,
    by: User | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> OfferImportReport:
    """Import a file of offers for the organisation; streamed, written by batch, idempotent.

    France Travail's format (a JSON list, or a search response {"resultats": [...]}) is only for France
    Travail organisations; the CSV format is for any partner, whose identifiers are kept apart (see
    partner_external_id). The import makes two passes: the first reads and parses the file, keeping its rows
    in a temporary file and finding the offers it repeats (importers.duplicates); the second writes the rows
    kept. `progress` hears of half the bytes in each pass, so that it counts up to the file's size once.
    Raises ValidationError when the file cannot be read at all.
    """
    if format not in FORMATS:
        raise ValidationError(_("format inconnu « %(format)s »") % {"format": format})
    report = OfferImportReport(format=format)
    if format == FORMAT_FRANCE_TRAVAIL:
        if organisation.kind not in FRANCE_TRAVAIL_KINDS:
            raise ValidationError(_("Seule une organisation France Travail importe des offres France Travail."))
        prefix, reads = "", _json_reads
        upserter = OfferUpserter(
            organisation=organisation,
            source=OfferSource.FRANCE_TRAVAIL,
            report=report,
            batch_size=batch_size,
            by=by,
        )
    else:
        prefix, reads = partner_external_id(organisation=organisation, identifier=""), _csv_reads
        upserter = OfferUpserter(
            organisation=organisation,
            source=offer_source_for(organisation),
            report=report,
            id_prefix=prefix,
            batch_size=batch_size,
            by=by,
        )
    progress = _halved(progress)
    position = 0

    def read_bytes(count: int) -> None:
        nonlocal position
        position += count
        if progress is not None:
            progress(count)

    file_error: ValidationError | None = None
    with _seekable(file) as stream, tempfile.TemporaryFile() as spool_file:
        spool = _Spool(spool_file)
        identifiers = FileIdentifiers()
        try:
            for read in reads(stream, read_bytes):
                row_bytes = spool.row_bytes(read.row) if read.row is not None else b""
                if read.identifier:
                    identifiers.add(prefix + read.identifier, read.content if read.row is None else row_bytes)
                spool.write(read, row_bytes, position)
        except ValidationError as error:
            file_error = error  # the second pass stops at the same place and reports it
        identifiers.close()
        told = 0
        try:
            for read, read_until in spool.reads():
                if progress is not None and read_until > told:
                    progress(read_until - told)
                    told = read_until
                _import_read(read, upserter, identifiers.seen(prefix + read.identifier) if read.identifier else None)
            if file_error is not None:
                if not report.read:
                    raise file_error
                report.file_error = " ; ".join(file_error.messages)
        finally:
            upserter.flush()
            if progress is not None and position > told:
                progress(position - told)
    return report


def _import_read(read: _Read, upserter: OfferUpserter, seen: Seen | None) -> None:
    if seen is Seen.CONFLICT:
        reasons = [_("identifiant présent plusieurs fois dans le fichier avec des contenus différents")]
        reasons += read.error.messages if read.error else []
        upserter.add_error(read.index, read.identifier, ValidationError(reasons))
    elif read.error is not None:
        upserter.add_error(read.index, read.identifier, read.error)
    elif seen is Seen.AGAIN:
        upserter.add_repeated()
    else:
        assert read.row is not None, "a read without an error has its row"
        upserter.add(read.index, read.row)
