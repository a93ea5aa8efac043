"""Importing France Travail's export: memory stays flat (one batch, not the file), and the rate it reaches.

A measurement, not a test of behaviour (the importer's tests are in tests/offers): `make bench` runs it at full
size and prints the figures; `make test` runs it small, to check it still runs.
"""

from __future__ import annotations

import json
import resource
import time
import tracemalloc

from django.db import connection

from bench.national.ft_offers_file import raw_limit, write_ft_offers_file
from bench.scale import bench_scale
from tandem.offers.importers.duplicates import FileIdentifiers, Seen
from tandem.offers.models import Offer
from tandem.offers.services import FORMAT_FRANCE_TRAVAIL, offers_import
from tests.offers.factories import ft_offer

OFFERS = max(100, int(15_000 * bench_scale()))
# ~5 KB per offer: a file of ~75 MB, big enough to show the import holds one batch (1,000 offers), not the file.
# Measured at the peak: ~14 MB on SQLite, ~24 MB on PostgreSQL (psycopg's buffers for a batch's INSERT).
# 15,000 offers take about half a minute on SQLite despite tracemalloc.
MAX_PEAK_BYTES = 30_000_000


def test_memory_stays_flat_while_importing_a_large_file(cast, tmp_path, capsys):
    path = tmp_path / "big.json"
    padding = "Description de l'offre, missions et profil recherché. " * 70
    communes = ["67180", "67544", "67482", "69383", "75056", "33063"]
    with path.open("w", encoding="utf-8") as out:
        out.write('{"resultats": [\n')
        for n in range(OFFERS):
            offer = ft_offer(f"BIG{n:06d}", description=f"{n} {padding}")
            offer["lieuTravail"] = {"libelle": "Lieu", "commune": communes[n % len(communes)]}
            out.write(("," if n else "") + json.dumps(offer, ensure_ascii=False) + "\n")
        out.write("]}")
    size = path.stat().st_size
    if bench_scale() >= 1:
        assert size > 2 * MAX_PEAK_BYTES  # else the peak would say nothing about holding the whole file

    tracemalloc.start()
    started = time.perf_counter()
    try:
        report = offers_import(file=path, format=FORMAT_FRANCE_TRAVAIL, organisation=cast.agency_b)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        seconds = time.perf_counter() - started
        tracemalloc.stop()
    with capsys.disabled():
        print(
            f"\noffers import: {OFFERS} offers, {size / 1e6:.0f} MB file, peak {peak / 1e6:.1f} MB, "
            f"{OFFERS / seconds:.0f} offers/s (under tracemalloc)"
        )

    assert report.counts() == {"read": OFFERS, "created": OFFERS, "updated": 0, "unchanged": 0, "errors": 0}
    assert Offer.objects.count() == OFFERS
    assert peak < MAX_PEAK_BYTES, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.0f} MB file"


def test_the_import_rate_against_the_database_s_own_bulk_path(cast, tmp_path, capsys):
    """A national-like file (real ROME codes, communes, NAF: bench.national.ft_offers_file) imported, then the same
    rows written by COPY (PostgreSQL) or one executemany (SQLite) into scratch tables: the raw limit."""
    offers = max(200, int(20_000 * bench_scale()))
    path = tmp_path / "national.json"
    write_ft_offers_file(path, offers=offers)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = offers_import(file=path, format=FORMAT_FRANCE_TRAVAIL, organisation=cast.agency_b)
    seconds = time.perf_counter() - started
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    raw = raw_limit(path)
    rate, raw_rate = offers / seconds, raw["rows"] / raw["seconds"]
    with capsys.disabled():
        print(
            f"\noffers import ({connection.vendor}): {offers} offers in {seconds:.1f} s, {rate:.0f} offers/s; "
            f"raw limit {raw_rate:.0f} rows/s ({raw_rate / rate:.1f}x faster); "
            f"peak RSS of the test process grew by {rss_growth / 1024:.0f} MB"
        )

    assert report.counts() == {"read": offers, "created": offers, "updated": 0, "unchanged": 0, "errors": 0}
    assert raw["rows"] == offers


def test_the_first_reading_keeps_16_bytes_per_offer_whatever_their_size():
    rows = max(20_000, int(100_000 * bench_scale()))  # fewer, and fixed costs would blur the figure
    description = "Description de l'offre. " * 200
    tracemalloc.start()
    try:
        identifiers = FileIdentifiers()
        for n in range(rows):
            identifiers.add(f"{n:08d}", f"{n} {description}")
        kept, _peak = tracemalloc.get_traced_memory()
        identifiers.add("00000007", "another content")
        identifiers.close()
        after, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < rows * 20, f"{kept / rows:.1f} bytes per offer"
    assert after < 100_000  # only the repeated identifiers stay for the second reading
    assert identifiers.seen("00000007") is Seen.CONFLICT and identifiers.seen("00000008") is Seen.ONCE
