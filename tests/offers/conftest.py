"""No test of the offers may leave SeenSoughtJob out of step with the access rule unnoticed: the matching logs it
(tandem.offers.matching.queries) and hides the row, so a test would pass on the recheck alone. The one test that
writes a wrong row on purpose clears the log after checking it."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def _seen_sought_job_in_step(caplog):
    with caplog.at_level(logging.ERROR, logger="tandem.offers.matching.queries"):
        yield
    assert not [record for record in caplog.records if "out of step" in record.getMessage()]
