from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditAction, AuditEntry
from tests.audit.factories import AuditEntryFactory

LIST = reverse("audit:list")
EXPORT = reverse("audit:export")


@pytest.fixture
def entries(cast):
    """One entry written by each of A's adviser, A's director, C's adviser, and a purge (no organisation)."""
    return {
        "a": AuditEntryFactory(user=cast.adviser_a, organisation=cast.ml_a, person_id=101, detail="consultation A"),
        "a_update": AuditEntryFactory(
            user=cast.director_a, organisation=cast.ml_a, person_id=102, action=AuditAction.UPDATE
        ),
        "c": AuditEntryFactory(user=cast.adviser_c, organisation=cast.ml_c, person_id=301, detail="consultation C"),
        "system": AuditEntryFactory(user=None, organisation=None, person_id=401, action=AuditAction.ANONYMISE),
    }


def _rows(page) -> set[int]:
    return {entry.pk for entry in page.object_list}


def test_a_director_sees_the_entries_of_their_organisation_only(client, cast, entries):
    client.force_login(cast.director_a)

    response = client.get(LIST)

    assert response.status_code == 200
    assert _rows(response.context["page"]) == {entries["a"].pk, entries["a_update"].pk}
    body = response.content.decode()
    assert "adviser.a@example.org" in body and "adviser.c@example.org" not in body
    assert "Journal d'accès aux données personnelles" in body
    # The record is named by its number, linked to its page (which shows the name to those who may see it, and
    # logs that reading): the journal itself prints no one's name.
    assert f'<a href="{reverse("people:detail", args=[101])}">Dossier n° 101</a>' in body


def test_an_administrator_sees_every_entry(client, cast, entries):
    client.force_login(cast.admin)

    response = client.get(LIST)

    assert _rows(response.context["page"]) == {entry.pk for entry in entries.values()}
    assert "Mission Locale C" in response.content.decode()


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "adviser_c", "temp_contact", "observer"])
def test_anyone_but_managers_and_administrators_gets_a_404(client, cast, entries, persona):
    client.force_login(cast.personas()[persona])

    assert client.get(LIST).status_code == 404
    assert client.get(EXPORT).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, entries):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_filters_by_person_user_action_and_dates(client, cast, entries):
    client.force_login(cast.admin)
    old = AuditEntryFactory(user=cast.adviser_a, organisation=cast.ml_a, person_id=101)
    # `at` is set on insert: backdate with an update, which only the test may do.
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    today = timezone.localdate()

    def rows(query: str) -> set[int]:
        return _rows(client.get(f"{LIST}?{query}").context["page"])

    assert rows("person_id=101") == {entries["a"].pk, old.pk}
    assert rows("email=ADVISER.C@example.org") == {entries["c"].pk}
    assert rows("action=update") == {entries["a_update"].pk}
    assert rows(f"person_id=101&date_from={today - datetime.timedelta(days=1)}") == {entries["a"].pk}
    assert rows(f"person_id=101&date_to={today - datetime.timedelta(days=30)}") == {old.pk}


def test_a_wrong_filter_shows_the_error_and_no_entries(client, cast, entries):
    client.force_login(cast.admin)

    response = client.get(f"{LIST}?date_from=2026-05-10&date_to=2026-05-01")

    assert _rows(response.context["page"]) == set()
    assert "La date de fin précède la date de début." in response.content.decode()


def test_the_journal_query_count_does_not_grow_with_the_rows(client, cast, entries, django_assert_num_queries):
    client.force_login(cast.director_a)
    # session, user, memberships (acting and switcher), is_administrator (permission, then cached for the menu),
    # count, page of entries with their user, token and organisation, unread notifications (header)
    with django_assert_num_queries(7):
        client.get(LIST)
    AuditEntryFactory.create_batch(60, user=cast.adviser_a, organisation=cast.ml_a)
    with django_assert_num_queries(7):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.num_pages == 2


def _read_csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_export_opens_with_the_right_columns_for_the_same_entries(client, cast, entries):
    client.force_login(cast.director_a)

    response = client.get(f"{EXPORT}?action=read")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="journal-')
    rows = _read_csv(response)
    assert rows[0] == [
        "Date",
        "Utilisateur",
        "Jeton d'API",
        "Pour le compte de",
        "Action",
        "Personne",
        "Objet",
        "Identifiant de l'objet",
        "Détail",
        "Méthode",
        "Adresse",
        "Adresse IP",
        "Navigateur",
    ]
    assert len(rows) == 2  # header + A's read; neither A's update (filter) nor C's entry (scope)
    assert rows[1][1:9] == [
        "adviser.a@example.org",
        "",
        "Mission Locale A",
        "Consultation",
        "101",
        "person",
        "101",
        "consultation A",
    ]


def test_the_csv_export_neutralises_spreadsheet_formulas(client, cast):
    AuditEntryFactory(user=cast.adviser_a, organisation=cast.ml_a, user_agent='=HYPERLINK("http://evil")')
    client.force_login(cast.director_a)

    rows = _read_csv(client.get(f"{EXPORT}?action=read"))

    assert rows[1][-1] == '\'=HYPERLINK("http://evil")'


def test_exporting_the_journal_is_itself_logged(client, cast, entries):
    client.force_login(cast.director_a)

    b"".join(client.get(EXPORT).streaming_content)

    logged = AuditEntry.objects.get(object_type="audit_log")
    assert (logged.user, logged.organisation, logged.action) == (cast.director_a, cast.ml_a, AuditAction.EXPORT)


def test_the_admin_site_offers_no_add_change_or_delete_even_to_administrators(client, cast, entries):
    model_admin = site._registry[AuditEntry]
    request = RequestFactory().get("/admin/")
    request.user = cast.admin
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entries["a"])
    assert not model_admin.has_delete_permission(request, entries["a"])

    client.force_login(cast.admin)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    change_url = reverse("admin:audit_auditentry_change", args=[entries["a"].pk])
    assert 'name="_save"' not in client.get(change_url).content.decode()
    assert client.post(change_url, {"detail": "rewritten"}).status_code == 403
    delete_url = reverse("admin:audit_auditentry_delete", args=[entries["a"].pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = client.post(
        reverse("admin:audit_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entries["a"].pk], "post": "yes"},
    )
    assert changelist.status_code in (200, 302)
    entries["a"].refresh_from_db()
    assert entries["a"].detail == "consultation A"
    assert AuditEntry.objects.count() == len(entries)
