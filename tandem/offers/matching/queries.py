"""Suggestions in both directions, ranked by the database: the exact best pairs, never the first ones found.

`offer_suggestions_for` (offers for a young person) and `candidate_suggestions_for` (young people for an offer)
read the fixed side's features once (one row), then score every eligible row of the other side in one query
against them (criteria.CRITERIA), keep the pairs no criterion leaves out, order them by score, then distance,
then id, and return the page. The reasons of the rows shown are read from the outcomes that ranked them.

Queries: the fixed side (1), the ranking (one per job tier read, _offer_job_tiers and _job_tiers: each also
recomputes in full, for the rows shown, what it left out because it could not change their score, and reads what
the page shows of them).
docs/matching.md explains the SQL.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F, Field, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.access.permissions import reached_person_conditions_q
from tandem.access.selectors import person_list_for
from tandem.accounts.models import Membership
from tandem.accounts.permissions import can_see_nominative_data
from tandem.core.compiled import UNREAD, Sql, compiled_once, forget
from tandem.offers.enums import OfferStatus
from tandem.offers.matching import criteria
from tandem.offers.matching.dialect import Dialect, dialect_of
from tandem.offers.matching.scoring import (
    BEST_POINTS_BESIDE_JOB,
    NO_JOB_SOUGHT_POINTS,
    SAME_DOMAIN_POINTS,
    Match,
    bounding_box,
)
from tandem.offers.models import Offer, Positioning, SeenSoughtJob
from tandem.offers.selectors import offer_scope_inputs, offer_visible_to
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import family_ids, family_q
from tandem.people.models import Person
from tandem.referentials.models import RomeAppellation, RomeCode
from tandem.territories.models import Commune

DEFAULT_LIMIT = 20
logger = logging.getLogger(__name__)


@dataclass
class Suggestions:
    matches: list[Match]
    filters: list[str] = field(default_factory=list)  # the rules that left rows out, in words


def _base(queryset: QuerySet[Any], columns: Mapping[str, str]) -> Sql:
    """The ORM's SQL for the rows (scoped, filtered), reading the given lookups under the given aliases."""
    sql, params = _reading(queryset, columns).query.sql_with_params()
    return sql, list(params)


def _reading(queryset: QuerySet[Any], columns: Mapping[str, str]) -> QuerySet[Any]:
    return queryset.order_by().values(**{alias: F(lookup) for alias, lookup in columns.items()})


def _parts(base: Sql, conditions: list[Sql]) -> Sql:
    """Disjoint parts of the base rows read as one (UNION ALL): the database moves each part's condition into
    the base query, where its own index serves it. The base is written once, as a common table expression the
    database copies into each part (NOT MATERIALIZED; SQLite ≥ 3.35 reads it too): written out in each part,
    its parameters (an organisation's 200 partners) were bound once per part, 2 ms a statement with three parts."""
    parts = " UNION ALL ".join(f"SELECT * FROM base_rows b WHERE {condition}" for condition, _p in conditions)
    return (
        f"WITH base_rows AS NOT MATERIALIZED ({base[0]}) {parts}",
        [*base[1], *(param for _condition, params in conditions for param in params)],
    )


def _constant(d: Dialect, values: Mapping[str, Any], types: Mapping[str, str]) -> Sql:
    """One row of constants: the fixed side of the pairs (the planner folds what depends on it alone)."""
    columns = ", ".join(f"{d.typed(kind)} AS {name}" for name, kind in types.items())
    return f"SELECT {columns}", [d.param(values[name]) for name in types]


def _pairs(d: Dialect, offers: Sql, seekers: Sql) -> Sql:
    """Every pair's features, distance, tier and outcomes (the varying side is fenced: computed once a row)."""
    pair = f"SELECT o.*, s.*, {criteria.pair_sql(d)} FROM ({offers[0]}) o CROSS JOIN ({seekers[0]}) s"
    return (
        f"SELECT p.*, {criteria.outcomes_sql()} FROM ({pair} {d.fence()}) p",
        offers[1] + seekers[1],
    )


def _ranked(
    d: Dialect,
    pairs: Sql,
    *,
    tie: str,
    limit: int,
    deferred: frozenset[str] = frozenset(),
    excluded_too: bool = False,
    checked: Sql | None = None,
    shown: Sequence[str] = (),
    joined: tuple[str, str] | None = None,
) -> Sql:
    """The page: the pairs kept, best first; then, for its rows only, the offer's features the ranking deferred
    (`deferred`, criteria.offer_features_sql) in full, and the outcomes that read them again, which the reasons read
    (the other outcomes are the ranking's); with `checked`, a condition on each row of the page (`e.*`), read as the
    column `checked`; with `shown`, columns the pairs carry for the page (what it shows of a person); with `joined`,
    columns read by joins to the page's rows (`e`: what it shows of an offer, _shown_offer_join)."""
    kept = "" if excluded_too else f"WHERE NOT ({criteria.excluded_sql()}) "
    order = f"ORDER BY score DESC, distance ASC NULLS LAST, {tie}"
    page = f"SELECT r.*, {criteria.score_sql(d)} AS score FROM ({pairs[0]} {d.fence()}) r {kept}{order} LIMIT %s"
    again = criteria.criteria_reading(deferred)
    kept_outcomes = [criterion.name for criterion in criteria.CRITERIA if criterion not in again]
    names = [*criteria.OFFER_TYPES, *criteria.SEEKER_TYPES, *shown, "distance", "tier", "score", *kept_outcomes]
    columns, params = [], []
    for name in names:
        if name in deferred:
            sql, sql_params = criteria.deferrable_offer_feature_sql(d, name, "t")
            columns.append(f"{sql} AS {name}")
            params += sql_params  # the SELECT list's parameters, in the order of its columns
        else:
            columns.append(f"t.{name}")
    rows = f"SELECT {', '.join(columns)} FROM ({page}) t"
    outcomes = f", {criteria.outcomes_sql(again)}" if again else ""
    check = f", ({checked[0]}) AS checked" if checked else ""
    join = f", {joined[0]} FROM ({rows}) e {joined[1]}" if joined else f" FROM ({rows}) e"
    return (
        f"SELECT e.*{outcomes}{check}{join} {order}",
        [*(checked[1] if checked else []), *params, *pairs[1], limit],
    )


def _fetch(sql: Sql) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql[0], sql[1])
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _seeker_features(
    d: Dialect,
    people: Sql,
    *,
    today: datetime.date,
    rome_codes: bool = False,
    known: Mapping[str, str] | None = None,
    unread: frozenset[str] = frozenset(),
    passed: Sequence[str] = (),
) -> Sql:
    """The features of the people of the base query; `passed`: base columns carried as they are."""
    sql, params = criteria.seeker_features_sql(d, today=today, rome_codes=rome_codes, known=known, unread=unread)
    carried = "".join(f", b.{name}" for name in passed)
    # The features' parameters come first in the SELECT list, then the base query's.
    return f"SELECT {sql}{carried} FROM ({people[0]}) b", params + people[1]


def _offer_features(d: Dialect, offers: Sql, *, deferred: frozenset[str] = frozenset()) -> Sql:
    sql, params = criteria.offer_features_sql(d, deferred=deferred)
    return f"SELECT {sql} FROM ({offers[0]}) b", params + offers[1]


def _explained(rows: list[dict[str, Any]], offers: Mapping[int, Offer], person_of) -> list[Match]:
    matches = []
    for values in rows:
        offer = offers[values["o_id"]]
        met, missed = criteria.explain(criteria.Row(values=values, offer=offer))
        matches.append(
            Match(
                offer=offer,
                person=person_of(values["s_id"]),
                score=values["score"],
                reasons_met=met,
                reasons_missed=missed,
                distance_km=values["distance"],
                tier=values["tier"],
                outcomes=(outcomes := {criterion.name: values[criterion.name] for criterion in criteria.CRITERIA}),
                excluded=criteria.excluded_reason(outcomes),
            )
        )
    return matches


# What a suggestion shows of the offer beside its features (the pages, the API, the reasons): read by the ranking
# for the rows of the page (`joined`), the offers built from them (_shown_offer), not read again (the query more,
# with its ORM compiling, cost 3.5 ms a page). Alias: the model and field read.
SHOWN_OFFER: dict[str, tuple[type[Model], str]] = {
    "so_title": (Offer, "title"),
    "so_employer_name": (Offer, "employer_name"),
    "so_place_label": (Offer, "place_label"),
    "so_rome_label": (RomeCode, "label"),
    "so_domain_code": (RomeCode, "domain_code"),
    "so_domain_label": (RomeCode, "domain_label"),
    "so_appellation_label": (RomeAppellation, "label"),
    "so_commune_name": (Commune, "name"),
}
# Each model of SHOWN_OFFER joined by its primary key to this column of the page's rows.
_SHOWN_OFFER_KEYS: dict[type[Model], str] = {
    Offer: "o_id",
    RomeCode: "o_rome",
    RomeAppellation: "o_appellation",
    Commune: "o_commune",
}
# What the candidates' page shows of a person beside the features (s_id, s_commune): read by the ranking for the
# rows of the page, the people built from them (_shown_person), not read again (a query more cost 2.5 ms a page).
SHOWN_PERSON = {"p_first_name": "first_name", "p_last_name": "last_name", "p_commune_name": "commune__name"}


def _shown_offer_join() -> tuple[str, str]:
    """The columns of SHOWN_OFFER and the joins that read them for the page's rows (`e`), each a probe of a primary
    key. Written as plain joins: an ORM subquery on the right of a LEFT JOIN made SQLite build every offer with its
    job and commune at each ranking (89 ms for 50,000 offers)."""
    quote = connection.ops.quote_name
    aliases = {model: f"so{position}" for position, model in enumerate(_SHOWN_OFFER_KEYS)}
    columns = ", ".join(
        f"{aliases[model]}.{quote(_column(model, name))} AS {alias}" for alias, (model, name) in SHOWN_OFFER.items()
    )
    joins = " ".join(
        f"LEFT JOIN {quote(model._meta.db_table)} {aliases[model]} "
        f"ON {aliases[model]}.{quote(_column(model, 'pk'))} = e.{column}"
        for model, column in _SHOWN_OFFER_KEYS.items()
    )
    return columns, joins


def _column(model: type[Model], name: str) -> str:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise ValueError(f"{model._meta.label}.{name}: not a column")
    return field.column


def _shown_offer(row: Mapping[str, Any], related: dict[tuple[type[Model], Any], Any]) -> Offer:
    """The offer as the page shows it, built from the page's row (features and SHOWN_OFFER), with its job,
    appellation and commune: as a query reading these fields only would load it, the others deferred. The page's
    offers share one object per job, appellation and commune (`related`): building each again cost 1 ms a page."""
    offer = _from_db(
        Offer,
        {
            "id": row["o_id"],
            "title": row["so_title"],
            "employer_name": row["so_employer_name"],
            "place_label": row["so_place_label"],
            "contract_type": row["o_contract"],
            "working_time": row["o_working_time"],
            "rome_id": None,
            "appellation_id": None,
            "commune_id": None,
        },
    )
    if row["o_rome"] is not None:
        offer.rome = _related(
            related,
            RomeCode,
            {
                "code": row["o_rome"],
                "label": row["so_rome_label"],
                "domain_code": row["so_domain_code"],
                "domain_label": row["so_domain_label"],
            },
        )
    if row["o_appellation"] is not None:
        offer.appellation = _related(
            related, RomeAppellation, {"code_ogr": row["o_appellation"], "label": row["so_appellation_label"]}
        )
    if row["o_commune"] is not None:
        offer.commune = _related(related, Commune, {"code": row["o_commune"], "name": row["so_commune_name"]})
    return offer


_ONE_ROW: dict[tuple[str, str], str] = {}
_ANY_KEY = -1  # compiled in place of a real key, then checked to be the only parameter


def _one_row(model: type[Person] | type[Offer], columns: Mapping[str, str], pk: int) -> Sql:
    """The ORM's SQL for one row by its key, reading the given lookups (as _base): compiled once per process and
    database, only the key changing (each page of suggestions saved 1–2 ms of compiling)."""
    key = (model._meta.label, connection.vendor)
    if key not in _ONE_ROW:
        sql, params = _base(model.objects.filter(pk=_ANY_KEY), columns)
        if params != [_ANY_KEY]:
            raise ValueError(f"{model._meta.label}: parameters beside the key: {params}")
        _ONE_ROW[key] = sql
    return _ONE_ROW[key], [pk]


def seeker_features(*, person: Person, today: datetime.date, rome_codes: bool = False) -> dict[str, Any]:
    """The young person's features as the matching reads them (one query)."""
    d = dialect_of(connection)
    base = _one_row(Person, criteria.SEEKER_BASE, person.pk)
    [row] = _fetch(_seeker_features(d, base, today=today, rome_codes=rome_codes))
    return row


def offer_features(*, offer: Offer) -> dict[str, Any]:
    """The offer's features as the matching reads them (one query)."""
    d = dialect_of(connection)
    [row] = _fetch(_offer_features(d, _one_row(Offer, criteria.OFFER_BASE, offer.pk)))
    return row


def _near_offers(*, lat: float, lon: float, km: float) -> list[Sql]:
    """The offers that may lie within `km`, in two disjoint parts of the base rows: placed by their own
    coordinates, in the box (offer_open_for_matching); without coordinates of their own (offer_open_unplaced_by_rome),
    placed by their commune's in the box, or placed nowhere (no distance: the tiers of communes decide). The box
    holds the circle; the place criterion removes its corners. (Three parts, the last two apart, cost 1 ms more
    of planning a statement.)"""
    (south, north), (west, east) = bounding_box(lat, lon, km)
    own = "b.o_lat0 IS NOT NULL AND b.o_lon0 IS NOT NULL"
    by_commune = "b.o_clat BETWEEN %s AND %s AND b.o_clon BETWEEN %s AND %s"
    nowhere = "b.o_clat IS NULL OR b.o_clon IS NULL"
    return [
        ("b.o_lat0 BETWEEN %s AND %s AND b.o_lon0 BETWEEN %s AND %s", [south, north, west, east]),
        (f"NOT ({own}) AND ({by_commune} OR {nowhere})", [south, north, west, east]),
    ]


def _offer_job_tiers(seeker: Mapping[str, Any]) -> list[tuple[list[str] | None, int | None]]:
    """Which offers may suit the person's jobs, read best tier first (as _job_tiers does for candidates): the
    offers of the sought jobs (their ROME codes, appellations included), then those of the other codes of the
    sought jobs' domains; every job when the person seeks none yet (None). The first tier comes with the best score
    an offer of the domain can reach: when the page is full and its last score is above it, the domain is not read.
    The tiers are disjoint: the page is the best of both pages (_best), the first tier's offers not scored twice."""
    if seeker["s_romes"] is None:
        return [(None, None)]
    sought = sorted(code for code in seeker["s_romes"].split(",") if code)
    others = sorted({code for code in seeker["s_rome_codes"].split(",") if code} - set(sought))
    if not others:
        return [(sought, None)]
    return [(sought, SAME_DOMAIN_POINTS + BEST_POINTS_BESIDE_JOB), (others, None)]


def _best(rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The page of rows ranked apart (disjoint tiers), as the ranking orders them: score, then distance (unknown
    last), then the newest offer."""
    return sorted(rows, key=_page_order)[:limit]


def _page_order(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return (-row["score"], row["distance"] is None, row["distance"] or 0.0, -row["o_id"])


def _open_offers_scope(membership: Membership, *, licence: bool, minor: bool) -> Sql:
    """The open offers the organisation may see that a person may take (no licence asked of one without it, no
    night work for a minor), reading OFFER_BASE: the ORM's SQL, compiled once per process for what the sharing rule
    reads of the organisation (offers.selectors.offer_scope_inputs, read at each call: a new partnership or coverage
    is a new key; tandem.core.compiled). Building and compiling it cost 3 ms a page;
    tests/offers/test_matching_scope_cache.py checks the kept text against a fresh one."""
    key = (offer_scope_inputs(membership.organisation), licence, minor)

    def build() -> Any:
        return _reading(_open_offers(membership, licence=licence, minor=minor), criteria.OFFER_BASE)

    return compiled_once("matching.open_offers", build, key=key)


def _open_offers(membership: Membership, *, licence: bool, minor: bool) -> QuerySet[Offer]:
    offers = offer_visible_to(membership=membership).filter(status=OfferStatus.OPEN)
    if not licence:
        offers = offers.exclude(requires_driving_licence=True)
    if minor:
        offers = offers.exclude(night_work=True)
    return offers


def offer_suggestions_for(
    *, person: Person, membership: Membership, today: datetime.date | None = None, limit: int = DEFAULT_LIMIT
) -> Suggestions:
    """The open offers the organisation may see that suit the person best, best first, with the reasons.

    Exact: every open offer the organisation may see is a candidate; the filters below only leave out rows a
    criterion would leave out anyway (another job, too far, a licence, night work for a minor).
    """
    today = today or timezone.localdate()
    d = dialect_of(connection)
    seeker = seeker_features(person=person, today=today, rome_codes=True)
    filters: list[str] = []
    if seeker["s_romes"] is not None:
        filters.append(_("Métiers recherchés et métiers du même domaine professionnel"))
    if not seeker["s_licence"]:
        filters.append(_("Sans permis de conduire : offres exigeant le permis écartées"))
    if seeker["s_minor"]:
        filters.append(_("Mineur·e : offres avec travail de nuit écartées"))
    if seeker["s_lat"] is not None:
        filters.append(_("Jusqu'à %(max)s km du domicile") % {"max": seeker["s_max_km"]})
    else:
        filters.append(_("Commune sans coordonnées : offres classées par commune, intercommunalité, département"))
    # What cannot change a score here is computed for the rows shown only: the level an offer asks, when the
    # person gives none (0 points whatever it asks); the months it asks, when the person gives none in months.
    deferred = frozenset(
        name
        for name, unknown in (("o_required", "s_rank"), ("o_required_months", "s_experience_months"))
        if seeker[unknown] is None
    )
    constant = _constant(d, seeker, criteria.SEEKER_TYPES)
    # The scope read once for every tier, each tier's codes a condition on its rows (the database moves it into the
    # scope, where the index serves it): compiling the scope cost 3–5 ms a tier, and is done once per process.
    scope = _open_offers_scope(membership, licence=bool(seeker["s_licence"]), minor=bool(seeker["s_minor"]))
    near: list[Sql] = [("1 = 1", [])]
    if seeker["s_lat"] is not None:
        near = _near_offers(lat=seeker["s_lat"], lon=seeker["s_lon"], km=seeker["s_max_km"])
    rows: list[dict[str, Any]] = []
    for codes, best_below in _offer_job_tiers(seeker):
        job = ("1 = 1", []) if codes is None else (f"b.o_rome IN ({', '.join(['%s'] * len(codes))})", codes)
        base = _parts(scope, [(f"({job[0]}) AND ({place})", [*job[1], *params]) for place, params in near])
        varying = _offer_features(d, base, deferred=deferred)
        pairs = _pairs(d, varying, constant)
        ranked = _ranked(d, pairs, tie="o_id DESC", limit=limit, deferred=deferred, joined=_shown_offer_join())
        rows = _best(rows + _fetch(ranked), limit)
        if best_below is None or (len(rows) == limit and rows[-1]["score"] > best_below):
            break
    related: dict[tuple[type[Model], Any], Any] = {}
    shown = {row["o_id"]: _shown_offer(row, related) for row in rows}
    return Suggestions(matches=_explained(rows, shown, lambda _pk: person), filters=filters)


def match_for(*, person: Person, offer: Offer, today: datetime.date | None = None) -> Match:
    """One pair judged by the same criteria, kept or not (`excluded` says why not): what a suggestion would say.

    Not scoped: the caller has checked that it may see both. The reasons read the offer's job and appellation from
    the object given (load them with it)."""
    today = today or timezone.localdate()
    d = dialect_of(connection)
    constant = _constant(d, seeker_features(person=person, today=today), criteria.SEEKER_TYPES)
    varying = _offer_features(d, _one_row(Offer, criteria.OFFER_BASE, offer.pk))
    rows = _fetch(_ranked(d, _pairs(d, varying, constant), tie="o_id", limit=1, excluded_too=True))
    [match] = _explained(rows, {offer.pk: offer}, lambda _pk: person)
    return match


@dataclass
class _Tier:
    """Who may suit the offer's job, as a condition on the organisation's SeenSoughtJob rows; the best score a
    person outside the tier can reach (None: the last tier); the features every person of the tier shares; the
    offer's features the condition reads (its other features are not in its SQL: _tier_candidates)."""

    fit: Q
    best_below: int | None
    known: dict[str, str] = field(default_factory=dict)
    reads: tuple[str, ...] = ()


def _job_tiers(offer: Mapping[str, Any]) -> list[_Tier]:
    """Who may suit the offer's job, read best tier first: people who seek its job (a code, or an appellation of
    it), then also those who seek a job of its domain, then also those who seek none (anyone else: "other", left
    out). Each tier comes with the best score a person outside it can reach (its job points and the most beside
    the job: scoring.BEST_POINTS_BESIDE_JOB): when a tier's page is full and its last score is above that, no one
    further down can enter the page, and the next tier is not read. The last tier has no bound."""
    seeks_nothing = Q(rome__isnull=True)
    if offer["o_rome"] is None:
        return [_Tier(seeks_nothing, None)]
    code, domain = offer["o_rome"], offer["o_domain"]
    # Everyone in the first tier seeks the offer's code: the job criterion reads nothing more of their sought jobs.
    sought = {"s_romes": f",{code},"} | ({"s_domains": f",{domain},"} if domain else {})
    fit = Q(rome_id=code)
    job, of_domain = ("o_rome",), ("o_domain",)
    if not domain:
        return [
            _Tier(fit, NO_JOB_SOUGHT_POINTS + BEST_POINTS_BESIDE_JOB, sought, job),
            _Tier(fit | seeks_nothing, None, reads=job),
        ]
    # The offer's domain is its job's: those who seek a job of the domain include those who seek its job.
    return [
        _Tier(fit, SAME_DOMAIN_POINTS + BEST_POINTS_BESIDE_JOB, sought, job),
        _Tier(Q(domain=domain), NO_JOB_SOUGHT_POINTS + BEST_POINTS_BESIDE_JOB, {"s_domains": f",{domain},"}, of_domain),
        _Tier(Q(domain=domain) | seeks_nothing, None, reads=of_domain),
    ]


def reached_people(*, membership: Membership, fit: Q) -> QuerySet[Person]:
    """The people the organisation (its family) reaches who seek what `fit` says, read from SeenSoughtJob (kept
    by triggers from the follows and open referrals: tandem.offers.matching.seen), with the access rule's other
    conditions (a temp agency's consent, anonymisation). The rows a page shows are checked again with the whole
    rule (_seen_by_the_rule)."""
    if not can_see_nominative_data(membership):
        return Person.objects.none()
    organisation = membership.organisation
    reached = SeenSoughtJob.objects.filter(family_q(organisation, "organisation"), fit).values("person_id")
    return Person.objects.filter(pk__in=reached).filter(reached_person_conditions_q(organisation))


def _seen_by_the_rule(membership: Membership) -> Sql:
    """Whether the page's row (`e.s_id`) is a person the organisation may see, by the whole access rule
    (person_list_for) checked on that person alone: each part of the rule one index probe per row of the page.

    The ORM's SQL, compiled once per process (tandem.core.compiled) under a key naming what the rule reads
    (_rule_inputs: the organisation's id, kind and family, the day; and whether the membership sees nominative
    data): building it cost 3 ms a page. tests/offers/test_matching_rule_cache.py checks it against the people
    person_list_for gives."""
    organisation, nominative = membership.organisation, can_see_nominative_data(membership)

    def build() -> Any:
        return person_list_for(membership=membership, within=RawSQL("SELECT e.s_id", [])).order_by().values("pk")

    sql, params = _compiled_for_the_day(
        "matching.seen_by_the_rule", build, lambda day: (*_rule_inputs(organisation, day), nominative)
    )
    return f"e.s_id IN ({sql})", params


def _rule_inputs(organisation: Organisation, day: datetime.date) -> tuple[Any, ...]:
    """What the access rule reads of the organisation on `day` (tandem.access.permissions: its id, kind and family;
    a consent stands from the day it was given): the key of the queries compiled with the rule."""
    return (day, organisation.pk, organisation.kind, tuple(family_ids(organisation)))


def _compiled_for_the_day(
    name: str, build: Callable[..., Any], key_of: Callable[[datetime.date], Hashable], **values: Any
) -> Sql:
    """compiled_once under the key of today (`key_of(day)`, holding the day): a query compiled across midnight, which
    may have read the next day, is forgotten and compiled again under the new day's key."""
    day = timezone.localdate()
    sql = compiled_once(name, build, key=key_of(day), **values)
    if timezone.localdate() != day:
        forget(name, key_of(day))
        return _compiled_for_the_day(name, build, key_of, **values)
    return sql


def _tier_candidates(membership: Membership, job: Mapping[str, Any], position: int, *, today: datetime.date) -> Sql:
    """The people of the offer's job tier at `position` (_job_tiers) the organisation reaches and may put forward
    (_candidates), reading SEEKER_BASE and SHOWN_PERSON. The ORM's SQL, compiled once per process (tandem.core.compiled)
    under a key naming what the access rule reads (as _seen_by_the_rule: the organisation, its kind and family, the
    day; and whether the membership sees nominative data), the shape of the offer's tiers, the tier's position and
    whether the offer asks for a licence; bound at each call: the offer's id, the features the tier reads (its job,
    or its domain) and a minor's last birth day. Compiling it cost 3 ms a tier."""
    reads = _job_tiers(job)[position].reads
    values: dict[str, Any] = {"offer_id": job["o_id"], **{name: job[name] for name in reads}}
    if job["o_night"]:
        values["born_after"] = criteria.minor_birth_after(today)
    licence = bool(job["o_licence"])
    # The tiers' shape (_job_tiers): whether the offer has a job, and its job a domain. A feature the tier does not
    # read is built as UNREAD, which compiling refuses if it reaches the SQL.
    shape = {
        "o_rome": None if job["o_rome"] is None else UNREAD,
        "o_domain": UNREAD if job["o_domain"] else None,
    }
    organisation, nominative = membership.organisation, can_see_nominative_data(membership)

    def key_of(day: datetime.date) -> Hashable:
        return (*_rule_inputs(organisation, day), nominative, tuple(shape.values()), position, tuple(values), licence)

    def build(offer_id: int, born_after: datetime.date | None = None, **features: str) -> Any:
        tiers_job = {"o_id": offer_id, **shape, **features}
        people = _candidates(membership, tiers_job, position, licence=licence, born_after=born_after)
        return _reading(people, criteria.SEEKER_BASE | SHOWN_PERSON)

    return _compiled_for_the_day("matching.tier_candidates", build, key_of, **values)


def _candidates(
    membership: Membership,
    job: Mapping[str, Any],
    position: int,
    *,
    licence: bool,
    born_after: datetime.date | None,
) -> QuerySet[Person]:
    """The people of the tier the organisation reaches (reached_people), less those already put forward for the
    offer; without a licence when the offer asks for one, and minors (born after `born_after`) for night work."""
    # NOT IN: the offer's few positionings read once (by the offer's index), not probed person by person.
    kept = ~Q(pk__in=Positioning.objects.filter(offer_id=job["o_id"]).values("person_id"))
    if licence:
        kept &= Q(job_profile__has_driving_licence=True)
    if born_after is not None:
        kept &= Q(birth_date__lte=born_after)
    return reached_people(membership=membership, fit=_job_tiers(job)[position].fit).filter(kept)


def candidate_suggestions_for(
    *, offer: Offer, membership: Membership, today: datetime.date | None = None, limit: int = DEFAULT_LIMIT
) -> Suggestions:
    """The young people the organisation may see who suit the offer best, best first, with the reasons.

    Exact: every person the organisation may see (the access rule) and not yet put forward for this offer is a
    candidate; the filters only leave out people a criterion would leave out anyway.
    """
    if not can_see_nominative_data(membership):
        return Suggestions(matches=[])
    today = today or timezone.localdate()
    d = dialect_of(connection)
    job = offer_features(offer=offer)
    filters = [
        _("Personnes suivies dont le métier recherché est celui de l'offre ou du même domaine professionnel"),
        _("Personnes déjà proposées sur cette offre écartées"),
    ]
    if job["o_licence"]:
        filters.append(_("Permis de conduire exigé : personnes sans permis écartées"))
    if job["o_night"]:
        filters.append(_("Travail de nuit : mineur·es écarté·es"))
    filters.append(_("Domicile dans la distance maximale que chacun accepte"))
    constant = _constant(d, job, criteria.OFFER_TYPES)
    checked = _seen_by_the_rule(membership)
    unread = criteria.seeker_features_unread(job)
    rows: list[dict[str, Any]] = []
    for position, tier in enumerate(_job_tiers(job)):
        base = _tier_candidates(membership, job, position, today=today)
        seekers = _seeker_features(d, base, today=today, known=tier.known, unread=unread, passed=list(SHOWN_PERSON))
        pairs = _pairs(d, constant, seekers)
        rows = _fetch(_ranked(d, pairs, tie="s_id ASC", limit=limit, checked=checked, shown=list(SHOWN_PERSON)))
        if tier.best_below is None or (len(rows) == limit and rows[-1]["score"] > tier.best_below):
            break
    unseen = [row["s_id"] for row in rows if not row["checked"]]
    if unseen:  # never, while the triggers keep SeenSoughtJob: nothing is shown of whom it wrongly held
        logger.error("SeenSoughtJob out of step with the access rule: persons %s", sorted(unseen))
        rows = [row for row in rows if row["checked"]]
    related: dict[tuple[type[Model], Any], Any] = {}
    shown = {row["s_id"]: _shown_person(row, related) for row in rows}
    offers = {offer.pk: offer}
    return Suggestions(matches=_explained(rows, offers, lambda pk: shown[pk]), filters=filters)


def _from_db(model: type[Model], values: Mapping[str, Any]) -> Any:
    """An instance as a query reading these fields only would load it (Model.from_db): the others deferred, read
    from the database if ever asked for."""
    names = _field_order(model, frozenset(values))
    return model.from_db(connection.alias, names, [values[name] for name in names])


@functools.cache
def _field_order(model: type[Model], names: frozenset[str]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields if field.attname in names)


def _related(related: dict[tuple[type[Model], Any], Any], model: type[Model], values: Mapping[str, Any]) -> Any:
    """The page's one object of `model` with these values (keyed by the first, its primary key)."""
    key = (model, next(iter(values.values())))
    if key not in related:
        related[key] = _from_db(model, values)
    return related[key]


def _shown_person(row: Mapping[str, Any], related: dict[tuple[type[Model], Any], Any]) -> Person:
    person = _from_db(
        Person,
        {"id": row["s_id"], "first_name": row["p_first_name"], "last_name": row["p_last_name"], "commune_id": None},
    )
    if row["s_commune"] is not None:
        person.commune = _related(related, Commune, {"code": row["s_commune"], "name": row["p_commune_name"]})
    return person
