"""Reads of diagnostics: the homes' "latest diagnostics of my territory"."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from tandem.diagnostics.selectors import latest_diagnostics_for
from tandem.diagnostics.services import diagnostic_create
from tandem.territories.models import Commune
from tests.diagnostics.factories import AS_OF, diagnostic_of

pytestmark = pytest.mark.django_db


def test_the_latest_diagnostics_of_my_territory(cast, django_assert_num_queries):
    haguenau = diagnostic_of(cast).diagnostic
    bas_rhin = diagnostic_of(cast, code="67").diagnostic
    bordeaux = diagnostic_create(
        by=cast.adviser_c,
        membership=cast.adviser_c.memberships.get(),
        title="Bordeaux",
        territory=Commune.objects.get(code="33063"),
        as_of=AS_OF,
    ).diagnostic
    membership = cast.adviser_a.memberships.select_related("organisation").get()  # as the middleware reads it
    with django_assert_num_queries(1):
        latest = latest_diagnostics_for(membership=membership)
    assert [d.pk for d in latest] == [bas_rhin.pk, haguenau.pk]
    assert [d.pk for d in latest_diagnostics_for(membership=cast.adviser_c.memberships.get())] == [bordeaux.pk]
    assert latest[0].latest_number == 1
    assert latest_diagnostics_for(membership=None) == []
    html = render_to_string("diagnostics/_latest.html", {"diagnostics": latest})
    assert "Diagnostic 67" in html and "Bordeaux" not in html
