"""Benchmarks run on the test suite's database and cast (`make bench`; a smoke run in `make test`)."""

from __future__ import annotations

from tests.conftest import *  # noqa: F403  (the suite's fixtures: database, cast, fast hashing)
