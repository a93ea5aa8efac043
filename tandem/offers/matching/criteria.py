"""The criteria of the fit score, each defined once: its outcome in SQL, its points, and how it reads.

The database computes every pair's outcomes (one short code per criterion, `CRITERIA`), adds up their points
and ranks; the page and the API turn the outcomes of the rows shown into sentences (`explain`). Nothing is
judged twice: the reasons shown are those of the very computation that ranked the row. docs/matching.md
lists the criteria and their weights.

The SQL reads three layers of columns (built by `queries`):
- the features of a young person (`s_*`, `seeker_features_sql`) and of an offer (`o_*`, `offer_features_sql`),
  computed from a base row of each (`b.*`: columns read by the ORM, already scoped to the caller);
- the pair's `distance` (km, NULL when a point is missing) and `tier` (how close the communes are);
- the criteria's outcomes, named after the criteria.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tandem.offers.enums import ContractType, ExperienceRequirement, WorkingTime
from tandem.offers.matching.dialect import Dialect
from tandem.offers.matching.scoring import (
    ADULT_AGE,
    DEFAULT_MAX_DISTANCE_KM,
    DISTANCE_POINTS,
    EARTH_RADIUS_KM,
    EXPERIENCE_FOR_QUALIFICATION_MONTHS,
    EXPERIENCE_PENALTY,
    EXPERIENCE_SHORT_PENALTY,
    MOBILITY_NEAR_KM,
    MOBILITY_PENALTY,
    NO_JOB_SOUGHT_POINTS,
    PART_TIME_BONUS,
    PART_TIME_PENALTY,
    QUALIFICATION_PENALTY,
    QUALIFICATION_POINTS,
    QUALIFICATION_USUAL_PENALTY,
    SAME_APPELLATION_POINTS,
    SAME_DOMAIN_POINTS,
    SAME_ROME_POINTS,
    TIER_POINTS,
    WISHED_CONTRACT_POINTS,
    Tier,
)
from tandem.offers.models import Offer
from tandem.people.enums import BarrierKind, BarrierStatus, QualificationLevel
from tandem.people.job_rows import months_label
from tandem.people.models import Barrier, JobProfile
from tandem.referentials.models import RomeAppellation, RomeCode

# ---------------------------------------------------------------------------------------------------------------
# What an offer asks, read from its words. The patterns run in the database (PostgreSQL's `~`, SQLite's REGEXP,
# which is Python's `re`), on the lower-cased text: they use only what both engines read alike (no \b: a word
# boundary is written out; accented letters are listed in both cases, SQLite lower-casing only ASCII).

_B = "(^|[^a-z0-9])"  # start of a word
_E = "([^a-z0-9]|$)"  # end of a word
_EE = "[eéÉ]"

# The qualification an offer asks for: the first pattern that matches gives the level and whether the offer
# names a diploma (True) or the level is the one usually expected for its kind of job (False). None: nothing asked.
QUALIFICATION_PATTERNS: tuple[tuple[str, str | None, bool], ...] = (
    *((f"{_B}niveau\\s*{level}([^0-9]|$)", str(level), True) for level in range(8, 2, -1)),
    ("doctorat|bac\\s*\\+\\s*8", QualificationLevel.LEVEL_8, True),
    (f"master|bac\\s*\\+\\s*5|ing{_EE}nieur", QualificationLevel.LEVEL_7, True),
    (f"licence|bac\\s*\\+\\s*3|{_B}but{_E}|bachelor", QualificationLevel.LEVEL_6, True),
    (f"{_B}bts{_E}|{_B}dut{_E}|deust|bac\\s*\\+\\s*2", QualificationLevel.LEVEL_5, True),
    (f"{_B}bac{_E}|baccalaur{_EE}at|{_B}bp{_E}|brevet\\s+professionnel", QualificationLevel.LEVEL_4, True),
    (f"{_B}cap{_E}|{_B}bep{_E}", QualificationLevel.LEVEL_3, True),
    # France Travail's qualification of the job (qualificationLibelle): the unskilled kinds expect none;
    # "employé non qualifié" is read before "employé qualifié".
    ("man(oe|œ|Œ)uvre", None, False),
    (f"ouvrier\\s+sp{_EE}cialis{_EE}", None, False),
    (f"employ{_EE}\\s+non\\s+qualifi{_EE}", None, False),
    (f"ouvrier\\s+qualifi{_EE}", QualificationLevel.LEVEL_3, False),
    (f"employ{_EE}\\s+qualifi{_EE}", QualificationLevel.LEVEL_3, False),
    ("technicien", QualificationLevel.LEVEL_5, False),
    ("agent\\s+de\\s+ma[iîÎ]trise", QualificationLevel.LEVEL_5, False),
    ("cadre", QualificationLevel.LEVEL_6, False),
)
# The experience an offer asks for, in its label ("2 An(s)", "6 Mois"): the first number followed by a unit.
EXPERIENCE_MONTHS_PATTERN = "([0-9]{1,2}) *(an|mois)"
EXPERIENCE_UNIT_PATTERN = "[0-9]{1,2} *(an|mois)"

# The level a person declares, as a rank (0: without a diploma); NULL when not given.
LEVEL_RANKS = {QualificationLevel.NONE: 0, **{level: int(level) for level in "345678"}}


def required_qualification_sql(d: Dialect, column: str) -> tuple[str, list[Any]]:
    """The level an offer asks for, coded level × 10 + 1 when it names a diploma (× 10 for the usual level)."""
    whens, params = [], []
    for pattern, level, named in QUALIFICATION_PATTERNS:
        code = "NULL" if level is None else str(int(level) * 10 + int(named))
        whens.append(f"WHEN {d.matches(f'LOWER({column})', '%s')} THEN {code}")
        params.append(pattern)
    return f"(CASE WHEN {column} = '' THEN NULL {' '.join(whens)} END)", params


def required_months_sql(d: Dialect, experience: str, label: str) -> tuple[str, list[Any]]:
    """The months of experience an offer requiring experience asks for; NULL when its label says none."""
    number = d.regex_group(f"LOWER({label})", "%s")
    unit = d.regex_group(f"LOWER({label})", "%s")
    months = f"CAST({number} AS INTEGER) * (CASE {unit} WHEN 'an' THEN 12 ELSE 1 END)"
    return f"(CASE WHEN {experience} = 'E' THEN {months} END)", [EXPERIENCE_MONTHS_PATTERN, EXPERIENCE_UNIT_PATTERN]


# ---------------------------------------------------------------------------------------------------------------
# Features: one row per offer (o_*) and per young person (s_*), from the base columns the ORM reads (`b.*`).

OFFER_BASE = {  # column alias: the Offer lookup read
    "o_id": "id",
    "o_rome": "rome_id",
    "o_domain": "rome__domain_code",
    "o_appellation": "appellation_id",
    "o_lat0": "latitude",
    "o_lon0": "longitude",
    "o_clat": "commune__latitude",
    "o_clon": "commune__longitude",
    "o_commune": "commune_id",
    "o_epci": "commune__epci_id",
    "o_dep": "commune__departement_id",
    "o_com": "commune__overseas_collectivity",
    "o_licence": "requires_driving_licence",
    "o_night": "night_work",
    "o_working_time": "working_time",
    "o_contract": "contract_type",
    "o_experience": "experience",
    "o_experience_label": "experience_label",
    "o_qualification": "qualification_level",
}
SEEKER_BASE = {  # column alias: the Person lookup read
    "s_id": "id",
    "s_profile": "job_profile__id",
    "s_clat": "commune__latitude",
    "s_clon": "commune__longitude",
    "s_commune": "commune_id",
    "s_epci": "commune__epci_id",
    "s_dep": "commune__departement_id",
    "s_com": "commune__overseas_collectivity",
    "s_birth": "birth_date",
    "s_max_km0": "job_profile__max_distance_km",
    "s_licence0": "job_profile__has_driving_licence",
    "s_vehicle0": "job_profile__has_vehicle",
    "s_part_time0": "job_profile__part_time_only",
    "s_level": "job_profile__qualification_level",
    "s_experiences": "job_profile__experiences",
    "s_contracts0": "job_profile__wished_contract_types",
}
# The features of each side, with the SQL type a constant of it takes (queries.constant_row).
OFFER_TYPES = {
    "o_id": "integer",
    "o_rome": "text",
    "o_domain": "text",
    "o_appellation": "text",
    "o_lat": "real",
    "o_lon": "real",
    "o_commune": "text",
    "o_epci": "text",
    "o_area": "text",
    "o_licence": "boolean",
    "o_night": "boolean",
    "o_working_time": "text",
    "o_contract": "text",
    "o_experience": "text",
    "o_experience_label": "text",
    "o_qualification": "text",
    "o_required_months": "integer",
    "o_required": "integer",
}
SEEKER_TYPES = {
    "s_id": "integer",
    "s_profile": "integer",
    "s_lat": "real",
    "s_lon": "real",
    "s_commune": "text",
    "s_epci": "text",
    "s_area": "text",
    "s_minor": "boolean",
    "s_max_km": "integer",
    "s_licence": "boolean",
    "s_vehicle": "boolean",
    "s_part_time": "boolean",
    "s_childcare": "boolean",
    "s_mobility": "boolean",
    "s_rank": "integer",
    "s_has_experience": "boolean",
    "s_experience_months": "integer",
    "s_contracts": "text",
    "s_romes": "text",
    "s_appellations": "text",
    "s_domains": "text",
}


def _point(lat: str, lon: str, which: str) -> str:
    return f"CASE WHEN {lat} IS NOT NULL AND {lon} IS NOT NULL THEN {which} END"


def deferrable_offer_feature_sql(d: Dialect, name: str, row: str) -> tuple[str, list[Any]]:
    """An offer's feature the ranking may defer (offer_features_sql), read from the row `row`: what the offer asks
    (its level, its months of experience), found in its words."""
    if name == "o_required":
        return required_qualification_sql(d, f"{row}.o_qualification")
    if name == "o_required_months":
        return required_months_sql(d, f"{row}.o_experience", f"{row}.o_experience_label")
    raise ValueError(f"{name}: not a feature the ranking defers")


def offer_features_sql(d: Dialect, *, deferred: frozenset[str] = frozenset()) -> tuple[str, list[Any]]:
    """The offer's features from `b`; a deferred feature is NULL (queries says when that cannot change a score)."""
    params: list[Any] = []
    own = "b.o_lat0 IS NOT NULL AND b.o_lon0 IS NOT NULL"
    town = "b.o_clat IS NOT NULL AND b.o_clon IS NOT NULL"

    def unless_deferred(name: str) -> tuple[str, list[Any]]:
        return ("CAST(NULL AS INTEGER)", []) if name in deferred else deferrable_offer_feature_sql(d, name, "b")

    required, required_params = unless_deferred("o_required")
    months, months_params = unless_deferred("o_required_months")
    params += months_params + required_params
    columns = [
        "b.o_id",
        "b.o_rome",
        "NULLIF(b.o_domain, '') AS o_domain",
        "b.o_appellation",
        f"CASE WHEN {own} THEN b.o_lat0 WHEN {town} THEN b.o_clat END AS o_lat",
        f"CASE WHEN {own} THEN b.o_lon0 WHEN {town} THEN b.o_clon END AS o_lon",
        "b.o_commune",
        "b.o_epci",
        "COALESCE(b.o_dep, NULLIF(b.o_com, '')) AS o_area",
        "b.o_licence",
        "b.o_night",
        "b.o_working_time",
        "b.o_contract",
        "b.o_experience",
        "b.o_experience_label",
        "b.o_qualification",
        f"{months} AS o_required_months",
        f"{required} AS o_required",
    ]
    return ", ".join(columns), params


def minor_birth_after(today: datetime.date) -> datetime.date:
    """Born after this day: under 18 today (Person.age_on); a 29 February counts as the 28th in other years."""
    year = today.year - ADULT_AGE
    try:
        return today.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)


def seeker_features_unread(offer: Mapping[str, Any]) -> frozenset[str]:
    """The person's features no criterion reads for this offer (its features, as offer_features_sql gives them),
    whatever the person: NULL in their place leaves every outcome and every reason as it is. The candidates' ranking
    does not compute them (each cost 1–2.5 ms over a thousand people)."""
    unread = set()
    if offer["o_appellation"] is None:  # job: "appellation" when the person seeks the offer's appellation
        unread.add("s_appellations")
    if offer["o_working_time"] not in (WorkingTime.FULL_TIME, WorkingTime.PART_TIME):  # part_time
        unread.add("s_childcare")
    months_asked = offer["o_experience"] == ExperienceRequirement.REQUIRED and (offer["o_required_months"] or 0) > 0
    if not months_asked and offer["o_required"] is None:  # experience ("enough", "short") and qualification
        unread.add("s_experience_months")
    return frozenset(unread)


def seeker_features_sql(
    d: Dialect,
    *,
    today: datetime.date,
    rome_codes: bool = False,
    known: Mapping[str, str] | None = None,
    unread: frozenset[str] = frozenset(),
) -> tuple[str, list[Any]]:
    """The young person's features from `b`; `rome_codes` adds every ROME code of the sought jobs' domains.

    `known` gives features as values, the same for every row, instead of reading them: the candidates of an offer's
    job all seek it ("s_romes" can be the offer's code alone: the job criterion only asks whether they seek it),
    and those of its domain all seek a job of it ("s_domains"). An `unread` feature is NULL
    (seeker_features_unread)."""
    romes_table = JobProfile.sought_romes.through._meta.db_table
    appellations_table = JobProfile.sought_appellations.through._meta.db_table
    barriers, rome_table = Barrier._meta.db_table, RomeCode._meta.db_table
    appellation_table = RomeAppellation._meta.db_table
    sought = (
        f"SELECT t.romecode_id AS code FROM {romes_table} t WHERE t.jobprofile_id = b.s_profile "
        f"UNION SELECT ra.rome_id FROM {appellations_table} t JOIN {appellation_table} ra "
        "ON ra.code_ogr = t.romeappellation_id WHERE t.jobprofile_id = b.s_profile"
    )
    level_whens = " ".join(f"WHEN '{level}' THEN {rank}" for level, rank in LEVEL_RANKS.items())
    barrier = (
        f"EXISTS (SELECT 1 FROM {barriers} x WHERE x.person_id = b.s_id AND x.kind = '{{kind}}' "
        f"AND x.status <> '{BarrierStatus.LIFTED}')"
    )
    columns = [
        "b.s_id",
        "b.s_profile",
        f"{_point('b.s_clat', 'b.s_clon', 'b.s_clat')} AS s_lat",
        f"{_point('b.s_clat', 'b.s_clon', 'b.s_clon')} AS s_lon",
        "b.s_commune",
        "b.s_epci",
        "COALESCE(b.s_dep, NULLIF(b.s_com, '')) AS s_area",
        f"(b.s_birth > {d.typed('date')}) AS s_minor",
        f"COALESCE(b.s_max_km0, {DEFAULT_MAX_DISTANCE_KM}) AS s_max_km",
        "COALESCE(b.s_licence0, FALSE) AS s_licence",
        "COALESCE(b.s_vehicle0, FALSE) AS s_vehicle",
        "COALESCE(b.s_part_time0, FALSE) AS s_part_time",
        f"{barrier.format(kind=BarrierKind.CHILDCARE)} AS s_childcare",
        f"{barrier.format(kind=BarrierKind.MOBILITY)} AS s_mobility",
        f"(CASE b.s_level {level_whens} END) AS s_rank",
        f"({d.json_length('b.s_experiences')} > 0) AS s_has_experience",
        f"{d.json_months('b.s_experiences')} AS s_experience_months",
        f"{d.json_text('b.s_contracts0')} AS s_contracts",
        f"(SELECT ',' || {d.codes('r.code')} || ',' FROM ({sought}) r) AS s_romes",
        f"(SELECT ',' || {d.codes('t.romeappellation_id')} || ',' FROM {appellations_table} t "
        "WHERE t.jobprofile_id = b.s_profile) AS s_appellations",
        f"(SELECT ',' || {d.codes('rc.domain_code')} || ',' FROM {rome_table} rc "
        f"WHERE rc.domain_code <> '' AND rc.code IN ({sought})) AS s_domains",
    ]
    if rome_codes:
        columns.append(
            f"(SELECT {d.codes('rc.code')} FROM {rome_table} rc WHERE rc.code IN ({sought}) OR "
            f"(rc.domain_code <> '' AND rc.domain_code IN (SELECT x.domain_code FROM {rome_table} x "
            f"WHERE x.code IN ({sought})))) AS s_rome_codes"
        )
    # The parameters in the order of the columns that hold them: s_minor's date, then each known feature's value.
    known = known or {}
    params: list[Any] = []
    for position, column in enumerate(columns):
        name = column.rsplit(" AS ", 1)[-1]
        if name in unread:
            columns[position] = f"{d.typed(SEEKER_TYPES[name])} AS {name}"
            params.append(None)
        elif name in known:
            columns[position] = f"{d.typed('text')} AS {name}"
            params.append(known[name])
        elif name == "s_minor":
            params.append(d.param(minor_birth_after(today)))
    return ", ".join(columns), params


# ---------------------------------------------------------------------------------------------------------------
# The pair: distance and tier, then each criterion's outcome.

DISTANCE_SQL = (  # scoring.haversine_km, from the person's home (s) to the offer (o), in the same operations
    f"CASE WHEN o_lat IS NOT NULL AND s_lat IS NOT NULL THEN (2 * {EARTH_RADIUS_KM}) * ASIN({{least}}(1.0, SQRT("
    "POWER(SIN((RADIANS(o_lat) - RADIANS(s_lat)) / 2), 2) "
    "+ COS(RADIANS(s_lat)) * COS(RADIANS(o_lat)) * POWER(SIN(RADIANS(o_lon - s_lon) / 2), 2)))) END"
)
TIER_SQL = (
    f"CASE WHEN o_commune IS NULL OR s_commune IS NULL THEN '{Tier.UNKNOWN}' "
    f"WHEN o_commune = s_commune THEN '{Tier.SAME_COMMUNE}' "
    f"WHEN s_epci IS NOT NULL AND o_epci = s_epci THEN '{Tier.SAME_EPCI}' "
    f"WHEN s_area IS NOT NULL AND o_area = s_area THEN '{Tier.SAME_DEPARTEMENT}' "
    f"ELSE '{Tier.ELSEWHERE}' END"
)


def pair_sql(d: Dialect) -> str:
    least = "LEAST" if d.postgres else "MIN"
    return f"{DISTANCE_SQL.format(least=least)} AS distance, {TIER_SQL} AS tier"


def _in_list(codes: str, code: str) -> str:
    """Whether a comma-delimited list (",G1602,G1603,") holds the code; NULL list or code: no."""
    return f"({codes} LIKE '%%,' || {code} || ',%%')"


@dataclass(frozen=True)
class Row:
    """What the explanation reads: the pair's columns (features, distance, tier, outcomes) and both objects."""

    values: Mapping[str, Any]
    offer: Offer


Reasons = tuple[list[str], list[str]]


@dataclass(frozen=True)
class Criterion:
    name: str  # the outcome's column
    outcome: str  # SQL: the outcome's code, '' when the criterion does not apply
    points: Mapping[str, str]  # SQL: the points of each outcome (0 for the others)
    explain: Callable[[str, Row], Reasons]
    excludes: Mapping[str, Callable[[], str]] = field(default_factory=dict)  # outcomes leaving the pair out, why

    def points_sql(self) -> str:
        whens = " ".join(f"WHEN '{outcome}' THEN {points}" for outcome, points in self.points.items())
        return f"(CASE {self.name} {whens} ELSE 0 END)" if whens else "0"


def _none() -> Reasons:
    return [], []


def _met(text: str) -> Reasons:
    return [text], []


def _missed(text: str) -> Reasons:
    return [], [text]


def _job(outcome: str, row: Row) -> Reasons:
    rome = row.offer.rome
    if outcome == "none":
        return _missed(_("Pas encore de métier recherché"))
    if outcome in ("rome", "appellation") and rome is not None:
        met = [_("Même métier (%(code)s)") % {"code": rome.code}]
        if outcome == "appellation" and row.offer.appellation is not None:
            met.append(_("Appellation recherchée : %(label)s") % {"label": row.offer.appellation.label})
        return met, []
    if outcome == "domain" and rome is not None:
        return _met(_("Même domaine professionnel (%(domain)s)") % {"domain": rome.domain_label or rome.domain_code})
    return _none()


def _place(outcome: str, row: Row) -> Reasons:
    distance = row.values["distance"]
    if outcome == "near":
        return _met(_("à %(km)s km") % {"km": round(distance)})
    if outcome == "far":
        return _missed(
            _("à %(km)s km, au-delà des %(max)s km acceptés") % {"km": round(distance), "max": row.values["s_max_km"]}
        )
    if outcome in TIER_POINTS:
        return _met(str(Tier(outcome).label))
    if outcome == Tier.ELSEWHERE:
        return _missed(_("Hors du département"))
    return _missed(_("Distance inconnue"))


def _licence(outcome: str, row: Row) -> Reasons:
    if outcome == "held":
        return _met(_("Permis de conduire exigé : détenu"))
    if outcome == "missing":
        return _missed(_("Permis de conduire exigé"))
    return _none()


def _night(outcome: str, row: Row) -> Reasons:
    return _missed(_("Travail de nuit interdit aux mineurs")) if outcome == "minor" else _none()


def _part_time(outcome: str, row: Row) -> Reasons:
    if outcome == "full":
        if row.values["s_childcare"]:
            return _missed(_("Temps plein, alors que temps partiel seulement (garde d'enfants)"))
        return _missed(_("Temps plein, alors que temps partiel seulement"))
    if outcome == "part":
        return _met(_("Temps partiel"))
    return _none()


def _contract(outcome: str, row: Row) -> Reasons:
    if outcome not in ("wished", "other"):
        return _none()
    code = row.values["o_contract"]
    try:  # (ContractType.values builds every choice's label at each call: 0.1 ms a row)
        contract = {"contract": str(ContractType(code).label)}
    except ValueError:
        contract = {"contract": code}
    if outcome == "wished":
        return _met(_("Contrat souhaité : %(contract)s") % contract)
    return _missed(_("Contrat non souhaité : %(contract)s") % contract)


def _experience(outcome: str, row: Row) -> Reasons:
    if outcome == "none":
        return _missed(_("Expérience exigée, aucune expérience renseignée"))
    if outcome in ("enough", "short"):
        words = {
            "required": months_label(row.values["o_required_months"]),
            "declared": months_label(row.values["s_experience_months"]),
        }
        text = _("Expérience exigée : %(required)s ; expérience renseignée : %(declared)s") % words
        return _met(text) if outcome == "enough" else _missed(text)
    if outcome == "beginner":
        return _met(_("Débutant accepté"))
    return _none()


def _level_label(level: int) -> str:
    value = QualificationLevel.NONE if level == 0 else str(level)
    return str(QualificationLevel(value).label)


def _qualification(outcome: str, row: Row) -> Reasons:
    if not outcome:
        return _none()
    required = row.values["o_required"]
    expected = _level_label(required // 10)
    rank = row.values["s_rank"]
    declared = _level_label(rank) if rank is not None else ""
    wording = " ".join(row.values["o_qualification"].split())
    if outcome == "unknown":
        return _missed(_("Diplôme demandé : %(level)s ; niveau de la personne non renseigné") % {"level": expected})
    if outcome == "reached":
        return _met(_("Niveau de qualification attendu atteint : %(level)s") % {"level": expected})
    if outcome == "below_named":
        return _missed(
            _("Diplôme demandé : %(level)s ; niveau déclaré : %(declared)s") % {"level": expected, "declared": declared}
        )
    if outcome == "experience":
        return _met(
            _("%(job)s : %(experience)s d'expérience au lieu du niveau généralement attendu (%(level)s)")
            % {"job": wording, "experience": months_label(row.values["s_experience_months"]), "level": expected}
        )
    return _missed(
        _("%(job)s : %(level)s généralement attendu ; niveau déclaré : %(declared)s")
        % {"job": wording, "level": expected, "declared": declared}
    )


def _mobility(outcome: str, row: Row) -> Reasons:
    if outcome == "far":
        return _missed(_("Frein mobilité : à %(km)s km, sans véhicule") % {"km": round(row.values["distance"])})
    if outcome == "out":
        return _missed(_("Frein mobilité : hors de l'intercommunalité, sans véhicule"))
    if outcome == "near":
        return _met(_("Proche du domicile malgré le frein mobilité"))
    return _none()


def _mobility_licence(outcome: str, row: Row) -> Reasons:
    return _missed(_("Frein mobilité : permis exigé, sans véhicule")) if outcome == "licence" else _none()


WITHOUT_VEHICLE = "(s_mobility AND NOT s_vehicle)"

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "job",
        "CASE WHEN s_romes IS NULL THEN 'none' "
        f"WHEN {_in_list('s_romes', 'o_rome')} THEN "
        f"(CASE WHEN {_in_list('s_appellations', 'o_appellation')} THEN 'appellation' ELSE 'rome' END) "
        f"WHEN {_in_list('s_domains', 'o_domain')} THEN 'domain' ELSE 'other' END",
        {
            "appellation": str(SAME_ROME_POINTS + SAME_APPELLATION_POINTS),
            "rome": str(SAME_ROME_POINTS),
            "domain": str(SAME_DOMAIN_POINTS),
            "none": str(NO_JOB_SOUGHT_POINTS),
        },
        _job,
        {"other": lambda: _("Métier sans rapport avec la recherche")},
    ),
    Criterion(
        "place",
        "CASE WHEN distance IS NOT NULL THEN (CASE WHEN distance > s_max_km THEN 'far' ELSE 'near' END) ELSE tier END",
        {
            "near": f"FLOOR({DISTANCE_POINTS} * (1 - distance / {{greatest_max_km}}) + 0.5)",
            **{tier: str(points) for tier, points in TIER_POINTS.items()},
        },
        _place,
        {"far": lambda: _("Trop loin")},
    ),
    Criterion(
        "licence",
        "CASE WHEN o_licence THEN (CASE WHEN s_licence THEN 'held' ELSE 'missing' END) ELSE '' END",
        {},
        _licence,
        {"missing": lambda: _("Permis de conduire exigé")},
    ),
    Criterion(
        "night",
        "CASE WHEN o_night AND s_minor THEN 'minor' ELSE '' END",
        {},
        _night,
        {"minor": lambda: _("Travail de nuit interdit aux mineurs")},
    ),
    Criterion(
        "part_time",
        "CASE WHEN s_part_time OR s_childcare THEN "
        "(CASE o_working_time WHEN 'full_time' THEN 'full' WHEN 'part_time' THEN 'part' ELSE '' END) ELSE '' END",
        {"full": str(-PART_TIME_PENALTY), "part": str(PART_TIME_BONUS)},
        _part_time,
    ),
    Criterion(
        "contract",
        "CASE WHEN s_contracts LIKE '%%\"%%' THEN "
        "(CASE WHEN s_contracts LIKE '%%\"' || o_contract || '\"%%' THEN 'wished' ELSE 'other' END) ELSE '' END",
        {"wished": str(WISHED_CONTRACT_POINTS)},
        _contract,
    ),
    Criterion(
        "experience",
        "CASE WHEN o_experience = 'E' AND NOT s_has_experience THEN 'none' "
        "WHEN o_experience = 'E' AND o_required_months > 0 AND s_experience_months IS NOT NULL THEN "
        "(CASE WHEN s_experience_months >= o_required_months THEN 'enough' ELSE 'short' END) "
        "WHEN o_experience = 'D' THEN 'beginner' ELSE '' END",
        {"none": str(-EXPERIENCE_PENALTY), "short": str(-EXPERIENCE_SHORT_PENALTY)},
        _experience,
    ),
    Criterion(
        "qualification",
        "CASE WHEN o_required IS NULL THEN '' "
        "WHEN s_rank IS NULL THEN (CASE WHEN MOD(o_required, 10) = 1 THEN 'unknown' ELSE '' END) "
        "WHEN s_rank >= o_required / 10 THEN 'reached' "
        "WHEN MOD(o_required, 10) = 1 THEN 'below_named' "
        f"WHEN COALESCE(s_experience_months, 0) >= {EXPERIENCE_FOR_QUALIFICATION_MONTHS} THEN 'experience' "
        "ELSE 'below_usual' END",
        {
            "reached": str(QUALIFICATION_POINTS),
            "below_named": str(-QUALIFICATION_PENALTY),
            "below_usual": str(-QUALIFICATION_USUAL_PENALTY),
        },
        _qualification,
    ),
    Criterion(
        "mobility",
        f"CASE WHEN {WITHOUT_VEHICLE} THEN (CASE WHEN distance > {MOBILITY_NEAR_KM} THEN 'far' "
        f"WHEN distance IS NULL AND tier IN ('{Tier.SAME_DEPARTEMENT}', '{Tier.ELSEWHERE}') THEN 'out' "
        f"WHEN distance IS NOT NULL OR tier IN ('{Tier.SAME_COMMUNE}', '{Tier.SAME_EPCI}') THEN 'near' ELSE '' END) "
        "ELSE '' END",
        {"far": str(-MOBILITY_PENALTY), "out": str(-MOBILITY_PENALTY)},
        _mobility,
    ),
    Criterion(
        "mobility_licence",
        f"CASE WHEN {WITHOUT_VEHICLE} AND o_licence AND s_licence THEN 'licence' ELSE '' END",
        {"licence": str(-MOBILITY_PENALTY)},
        _mobility_licence,
    ),
)


def outcomes_sql(criteria: Sequence[Criterion] = CRITERIA) -> str:
    return ", ".join(f"({criterion.outcome}) AS {criterion.name}" for criterion in criteria)


def criteria_reading(features: Collection[str]) -> tuple[Criterion, ...]:
    """The criteria whose outcome reads one of these features (named in its SQL)."""
    return tuple(
        criterion
        for criterion in CRITERIA
        if any(re.search(rf"\b{re.escape(feature)}\b", criterion.outcome) for feature in features)
    )


def score_sql(d: Dialect) -> str:
    total = " + ".join(criterion.points_sql() for criterion in CRITERIA)
    return f"CAST({total.format(greatest_max_km=d.greatest('s_max_km', '1'))} AS INTEGER)"


def excluded_sql() -> str:
    return " OR ".join(
        f"{criterion.name} IN ({', '.join(repr(o) for o in sorted(criterion.excludes))})"
        for criterion in CRITERIA
        if criterion.excludes
    )


def excluded_reason(outcomes: Mapping[str, str]) -> str:
    """Why a pair is left out (the first criterion that leaves it out), or "" when it is kept."""
    for criterion in CRITERIA:
        reason = criterion.excludes.get(outcomes[criterion.name] or "")
        if reason is not None:
            return reason()
    return ""


def explain(row: Row) -> Reasons:
    met: list[str] = []
    missed: list[str] = []
    for criterion in CRITERIA:
        more_met, more_missed = criterion.explain(row.values[criterion.name] or "", row)
        met += more_met
        missed += more_missed
    return met, missed
