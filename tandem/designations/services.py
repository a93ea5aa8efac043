"""Designation (cotraitance): a young person registered at France Travail is proposed to the Mission Locale
covering their commune, one at a time or from a France Travail list.

Eligibility: aged TANDEM_DESIGNATION_MIN_AGE to TANDEM_DESIGNATION_MAX_AGE on the day
(TANDEM_DESIGNATION_MAX_AGE_RQTH with an RQTH), living in a commune a Mission Locale covers.
The proposal itself is a referral with is_designation (tandem.referrals.services.referral_propose).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.access.permissions import organisation_sees_person
from tandem.accounts.models import Membership, User
from tandem.core.errors import Conflict
from tandem.designations.enums import DesignationOutcome, Ineligibility, RecordOutcome
from tandem.designations.parsing import (
    MAX_FILE_BYTES,
    CommuneLookup,
    DesignationRow,
    JobCodeLookup,
    column_name,
    columns_check,
    csv_decode,
    csv_rows,
    row_parse,
)
from tandem.designations.reports import ImportReport, LineReason
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import family_q, mission_locale_covering_commune
from tandem.people.models import Person
from tandem.people.selectors import person_job_profile, person_led_by
from tandem.people.services import job_profile_add_jobs, person_find_duplicate, person_register, person_update
from tandem.referrals.enums import OPEN_STATUSES
from tandem.referrals.models import Referral
from tandem.referrals.services import partnership_link_between, referral_propose
from tandem.territories.models import Commune

# Eligibility -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str
    mission_locale: Organisation | None
    age: int
    code: str = Ineligibility.NONE


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def designation_check(
    *,
    birth_date: datetime.date,
    has_rqth: bool,
    commune: Commune | None,
    day: datetime.date,
    mission_locales: dict[str, Organisation | None] | None = None,
) -> Eligibility:
    """May this person be proposed to a Mission Locale on this day, and to which one? One query at most.

    mission_locales: a cache of commune code → covering Mission Locale, for a list naming the same communes.
    """
    age = age_on(birth_date, day)
    min_age = settings.TANDEM_DESIGNATION_MIN_AGE
    max_age = settings.TANDEM_DESIGNATION_MAX_AGE
    max_age_rqth = settings.TANDEM_DESIGNATION_MAX_AGE_RQTH
    if age < min_age:
        reason = _("Trop jeune : %(age)s ans, la Mission Locale accompagne à partir de %(min)s ans.") % {
            "age": age,
            "min": min_age,
        }
        return Eligibility(False, reason, None, age, Ineligibility.TOO_YOUNG)
    if age > (max_age_rqth if has_rqth else max_age):
        if has_rqth:
            reason = _("Trop âgé·e : %(age)s ans, au-delà de %(max_rqth)s ans, la limite avec une RQTH.") % {
                "age": age,
                "max_rqth": max_age_rqth,
            }
        else:
            reason = _("Trop âgé·e : %(age)s ans, au-delà de %(max)s ans (%(max_rqth)s ans avec une RQTH).") % {
                "age": age,
                "max": max_age,
                "max_rqth": max_age_rqth,
            }
        return Eligibility(False, reason, None, age, Ineligibility.TOO_OLD)
    if commune is None:
        reason = _("Commune de résidence inconnue : impossible de trouver la Mission Locale compétente.")
        return Eligibility(False, reason, None, age, Ineligibility.NO_COMMUNE)
    if mission_locales is not None and commune.pk in mission_locales:
        mission_locale = mission_locales[commune.pk]
    else:
        mission_locale = mission_locale_covering_commune(commune_code=commune.pk, day=day)
        if mission_locales is not None:
            mission_locales[commune.pk] = mission_locale
    if mission_locale is None:
        reason = _("Aucune Mission Locale ne couvre la commune %(commune)s.") % {"commune": commune}
        return Eligibility(False, reason, None, age, Ineligibility.NOT_COVERED)
    reason = _("%(age)s ans, réside à %(commune)s, commune couverte par %(ml)s.") % {
        "age": age,
        "commune": commune,
        "ml": mission_locale.name,
    }
    return Eligibility(True, reason, mission_locale, age)


# One proposal ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DesignationResult:
    outcome: str
    eligibility: Eligibility
    referral: Referral | None = None

    @property
    def mission_locale(self) -> Organisation | None:
        return self.eligibility.mission_locale

    @property
    def message(self) -> str:
        ml = self.mission_locale.name if self.mission_locale else ""
        if self.outcome == DesignationOutcome.PROPOSED:
            assert self.referral is not None, "a proposal has its referral"
            return _("Proposé à %(ml)s : réponse attendue au plus tard le %(due)s.") % {
                "ml": ml,
                "due": date_format(self.referral.answer_due_on, "SHORT_DATE_FORMAT"),
            }
        if self.outcome == DesignationOutcome.ALREADY_PROPOSED:
            return _("Déjà proposé à %(ml)s : une orientation est en cours, rien n'a changé.") % {"ml": ml}
        if self.outcome == DesignationOutcome.ALREADY_FOLLOWED:
            return _("Déjà suivi par %(ml)s, référente du dossier : rien n'a changé.") % {"ml": ml}
        return _("Non éligible : %(reason)s") % {"reason": self.eligibility.reason}


def _require_agency(agency: Organisation) -> None:
    if agency.kind != OrganisationKind.FT_AGENCY:
        raise ValidationError(_("Seule une agence France Travail propose un jeune à une Mission Locale."))


@transaction.atomic
def designation_propose(
    *,
    person: Person,
    agency: Organisation,
    by: User | None,
    day: datetime.date | None = None,
    mission_locales: dict[str, Organisation | None] | None = None,
) -> DesignationResult:
    """Propose the person to the Mission Locale covering their commune, if eligible on the day (today).

    Already followed by that Mission Locale (its current lead), or already proposed to it (an open referral):
    nothing changes, and the result says so.
    """
    _require_agency(agency)
    day = day or timezone.localdate()
    eligibility = designation_check(
        birth_date=person.birth_date,
        has_rqth=person.has_rqth,
        commune=person.commune,
        day=day,
        mission_locales=mission_locales,
    )
    mission_locale = eligibility.mission_locale
    if not eligibility.eligible or mission_locale is None:  # an eligible person always has their Mission Locale
        return DesignationResult(DesignationOutcome.NOT_ELIGIBLE, eligibility)
    if partnership_link_between(a=agency, b=mission_locale, day=day) is None:
        reason = _(
            "%(agency)s n'a pas de partenariat en cours avec %(ml)s, la Mission Locale de %(commune)s : "
            "la proposition passe par une agence partenaire."
        ) % {"agency": agency.name, "ml": mission_locale.name, "commune": person.commune}
        return DesignationResult(
            DesignationOutcome.NOT_ELIGIBLE,
            Eligibility(False, reason, mission_locale, eligibility.age, Ineligibility.NO_PARTNERSHIP),
        )
    if person_led_by(person=person, organisation=mission_locale):
        return DesignationResult(DesignationOutcome.ALREADY_FOLLOWED, eligibility)
    open_referral = _open_referral_to(person=person, mission_locale=mission_locale)
    if open_referral is not None:
        return DesignationResult(DesignationOutcome.ALREADY_PROPOSED, eligibility, open_referral)
    try:
        referral = referral_propose(
            person=person,
            from_organisation=agency,
            to_organisation=mission_locale,
            by=by,
            is_designation=True,
            reason=_("Délégation du PPAE (cotraitance) : %(reason)s") % {"reason": eligibility.reason},
        )
    except ValidationError as error:
        if getattr(error, "code", None) != "already_open":
            raise
        # Someone proposed the same person a moment ago: theirs stands.
        open_referral = _open_referral_to(person=person, mission_locale=mission_locale)
        return DesignationResult(DesignationOutcome.ALREADY_PROPOSED, eligibility, open_referral)
    return DesignationResult(DesignationOutcome.PROPOSED, eligibility, referral)


def _open_referral_to(*, person: Person, mission_locale: Organisation) -> Referral | None:
    """The person's open referral to the Mission Locale or one of its sites."""
    return (
        Referral.objects.filter(family_q(mission_locale, "to_organisation"))
        .filter(person=person, status__in=OPEN_STATUSES)
        .first()
    )


# One registrant: their record, then the proposal ------------------------------------------------


class FollowedByPartner(Conflict):
    """The France Travail identifier belongs to a record the agency may not see: nothing is written or told."""

    def __init__(self) -> None:
        super().__init__(
            _("Déjà suivi par un partenaire : rien n'a été modifié ni proposé."), code="followed_by_partner"
        )


# What a France Travail agency may update on a record it sees but does not lead: its own registration data
# (the identifier only fills a record that had none: a record found by name, birth date and commune).
FRANCE_TRAVAIL_FIELDS = ("ft_identifier", "ft_registered_on", "ft_category")


@dataclass(frozen=True)
class SubmissionResult:
    person: Person
    record: str
    designation: DesignationResult
    # A record created beside an older one with the same name, birth date and commune (flagged, never merged),
    # told only when the agency may see that older record.
    likely_duplicate_of: Person | None = None
    # Identity changes the agency asked for but may not make (it does not lead the record).
    refused_changes: tuple[str, ...] = ()
    # Jobs sought the agency named but may not add to the job project (it does not lead the record).
    refused_jobs: tuple[str, ...] = ()


def _person_match(row: DesignationRow, *, agency: Organisation) -> Person | None:
    """The France Travail identifier first; then name, birth date and commune, for a record without identifier.

    A record the agency may not see is never matched by name (a new record is created and flagged as a possible
    duplicate for the managers); matched by its identifier, it stops the row (FollowedByPartner).
    """
    person = Person.objects.select_related("commune").filter(ft_identifier=row.ft_identifier).first()
    if person is not None:
        if not organisation_sees_person(organisation=agency, person=person):
            raise FollowedByPartner()
        return person
    namesake = person_find_duplicate(
        first_name=row.first_name,
        last_name=row.last_name,
        birth_date=row.birth_date,
        commune_id=row.commune.pk if row.commune else None,
    )
    if namesake is None or namesake.ft_identifier:
        return None
    return namesake if organisation_sees_person(organisation=agency, person=namesake) else None


def _registering_adviser(*, agency: Organisation, by: User | None) -> User | None:
    """The agency that registers a person follows them: as lead with its adviser, like any new record; as a
    contributor when no adviser of the agency acts (a partner system's token, a command without --by)."""
    return registering_advisers([(agency, by)]).get((agency.pk, by.pk if by is not None else None))


def registering_advisers(
    pairs: Iterable[tuple[Organisation, User | None]],
) -> dict[tuple[int, int | None], User]:
    """_registering_adviser for many (agency, user) pairs (a day's lists): (agency, user) → the user, for the users
    who are members of that agency; one query."""
    users = {(agency.pk, by.pk): by for agency, by in pairs if by is not None}
    if not users:
        return {}
    members = Membership.objects.active().filter(
        user_id__in={user for _agency, user in users}, organisation_id__in={agency for agency, _user in users}
    )
    return {pair: users[pair] for pair in members.values_list("organisation_id", "user_id") if pair in users}


@transaction.atomic
def designation_submit(
    *,
    row: DesignationRow,
    agency: Organisation,
    by: User | None,
    day: datetime.date | None = None,
    mission_locales: dict[str, Organisation | None] | None = None,
) -> SubmissionResult:
    """Create or update the registrant's record, then propose them to their Mission Locale if eligible.

    The agency acts only on records it may already see (else FollowedByPartner, nothing written); the identity
    of a record changes only through its lead organisation.
    """
    _require_agency(agency)
    person = _person_match(row, agency=agency)
    refused: tuple[str, ...] = ()
    refused_jobs: tuple[str, ...] = ()
    duplicate_of = None
    if person is None:
        # The jobs sought start the job project in the same transaction as the record.
        person = person_register(
            by=by,
            organisation=agency,
            adviser=_registering_adviser(agency=agency, by=by),
            rome_codes=row.rome_codes,
            appellation_codes=row.appellation_codes,
            **row.fields_for_new_record(),
        )
        record = RecordOutcome.CREATED
        if person.possible_duplicate_of is not None and organisation_sees_person(
            organisation=agency, person=person.possible_duplicate_of
        ):
            duplicate_of = person.possible_duplicate_of
    else:
        changes = row.changes_for(person)
        if not person_led_by(person=person, organisation=agency):
            refused = tuple(sorted(name for name in changes if name not in FRANCE_TRAVAIL_FIELDS))
            changes = {name: value for name, value in changes.items() if name in FRANCE_TRAVAIL_FIELDS}
        changed = person_update(person=person, by=by, organisation=agency, **changes)
        missing_jobs = _jobs_missing(person, row)
        if missing_jobs and person_led_by(person=person, organisation=agency):
            changed += job_profile_add_jobs(
                person=person,
                by=by,
                organisation=agency,
                rome_codes=row.rome_codes,
                appellation_codes=row.appellation_codes,
            )
        elif missing_jobs:
            refused_jobs = missing_jobs
        if changed:
            record = RecordOutcome.UPDATED
        else:
            record = RecordOutcome.NOT_LEAD if refused or refused_jobs else RecordOutcome.UNCHANGED
    designation = designation_propose(person=person, agency=agency, by=by, day=day, mission_locales=mission_locales)
    return SubmissionResult(
        person=person,
        record=record,
        designation=designation,
        likely_duplicate_of=duplicate_of,
        refused_changes=refused,
        refused_jobs=refused_jobs,
    )


def _jobs_missing(person: Person, row: DesignationRow) -> tuple[str, ...]:
    """The row's jobs sought that the person's job project does not hold yet (none given: none missing)."""
    if not row.rome_codes and not row.appellation_codes:
        return ()
    profile = person_job_profile(person=person)
    romes = {rome.code for rome in profile.sought_romes.all()} if profile else set()
    appellations = {a.code_ogr for a in profile.sought_appellations.all()} if profile else set()
    return tuple(code for code in row.rome_codes if code not in romes) + tuple(
        code for code in row.appellation_codes if code not in appellations
    )


# A France Travail list ------------------------------------------------------------------------

RowsOrFile = bytes | os.PathLike[str] | IO[bytes] | Iterable[Mapping[str, Any]]
# A row of the list as read: its line, and its values or why they cannot be read.
ParsedRow = tuple[int, DesignationRow | ValidationError]


def _rows_of(rows_or_file: RowsOrFile) -> Sequence[tuple[int, Mapping[str, Any]]]:
    """(line, values by column name) from CSV bytes, a path, an open file or upload, or rows already read.

    Rows given as mappings are numbered as in a file whose header is line 1.
    """
    if isinstance(rows_or_file, str):
        raise TypeError("Pass the file's bytes, a Path or an open file, not a str.")
    if isinstance(rows_or_file, os.PathLike):
        return csv_rows(csv_decode(Path(rows_or_file).read_bytes()))
    if isinstance(rows_or_file, bytes | bytearray):
        return csv_rows(csv_decode(bytes(rows_or_file)))
    if hasattr(rows_or_file, "read"):
        # One byte past the limit is enough for csv_decode to refuse a file too large.
        data = rows_or_file.read(MAX_FILE_BYTES + 1)
        return csv_rows(csv_decode(data.encode() if isinstance(data, str) else data))
    rows = [{column_name(str(key)): value for key, value in row.items()} for row in rows_or_file]
    if rows:
        columns_check(list(rows[0]))
    return list(enumerate(rows, start=2))


def designation_import(
    *,
    rows_or_file: RowsOrFile,
    agency: Organisation,
    by: User | None,
    day: datetime.date | None = None,
    progress: Callable[[list[ParsedRow]], Iterable[ParsedRow]] | None = None,
) -> ImportReport:
    """Import a France Travail list of registrants and propose each eligible one to their Mission Locale.

    Idempotent: the same list twice changes nothing. A bad row is reported with its line and reason and never
    blocks the good ones. A problem with the whole file (encoding, header) is reported as an error of line 1.
    Runs in bulk (tandem.designations.bulk: a few statements per batch of rows), with the outcome of
    designation_import_rows, row after row, to the row.
    """
    from tandem.designations.bulk import designation_import_bulk  # noqa: PLC0415 (bulk builds on this module)

    return designation_import_bulk(rows_or_file=rows_or_file, agency=agency, by=by, day=day, progress=progress)


def designation_import_rows(
    *,
    rows_or_file: RowsOrFile,
    agency: Organisation,
    by: User | None,
    day: datetime.date | None = None,
    progress: Callable[[list[ParsedRow]], Iterable[ParsedRow]] | None = None,
) -> ImportReport:
    """designation_import row after row, each row its own transaction through designation_submit: the reference
    the bulk import is checked against (tests/designations/test_bulk.py)."""
    _require_agency(agency)
    report = ImportReport()
    parsed = designation_rows_parse(rows_or_file=rows_or_file, report=report)
    mission_locales: dict[str, Organisation | None] = {}
    for line, row in progress(parsed) if progress else parsed:
        designation_row_submit(report, line, row, agency=agency, by=by, day=day, mission_locales=mission_locales)
    return report


@dataclass
class ParseLookups:
    """The communes and job codes the rows name, read once for a list (or for a day's lists)."""

    communes: CommuneLookup = field(default_factory=CommuneLookup)
    jobs: JobCodeLookup = field(default_factory=JobCodeLookup)


def designation_rows_parse(*, rows_or_file: RowsOrFile, report: ImportReport) -> list[ParsedRow]:
    """Every row of the list, read and checked (its registrant, or why not), a France Travail identifier repeated
    with other values included. A problem with the whole file is the report's error on line 1: no row."""
    return designation_lists_parse([(rows_or_file, report)])[0]


def designation_lists_parse(lists: Sequence[tuple[RowsOrFile, ImportReport]]) -> list[list[ParsedRow]]:
    """designation_rows_parse for several lists (a day's), with the communes and job codes they name read once."""
    read: list[Sequence[tuple[int, Mapping[str, Any]]]] = []
    for rows_or_file, report in lists:
        try:
            read.append(_rows_of(rows_or_file))
        except ValidationError as error:
            report.errors.append(LineReason(1, " ; ".join(error.messages)))
            read.append(())
    lookups, today = ParseLookups(), timezone.localdate()
    lookups.communes.prime(str(values.get("code_commune") or "") for rows in read for _line, values in rows)
    parsed_lists = []
    for rows in read:
        parsed: list[ParsedRow] = []
        for line, values in rows:
            try:
                parsed.append((line, row_parse(values, communes=lookups.communes, jobs=lookups.jobs, today=today)))
            except ValidationError as error:
                parsed.append((line, error))
        parsed_lists.append(_repeated_identifiers_checked(parsed))
    return parsed_lists


def designation_row_submit(
    report: ImportReport,
    line: int,
    row: DesignationRow | ValidationError,
    *,
    agency: Organisation,
    by: User | None,
    day: datetime.date | None,
    mission_locales: dict[str, Organisation | None],
) -> None:
    """One row of a list through designation_submit, in its own transaction, and its outcome in the report."""
    if isinstance(row, ValidationError):
        report.add_error(line, row)
        return
    try:
        # designation_submit is atomic: one transaction per row, rolled back alone when the row fails.
        result = designation_submit(row=row, agency=agency, by=by, day=day, mission_locales=mission_locales)
    except FollowedByPartner:
        report.add_followed_by_partner(line)
    except ValidationError as error:
        report.add_error(line, error)
    except IntegrityError:
        # Another import wrote the same person at the same moment: this row is left for a new run.
        report.add_error(line, ValidationError(_("enregistrement concurrent : relancez l'import")))
    else:
        report.add(line, result)


def _repeated_identifiers_checked(parsed: list[ParsedRow]) -> list[ParsedRow]:
    """A France Travail identifier given on several rows: the same values twice are applied once (the repeats
    are reported); different values are a conflict reported on each of those lines, and none is applied, so
    that a second run of the file changes nothing."""
    lines_by_identifier: dict[str, list[int]] = {}
    rows_by_line = {line: row for line, row in parsed if isinstance(row, DesignationRow)}
    for line, known in rows_by_line.items():
        lines_by_identifier.setdefault(known.ft_identifier, []).append(line)
    checked: list[ParsedRow] = []
    for line, row in parsed:
        if isinstance(row, ValidationError):
            checked.append((line, row))
            continue
        lines = lines_by_identifier.get(row.ft_identifier, [line])
        if len(lines) == 1:
            checked.append((line, row))
            continue
        others = ", ".join(str(other) for other in lines if other != line)
        if any(rows_by_line[other] != row for other in lines):
            checked.append(
                (
                    line,
                    ValidationError(
                        _(
                            "identifiant France Travail %(id)s répété avec d'autres valeurs (lignes %(lines)s) : "
                            "aucune de ces lignes n'est appliquée, corrigez le fichier"
                        )
                        % {"id": row.ft_identifier, "lines": others},
                        code="conflicting_rows",
                    ),
                )
            )
        elif line == lines[0]:
            checked.append((line, row))
        else:
            checked.append(
                (
                    line,
                    ValidationError(
                        _("même personne que la ligne %(first)s : ligne ignorée") % {"first": lines[0]},
                        code="repeated_row",
                    ),
                )
            )
    return checked
