"""A France Travail list in bulk: the outcome of designation_submit row after row, in a few statements per batch.

The rules are those of the row-by-row import (services.designation_import_rows), read once per batch instead of
once per row: the same parsing (parsing.row_parse), the same matching (France Travail identifier, then name,
birth date and commune for a record without one), the same access rule (access.organisation_access_q), the same
eligibility (services.designation_check, fed by one routing query for the batch's communes through
organisations.Coverage), then the same rows written: records, follows, job projects, referrals and their events,
announced to the listeners on commit. Only the writing is set-based: COPY on PostgreSQL, multi-row INSERT
elsewhere, with the primary keys taken beforehand so that each row's follow, referral and events point to it.

What writes on a record that already exists (an identity or registration change, jobs added to a project, a
record found by name and given its identifier) goes through designation_submit, row by row, as do rows whose
outcome depends on another row of the batch (see _entangled): a batch is written as if its rows were taken
one after the other, in file order. A conflict with another import running at the same time (a unique
constraint) rolls the batch back, and its rows are then taken one by one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.access.permissions import organisation_access_q
from tandem.accounts.models import User
from tandem.core.text import search_normalise
from tandem.designations.enums import DesignationOutcome, Ineligibility, RecordOutcome
from tandem.designations.parsing import DesignationRow
from tandem.designations.reports import ImportReport
from tandem.designations.services import (
    FRANCE_TRAVAIL_FIELDS,
    Eligibility,
    ParsedRow,
    RowsOrFile,
    _require_agency,
    designation_check,
    designation_lists_parse,
    designation_row_submit,
    registering_advisers,
)
from tandem.designations.tables import TableRows, ids_take
from tandem.events.enums import EventKind
from tandem.events.listeners import events_announce, listeners_of
from tandem.events.models import Event
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.organisations.selectors import in_family_of, organisations_covering_communes
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, JobProfile, Person
from tandem.referrals.enums import OPEN_STATUSES
from tandem.referrals.models import Referral
from tandem.referrals.services import partnership_link_between, partnership_links_between
from tandem.territories.models import Commune

# Rows read and written together: one transaction, a few statements each.
BATCH_ROWS = 5000
# Values in one statement's list (SQLite takes 32,766 parameters at most).
_CHUNK = 2000

# The fields of a record the designation reads; what changes_for compares.
_PERSON_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "birth_date",
    "commune",
    "ft_identifier",
    "ft_registered_on",
    "ft_category",
    "has_rqth",
    "email",
    "phone",
)
_IDENTITY_FIELDS = ("last_name", "first_name", "birth_date", "commune")


def designation_import_bulk(
    *,
    rows_or_file: RowsOrFile,
    agency: Organisation,
    by: User | None,
    day: datetime.date | None = None,
    progress: Callable[[list[ParsedRow]], Iterable[ParsedRow]] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ImportReport:
    """services.designation_import in bulk: the same records, referrals, events and report."""
    return designation_import_lists(
        lists=[AgencyList(agency=agency, rows_or_file=rows_or_file, by=by)],
        day=day,
        progress=progress,
        batch_rows=batch_rows,
    )[0]


@dataclass(frozen=True)
class AgencyList:
    """One agency's list of registrants, imported in its name (by its agent, or by no one: a partner system)."""

    agency: Organisation
    rows_or_file: RowsOrFile
    by: User | None = None


def designation_import_lists(
    *,
    lists: Sequence[AgencyList],
    day: datetime.date | None = None,
    progress: Callable[[list[Any]], Iterable[Any]] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> list[ImportReport]:
    """Several agencies' lists (France Travail's lists of a day) imported together, a report each, in the same
    batches: what importing each list after the other writes, with the routing, the partnership links and the
    referentials read once for all of them rather than once per list (an agency sends a few rows a day, 850
    agencies send theirs)."""
    for agency_list in lists:
        _require_agency(agency_list.agency)
    routing = _Routing(day=day)
    advisers = registering_advisers([(item.agency, item.by) for item in lists])
    sources = [
        _Source(item.agency, item.by, advisers.get((item.agency.pk, _pk(item.by))), ImportReport(), routing)
        for item in lists
    ]
    parsed_lists = designation_lists_parse(
        [(agency_list.rows_or_file, source.report) for agency_list, source in zip(lists, sources, strict=True)]
    )
    items = [(source, item) for source, parsed in zip(sources, parsed_lists, strict=True) for item in parsed]
    batch: list[tuple[_Source, ParsedRow]] = []
    for item in progress(items) if progress else items:
        batch.append(item)
        if len(batch) >= batch_rows:
            _batch_import(batch, routing)
            batch = []
    if batch:
        _batch_import(batch, routing)
    return [source.report for source in sources]


# What an import knows once ------------------------------------------------------------------------


@dataclass
class _Routing:
    """What every list of the import shares: where each commune's registrants go, and the partnership links."""

    day: datetime.date | None  # the day eligibility is judged on (designation_propose's `day`), None: today
    # designation_check's cache: commune code → the Mission Locale covering it (None: none), filled per batch.
    mission_locales: dict[str, Organisation | None] = field(default_factory=dict)
    # commune code → the Mission Locale sites covering it (site_covering_commune), filled per batch.
    sites: dict[str, list[Organisation]] = field(default_factory=dict)
    # partnership_link_between(agency, Mission Locale, day) for the pairs a batch needs: (agency, ML, day) → link.
    links: dict[tuple[int, int, datetime.date], PartnershipLink | None] = field(default_factory=dict)

    def route(self, commune_codes: set[str], *, today: datetime.date) -> None:
        """Fill the caches for the batch's communes: one query for the Mission Locales, one for their sites."""
        day = self.day or today
        wanted = commune_codes - self.mission_locales.keys()
        covering = organisations_covering_communes(
            commune_codes=wanted, kinds=[OrganisationKind.MISSION_LOCALE], day=day
        )
        for code in wanted:
            self.mission_locales[code] = covering[code][0] if code in covering else None
        wanted = commune_codes - self.sites.keys()
        sites = organisations_covering_communes(commune_codes=wanted, kinds=[OrganisationKind.ML_SITE], day=today)
        for code in wanted:
            self.sites[code] = sites.get(code, [])

    def links_read(self, pairs: set[tuple[Organisation, Organisation]], *, days: set[datetime.date]) -> None:
        """The partnership links of these (agency, Mission Locale) pairs on these days: one query a day."""
        for day in days:
            wanted = {(a, b) for a, b in pairs if (a.pk, b.pk, day) not in self.links}
            found = partnership_links_between(pairs=wanted, day=day)
            for a, b in wanted:
                self.links[(a.pk, b.pk, day)] = found.get((a.pk, b.pk))

    def link(self, agency: Organisation, mission_locale: Organisation, day: datetime.date) -> PartnershipLink | None:
        key = (agency.pk, mission_locale.pk, day)
        if key not in self.links:
            self.links[key] = partnership_link_between(a=agency, b=mission_locale, day=day)
        return self.links[key]

    def receiver(self, mission_locale: Organisation, commune_code: str | None) -> Organisation:
        """referral_propose's receiver: the Mission Locale's site covering the commune, else the Mission Locale."""
        for site in self.sites.get(commune_code or "", ()):
            if site.parent_id == mission_locale.pk:
                return site
        return mission_locale


@dataclass
class _Source:
    """One list of the import: its agency, who acts, its report."""

    agency: Organisation
    by: User | None
    adviser: User | None  # the agency's adviser who registers its new records (lead), else none (contributor)
    report: ImportReport
    routing: _Routing


# One batch ----------------------------------------------------------------------------------------


@dataclass
class _Known:
    """A record already there, as the designation reads it (whoever imports it)."""

    person: Person
    follows: list[tuple[Organisation, str]] = field(default_factory=list)  # (organisation, role), current
    open_referrals: list[tuple[Organisation, int]] = field(default_factory=list)  # (receiver, referral id)
    romes: set[str] = field(default_factory=set)
    appellations: set[str] = field(default_factory=set)

    @property
    def lead_organisations(self) -> list[Organisation]:
        return [organisation for organisation, role in self.follows if role == FollowRole.LEAD]


@dataclass
class _Plan:
    """What one row of the batch does."""

    source: _Source
    line: int
    row: DesignationRow
    known: _Known | None = None  # the record found by its France Travail identifier
    seen: bool = False  # the agency may see the record found (organisation_access_q)
    led: bool = False  # the agency leads it
    followed: bool = False  # the agency follows it (lead or contributor)
    namesake_id: int | None = None  # the first record with the same name, birth date and commune
    one_by_one: bool = False  # through designation_submit
    identity_changed: bool = False  # it changes the names, birth date or commune of the record found
    followed_by_partner: bool = False
    record: str = RecordOutcome.CREATED
    refused_changes: tuple[str, ...] = ()
    refused_jobs: tuple[str, ...] = ()
    # Written in bulk: the record's number, the proposal's outcome and its referral.
    person_id: int = 0
    outcome: str = ""
    eligibility: Eligibility | None = None
    referral_id: int | None = None
    duplicate_of_id: int | None = None
    # A new record whose first namesake is the record another row of the batch creates.
    duplicate_of_plan: _Plan | None = None

    @property
    def agency(self) -> Organisation:
        return self.source.agency


def _batch_import(batch: list[tuple[_Source, ParsedRow]], routing: _Routing) -> None:
    today = timezone.localdate()
    plans: list[_Plan | None] = [
        _Plan(source, line, row) if isinstance(row, DesignationRow) else None for source, (line, row) in batch
    ]
    taken = [plan for plan in plans if plan is not None]
    try:
        with transaction.atomic():
            _match(taken)
            _entangled(taken)
            _write(taken, routing, today=today)
    except IntegrityError:
        # Another import wrote one of these records or referrals meanwhile: each row on its own, as it would be.
        for plan in taken:
            plan.one_by_one = True
    for (source, (line, row)), found in zip(batch, plans, strict=True):
        if found is None or found.one_by_one:
            designation_row_submit(
                source.report,
                line,
                row,
                agency=source.agency,
                by=source.by,
                day=routing.day,
                mission_locales=routing.mission_locales,
            )
        elif found.followed_by_partner:
            source.report.add_followed_by_partner(line)
        else:
            plan = found
            eligibility = plan.eligibility
            assert eligibility is not None, "a row written in bulk has its eligibility"
            source.report.add_row(
                line,
                person_id=plan.person_id,
                person_name=f"{plan.row.first_name} {plan.row.last_name}",
                record=plan.record,
                designation=plan.outcome,
                eligibility_code=eligibility.code,
                eligibility_reason=eligibility.reason,
                mission_locale=eligibility.mission_locale.name if eligibility.mission_locale else "",
                referral_id=plan.referral_id,
                duplicate_of_id=plan.duplicate_of_id,
                refused_changes=plan.refused_changes,
                refused_jobs=plan.refused_jobs,
            )


# Reading: who is who ------------------------------------------------------------------------------


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _match(plans: list[_Plan]) -> None:
    """_person_match for the whole batch: by identifier, then the first namesake; who sees, leads, follows."""
    known: dict[str, _Known] = {}
    for chunk in _chunks(sorted({plan.row.ft_identifier for plan in plans})):
        for person in Person.objects.select_related("commune").only(*_PERSON_FIELDS).filter(ft_identifier__in=chunk):
            known[person.ft_identifier] = _Known(person)
    lists_by_identifier: dict[str, set[int]] = {}
    for plan in plans:
        plan.known = known.get(plan.row.ft_identifier)
        lists_by_identifier.setdefault(plan.row.ft_identifier, set()).add(id(plan.source))
    for plan in plans:
        # One registrant in two agencies' lists: the second list's row sees what the first one wrote.
        plan.one_by_one = len(lists_by_identifier[plan.row.ft_identifier]) > 1
    _first_namesakes([plan for plan in plans if plan.known is None])
    by_id = {item.person.pk: item for item in known.values()}
    if by_id:
        _known_read(by_id)
    seen = _seen_by_agency(plans)
    namesake_ids = sorted({plan.namesake_id for plan in plans if plan.namesake_id is not None})
    namesakes_with_identifier: set[int] = set()
    for chunk in _chunks(namesake_ids):
        namesakes_with_identifier.update(
            Person.objects.filter(pk__in=chunk).exclude(ft_identifier="").values_list("pk", flat=True)
        )
    for plan in plans:
        seen_here = seen.get(plan.agency.pk, set())
        if plan.known is not None:
            plan.seen = plan.known.person.pk in seen_here
            for organisation, role in plan.known.follows:
                if in_family_of(plan.agency.pk, organisation):
                    plan.followed = True
                    plan.led = plan.led or role == FollowRole.LEAD
            plan.followed_by_partner = not plan.seen
            if plan.seen and not plan.one_by_one:
                _plan_known(plan)
        elif plan.namesake_id is not None and plan.namesake_id in seen_here:
            if plan.namesake_id not in namesakes_with_identifier:
                # Found by name: its identifier is filled in (an update), row by row.
                plan.one_by_one = True
            else:
                plan.duplicate_of_id = plan.namesake_id
        elif plan.namesake_id is not None:
            plan.duplicate_of_id = None  # flagged on the record, never told: the agency may not see it


def _seen_by_agency(plans: list[_Plan]) -> dict[int, set[int]]:
    """agency → which of the records its rows found (by identifier or as namesakes) it may see: a query for each
    agency whose rows found any."""
    wanted: dict[int, tuple[Organisation, set[int]]] = {}
    for plan in plans:
        ids = {plan.known.person.pk} if plan.known is not None else set()
        if plan.namesake_id is not None:
            ids.add(plan.namesake_id)
        if ids:
            wanted.setdefault(plan.agency.pk, (plan.agency, set()))[1].update(ids)
    seen: dict[int, set[int]] = {}
    for agency_pk, (agency, ids) in wanted.items():
        seen[agency_pk] = set()
        for chunk in _chunks(sorted(ids)):
            seen[agency_pk].update(
                Person.objects.filter(pk__in=chunk).filter(organisation_access_q(agency)).values_list("pk", flat=True)
            )
    return seen


def _known_read(by_id: dict[int, _Known]) -> None:
    """The follows, open referrals and sought jobs of the records found (person_led_by, _open_referral_to…)."""
    ids = sorted(by_id)
    for chunk in _chunks(ids):
        follows = Follow.objects.filter(person_id__in=chunk, ended_at__isnull=True).select_related("organisation")
        for follow in follows:
            by_id[follow.person_id].follows.append((follow.organisation, follow.role))
        referrals = (
            Referral.objects.filter(person_id__in=chunk, status__in=OPEN_STATUSES)
            .select_related("to_organisation")
            .order_by("-proposed_at")
        )
        for referral in referrals:
            by_id[referral.person_id].open_referrals.append((referral.to_organisation, referral.pk))
        profiles = JobProfile.objects.filter(person_id__in=chunk).prefetch_related(
            "sought_romes", "sought_appellations"
        )
        for profile in profiles:
            item = by_id[profile.person_id]
            item.romes = {rome.code for rome in profile.sought_romes.all()}
            item.appellations = {appellation.code_ogr for appellation in profile.sought_appellations.all()}


def _plan_known(plan: _Plan) -> None:
    """designation_submit's update of a record found: nothing to write stays in bulk, the rest goes row by row."""
    assert plan.known is not None
    known, row = plan.known, plan.row
    changes = row.changes_for(known.person)
    refused: tuple[str, ...] = ()
    if not plan.led:
        refused = tuple(sorted(name for name in changes if name not in FRANCE_TRAVAIL_FIELDS))
        changes = {name: value for name, value in changes.items() if name in FRANCE_TRAVAIL_FIELDS}
    missing_jobs = tuple(code for code in row.rome_codes if code not in known.romes) + tuple(
        code for code in row.appellation_codes if code not in known.appellations
    )
    if changes or (missing_jobs and plan.led) or not plan.followed:
        # A write on the record, or a proposal the agency may not make: designation_submit says what happens.
        plan.one_by_one = True
        plan.identity_changed = any(name in changes for name in _IDENTITY_FIELDS)
        return
    plan.refused_changes = refused
    plan.refused_jobs = missing_jobs
    plan.record = RecordOutcome.NOT_LEAD if refused or missing_jobs else RecordOutcome.UNCHANGED
    plan.person_id = known.person.pk


def _first_namesakes(plans: list[_Plan]) -> None:
    """person_find_duplicate for each row (its namesake_id): the first record (by number) with the same names (as
    the database compares them, case aside), birth date and commune, not anonymised. Rows are numbered by their
    place in a chunk (lines repeat across lists)."""
    with_commune = [plan for plan in plans if plan.row.commune is not None]
    without_commune = [plan for plan in plans if plan.row.commune is None]
    for chunk in _chunks(with_commune, _CHUNK // 2):
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
        params: list[Any] = []
        for number, plan in enumerate(chunk):
            commune = plan.row.commune
            assert commune is not None
            params += [number, plan.row.last_name, plan.row.first_name, plan.row.birth_date, commune.pk]
        found = _rows(
            f"WITH wanted (line, last_name, first_name, birth_date, commune_id) AS (VALUES {values}) "
            "SELECT wanted.line, MIN(person.id) FROM wanted JOIN people_person person "
            "ON person.commune_id = wanted.commune_id AND person.birth_date = wanted.birth_date "
            "AND UPPER(person.last_name) = UPPER(wanted.last_name) "
            "AND UPPER(person.first_name) = UPPER(wanted.first_name) "
            "WHERE person.anonymised_at IS NULL GROUP BY wanted.line",
            params,
        )
        for number, plan in enumerate(chunk):
            plan.namesake_id = found.get(number)
    for chunk in _chunks(without_commune, _CHUNK // 2):
        values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        params = []
        for number, plan in enumerate(chunk):
            params += [number, plan.row.last_name, plan.row.first_name, plan.row.birth_date]
        found = _rows(
            f"WITH wanted (line, last_name, first_name, birth_date) AS (VALUES {values}) "
            "SELECT wanted.line, MIN(person.id) FROM wanted JOIN people_person person "
            "ON person.commune_id IS NULL AND person.birth_date = wanted.birth_date "
            "AND UPPER(person.last_name) = UPPER(wanted.last_name) "
            "AND UPPER(person.first_name) = UPPER(wanted.first_name) "
            "WHERE person.anonymised_at IS NULL GROUP BY wanted.line",
            params,
        )
        for number, plan in enumerate(chunk):
            plan.namesake_id = found.get(number)


def _rows(sql: str, params: list[Any]) -> dict[int, int]:
    if connection.vendor == "postgresql":
        # VALUES takes its types from its first row: say them.
        sql = sql.replace("(%s, %s, %s, %s, %s)", "(%s::int, %s::text, %s::text, %s::date, %s::text)", 1)
        sql = sql.replace("(%s, %s, %s, %s)", "(%s::int, %s::text, %s::text, %s::date)", 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(line): int(person_id) for line, person_id in cursor.fetchall()}


# Rows that depend on one another ------------------------------------------------------------------


def _entangled(plans: list[_Plan]) -> None:
    """Send row by row, in file order, the rows whose outcome depends on another row of the batch.

    Taken together, rows only meet through names: a record created by one row is the namesake (likely
    duplicate, or the record found) of a later row with the same names, birth date and commune; a record whose
    identity or identifier one row changes is, or stops being, the namesake of another. Such rows, compared as
    the database compares names (UPPER), go through designation_submit one after the other; every other row
    meets no other and is written in bulk.
    """
    # Rows that look a namesake up (a record found by its identifier and left unchanged looks none up).
    looking = [plan for plan in plans if not plan.followed_by_partner and (plan.known is None or plan.one_by_one)]
    changing = [plan for plan in plans if plan.one_by_one and plan.known is None and plan.namesake_id is not None]
    changing_known = [plan for plan in plans if plan.identity_changed]
    # Names are compared (a query) only where birth date and commune already meet: rarely.
    coarse: dict[tuple[Any, ...], int] = {}
    for plan in looking:
        coarse[_coarse(plan)] = coarse.get(_coarse(plan), 0) + 1
    meeting = {key for key, count in coarse.items() if count > 1} | {_coarse(plan) for plan in changing}
    for plan in changing_known:
        assert plan.known is not None
        person, changes = plan.known.person, plan.row.changes_for(plan.known.person)
        meeting.add((person.birth_date, person.commune_id))
        meeting.add(
            (
                plan.row.birth_date if "birth_date" in changes else person.birth_date,
                plan.row.commune.pk if "commune" in changes and plan.row.commune else person.commune_id,
            )
        )
    keys = _namesake_keys([plan for plan in plans if _coarse(plan) in meeting or plan in changing_known])
    groups: dict[tuple[Any, ...], list[_Plan]] = {}
    for plan in looking:
        groups.setdefault(keys.get(id(plan), ("row", id(plan))), []).append(plan)
    touched: set[tuple[Any, ...]] = set()
    for plan in changing:
        touched.add(keys[id(plan)])
    if changing_known:
        people = {
            person["pk"]: person
            for person in Person.objects.filter(pk__in=[plan.known.person.pk for plan in changing_known])  # type: ignore[union-attr]
            .annotate(upper_last=Upper("last_name"), upper_first=Upper("first_name"))
            .values("pk", "upper_last", "upper_first", "birth_date", "commune_id")
        }
        for plan in changing_known:
            assert plan.known is not None
            old = people[plan.known.person.pk]
            old_key = (old["upper_last"], old["upper_first"], old["birth_date"], old["commune_id"])
            touched.add(old_key)
            changes = plan.row.changes_for(plan.known.person)
            new_key = keys[id(plan)]
            touched.add(
                (
                    new_key[0] if "last_name" in changes else old_key[0],
                    new_key[1] if "first_name" in changes else old_key[1],
                    new_key[2] if "birth_date" in changes else old_key[2],
                    new_key[3] if "commune" in changes else old_key[3],
                )
            )
    for key, group in groups.items():
        if key in touched:
            for plan in group:
                plan.one_by_one = True
        elif (
            len(group) > 1
            and all(plan.known is None and not plan.one_by_one for plan in group)
            and len({plan.agency.pk for plan in group}) == 1
        ):
            # New records with one another's names, birth date and commune: each later one is flagged as a likely
            # duplicate of the first record there, one from before the list or, else, the first row's.
            first = group[0]
            for plan in group[1:]:
                if first.namesake_id is None:
                    plan.duplicate_of_plan = first
        elif len(group) > 1:
            # Rows that meet a found record, or rows of several agencies (each sees only its own): one by one.
            for plan in group:
                plan.one_by_one = True


def _coarse(plan: _Plan) -> tuple[Any, ...]:
    return (plan.row.birth_date, plan.row.commune.pk if plan.row.commune is not None else None)


def _namesake_keys(plans: list[_Plan]) -> dict[int, tuple[Any, ...]]:
    """id(plan) → (names as the database compares them, birth date, commune code)."""
    upper: dict[str, str] = {}
    if not plans:
        return {}
    names = sorted({name for plan in plans for name in (plan.row.last_name, plan.row.first_name)})
    for chunk in _chunks(names):
        values = ", ".join(["(%s)"] * len(chunk))
        if connection.vendor == "postgresql":
            values = values.replace("(%s)", "(%s::text)", 1)
        with connection.cursor() as cursor:
            cursor.execute(f"WITH names (name) AS (VALUES {values}) SELECT name, UPPER(name) FROM names", list(chunk))
            upper.update(cursor.fetchall())
    return {
        id(plan): (
            upper[plan.row.last_name],
            upper[plan.row.first_name],
            plan.row.birth_date,
            plan.row.commune.pk if plan.row.commune is not None else None,
        )
        for plan in plans
    }


# Writing ------------------------------------------------------------------------------------------


def _write(plans: list[_Plan], routing: _Routing, *, today: datetime.date) -> None:
    """The records, follows, job projects, referrals and events of the rows taken in bulk, whichever list each
    comes from (its agency and who acts are the row's own)."""
    now = timezone.now()
    bulk = [plan for plan in plans if not plan.one_by_one and not plan.followed_by_partner]
    routing.route({code for plan in bulk if (code := _commune_code(plan)) is not None}, today=today)
    proposals = _propose(bulk, routing, today=today)
    new = [plan for plan in bulk if plan.known is None]
    with_jobs = [plan for plan in new if plan.row.rome_codes or plan.row.appellation_codes]
    # Every table's rows, counted first so that their numbers are taken at once (tables.ids_take).
    people = TableRows(Person, created_at=now, updated_at=now, last_contact_on=today)
    people.rows = [people.template] * len(new)
    follows = TableRows(Follow, started_at=now)
    follows.rows = [follows.template] * len(new)
    profiles = TableRows(JobProfile, updated_at=now)
    profiles.rows = [profiles.template] * len(with_jobs)
    referrals = TableRows(Referral, is_designation=True, proposed_at=now, updated_at=now)
    referrals.rows = [referrals.template] * len(proposals)
    events = TableRows(Event, occurred_at=now, recorded_at=now)
    events.rows = [events.template] * (2 * len(new) + len(with_jobs) + len(proposals))
    ids_take([people, follows, profiles, referrals, events])
    for table in (people, follows, profiles, referrals, events):
        table.rows = []
    for plan, person_id in zip(new, people.ids or [], strict=True):
        plan.person_id = person_id
    for plan in new:
        row, source = plan.row, plan.source
        if plan.duplicate_of_plan is not None:
            plan.duplicate_of_id = plan.duplicate_of_plan.person_id
        people.add(
            first_name=row.first_name,
            last_name=row.last_name,
            birth_date=row.birth_date,
            commune_id=row.commune.pk if row.commune is not None else None,
            ft_identifier=row.ft_identifier,
            ft_registered_on=row.ft_registered_on,
            has_rqth=bool(row.has_rqth),
            email=row.email,
            phone=row.phone,
            ft_category=row.ft_category,
            possible_duplicate_of_id=plan.namesake_id or plan.duplicate_of_id,
            search_key=search_normalise(f"{row.last_name} {row.first_name}"),
        )
        # Followed by the agency: the lead with its adviser, or a contributor (people.services.person_register).
        follows.add(
            person_id=plan.person_id,
            organisation_id=source.agency.pk,
            adviser_id=source.adviser.pk if source.adviser is not None else None,
            role=FollowRole.LEAD if source.adviser is not None else FollowRole.CONTRIBUTOR,
        )
    # Job projects started by the jobs sought (people.services.job_profile_add_jobs).
    romes_through = TableRows(JobProfile.sought_romes.through)
    appellations_through = TableRows(JobProfile.sought_appellations.through)
    for plan, profile_id in zip(with_jobs, profiles.ids or [], strict=True):
        profiles.add(person_id=plan.person_id)
        for code in sorted(set(plan.row.rome_codes)):
            romes_through.add(jobprofile_id=profile_id, romecode_id=code)
        for code in sorted(set(plan.row.appellation_codes)):
            appellations_through.add(jobprofile_id=profile_id, romeappellation_id=code)
    # The proposals (designation_propose, referral_propose).
    reason = _("Délégation du PPAE (cotraitance) : %(reason)s")
    answer_from = timezone.localdate(now)
    for (plan, receiver, link), referral_id in zip(proposals, referrals.ids or [], strict=True):
        assert plan.eligibility is not None
        plan.referral_id = referral_id
        referrals.add(
            person_id=plan.person_id,
            from_organisation_id=plan.agency.pk,
            proposed_by_id=_pk(plan.source.by),
            to_organisation_id=receiver.pk,
            link_id=link.pk,
            reason=reason % {"reason": plan.eligibility.reason},
            answer_due_on=answer_from + datetime.timedelta(days=link.referral_answer_days),
        )
    # Their events, as the services record them, in the name of the row's agency and of who acts for it.
    for plan in new:
        events.add(
            kind=EventKind.PERSON_CREATED,
            person_id=plan.person_id,
            subject_type="person",
            subject_id=plan.person_id,
            **_actor(plan.source),
        )
    for plan, follow_id in zip(new, follows.ids or [], strict=True):
        source = plan.source
        if source.adviser is not None:
            follow_kind = EventKind.LEAD_ASSIGNED
            follow_payload = {
                "organisation": source.agency.name,
                "adviser": source.adviser.get_full_name(),
                "previous_organisation": "",
            }
        else:
            follow_kind, follow_payload = EventKind.CONTRIBUTOR_ADDED, {"organisation": source.agency.name}
        events.add(
            kind=follow_kind,
            person_id=plan.person_id,
            subject_type="follow",
            subject_id=follow_id,
            payload=follow_payload,
            **_actor(source),
        )
    for plan, profile_id in zip(with_jobs, profiles.ids or [], strict=True):
        romes, appellations = sorted(set(plan.row.rome_codes)), sorted(set(plan.row.appellation_codes))
        events.add(
            kind=EventKind.JOB_PROFILE_UPDATED,
            person_id=plan.person_id,
            subject_type="jobprofile",
            subject_id=profile_id,
            payload={
                "fields": (["sought_romes"] if romes else []) + (["sought_appellations"] if appellations else []),
                "romes": romes,
                "appellations": appellations,
            },
            **_actor(plan.source),
        )
    for plan, receiver, _link in proposals:
        events.add(
            kind=EventKind.DESIGNATION_PROPOSED,
            person_id=plan.person_id,
            subject_type="referral",
            subject_id=plan.referral_id,
            payload={"from": plan.agency.name, "to": receiver.name},
            **_actor(plan.source),
        )
    for table in (people, follows, profiles, romes_through, appellations_through, referrals, events):
        table.write()
    _announce(events, events.ids or [])


def _pk(user: User | None) -> int | None:
    return user.pk if user is not None else None


def _actor(source: _Source) -> dict[str, int | None]:
    return {"actor_id": _pk(source.by), "actor_organisation_id": source.agency.pk}


def _commune_code(plan: _Plan) -> str | None:
    if plan.known is not None:
        return plan.known.person.commune_id
    return plan.row.commune.pk if plan.row.commune is not None else None


def _propose(
    plans: list[_Plan], routing: _Routing, *, today: datetime.date
) -> list[tuple[_Plan, Organisation, PartnershipLink]]:
    """designation_propose for each row: its outcome; the rows to propose, with their receiver and link."""
    proposals = []
    day = routing.day or today
    eligible: list[tuple[_Plan, Eligibility, Commune | None]] = []
    for plan in plans:
        if plan.known is not None:
            person = plan.known.person
            birth_date, has_rqth, commune = person.birth_date, person.has_rqth, person.commune
        else:
            row = plan.row
            birth_date, has_rqth, commune = row.birth_date, bool(row.has_rqth), row.commune
        eligibility = designation_check(
            birth_date=birth_date, has_rqth=has_rqth, commune=commune, day=day, mission_locales=routing.mission_locales
        )
        plan.eligibility = eligibility
        if not eligibility.eligible or eligibility.mission_locale is None:
            plan.outcome = DesignationOutcome.NOT_ELIGIBLE
        else:
            eligible.append((plan, eligibility, commune))
    # The partnership links of every (agency, Mission Locale) pair, on the eligibility day and today: two queries.
    pairs = set()
    for plan, eligibility, _commune in eligible:
        assert eligibility.mission_locale is not None
        pairs.add((plan.agency, eligibility.mission_locale))
    routing.links_read(pairs, days={day, today})
    for plan, eligibility, commune in eligible:
        mission_locale = eligibility.mission_locale
        assert mission_locale is not None
        if routing.link(plan.agency, mission_locale, day) is None:
            reason = _(
                "%(agency)s n'a pas de partenariat en cours avec %(ml)s, la Mission Locale de %(commune)s : "
                "la proposition passe par une agence partenaire."
            ) % {"agency": plan.agency.name, "ml": mission_locale.name, "commune": commune}
            plan.eligibility = Eligibility(False, reason, mission_locale, eligibility.age, Ineligibility.NO_PARTNERSHIP)
            plan.outcome = DesignationOutcome.NOT_ELIGIBLE
            continue
        if plan.known is not None:
            if any(in_family_of(mission_locale.pk, lead) for lead in plan.known.lead_organisations):
                plan.outcome = DesignationOutcome.ALREADY_FOLLOWED
                continue
            open_referral = next(
                (pk for receiver, pk in plan.known.open_referrals if in_family_of(mission_locale.pk, receiver)), None
            )
            if open_referral is not None:
                plan.outcome = DesignationOutcome.ALREADY_PROPOSED
                plan.referral_id = open_referral
                continue
        link = routing.link(plan.agency, mission_locale, today)
        if link is None:  # a partnership ending on the eligibility day: referral_propose refuses, row by row
            raise _Refused()
        plan.outcome = DesignationOutcome.PROPOSED
        proposals.append((plan, routing.receiver(mission_locale, commune.pk if commune else None), link))
    return proposals


class _Refused(IntegrityError):
    """A row the bulk writer does not take: the batch goes row by row."""


def _announce(events: TableRows, event_ids: list[int]) -> None:
    """events_announce for the events listened to (the notifications of the referrals received)."""
    heard = []
    kind_index = events.index["kind"]
    for values, event_id in zip(events.rows, event_ids, strict=True):
        if listeners_of(values[kind_index]):
            event = Event(**dict(zip(events.attnames, values, strict=True)))
            event.pk = event_id
            heard.append(event)
    if heard:
        events_announce(heard)
