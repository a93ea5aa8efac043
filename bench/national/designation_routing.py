"""Designation routing at national scale: France Travail lists of young registrants, imported by the product's
bulk path, against the same routing written by hand as one INSERT … SELECT joining the coverage table.

`measure_designation_routing(rows=…)` generates a deterministic list of `rows` young people on the real
communes (drawn by population), cuts it as France Travail would send it (each agency its own registrants, files of
FILE_ROWS rows at most, within the 5 MB a list may weigh) and imports the day's lists together as
`import_designations` does (designations.bulk.designation_import_lists), then each list's audit entries: records,
follows, job projects, referrals, events, notifications on commit, audit rows. Without `agency_id`, each row goes
to the agency covering its commune (every agency imports its list); with it, that agency imports every row, drawn
on the communes it covers.

The raw figure routes the same rows (line, identifier, names, birth date, commune) to the Mission Locale covering
their commune, first by name as the product does: COPY into a scratch table, then one INSERT … SELECT into
another. It is what the database itself needs to hold the routed list; the ratio is what the product adds
(parsing and checking every cell, the matching of records already there, the rows a designation writes).

The identifiers are drawn from `seed`: the same call twice on one database measures a re-import the second
time (every row found, nothing written); pass another seed for new registrants.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from tandem.accounts.models import Membership, User
from tandem.core.text import search_normalise
from tandem.designations.auditing import ImportAudit, audit_imports_by
from tandem.designations.bulk import AgencyList, designation_import_lists
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import organisations_covering_communes
from tandem.referentials.models import RomeCode
from tandem.territories.models import Commune

# Rows per file: ~85 bytes a row keeps a file well within the 5 MB a France Travail list may weigh.
FILE_ROWS = 40_000
HEADER = "identifiant_ft;nom;prenom;date_naissance;code_commune;date_inscription;rqth;email;rome"
LAST_NAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre Leroy Roux David "
    "Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefevre Faure Andre "
    "Mercier Blanc Guerin Boyer Garnier Chevalier Francois Legrand Gauthier Garcia Perrin Robin Clement Morin "
    "Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noel Meyer Dufour "
    "Meunier Brun Blanchard Giraud Joly Riviere Lucas Brunet Gaillard Barbier Arnaud Martinez Gerard Roche Renard "
    "Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe "
    "Bourgeois Pierre Benoit Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert "
    "Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet "
    "Adam Paris Poirier Marty Aubry Guyot Carre Charles Renault Charpentier Menard Maillard Baron Bertin Bailly "
    "Herve Schneider Fernandez Le-Gall Collet Leger Bouvier Julien Prevost Millet Perrot Daniel Le-Roux Cousin "
    "Germain Breton Besson Langlois Remy Le-Goff Pelletier Leveque Perrier Leblanc Barre Lebrun Marchal Weber "
    "Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard Gillet Etienne Grondin Poulain Tessier Chevallier"
).split()
FIRST_NAMES = (
    "Léa Hugo Chloé Yanis Inès Éloïse Nathan Camille Zoé Adam Emma Lucas Jade Louis Louise Gabriel Alice Raphaël "
    "Lina Arthur Rose Jules Mia Léo Anna Maël Julia Paul Mila Noah Ambre Tom Lou Sacha Agathe Timéo Juliette Ethan "
    "Romane Mohamed Léna Nolan Manon Enzo Eva Théo Sarah Axel Lola Noé Nina Mathis Iris Baptiste Clara Sohan Margaux "
    "Aaron Victoire Kylian Capucine Marius Célia Isaac Charlotte Amir Lucie Malo Anaïs Ilyes Océane Ibrahim Yasmine "
    "Kenzo Maëlys Bastien Elsa Antoine Salomé Clément Maya Évan Héloïse Samuel Justine Rayan Constance Youssef "
    "Apolline Ayoub Zélie Gaspard Aya Simon Émilie Valentin Lison Robin Noémie Quentin Mathilde Dylan Pauline Adrien"
).split()


def measure_designation_routing(*, rows: int, agency_id: int | None = None, seed: int = 2026) -> dict[str, Any]:
    """Import `rows` generated registrants through the product, then route them in raw SQL; the rates."""
    files = _registrants(rows=rows, agency_id=agency_id, seed=seed)
    agencies = Organisation.objects.in_bulk(list(files))
    lists = [
        AgencyList(agency=agencies[agency_pk], rows_or_file=data, by=_agent(agencies[agency_pk]))
        for agency_pk, agency_files in files.items()
        for data in agency_files
    ]
    started = time.perf_counter()
    # The day's lists, imported together as `import_designations` does, each then audited in its agent's name.
    reports = designation_import_lists(lists=lists)
    audit_imports_by(
        [
            ImportAudit(
                report,
                user_id=item.by.pk if item.by is not None else None,
                api_token=None,
                organisation_id=item.agency.pk,
                path="bench designation_routing",
            )
            for item, report in zip(lists, reports, strict=True)
        ]
    )
    seconds = time.perf_counter() - started
    raw_seconds = _raw_routing(files)
    return {
        "rows": rows,
        "seconds": round(seconds, 3),
        "rate": round(rows / seconds, 1),
        "raw_seconds": round(raw_seconds, 3),
        "raw_rate": round(rows / raw_seconds, 1),
        "ratio": round(seconds / raw_seconds, 1),
    }


def _registrants(*, rows: int, agency_id: int | None, seed: int) -> dict[int, list[bytes]]:
    """agency → its lists (CSV files), every row drawn by population on the communes, deterministic."""
    rng = random.Random(seed)
    communes = list(Commune.objects.filter(population__gt=0).order_by("code").values_list("code", "population"))
    if agency_id is not None:
        covered = set(Organisation.objects.get(pk=agency_id).coverage_rows.values_list("commune_id", flat=True))
        communes = [item for item in communes if item[0] in covered] or communes
        agency_of: dict[str, int] = {}
    else:
        covering = organisations_covering_communes(
            commune_codes=[code for code, _population in communes], kinds=[OrganisationKind.FT_AGENCY]
        )
        agency_of = {code: agencies[0].pk for code, agencies in covering.items()}
    fallback = (
        agency_id
        or Organisation.objects.filter(kind=OrganisationKind.FT_AGENCY)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if fallback is None:
        raise RuntimeError("No France Travail agency to import the lists: generate the national data set first.")
    codes = [code for code, _population in communes]
    drawn = rng.choices(codes, weights=[population or 0 for _code, population in communes], k=rows)
    romes = list(RomeCode.objects.order_by("code").values_list("code", flat=True)[:600])
    today = timezone.localdate()
    by_agency: dict[int, list[str]] = defaultdict(list)
    for number, code in enumerate(drawn):
        age_days = rng.randint(16 * 365 + 5, 26 * 365 - 5) if rng.random() < 0.95 else rng.randint(26 * 365, 30 * 365)
        birth = today - datetime.timedelta(days=age_days)
        last, first = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES)
        registered = today - datetime.timedelta(days=rng.randint(0, 700))
        email = (
            f"{search_normalise(first)}.{search_normalise(last).replace(' ', '-')}{number}@example.org"
            if rng.random() < 0.7
            else ""
        )
        rome = rng.choice(romes) if romes and rng.random() < 0.5 else ""
        rqth = "oui" if rng.random() < 0.03 else "non"
        by_agency[agency_of.get(code, fallback)].append(
            f"B{seed % 100:02d}{number:07d};{last};{first};{birth:%d/%m/%Y};{code};{registered.isoformat()};"
            f"{rqth};{email};{rome}"
        )
    return {
        agency: [
            ("\r\n".join([HEADER, *lines[start : start + FILE_ROWS]]) + "\r\n").encode()
            for start in range(0, len(lines), FILE_ROWS)
        ]
        for agency, lines in sorted(by_agency.items())
    }


def _agent(agency: Organisation) -> User | None:
    """An adviser of the agency imports its lists (the agency then leads the new records), if it has one."""
    membership = Membership.objects.active().filter(organisation=agency).select_related("user").order_by("pk").first()
    return membership.user if membership is not None else None


def _raw_routing(files: dict[int, list[bytes]]) -> float:
    """The same rows routed by hand: loaded into a scratch table, then one INSERT … SELECT through the coverage."""
    rows = []
    line = 0
    for agency_files in files.values():
        for data in agency_files:
            for text in data.decode().split("\r\n")[1:]:
                if text:
                    line += 1
                    ft, last, first, birth, code, *_rest = text.split(";")
                    day, month, year = birth.split("/")
                    rows.append((line, ft, last, first, f"{year}-{month}-{day}", code))
    postgres = connection.vendor == "postgresql"
    day = timezone.localdate().isoformat()
    with connection.cursor() as cursor:
        for table in ("bench_registrants", "bench_routed"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            "CREATE TABLE bench_registrants (line integer, ft_identifier varchar(20), last_name varchar(150), "
            "first_name varchar(150), birth_date date, commune_code varchar(5))"
        )
        cursor.execute(
            "CREATE TABLE bench_routed (line integer, ft_identifier varchar(20), last_name varchar(150), "
            "first_name varchar(150), birth_date date, commune_code varchar(5), mission_locale_id bigint)"
        )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            with cursor.cursor.copy("COPY bench_registrants FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany("INSERT INTO bench_registrants VALUES (%s, %s, %s, %s, %s, %s)", rows)
        cursor.execute(
            "INSERT INTO bench_routed SELECT r.line, r.ft_identifier, r.last_name, r.first_name, r.birth_date, "
            "r.commune_code, (SELECT o.id FROM organisations_coverage c JOIN organisations_organisation o "
            "ON o.id = c.organisation_id WHERE c.commune_id = r.commune_code AND o.kind = %s "
            "AND (o.active_from IS NULL OR o.active_from <= %s) AND (o.active_until IS NULL OR o.active_until >= %s) "
            "ORDER BY o.name, o.id LIMIT 1) FROM bench_registrants r",
            [OrganisationKind.MISSION_LOCALE, day, day],
        )
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM bench_routed")
        assert cursor.fetchone()[0] == len(rows)
        for table in ("bench_registrants", "bench_routed"):
            cursor.execute(f"DROP TABLE {table}")
    return seconds
