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
    _registering_adviser,
    _require_agency,
    designation_check,
    designation_row_submit,
    designation_rows_parse,
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
from tandem.referrals.services import partnership_link_between

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
    _require_agency(agency)
    report = ImportReport()
    parsed = designation_rows_parse(rows_or_file=rows_or_file, report=report)
    if not parsed:
        return report
    context = _Context.of(agency=agency, by=by, day=day)
    batch: list[ParsedRow] = []
    for item in progress(parsed) if progress else parsed:
        batch.append(item)
        if len(batch) >= batch_rows:
            _batch_import(batch, context, report)
            batch = []
    if batch:
        _batch_import(batch, context, report)
    return report


# What an import knows once ------------------------------------------------------------------------


@dataclass
class _Context:
    agency: Organisation
    by: User | None
    day: datetime.date | None  # the day eligibility is judged on (designation_propose's `day`), None: today
    adviser: User | None
    # designation_check's cache: commune code → the Mission Locale covering it (None: none), filled per batch.
    mission_locales: dict[str, Organisation | None] = field(default_factory=dict)
    # partnership_link_between(agency, Mission Locale) on the eligibility day, and on the day of the proposal.
    links_checked: dict[int, PartnershipLink | None] = field(default_factory=dict)
    links_proposed: dict[int, PartnershipLink | None] = field(default_factory=dict)
    # commune code → the Mission Locale sites covering it (site_covering_commune), filled per batch.
    sites: dict[str, list[Organisation]] = field(default_factory=dict)

    @classmethod
    def of(cls, *, agency: Organisation, by: User | None, day: datetime.date | None) -> _Context:
        return cls(agency=agency, by=by, day=day, adviser=_registering_adviser(agency=agency, by=by))

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

    def link_checked(self, mission_locale: Organisation, *, today: datetime.date) -> PartnershipLink | None:
        if mission_locale.pk not in self.links_checked:
            self.links_checked[mission_locale.pk] = partnership_link_between(
                a=self.agency, b=mission_locale, day=self.day or today
            )
        return self.links_checked[mission_locale.pk]

    def link_proposed(self, mission_locale: Organisation, *, today: datetime.date) -> PartnershipLink | None:
        if mission_locale.pk not in self.links_proposed:
            self.links_proposed[mission_locale.pk] = partnership_link_between(
                a=self.agency, b=mission_locale, day=today
            )
        return self.links_proposed[mission_locale.pk]

    def receiver(self, mission_locale: Organisation, commune_code: str | None) -> Organisation:
        """referral_propose's receiver: the Mission Locale's site covering the commune, else the Mission Locale."""
        for site in self.sites.get(commune_code or "", ()):
            if site.parent_id == mission_locale.pk:
                return site
        return mission_locale


# One batch ----------------------------------------------------------------------------------------


@dataclass
class _Known:
    """A record already there, as the designation reads it."""

    person: Person
    seen: bool = False  # the agency may see it (organisation_access_q)
    led: bool = False  # the agency leads it
    followed: bool = False  # the agency follows it (lead or contributor)
    lead_organisations: list[Organisation] = field(default_factory=list)
    open_referrals: list[tuple[Organisation, int]] = field(default_factory=list)  # (receiver, referral id)
    romes: set[str] = field(default_factory=set)
    appellations: set[str] = field(default_factory=set)


@dataclass
class _Plan:
    """What one row of the batch does."""

    line: int
    row: DesignationRow
    known: _Known | None = None  # the record found by its France Travail identifier
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


def _batch_import(batch: list[ParsedRow], context: _Context, report: ImportReport) -> None:
    today = timezone.localdate()
    plans = [_Plan(line, row) for line, row in batch if isinstance(row, DesignationRow)]
    try:
        with transaction.atomic():
            _match(plans, context)
            _entangled(plans)
            _write(plans, context, today=today)
    except IntegrityError:
        # Another import wrote one of these records or referrals meanwhile: each row on its own, as it would be.
        for plan in plans:
            plan.one_by_one = True
    plans_by_line = {plan.line: plan for plan in plans}
    for line, row in batch:
        found = plans_by_line.get(line)
        if found is None or found.one_by_one:
            designation_row_submit(
                report,
                line,
                row,
                agency=context.agency,
                by=context.by,
                day=context.day,
                mission_locales=context.mission_locales,
            )
        elif found.followed_by_partner:
            report.add_followed_by_partner(line)
        else:
            plan = found
            eligibility = plan.eligibility
            assert eligibility is not None, "a row written in bulk has its eligibility"
            report.add_row(
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


def _match(plans: list[_Plan], context: _Context) -> None:
    """_person_match for the whole batch: by identifier, then the first namesake; who sees, leads, follows."""
    agency = context.agency
    known: dict[str, _Known] = {}
    for chunk in _chunks([plan.row.ft_identifier for plan in plans]):
        for person in Person.objects.select_related("commune").only(*_PERSON_FIELDS).filter(ft_identifier__in=chunk):
            known[person.ft_identifier] = _Known(person)
    for plan in plans:
        plan.known = known.get(plan.row.ft_identifier)
    namesakes = _first_namesakes([plan for plan in plans if plan.known is None])
    namesake_ids = set(namesakes.values())
    for plan in plans:
        plan.namesake_id = namesakes.get(plan.line)
    by_id = {item.person.pk: item for item in known.values()}
    candidates = sorted(by_id.keys() | namesake_ids)
    seen: set[int] = set()
    for chunk in _chunks(candidates):
        seen.update(
            Person.objects.filter(pk__in=chunk).filter(organisation_access_q(agency)).values_list("pk", flat=True)
        )
    if by_id:
        _known_read(by_id, agency)
    for item in by_id.values():
        item.seen = item.person.pk in seen
    namesakes_with_identifier: set[int] = set()
    for chunk in _chunks(sorted(namesake_ids)):
        namesakes_with_identifier.update(
            Person.objects.filter(pk__in=chunk).exclude(ft_identifier="").values_list("pk", flat=True)
        )
    for plan in plans:
        if plan.known is not None:
            plan.followed_by_partner = not plan.known.seen
            if plan.known.seen:
                _plan_known(plan)
        elif plan.namesake_id is not None and plan.namesake_id in seen:
            if plan.namesake_id not in namesakes_with_identifier:
                # Found by name: its identifier is filled in (an update), row by row.
                plan.one_by_one = True
            else:
                plan.duplicate_of_id = plan.namesake_id
        elif plan.namesake_id is not None:
            plan.duplicate_of_id = None  # flagged on the record, never told: the agency may not see it


def _known_read(by_id: dict[int, _Known], agency: Organisation) -> None:
    """The follows, open referrals and sought jobs of the records found (person_led_by, _open_referral_to…)."""
    ids = sorted(by_id)
    for chunk in _chunks(ids):
        follows = Follow.objects.filter(person_id__in=chunk, ended_at__isnull=True).select_related("organisation")
        for follow in follows:
            item = by_id[follow.person_id]
            if in_family_of(agency.pk, follow.organisation):
                item.followed = True
                item.led = item.led or follow.role == FollowRole.LEAD
            if follow.role == FollowRole.LEAD:
                item.lead_organisations.append(follow.organisation)
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
    if not known.led:
        refused = tuple(sorted(name for name in changes if name not in FRANCE_TRAVAIL_FIELDS))
        changes = {name: value for name, value in changes.items() if name in FRANCE_TRAVAIL_FIELDS}
    missing_jobs = tuple(code for code in row.rome_codes if code not in known.romes) + tuple(
        code for code in row.appellation_codes if code not in known.appellations
    )
    if changes or (missing_jobs and known.led) or not known.followed:
        # A write on the record, or a proposal the agency may not make: designation_submit says what happens.
        plan.one_by_one = True
        plan.identity_changed = any(name in changes for name in _IDENTITY_FIELDS)
        return
    plan.refused_changes = refused
    plan.refused_jobs = missing_jobs
    plan.record = RecordOutcome.NOT_LEAD if refused or missing_jobs else RecordOutcome.UNCHANGED
    plan.person_id = known.person.pk


def _first_namesakes(plans: list[_Plan]) -> dict[int, int]:
    """person_find_duplicate for each row: line → the first record (by number) with the same names (as the
    database compares them, case aside), birth date and commune, not anonymised."""
    found: dict[int, int] = {}
    with_commune = [plan for plan in plans if plan.row.commune is not None]
    without_commune = [plan for plan in plans if plan.row.commune is None]
    for chunk in _chunks(with_commune, _CHUNK // 2):
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
        params: list[Any] = []
        for plan in chunk:
            commune = plan.row.commune
            assert commune is not None
            params += [plan.line, plan.row.last_name, plan.row.first_name, plan.row.birth_date, commune.pk]
        found.update(
            _rows(
                f"WITH wanted (line, last_name, first_name, birth_date, commune_id) AS (VALUES {values}) "
                "SELECT wanted.line, MIN(person.id) FROM wanted JOIN people_person person "
                "ON person.commune_id = wanted.commune_id AND person.birth_date = wanted.birth_date "
                "AND UPPER(person.last_name) = UPPER(wanted.last_name) "
                "AND UPPER(person.first_name) = UPPER(wanted.first_name) "
                "WHERE person.anonymised_at IS NULL GROUP BY wanted.line",
                params,
            )
        )
    for chunk in _chunks(without_commune, _CHUNK // 2):
        values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        params = []
        for plan in chunk:
            params += [plan.line, plan.row.last_name, plan.row.first_name, plan.row.birth_date]
        found.update(
            _rows(
                f"WITH wanted (line, last_name, first_name, birth_date) AS (VALUES {values}) "
                "SELECT wanted.line, MIN(person.id) FROM wanted JOIN people_person person "
                "ON person.commune_id IS NULL AND person.birth_date = wanted.birth_date "
                "AND UPPER(person.last_name) = UPPER(wanted.last_name) "
                "AND UPPER(person.first_name) = UPPER(wanted.first_name) "
                "WHERE person.anonymised_at IS NULL GROUP BY wanted.line",
                params,
            )
        )
    return found


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
        groups.setdefault(keys.get(plan.line, ("row", plan.line)), []).append(plan)
    touched: set[tuple[Any, ...]] = set()
    for plan in changing:
        touched.add(keys[plan.line])
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
            new_key = keys[plan.line]
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
        elif len(group) > 1 and all(plan.known is None and not plan.one_by_one for plan in group):
            # New records with one another's names, birth date and commune: each later one is flagged as a likely
            # duplicate of the first record there, one from before the list or, else, the first row's.
            first = group[0]
            for plan in group[1:]:
                if first.namesake_id is None:
                    plan.duplicate_of_plan = first
        elif len(group) > 1:
            for plan in group:
                plan.one_by_one = True


def _coarse(plan: _Plan) -> tuple[Any, ...]:
    return (plan.row.birth_date, plan.row.commune.pk if plan.row.commune is not None else None)


def _namesake_keys(plans: list[_Plan]) -> dict[int, tuple[Any, ...]]:
    """line → (names as the database compares them, birth date, commune code)."""
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
        plan.line: (
            upper[plan.row.last_name],
            upper[plan.row.first_name],
            plan.row.birth_date,
            plan.row.commune.pk if plan.row.commune is not None else None,
        )
        for plan in plans
    }


# Writing ------------------------------------------------------------------------------------------


def _write(plans: list[_Plan], context: _Context, *, today: datetime.date) -> None:
    """The records, follows, job projects, referrals and events of the rows taken in bulk."""
    agency, by = context.agency, context.by
    now = timezone.now()
    bulk = [plan for plan in plans if not plan.one_by_one and not plan.followed_by_partner]
    context.route({code for plan in bulk if (code := _commune_code(plan)) is not None}, today=today)
    proposals = _propose(bulk, context, today=today)
    new = [plan for plan in bulk if plan.known is None]
    with_jobs = [plan for plan in new if plan.row.rome_codes or plan.row.appellation_codes]
    # Every table's rows, counted first so that their numbers are taken at once (tables.ids_take).
    people = TableRows(Person, created_at=now, updated_at=now, last_contact_on=today)
    people.rows = [people.template] * len(new)
    follows = TableRows(
        Follow,
        organisation_id=agency.pk,
        adviser_id=context.adviser.pk if context.adviser is not None else None,
        role=FollowRole.LEAD if context.adviser is not None else FollowRole.CONTRIBUTOR,
        started_at=now,
    )
    follows.rows = [follows.template] * len(new)
    profiles = TableRows(JobProfile, updated_at=now)
    profiles.rows = [profiles.template] * len(with_jobs)
    referrals = TableRows(
        Referral,
        from_organisation_id=agency.pk,
        is_designation=True,
        proposed_at=now,
        proposed_by_id=by.pk if by is not None else None,
        updated_at=now,
    )
    referrals.rows = [referrals.template] * len(proposals)
    events = TableRows(
        Event,
        actor_id=by.pk if by is not None else None,
        actor_organisation_id=agency.pk,
        occurred_at=now,
        recorded_at=now,
    )
    events.rows = [events.template] * (2 * len(new) + len(with_jobs) + len(proposals))
    ids_take([people, follows, profiles, referrals, events])
    for table in (people, follows, profiles, referrals, events):
        table.rows = []
    for plan, person_id in zip(new, people.ids or [], strict=True):
        plan.person_id = person_id
    for plan in new:
        row = plan.row
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
        follows.add(person_id=plan.person_id)
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
            to_organisation_id=receiver.pk,
            link_id=link.pk,
            reason=reason % {"reason": plan.eligibility.reason},
            answer_due_on=answer_from + datetime.timedelta(days=link.referral_answer_days),
        )
    # Their events, as the services record them.
    for plan in new:
        events.add(
            kind=EventKind.PERSON_CREATED, person_id=plan.person_id, subject_type="person", subject_id=plan.person_id
        )
    if context.adviser is not None:
        follow_kind = EventKind.LEAD_ASSIGNED
        follow_payload = {
            "organisation": agency.name,
            "adviser": context.adviser.get_full_name(),
            "previous_organisation": "",
        }
    else:
        follow_kind, follow_payload = EventKind.CONTRIBUTOR_ADDED, {"organisation": agency.name}
    for plan, follow_id in zip(new, follows.ids or [], strict=True):
        events.add(
            kind=follow_kind,
            person_id=plan.person_id,
            subject_type="follow",
            subject_id=follow_id,
            payload=follow_payload,
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
        )
    for plan, receiver, _link in proposals:
        events.add(
            kind=EventKind.DESIGNATION_PROPOSED,
            person_id=plan.person_id,
            subject_type="referral",
            subject_id=plan.referral_id,
            payload={"from": agency.name, "to": receiver.name},
        )
    for table in (people, follows, profiles, romes_through, appellations_through, referrals, events):
        table.write()
    _announce(events, events.ids or [])


def _commune_code(plan: _Plan) -> str | None:
    if plan.known is not None:
        return plan.known.person.commune_id
    return plan.row.commune.pk if plan.row.commune is not None else None


def _propose(
    plans: list[_Plan], context: _Context, *, today: datetime.date
) -> list[tuple[_Plan, Organisation, PartnershipLink]]:
    """designation_propose for each row: its outcome; the rows to propose, with their receiver and link."""
    proposals = []
    day = context.day or today
    for plan in plans:
        if plan.known is not None:
            person = plan.known.person
            birth_date, has_rqth, commune = person.birth_date, person.has_rqth, person.commune
        else:
            row = plan.row
            birth_date, has_rqth, commune = row.birth_date, bool(row.has_rqth), row.commune
        eligibility = designation_check(
            birth_date=birth_date, has_rqth=has_rqth, commune=commune, day=day, mission_locales=context.mission_locales
        )
        plan.eligibility = eligibility
        mission_locale = eligibility.mission_locale
        if not eligibility.eligible or mission_locale is None:
            plan.outcome = DesignationOutcome.NOT_ELIGIBLE
            continue
        if context.link_checked(mission_locale, today=today) is None:
            reason = _(
                "%(agency)s n'a pas de partenariat en cours avec %(ml)s, la Mission Locale de %(commune)s : "
                "la proposition passe par une agence partenaire."
            ) % {"agency": context.agency.name, "ml": mission_locale.name, "commune": commune}
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
        link = context.link_proposed(mission_locale, today=today)
        if link is None:  # a partnership ending on the eligibility day: referral_propose refuses, row by row
            raise _Refused()
        plan.outcome = DesignationOutcome.PROPOSED
        proposals.append((plan, context.receiver(mission_locale, commune.pk if commune else None), link))
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
