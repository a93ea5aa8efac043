"""Counts read the French way: thousands set apart by a no-break space ("34 969 communes"), and the
singular for one ("1 compte")."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from tandem.referentials.models import RomeCode
from tandem.territories.models import Commune
from tests.people.factories import PersonFactory

NBSP = "\xa0"  # the thousands separator of Django's French formats (a no-break space)


def test_the_platform_counts_on_the_administrator_s_home_read_the_french_way(client, cast):
    client.force_login(cast.admin)
    body = client.get("/").content.decode()
    communes = Commune.objects.count()
    expected = f"{communes:,}".replace(",", NBSP)
    noun = "commune" if communes == 1 else "communes"
    assert f"{expected} {noun} au référentiel" in body
    roms = RomeCode.objects.count()
    assert f"{roms:,}".replace(",", NBSP) + (" code ROME" if roms == 1 else " codes ROME") in body


def test_a_caseload_of_one_is_singular(client, cast):
    from tandem.people.services import follow_set_lead

    follow_set_lead(person=PersonFactory(), organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    client.force_login(cast.adviser_a)
    body = client.get("/personnes/").content.decode()
    assert "1 personne</p>" in body and "1 personnes" not in body


def test_a_large_count_and_its_plural_render_with_french_separators():
    # The pattern the templates use for a count: blocktranslate count, the number shown through floatformat "g".
    template = Template(
        '{% load i18n %}{% blocktranslate count counter=n with shown=n|floatformat:"g" %}{{ shown }} commune'
        "{% plural %}{{ shown }} communes{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"n": 34969})) == f"34{NBSP}969 communes"
        assert template.render(Context({"n": 1})) == "1 commune"
