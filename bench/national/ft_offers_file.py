"""France Travail's offers at national scale: a synthetic export file, and what importing it costs.

`write_ft_offers_file(path, offers=N)` writes a France Travail "Offres d'emploi v2" export ({"resultats": [...]})
of N offers on the real referentials (the project's tables, loaded by import_referentials: ROME codes and
their appellations, communes weighted by population, NAF codes). It is deterministic (the same N and seed give
the same bytes) and streamed: one offer in memory at a time, whatever N.

`measure_offers_import(path, database_env=…)` runs the product's own command (`manage.py import_offers`) on
that file in a subprocess and returns its rate and peak memory, beside the raw limit measured in the same run:
the same offers, already turned into rows, written by the database's own bulk path (COPY on PostgreSQL, one
executemany on SQLite) into scratch tables shaped like the offers and events tables (same columns, indexes
and constraints), one event row per offer as the import writes. The ratio rate / raw_rate is what our code
costs over what the database alone needs.

Command line (Django set up from the environment, TANDEM_DATABASE…):
    python -m bench.national.ft_offers_file write PATH --offers 1000000
    python -m bench.national.ft_offers_file measure PATH
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]
SEED = 2026
# Offers that name their employer's SIRET, and how many offers an employer publishes on average.
WITH_SIRET = 0.6
OFFERS_PER_EMPLOYER = 4
# Places: most offers name their commune's INSEE code; a few only a postcode and a label, some a region or the
# whole country (France Travail's "Ile-de-France", "France").
PLACE_CODE, PLACE_POSTCODE = 0.93, 0.01
REGIONS = ("Ile-de-France", "Auvergne-Rhône-Alpes", "Occitanie", "Hauts-de-France", "France")
CONTRACTS = (  # typeContrat, natureContrat, weight
    ("CDI", "Contrat travail", 45),
    ("CDD", "Contrat travail", 25),
    ("MIS", "Contrat travail", 20),
    ("SAI", "Contrat travail", 3),
    ("CDD", "Contrat apprentissage", 4),
    ("CDD", "Cont. professionnalisation", 2),
    ("CDD", "CUI - CAE", 1),
)
CONTRACT_LABELS = {
    "CDI": "Contrat à durée indéterminée",
    "CDD": "Contrat à durée déterminée",
    "MIS": "Mission intérimaire",
    "SAI": "Contrat travail saisonnier",
}
EXPERIENCES = (("D", "Débutant accepté"), ("S", "Expérience souhaitée"), ("E", "2 An(s) - expérience exigée"))
QUALIFICATIONS = (
    ("1", "Manoeuvre"),
    ("2", "Ouvrier spécialisé"),
    ("3", "Ouvrier qualifié (P1,P2)"),
    ("6", "Employé non qualifié"),
    ("7", "Employé qualifié"),
    ("8", "Technicien"),
    ("9", "Cadre"),
)
WORKING_TIMES = (
    ("35H Horaires normaux", "Temps plein"),
    ("39H Travail en journée", "Temps plein"),
    ("24H Travail en équipe", "Temps partiel"),
    ("35H Travail de nuit", "Temps plein"),
    ("20H Horaires variables", "Temps partiel"),
)
SENTENCES = (
    "Vous accueillez la clientèle et répondez à ses demandes avec professionnalisme.",
    "Au sein d'une équipe de cinq personnes, vous participez à l'organisation quotidienne du service.",
    "Vous veillez au respect des règles d'hygiène, de sécurité et de qualité en vigueur.",
    "Une formation interne est assurée à la prise de poste par un tuteur expérimenté.",
    "Vous préparez les commandes, contrôlez les livraisons et tenez les stocks à jour.",
    "Le poste est à pourvoir rapidement ; les débutants motivés sont les bienvenus.",
    "Vous travaillez du lundi au vendredi, avec un samedi matin par mois en roulement.",
    "Rigueur, ponctualité et sens du travail en équipe sont attendus pour ce poste.",
    "Vous assurez l'entretien courant du matériel et signalez toute anomalie à votre responsable.",
    "Mutuelle d'entreprise, titres-restaurant et prime annuelle selon ancienneté.",
    "Vous saisissez les informations dans le logiciel de gestion et suivez les indicateurs de l'activité.",
    "Des déplacements ponctuels sont à prévoir sur le secteur ; véhicule de service fourni.",
)


@dataclass(frozen=True)
class _Place:
    code: str
    name: str
    departement: str
    postcode: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class _Referentials:
    appellations: list[tuple[str, str, str]]  # (ROME code, ROME label, appellation label)
    places: list[_Place]
    place_weights: list[float]  # cumulative, by population
    naf: list[tuple[str, str]]  # (dotted code, label)


def _referentials() -> _Referentials:
    """The referentials from the project's tables, in a fixed order (the file must not depend on row order)."""
    from itertools import accumulate

    from tandem.referentials.models import NafCode, RomeAppellation
    from tandem.territories.models import Commune

    appellations = [
        (code, label, appellation)
        for code, label, appellation in RomeAppellation.objects.order_by("code_ogr").values_list(
            "rome__code", "rome__label", "label"
        )
    ]
    places = [
        _Place(code, name, departement or "", (postcodes or [""])[0], latitude, longitude)
        for code, name, departement, postcodes, latitude, longitude in Commune.objects.filter(departement__isnull=False)
        .order_by("code")
        .values_list("code", "name", "departement_id", "postcodes", "latitude", "longitude")
    ]
    populations = dict(Commune.objects.values_list("code", "population"))
    naf = [(f"{code[:2]}.{code[2:]}", label) for code, label in NafCode.objects.order_by("code").values_list()]
    if not (appellations and places and naf):
        raise RuntimeError("referentials missing: run `manage.py import_referentials --require-source` first")
    weights = list(accumulate(float(populations.get(place.code) or 1) for place in places))
    return _Referentials(appellations, places, weights, naf)


def offer_identifier(number: int) -> str:
    """France Travail's shape ("194NRLQ": three digits, four letters), one per number below 456 million."""
    letters = ""
    rest = number % 26**4
    for _position in range(4):
        rest, letter = divmod(rest, 26)
        letters = chr(65 + letter) + letters
    return f"{number // 26**4 % 1000:03d}{letters}"


def _siret(number: int) -> str:
    """A valid SIRET (Luhn key) for employer `number`."""
    base = f"{(number * 7919 + 100_000_003) % 10**13:013d}"
    for key in range(10):
        candidate = base + str(key)
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("a Luhn key always exists")


def _offers(count: int, seed: int, refs: _Referentials) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    employers = max(1, count // OFFERS_PER_EMPLOYER)
    contract_weights = [weight for _type, _nature, weight in CONTRACTS]
    start = datetime.datetime(2025, 9, 1, 6, 0, tzinfo=datetime.UTC)
    for number in range(count):
        identifier = offer_identifier(number)
        rome_code, rome_label, appellation = refs.appellations[rng.randrange(len(refs.appellations))]
        place = rng.choices(refs.places, cum_weights=refs.place_weights)[0]
        draw = rng.random()
        if draw < PLACE_CODE:
            where = {
                "libelle": f"{place.departement} - {place.name.upper()}",
                "latitude": place.latitude,
                "longitude": place.longitude,
                "codePostal": place.postcode,
                "commune": place.code,
            }
        elif draw < PLACE_CODE + PLACE_POSTCODE:
            where = {"libelle": f"{place.departement} - {place.name.upper()}", "codePostal": place.postcode}
        else:
            where = {"libelle": rng.choice(REGIONS)}
        contract_type, nature, _weight = rng.choices(CONTRACTS, weights=contract_weights)[0]
        months = rng.choice((3, 6, 12, 18)) if contract_type != "CDI" else 0
        employer = rng.randrange(employers)
        company: dict[str, Any] = {"nom": f"ENTREPRISE {employer:06d}", "entrepriseAdaptee": False}
        if rng.random() < WITH_SIRET:
            company["siret"] = _siret(employer)
        created = start + datetime.timedelta(seconds=rng.randrange(200 * 86_400))
        updated = created + datetime.timedelta(seconds=rng.randrange(20 * 86_400))
        working_label, working_converted = rng.choice(WORKING_TIMES)
        experience, experience_label = rng.choice(EXPERIENCES)
        qualification, qualification_label = rng.choice(QUALIFICATIONS)
        naf, naf_label = refs.naf[rng.randrange(len(refs.naf))]
        low = 1800 + rng.randrange(0, 1500, 50)
        offer: dict[str, Any] = {
            "id": identifier,
            "intitule": f"{appellation} (H/F)"[:255],
            "description": " ".join(rng.choices(SENTENCES, k=rng.randrange(6, 24))),
            "dateCreation": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "dateActualisation": updated.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "lieuTravail": where,
            "romeCode": rome_code,
            "romeLibelle": rome_label,
            "appellationlibelle": appellation,
            "entreprise": company,
            "typeContrat": contract_type,
            "typeContratLibelle": CONTRACT_LABELS[contract_type] + (f" - {months} Mois" if months else ""),
            "natureContrat": nature,
            "experienceExige": experience,
            "experienceLibelle": experience_label,
            "salaire": {"libelle": f"Mensuel de {low}.00 Euros à {low + 200}.00 Euros sur 12 mois"},
            "dureeTravailLibelle": working_label,
            "dureeTravailLibelleConverti": working_converted,
            "alternance": nature != "Contrat travail",
            "nombrePostes": rng.choice((1, 1, 1, 2, 3)),
            "accessibleTH": False,
            "qualificationCode": qualification,
            "qualificationLibelle": qualification_label,
            "codeNAF": naf,
            "secteurActiviteLibelle": naf_label,
            "origineOffre": {
                "origine": "1",
                "urlOrigine": f"https://candidat.francetravail.fr/offres/recherche/detail/{identifier}",
            },
        }
        if rng.random() < 0.3:
            offer["permis"] = [{"libelle": "B - Véhicule léger", "exigence": rng.choice("ES")}]
        if rng.random() < 0.1:
            offer["langues"] = [{"libelle": "Anglais", "exigence": "S"}]
        yield offer


def write_ft_offers_file(path: Path, *, offers: int, seed: int = SEED) -> int:
    """Write `offers` offers to `path` (streamed, deterministic); returns the file's size in bytes."""
    refs = _referentials()
    with path.open("w", encoding="utf-8") as out:
        out.write('{"resultats": [\n')
        for number, offer in enumerate(_offers(offers, seed, refs)):
            if number:
                out.write(",\n")
            out.write(json.dumps(offer, ensure_ascii=False))
        out.write('\n], "filtresPossibles": []}\n')
    return path.stat().st_size


# --------------------------------------------------------------------------------------------------------------
# Measuring


def _high_water_kb(pid: int) -> int | None:
    """The process's own peak resident memory (VmHWM, kB), None when /proc does not tell (not Linux, or gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _run_measured(command: list[str], env: dict[str, str], stdout: IO[bytes]) -> tuple[float, float, int]:
    """Run `command`; (seconds, peak RSS in MB of that process alone, exit code).

    The peak is the child's VmHWM, read while it runs: its `ru_maxrss` is no measure of it, since a child started
    by vfork (Python's subprocess) carries the parent's resident size into it until exec — the benchmark's own
    process, hundreds of MB after the measures before, was read as the import's peak (564 MB for an import that
    peaks at 213 MB on its own)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors: list[bytes] = []
    # The command's per-row report is drained by a thread, so the pipe never blocks it while its memory is read.
    drain = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)  # type: ignore[union-attr]
    drain.start()
    peak_kb = 0
    while process.poll() is None:
        peak_kb = max(peak_kb, _high_water_kb(process.pid) or 0)
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    drain.join()
    process.stderr.close()
    if process.returncode:
        sys.stderr.write(b"".join(errors).decode("utf-8", "replace")[-4000:])
    return seconds, peak_kb / 1024, process.returncode


def measure_offers_import(path: Path, *, database_env: dict[str, str]) -> dict[str, Any]:
    """Import `path` with `manage.py import_offers` in a subprocess on the database `database_env` names
    (TANDEM_DATABASE, TANDEM_DB_…), then write the same offers by COPY into scratch tables (the raw limit).

    {"offers", "seconds", "rate", "peak_rss_mb", "raw_seconds", "raw_rate", "ratio", "counts"}: `offers` is how
    many offers the import read, `ratio` = raw_rate / rate (how many times slower than the database alone).
    """
    env = {**os.environ, **database_env, "PYTHONUNBUFFERED": "1"}
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="tandem-ft-bench-") as scratch:
        report_path = Path(scratch) / "report.json"
        with open(Path(scratch) / "stdout.txt", "wb") as stdout:
            seconds, peak_mb, code = _run_measured(
                [python, "manage.py", "import_offers", str(path), "--no-progress", "--report-json", str(report_path)],
                env,
                stdout,
            )
        if code:
            raise RuntimeError(f"import_offers failed (exit code {code})")
        counts = json.loads(report_path.read_text(encoding="utf-8"))["counts"]
        raw_path = Path(scratch) / "raw.json"
        raw = subprocess.run(
            [python, "-m", "bench.national.ft_offers_file", "raw", str(path), "--out", str(raw_path)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        assert raw.returncode == 0
        raw_result = json.loads(raw_path.read_text(encoding="utf-8"))
    offers = counts["read"]
    rate = offers / seconds
    raw_rate = raw_result["rows"] / raw_result["seconds"]
    return {
        "offers": offers,
        "seconds": round(seconds, 2),
        "rate": round(rate),
        "peak_rss_mb": round(peak_mb, 1),
        "raw_seconds": round(raw_result["seconds"], 2),
        "raw_rate": round(raw_rate),
        "ratio": round(raw_rate / rate, 2),
        "counts": counts,
    }


# The raw limit, run in its own process with Django set up: the offers become rows (not timed), then the rows are
# written by the database's bulk path (timed). Offers by COPY, one event row per offer by COPY.

_SCRATCH_OFFERS = "bench_raw_offers"
_SCRATCH_EVENTS = "bench_raw_events"


def _raw_rows(path: Path) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(offer columns, event columns) for each offer of the file, as the import would write them."""
    from django.utils import timezone

    from tandem.events.enums import EventKind
    from tandem.offers.importers.francetravail import offer_from_francetravail
    from tandem.offers.importers.streaming import json_array_items
    from tandem.offers.search import offer_search_key
    from tandem.referentials.models import RomeCode
    from tandem.territories.models import Commune

    romes = dict(RomeCode.objects.values_list("code", "version"))
    communes = {code: (lat, lon) for code, lat, lon in Commune.objects.values_list("code", "latitude", "longitude")}
    now = timezone.now()
    with path.open("rb") as stream:
        for number, item in enumerate(json_array_items(stream)):
            row = offer_from_francetravail(item)
            fields = dict(row.fields)
            commune = row.commune_code if row.commune_code in communes else None
            if commune and fields["latitude"] is None:
                fields["latitude"], fields["longitude"] = communes[commune]
            fields.update(
                source="france_travail",
                external_id=row.external_id,
                organisation_id=1,
                rome_id=row.rome_code if row.rome_code in romes else None,
                rome_version=romes.get(row.rome_code, ""),
                commune_id=commune,
                place_label=row.place_label,
                sharing=row.sharing,
                status="open",
                hires=0,
                search_key=offer_search_key(title=fields["title"], employer_name=fields["employer_name"]),
                created_at=now,
                updated_at=now,
                employer_id=None,
                appellation_id=None,
            )
            event = {
                "kind": EventKind.OFFER_CREATED,
                "occurred_at": now,
                "recorded_at": now,
                "actor_organisation_id": 1,
                "subject_type": "offer",
                "subject_id": number + 1,
                "is_shared": True,
                "payload": {"offer": fields["title"], "source": "france_travail", "import": True},
            }
            yield fields, event


def raw_limit(path: Path) -> dict[str, Any]:
    from django.db import connection

    from tandem.events.models import Event
    from tandem.offers.models import Offer

    offer_table, event_table = Offer._meta.db_table, Event._meta.db_table
    offer_columns = [str(f.column) for f in Offer._meta.concrete_fields if f.column != "id"]
    event_columns = [
        str(f.column) for f in Event._meta.concrete_fields if f.column not in {"id", "person_id", "actor_id"}
    ]
    rows = 0
    with tempfile.TemporaryDirectory(prefix="tandem-ft-raw-") as scratch:
        offers_file, events_file = Path(scratch) / "offers.txt", Path(scratch) / "events.txt"
        with offers_file.open("w", encoding="utf-8") as offers_out, events_file.open("w", encoding="utf-8") as ev_out:
            for offer, event in _raw_rows(path):
                offers_out.write(_copy_line([offer[column] for column in offer_columns]))
                ev_out.write(_copy_line([event[column] for column in event_columns]))
                rows += 1
        with connection.cursor() as cursor:
            vendor = connection.vendor
            for scratch_table, table in ((_SCRATCH_OFFERS, offer_table), (_SCRATCH_EVENTS, event_table)):
                cursor.execute(f"DROP TABLE IF EXISTS {scratch_table}")
                if vendor == "postgresql":
                    cursor.execute(f"CREATE TABLE {scratch_table} (LIKE {table} INCLUDING ALL)")
                else:
                    _sqlite_scratch_like(cursor, scratch_table, table)
        try:
            started = time.perf_counter()
            if connection.vendor == "postgresql":
                _copy_postgres(connection, _SCRATCH_OFFERS, offer_columns, offers_file)
                _copy_postgres(connection, _SCRATCH_EVENTS, event_columns, events_file)
            else:
                _insert_sqlite(connection, _SCRATCH_OFFERS, offer_columns, offers_file)
                _insert_sqlite(connection, _SCRATCH_EVENTS, event_columns, events_file)
            seconds = time.perf_counter() - started
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {_SCRATCH_OFFERS}")
                cursor.execute(f"DROP TABLE IF EXISTS {_SCRATCH_EVENTS}")
    return {"rows": rows, "seconds": seconds}


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime.datetime):
        value = value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_line(values: list[Any]) -> str:
    return "\t".join(_copy_value(value) for value in values) + "\n"


def _copy_postgres(connection: Any, table: str, columns: list[str], source: Path) -> None:
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor, source.open("rb") as data:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            while chunk := data.read(1 << 20):
                copy.write(chunk)


def _sqlite_scratch_like(cursor: Any, scratch_table: str, table: str) -> None:
    cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [table])
    for (sql,) in cursor.fetchall():
        sql = sql.replace(f'"{table}"', f'"{scratch_table}"')
        if sql.startswith("CREATE INDEX") or sql.startswith("CREATE UNIQUE INDEX"):
            name = sql.split('"')[1]
            sql = sql.replace(f'"{name}"', f'"{name}_raw"', 1)
        cursor.execute(sql)


def _insert_sqlite(connection: Any, table: str, columns: list[str], source: Path) -> None:
    from django.db import transaction

    def values() -> Iterator[list[Any]]:
        with source.open(encoding="utf-8") as lines:
            for line in lines:
                yield [
                    None
                    if cell == "\\N"
                    else cell.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r").replace("\\\\", "\\")
                    for cell in line.rstrip("\n").split("\t")
                ]

    placeholders = ", ".join("%s" for _column in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", values())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("write", help="write a France Travail export of N synthetic offers")
    write.add_argument("path", type=Path)
    write.add_argument("--offers", type=int, required=True)
    write.add_argument("--seed", type=int, default=SEED)
    measure = commands.add_parser("measure", help="import the file (subprocess) and measure the raw limit")
    measure.add_argument("path", type=Path)
    raw = commands.add_parser("raw", help="(internal) the raw limit: the file's offers written by COPY")
    raw.add_argument("path", type=Path)
    raw.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if arguments.command == "write":
        started = time.perf_counter()
        size = write_ft_offers_file(arguments.path, offers=arguments.offers, seed=arguments.seed)
        print(f"{arguments.offers} offers, {size / 1e6:.0f} MB in {time.perf_counter() - started:.1f} s")
    elif arguments.command == "measure":
        database_env = {key: value for key, value in os.environ.items() if key.startswith("TANDEM_")}
        print(json.dumps(measure_offers_import(arguments.path, database_env=database_env), indent=2))
    else:
        arguments.out.write_text(json.dumps(raw_limit(arguments.path)), encoding="utf-8")


if __name__ == "__main__":
    main()
