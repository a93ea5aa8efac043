"""Pages of diagnostics: every member reads (aggregates, never a name), the territory's partners write, an outsider's
write answers 404 and changes nothing; query counts pinned."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.diagnostics.enums import VersionStatus
from tandem.diagnostics.models import Diagnostic, DiagnosticVersion
from tests.diagnostics.factories import AS_OF, diagnostic_of
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def url(name: str, version: DiagnosticVersion, *, number: bool = True) -> str:
    args = [version.diagnostic_id, version.number] if number else [version.diagnostic_id]
    return reverse(f"diagnostics:{name}", args=args)


def test_the_list_filters_by_territory_with_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    for _ in range(3):
        diagnostic_of(cast)
    diagnostic_of(cast, code="67")
    client.force_login(cast.observer)
    # Session, user, acting membership, the count, the page of diagnostics (their territory, creator, convention and
    # latest version in the same query), the base template's membership check and unread notifications: seven,
    # whatever the number of diagnostics.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("diagnostics:list"))
    assert response.status_code == 200 and response.content.decode().count("Diagnostic 67180") == 3
    filtered = client.get(reverse("diagnostics:list"), {"territoire": "67180"}).content.decode()
    assert "Diagnostic 67180" in filtered and "Diagnostic 67" in filtered  # the département covers Haguenau
    assert "Diagnostic 67180" not in client.get(reverse("diagnostics:list"), {"territoire": "33"}).content.decode()
    assert "Nouveau diagnostic" not in filtered  # observers read only


def test_the_version_page_shows_the_tables_and_never_a_name(client, cast, django_assert_max_num_queries):
    person = PersonFactory(
        first_name="Zoé", last_name="Introuvable", birth_date=datetime.date(2005, 1, 1), commune_id="67180"
    )
    person.ft_registered_on = AS_OF
    person.save()
    version = diagnostic_of(cast)
    client.force_login(cast.observer)
    # Session, user, acting membership, the version with its diagnostic, territory and authors (its figures are in
    # its row: no query per table), the base template's membership check and unread notifications.
    with django_assert_max_num_queries(6):
        response = client.get(url("version", version))
    text = response.content.decode()
    assert response.status_code == 200
    assert "<caption" in text and "Jeunes demandeurs d&#x27;emploi par âge" in text
    assert "Introuvable" not in text
    assert "Écrire l&#x27;analyse" not in text  # the observer writes nothing


def test_a_partner_writes_the_narrative_publishes_then_nothing_changes(client, cast):
    version = diagnostic_of(cast)
    client.force_login(cast.agent_b)
    response = client.post(url("narrative", version), {"strengths": "Un bassin d'emploi actif", "needs": "Mobilité"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.strengths == "Un bassin d'emploi actif" and version.narrative_by == cast.agent_b
    assert client.post(url("version_publish", version)).status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    client.post(url("narrative", version), {"strengths": "Changé"})
    version.refresh_from_db()
    assert version.strengths == "Un bassin d'emploi actif"


def test_a_new_version_and_the_comparison_of_two(client, cast):
    first = diagnostic_of(cast)
    client.force_login(cast.adviser_a)
    response = client.post(url("version_create", first, number=False), {"as_of": "2026-07-01"})
    second = DiagnosticVersion.objects.get(diagnostic=first.diagnostic, number=2)
    assert response.status_code == 302 and response["Location"] == url("version", second)
    compared = client.get(url("compare", first, number=False), {"a": 1, "b": 2})
    assert compared.status_code == 200 and "B − A" in compared.content.decode()
    csv = client.get(url("version_csv", second))
    assert csv["Content-Type"].startswith("text/csv") and "16 et 17 ans" in csv.content.decode()


def test_a_diagnostic_is_created_from_the_page(client, cast):
    client.force_login(cast.temp_contact)
    response = client.post(
        reverse("diagnostics:create"), {"title": "Haguenau 2026", "territory": "67180", "as_of": "2026-06-01"}
    )
    diagnostic = Diagnostic.objects.get()
    assert response.status_code == 302 and diagnostic.organisation == cast.temp_agency
    unknown = client.post(reverse("diagnostics:create"), {"title": "X", "territory": "99999", "as_of": "2026-06-01"})
    assert unknown.status_code == 200 and Diagnostic.objects.count() == 1


@pytest.mark.parametrize("persona", ["adviser_c", "observer"])
def test_an_outsider_s_writes_answer_404_and_change_nothing(client, cast, persona):
    version = diagnostic_of(cast)
    client.force_login(getattr(cast, persona))
    assert client.get(url("version", version)).status_code == 200  # every member reads
    assert client.post(url("narrative", version), {"strengths": "x"}).status_code == 404
    assert client.post(url("version_publish", version)).status_code == 404
    assert client.post(url("version_create", version, number=False), {"as_of": "2026-07-01"}).status_code == 404
    created = client.post(reverse("diagnostics:create"), {"title": "X", "territory": "67180", "as_of": "2026-06-01"})
    assert created.status_code == 404
    version.refresh_from_db()
    assert version.strengths == "" and version.status == VersionStatus.DRAFT
    assert Diagnostic.objects.count() == 1 and DiagnosticVersion.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, cast):
    version = diagnostic_of(cast)
    assert client.get(url("version", version)).status_code == 302
