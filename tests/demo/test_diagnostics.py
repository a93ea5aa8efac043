"""Indre-et-Loire's shared diagnostic in the demo (loaded once): last year's version published by the committee and
this year's draft with its narrative, each with its figures frozen; a second load adds nothing."""

from __future__ import annotations

from tandem.demo.diagnostics import TITLE, load
from tandem.diagnostics.enums import VersionStatus
from tandem.diagnostics.models import Diagnostic


def test_indre_et_loire_has_last_year_s_published_version_and_this_year_s_draft(demo):
    diagnostic = Diagnostic.objects.get(title=TITLE)
    assert diagnostic.departement_id == "37"
    first, second = diagnostic.versions.order_by("number")
    assert (first.status, second.status) == (VersionStatus.PUBLISHED, VersionStatus.DRAFT)
    assert (second.as_of.day, first.as_of.day, second.as_of.year - first.as_of.year) == (1, 1, 1)
    assert "mobilité" in second.needs and "mobilité" in first.needs
    assert set(second.figures["tables"]) >= {"ages", "qualifications", "areas", "tension", "barriers"}
    assert load() == 0
    assert diagnostic.versions.count() == 2
