"""The matching's two answers written by hand in SQL: what the database itself needs, for the benchmarks' ratio.

`raw_offers_for_person` and `raw_candidates_for_offer` return the same ids, in the same order, as the product's
`tandem.offers.matching.offer_suggestions_for` and `candidate_suggestions_for` (tests/offers/test_matching_raw.py
checks it on a pool): the organisation's rules (which offers it sees, which people it sees) written out, the fit
score computed and ordered by the database, tier by tier of jobs as the product reads them (offers: the person's
home and jobs first, so that the offers' indexes get them as values). Run them with PostgreSQL's JIT
off, like the product (docs/matching.md). PostgreSQL first; SQLite runs the same text with a
few words changed (`_Words`).

Only the words an offer's fields are read with (the qualification patterns, the experience pattern) come from the
product: they are data.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tandem.offers.matching.criteria import (
    EXPERIENCE_MONTHS_PATTERN,
    EXPERIENCE_UNIT_PATTERN,
    QUALIFICATION_PATTERNS,
)


@dataclass(frozen=True)
class _Words:
    postgres: bool

    def regex(self, text: str, param: str) -> str:
        return f"({text} ~ %({param})s)" if self.postgres else f"({text} REGEXP %({param})s)"

    def group(self, text: str, param: str) -> str:
        return f"substring({text} from %({param})s)" if self.postgres else f"raw_regex_group({text}, %({param})s)"

    def agg(self, expression: str) -> str:
        return f"string_agg({expression}, ',')" if self.postgres else f"group_concat({expression}, ',')"

    def greatest(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.postgres else f"MAX({a}, {b})"

    def least(self, a: str, b: str) -> str:
        return f"LEAST({a}, {b})" if self.postgres else f"MIN({a}, {b})"

    def has_rows(self, column: str) -> str:
        if self.postgres:
            return f"(CASE WHEN jsonb_typeof({column}) = 'array' THEN jsonb_array_length({column}) > 0 END)"
        return f"(CASE WHEN json_type({column}) = 'array' THEN json_array_length({column}) > 0 END)"

    def months(self, column: str) -> str:
        if self.postgres:
            return (
                "(SELECT SUM((e.value ->> 'duration_months')::integer) FROM jsonb_array_elements("
                f"CASE WHEN jsonb_typeof({column}) = 'array' THEN {column} ELSE '[]'::jsonb END) e "
                "WHERE jsonb_typeof(e.value -> 'duration_months') = 'number' "
                "AND (e.value ->> 'duration_months') ~ '^[0-9]+$')"
            )
        return (
            "(SELECT SUM(json_extract(e.value, '$.duration_months')) FROM json_each("
            f"CASE WHEN json_type({column}) = 'array' THEN {column} ELSE '[]' END) e "
            "WHERE (CASE WHEN e.type = 'object' THEN json_type(e.value, '$.duration_months') END) = 'integer' "
            "AND json_extract(e.value, '$.duration_months') >= 0)"
        )

    def text(self, column: str) -> str:
        return f"({column})::text" if self.postgres else f"({column})"


def _words(cursor: Any) -> _Words:
    database = getattr(cursor, "db", None)
    vendor = getattr(database, "vendor", "postgresql")
    if vendor == "sqlite":
        database.ensure_connection()
        database.connection.create_function("raw_regex_group", 2, _regex_group, deterministic=True)
    return _Words(postgres=vendor == "postgresql")


def _regex_group(text: str | None, pattern: str | None) -> str | None:
    if text is None or pattern is None:
        return None
    found = re.search(pattern, text)
    return found.group(1) if found else None


def _minor_after(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year - 18)
    except ValueError:
        return datetime.date(today.year - 18, 2, 28)


def _params(w: _Words, **values: Any) -> dict[str, Any]:
    today = timezone.localdate()
    params = {"today": today, "minor_after": _minor_after(today), **values}
    params |= {f"q{n}": pattern for n, (pattern, _level, _named) in enumerate(QUALIFICATION_PATTERNS)}
    params |= {"months_pattern": EXPERIENCE_MONTHS_PATTERN, "unit_pattern": EXPERIENCE_UNIT_PATTERN}
    if not w.postgres:
        params = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in params.items()}
    return params


# --- The two sides' columns, from a person `p` (commune `pc`, job project `jp`) and an offer `o` (commune `oc`,
# ROME `r`).


def _seeker_columns(w: _Words) -> str:
    sought = (
        "SELECT t.romecode_id FROM people_jobprofile_sought_romes t WHERE t.jobprofile_id = jp.id "
        "UNION SELECT ra.rome_id FROM people_jobprofile_sought_appellations t "
        "JOIN referentials_romeappellation ra ON ra.code_ogr = t.romeappellation_id WHERE t.jobprofile_id = jp.id"
    )
    levels = " ".join(f"WHEN '{n}' THEN {n}" for n in range(3, 9))
    return f"""
        p.id AS s_id,
        CASE WHEN pc.latitude IS NOT NULL AND pc.longitude IS NOT NULL THEN pc.latitude END AS s_lat,
        CASE WHEN pc.latitude IS NOT NULL AND pc.longitude IS NOT NULL THEN pc.longitude END AS s_lon,
        p.commune_id AS s_commune, pc.epci_id AS s_epci,
        COALESCE(pc.departement_id, NULLIF(pc.overseas_collectivity, '')) AS s_area,
        COALESCE(jp.max_distance_km, 30) AS s_max_km,
        COALESCE(jp.has_driving_licence, FALSE) AS s_licence,
        COALESCE(jp.has_vehicle, FALSE) AS s_vehicle,
        COALESCE(jp.part_time_only, FALSE) OR EXISTS (SELECT 1 FROM people_barrier x WHERE x.person_id = p.id
            AND x.kind = 'childcare' AND x.status <> 'lifted') AS s_part_time,
        EXISTS (SELECT 1 FROM people_barrier x WHERE x.person_id = p.id AND x.kind = 'mobility'
            AND x.status <> 'lifted') AS s_mobility,
        p.birth_date > %(minor_after)s AS s_minor,
        CASE jp.qualification_level WHEN 'none' THEN 0 {levels} END AS s_rank,
        COALESCE({w.has_rows("jp.experiences")}, FALSE) AS s_has_experience,
        {w.months("jp.experiences")} AS s_months,
        {w.text("jp.wished_contract_types")} AS s_contracts,
        (SELECT ',' || {w.agg("x.romecode_id")} || ',' FROM ({sought}) x) AS s_romes,
        (SELECT ',' || {w.agg("t.romeappellation_id")} || ',' FROM people_jobprofile_sought_appellations t
            WHERE t.jobprofile_id = jp.id) AS s_appellations,
        (SELECT ',' || {w.agg("rc.domain_code")} || ',' FROM referentials_romecode rc
            WHERE rc.domain_code <> '' AND rc.code IN ({sought})) AS s_domains"""


# The columns of an offer the ranking reads: all in the index offer_open_for_matching with the sharing rule's, so
# that PostgreSQL may read the offers of a box from the index alone, as the product does.
_READ = """o.id, o.rome_id, o.appellation_id, o.latitude, o.longitude, o.commune_id, o.requires_driving_licence,
    o.night_work, o.working_time, o.contract_type, o.experience, o.experience_label, o.qualification_level"""


def _offer_columns(w: _Words) -> str:
    qualification = " ".join(
        f"WHEN {w.regex('LOWER(o.qualification_level)', f'q{n}')} THEN "
        f"{'NULL' if level is None else int(level) * 10 + int(named)}"
        for n, (_pattern, level, named) in enumerate(QUALIFICATION_PATTERNS)
    )
    label = "LOWER(o.experience_label)"
    return f"""
        o.id AS o_id, o.rome_id AS o_rome, NULLIF(r.domain_code, '') AS o_domain, o.appellation_id AS o_app,
        CASE WHEN o.latitude IS NOT NULL AND o.longitude IS NOT NULL THEN o.latitude
             WHEN oc.latitude IS NOT NULL AND oc.longitude IS NOT NULL THEN oc.latitude END AS o_lat,
        CASE WHEN o.latitude IS NOT NULL AND o.longitude IS NOT NULL THEN o.longitude
             WHEN oc.latitude IS NOT NULL AND oc.longitude IS NOT NULL THEN oc.longitude END AS o_lon,
        o.commune_id AS o_commune, oc.epci_id AS o_epci,
        COALESCE(oc.departement_id, NULLIF(oc.overseas_collectivity, '')) AS o_area,
        o.requires_driving_licence AS o_licence, o.night_work AS o_night, o.working_time AS o_time,
        o.contract_type AS o_contract, o.experience AS o_experience,
        CASE WHEN o.experience = 'E' THEN CAST({w.group(label, "months_pattern")} AS INTEGER)
            * (CASE {w.group(label, "unit_pattern")} WHEN 'an' THEN 12 ELSE 1 END) END AS o_months,
        CASE WHEN o.qualification_level = '' THEN NULL {qualification} END AS o_required"""


def _scored(w: _Words) -> str:
    """The pairs' distance and tier (`d`, from the offers `o` and the young people `s`), then their score and
    whether a criterion leaves them out (`ranked`). Each step is a materialised CTE: computed once a row."""
    like = "LIKE '%%,' || {} || ',%%'"
    haversine = (
        "SQRT(POWER(SIN((RADIANS(o_lat) - RADIANS(s_lat)) / 2), 2) "
        "+ COS(RADIANS(s_lat)) * COS(RADIANS(o_lat)) * POWER(SIN(RADIANS(o_lon - s_lon) / 2), 2))"
    )
    return f"""
      d AS MATERIALIZED (
          SELECT o.*, s.*,
            CASE WHEN o_lat IS NOT NULL AND s_lat IS NOT NULL THEN (2 * 6371.0) * ASIN({w.least("1.0", haversine)})
              END AS distance,
            CASE WHEN o_commune IS NULL OR s_commune IS NULL THEN 'unknown'
                 WHEN o_commune = s_commune THEN 'same_commune'
                 WHEN s_epci IS NOT NULL AND o_epci = s_epci THEN 'same_epci'
                 WHEN s_area IS NOT NULL AND o_area = s_area THEN 'same_departement' ELSE 'elsewhere' END AS tier
          FROM o CROSS JOIN s
      ), ranked AS (
        SELECT d.*,
          (CASE WHEN s_romes IS NULL THEN 10
                WHEN s_romes {like.format("o_rome")} THEN
                     (CASE WHEN s_appellations {like.format("o_app")} THEN 55 ELSE 50 END)
                WHEN s_domains {like.format("o_domain")} THEN 25 ELSE 0 END)
          + (CASE WHEN distance IS NOT NULL THEN
                (CASE WHEN distance <= s_max_km
                      THEN FLOOR(30 * (1 - distance / {w.greatest("s_max_km", "1")}) + 0.5) ELSE 0 END)
                WHEN tier = 'same_commune' THEN 30 WHEN tier = 'same_epci' THEN 20
                WHEN tier = 'same_departement' THEN 10 ELSE 0 END)
          + (CASE WHEN s_part_time AND o_time = 'full_time' THEN -20
                  WHEN s_part_time AND o_time = 'part_time' THEN 5 ELSE 0 END)
          + (CASE WHEN s_contracts LIKE '%%"%%' AND s_contracts LIKE '%%"' || o_contract || '"%%' THEN 10 ELSE 0 END)
          + (CASE WHEN o_experience = 'E' AND NOT s_has_experience THEN -15
                  WHEN o_experience = 'E' AND o_months > 0 AND s_months < o_months THEN -10 ELSE 0 END)
          + (CASE WHEN o_required IS NULL OR s_rank IS NULL THEN 0
                  WHEN s_rank >= o_required / 10 THEN 5
                  WHEN MOD(o_required, 10) = 1 THEN -15
                  WHEN COALESCE(s_months, 0) >= 12 THEN 0 ELSE -10 END)
          + (CASE WHEN s_mobility AND NOT s_vehicle THEN
                (CASE WHEN distance > 10 THEN -15
                      WHEN distance IS NULL AND tier IN ('same_departement', 'elsewhere') THEN -15 ELSE 0 END)
                + (CASE WHEN o_licence AND s_licence THEN -15 ELSE 0 END) ELSE 0 END) AS score,
          (s_romes IS NOT NULL AND NOT COALESCE(s_romes {like.format("o_rome")}, FALSE)
                AND NOT COALESCE(s_domains {like.format("o_domain")}, FALSE))
            OR COALESCE(distance > s_max_km, FALSE)
            OR (o_licence AND NOT s_licence) OR (o_night AND s_minor) AS excluded
        FROM d
      )"""


# Which offers the organisation sees (offers.selectors.offer_scope_q), for an offer `o`.
OFFER_SCOPE = """(o.organisation_id = %(org)s
  OR (o.sharing IN ('partners', 'territory') AND o.organisation_id IN (
        SELECT l.organisation_a_id FROM organisations_partnershiplink l WHERE l.organisation_b_id = %(org)s
          AND l.starts_on <= %(today)s AND (l.ends_on IS NULL OR l.ends_on >= %(today)s)
        UNION SELECT l.organisation_b_id FROM organisations_partnershiplink l WHERE l.organisation_a_id = %(org)s
          AND l.starts_on <= %(today)s AND (l.ends_on IS NULL OR l.ends_on >= %(today)s)))
  OR (o.sharing = 'territory' AND o.commune_id IN (
        SELECT c.code FROM territories_commune c WHERE c.departement_id IN (
            SELECT rc.departement_id FROM territories_commune rc WHERE rc.departement_id IS NOT NULL AND (
              rc.code IN (SELECT v.commune_id FROM organisations_coverage v WHERE v.organisation_id = %(org)s)
              OR rc.code = (SELECT g.commune_id FROM organisations_organisation g WHERE g.id = %(org)s)))
        OR (c.departement_id IS NULL AND c.overseas_collectivity IN (
            SELECT rc.overseas_collectivity FROM territories_commune rc
            WHERE rc.departement_id IS NULL AND rc.overseas_collectivity <> '' AND (
              rc.code IN (SELECT v.commune_id FROM organisations_coverage v WHERE v.organisation_id = %(org)s)
              OR rc.code = (SELECT g.commune_id FROM organisations_organisation g WHERE g.id = %(org)s)))))))"""

# Which people the organisation sees (access.permissions.organisation_access_q), for a person `p`: followed or in an
# open referral by the organisation or, for a Mission Locale, one of its sites; a temp agency only with consent.
_FAMILY = """(SELECT f.id FROM organisations_organisation f WHERE f.id = %(org)s OR (f.parent_id = %(org)s
    AND f.kind = 'ml_site'
    AND (SELECT g.kind FROM organisations_organisation g WHERE g.id = %(org)s) = 'mission_locale'))"""
PERSON_SCOPE = f"""p.anonymised_at IS NULL
  AND (EXISTS (SELECT 1 FROM people_follow f WHERE f.person_id = p.id AND f.ended_at IS NULL
               AND f.organisation_id IN {_FAMILY})
    OR EXISTS (SELECT 1 FROM referrals_referral rf WHERE rf.person_id = p.id
               AND rf.status IN ('proposed', 'accepted', 'meeting_scheduled', 'meeting_held')
               AND (rf.from_organisation_id IN {_FAMILY} OR rf.to_organisation_id IN {_FAMILY})))
  AND ((SELECT g.kind FROM organisations_organisation g WHERE g.id = %(org)s) <> 'temp_agency'
    OR EXISTS (SELECT 1 FROM people_consent k WHERE k.person_id = p.id AND k.recipient_id = %(org)s
               AND k.given_on <= %(today)s AND k.revoked_on IS NULL))"""


def raw_offers_for_person(cursor: Any, *, person_id: int, organisation_id: int, limit: int = 20) -> list[int]:
    """The ids of the best open offers the organisation sees for the person, best first.

    Two statements, as the product: the person's home, circle and jobs (sought, and of the same domains) first,
    so that the offers' indexes get them as values; then the ranking."""
    w = _words(cursor)
    seeker = f"""SELECT {_seeker_columns(w)} FROM people_person p
        LEFT JOIN territories_commune pc ON pc.code = p.commune_id
        LEFT JOIN people_jobprofile jp ON jp.person_id = p.id WHERE p.id = %(person)s"""
    sought = """SELECT t.romecode_id FROM people_jobprofile_sought_romes t
          JOIN people_jobprofile jp ON jp.id = t.jobprofile_id WHERE jp.person_id = %(person)s
        UNION SELECT ra.rome_id FROM people_jobprofile_sought_appellations t
          JOIN people_jobprofile jp ON jp.id = t.jobprofile_id
          JOIN referentials_romeappellation ra ON ra.code_ogr = t.romeappellation_id WHERE jp.person_id = %(person)s"""
    cursor.execute(
        f"""SELECT s.s_lat, s.s_lon, s.s_max_km, s.s_licence, s.s_minor,
              (SELECT {w.agg("rc.code")} FROM referentials_romecode rc WHERE rc.code IN ({sought})
                 OR (rc.domain_code <> '' AND rc.domain_code IN (SELECT x.domain_code FROM referentials_romecode x
                     WHERE x.code IN ({sought})))) AS jobs,
              (SELECT {w.agg("q.romecode_id")} FROM ({sought}) q) AS exact
            FROM ({seeker}) s""",
        _params(w, person=person_id),
    )
    lat, lon, max_km, licence, minor, jobs, exact = cursor.fetchone()
    # Read tier by tier, as the product: the sought jobs' offers, then the other codes of their domains when one of
    # them could still enter the page (a domain's offer scores at most 25 + 50 beside the job); the tiers are
    # disjoint, the page is the best of both.
    tiers: list[tuple[list[str] | None, int | None]] = [(None, None)]
    if jobs:
        sought_codes = sorted(exact.split(","))
        others = sorted(set(jobs.split(",")) - set(sought_codes))
        tiers = [(sought_codes, 25 + 50), (others, None)] if others else [(sought_codes, None)]
    rows: list[tuple[int, int, float | None]] = []
    for codes, best_below in tiers:
        rows += _ranked_offers(
            cursor,
            w,
            seeker,
            person_id=person_id,
            organisation_id=organisation_id,
            limit=limit,
            codes=codes,
            home=(lat, lon, max_km),
            licence=licence,
            minor=minor,
        )
        rows = sorted(rows, key=lambda row: (-row[1], row[2] is None, row[2] or 0.0, -row[0]))[:limit]
        if best_below is None or (len(rows) == limit and rows[-1][1] > best_below):
            break
    return [row[0] for row in rows]


def _ranked_offers(
    cursor: Any,
    w: _Words,
    seeker: str,
    *,
    person_id: int,
    organisation_id: int,
    limit: int,
    codes: list[str] | None,
    home: tuple[float | None, float | None, float],
    licence: bool,
    minor: bool,
) -> list[tuple[int, int, float | None]]:
    lat, lon, max_km = home
    values: dict[str, Any] = {"person": person_id, "org": organisation_id, "limit": limit}
    kept = [f"o.status = 'open' AND {OFFER_SCOPE}"]
    if codes:
        values |= {f"job{n}": code for n, code in enumerate(codes)}
        kept.append(f"o.rome_id IN ({', '.join(f'%(job{n})s' for n in range(len(codes)))})")
    if not licence:
        kept.append("NOT o.requires_driving_licence")
    if minor:
        kept.append("NOT o.night_work")
    where = " AND ".join(kept)
    own = "o.latitude IS NOT NULL AND o.longitude IS NOT NULL"
    if lat is not None and lon is not None:
        # A box holding the circle (generous: the exact distance decides).
        dlat = math.degrees(max_km / 6371.0) + 0.02
        dlon = min(180.0, dlat * 1.05 / max(math.cos(math.radians(lat)), 0.01))
        values |= {"lat0": lat - dlat, "lat1": lat + dlat, "lon0": lon - dlon, "lon1": lon + dlon}
        box = "BETWEEN %(lat0)s AND %(lat1)s AND {lon} BETWEEN %(lon0)s AND %(lon1)s"
        near = f"""
            SELECT {_READ} FROM offers_offer o WHERE {where} AND o.latitude {box.format(lon="o.longitude")}
            UNION ALL
            SELECT {_READ} FROM offers_offer o WHERE {where} AND NOT ({own}) AND (o.commune_id IS NULL
                OR o.commune_id IN (SELECT c.code FROM territories_commune c WHERE c.latitude IS NULL
                    OR c.longitude IS NULL OR c.latitude {box.format(lon="c.longitude")}))"""
    else:
        near = f"SELECT {_READ} FROM offers_offer o WHERE {where}"
    offers = f"""SELECT {_offer_columns(w)} FROM ({near}) o
        LEFT JOIN territories_commune oc ON oc.code = o.commune_id
        LEFT JOIN referentials_romecode r ON r.code = o.rome_id"""
    sql = f"""
      WITH s AS MATERIALIZED ({seeker}), o AS MATERIALIZED ({offers}), {_scored(w)}
      SELECT o_id, score, distance FROM ranked WHERE NOT excluded
      ORDER BY score DESC, distance ASC NULLS LAST, o_id DESC LIMIT %(limit)s"""
    cursor.execute(sql, _params(w, **values))
    return cursor.fetchall()


# Candidates read tier by tier, as the product does: those who seek the offer's job (a code or an appellation of it),
# then also its domain, then everyone; a full page whose last score is above what the next tier can reach (its job
# points + 50 beside the job) ends the search. Each tier's people are read, as the product reads them, from the
# jobs sought by the people each organisation sees (offers_seensoughtjob, kept by triggers), then checked against
# the access rule (PERSON_SCOPE).
_SEEN = f"p.id IN (SELECT v.person_id FROM offers_seensoughtjob v WHERE v.organisation_id IN {_FAMILY} AND {{fit}})"
_SEEKS_JOB = _SEEN.format(fit="v.rome_id = %(rome)s")
_SEEKS_DOMAIN = _SEEN.format(fit="v.domain = %(domain)s")


def _candidate_tiers(rome: str | None, domain: str | None) -> list[tuple[str, int | None]]:
    if rome is None:
        return [("TRUE", None)]
    tiers: list[tuple[str, int | None]] = []
    if domain:
        tiers.append((_SEEKS_JOB, 25 + 50))
        tiers.append((_SEEKS_DOMAIN, 10 + 50))  # the offer's domain is its job's: it holds the first tier
    else:
        tiers.append((_SEEKS_JOB, 10 + 50))
    tiers.append(("TRUE", None))
    return tiers


def raw_candidates_for_offer(cursor: Any, *, offer_id: int, organisation_id: int, limit: int = 20) -> list[int]:
    """The ids of the young people the organisation sees who suit the offer best (not yet put forward for it)."""
    w = _words(cursor)
    cursor.execute(
        """SELECT o.rome_id, NULLIF(r.domain_code, '') FROM offers_offer o
           LEFT JOIN referentials_romecode r ON r.code = o.rome_id WHERE o.id = %s""",
        [offer_id],
    )
    rome, domain = cursor.fetchone()
    offer = f"""SELECT {_offer_columns(w)} FROM offers_offer o
        LEFT JOIN territories_commune oc ON oc.code = o.commune_id
        LEFT JOIN referentials_romecode r ON r.code = o.rome_id WHERE o.id = %(offer)s"""
    rows: list[tuple[int, int]] = []
    for fit, best_below in _candidate_tiers(rome, domain):
        seekers = f"""SELECT {_seeker_columns(w)} FROM people_person p
            LEFT JOIN territories_commune pc ON pc.code = p.commune_id
            LEFT JOIN people_jobprofile jp ON jp.person_id = p.id
            WHERE {PERSON_SCOPE} AND {fit}
              AND NOT EXISTS (SELECT 1 FROM offers_positioning x WHERE x.person_id = p.id AND x.offer_id = %(offer)s)"""
        sql = f"""
          WITH o AS MATERIALIZED ({offer}), s AS MATERIALIZED ({seekers}), {_scored(w)}
          SELECT s_id, score FROM ranked WHERE NOT excluded
          ORDER BY score DESC, distance ASC NULLS LAST, s_id ASC LIMIT %(limit)s"""
        values = _params(w, offer=offer_id, org=organisation_id, limit=limit, rome=rome, domain=domain)
        cursor.execute(sql, values)
        rows = cursor.fetchall()
        if best_below is None or (len(rows) == limit and rows[-1][1] > best_below):
            break
    return [row[0] for row in rows]
