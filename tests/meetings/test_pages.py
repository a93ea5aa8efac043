"""Pages of a convention's meetings and joint action plan: the meetings with the cadence's warning and the plan
(query counts pinned), a meeting's minutes and a decision made an action, the iCalendar files, an action's owner
moving it; outsiders get 404 on every page and write and nothing changes, observers read only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tandem.accounts.enums import Role
from tandem.meetings import services
from tandem.meetings.enums import ActionStatus, MeetingKind, MeetingStatus
from tandem.meetings.models import ActionReview, Decision, Invitee, Meeting, MeetingCadence, PlanAction
from tandem.partnerships.models import Target
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.meetings.factories import action, at, convention_of, meeting
from tests.partnerships.factories import manager_of, membership_of

pytestmark = pytest.mark.django_db
PAST = timezone.now() - datetime.timedelta(days=2)


@pytest.fixture
def convention(cast):
    return convention_of(cast)


def _director(cast):
    return {"user": cast.director_a, "membership": membership_of(cast.director_a)}


def _rows() -> list:
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Meeting, Invitee, Decision, PlanAction, ActionReview, MeetingCadence, Target)
    ]


def test_the_meetings_list_shows_the_cadence_missing_one_and_its_queries_do_not_grow(
    client, cast, convention, django_assert_max_num_queries
):
    services.cadence_set(convention=convention, kind=MeetingKind.STEERING, per_year=5, **_director(cast))
    year_start = datetime.date(timezone.localdate().year, 1, 1)
    for days in (20, 90):
        meeting(cast, convention, starts_at=at(year_start + datetime.timedelta(days=days)), held=True)
    client.force_login(cast.director_a)
    url = reverse("meetings:meeting_list", args=[convention.pk])
    # session, user, memberships (acting and switcher), the header's unread notifications, the convention with its
    # parent, its readers (parties with sites), its parties (the write right), the meetings with their counts, the
    # steering target, the cadences, the year's counts
    with django_assert_max_num_queries(14):
        body = client.get(url).content.decode()
    assert "Comité de pilotage" in body and "2 tenues sur 5 attendues" in body
    assert "il en manquera 3" in body and "fr-alert--warning" in body
    for index in range(10):
        meeting(cast, convention, title=f"Réunion {index}", starts_at=at(year_start + datetime.timedelta(days=index)))
    with django_assert_max_num_queries(14):
        body = client.get(url).content.decode()
    assert "Réunion 9" in body


def test_the_director_records_minutes_and_a_decision_that_becomes_an_action_of_the_plan(client, cast, convention):
    row = meeting(cast, convention, starts_at=PAST, held=True)
    client.force_login(cast.director_a)
    detail = reverse("meetings:meeting_detail", args=[convention.pk, row.pk])
    assert "Enregistrer le compte rendu" in client.get(detail).content.decode()
    response = client.post(
        reverse("meetings:meeting_minutes", args=[convention.pk, row.pk]), {"minutes-minutes": "Le comité a siégé."}
    )
    assert response.status_code == 302 and response.url == detail
    client.post(
        reverse("meetings:decision_add", args=[convention.pk, row.pk]),
        {"decision-text": "Organiser un job dating commun"},
    )
    decision = Decision.objects.get()
    make = reverse("meetings:decision_action", args=[convention.pk, row.pk, decision.pk])
    form = client.get(make).content.decode()
    assert "Organiser un job dating commun" in form
    response = client.post(
        make,
        {
            "title": "Organiser un job dating commun",
            "year": str(timezone.localdate().year),
            "axis": "Accès à l'emploi",
            "owner_organisation": str(cast.ml_a.pk),
            "owner": "",
            "due_on": "",
            "indicator": "",
        },
    )
    created = PlanAction.objects.get()
    assert response.status_code == 302 and response.url.startswith(reverse("meetings:plan", args=[convention.pk]))
    assert (created.decision, created.axis, created.owner_organisation) == (decision, "Accès à l'emploi", cast.ml_a)
    assert row.__class__.objects.get(pk=row.pk).minutes == "Le comité a siégé."
    body = client.get(detail).content.decode()
    assert "Action du plan" in body and "En faire une action du plan" not in body


def test_attendance_is_recorded_per_invitation_once_the_meeting_is_held(client, cast, convention):
    row = meeting(cast, convention, starts_at=PAST, held=True)
    invitees = {i.organisation_id: i.pk for i in row.invitees.all()}
    client.force_login(cast.director_a)
    client.post(
        reverse("meetings:meeting_attendance", args=[convention.pk, row.pk]),
        {f"attendance-{invitees[cast.ml_a.pk]}": "present", f"attendance-{invitees[cast.agency_b.pk]}": "excused"},
    )
    assert dict(Invitee.objects.values_list("organisation_id", "attendance")) == {
        cast.ml_a.pk: "present",
        cast.agency_b.pk: "excused",
    }


def test_the_plan_flags_overdue_actions_filters_them_and_its_queries_do_not_grow(
    client, cast, convention, django_assert_max_num_queries
):
    today = timezone.localdate()
    action(cast, convention, title="Action en retard", due_on=today - datetime.timedelta(days=3), axis="Mobilité")
    action(cast, convention, title="Action à venir", due_on=today + datetime.timedelta(days=30))
    client.force_login(cast.director_a)
    url = reverse("meetings:plan", args=[convention.pk])
    # session, user, memberships (acting and switcher), the header's notifications, the convention, its readers, its
    # parties (write right, then each row's steps from the cache), the parties for the filter, the actions with
    # their pilot, owner and decision, the years
    with django_assert_max_num_queries(14):
        body = client.get(url).content.decode()
    assert "Action en retard" in body and "En retard" in body and "1 action en retard" in body
    for index in range(10):
        action(cast, convention, title=f"Action {index}", owner=cast.agent_b, owner_organisation=cast.agency_b)
    with django_assert_max_num_queries(14):
        body = client.get(url).content.decode()
    assert "Action 9" in body
    filtered = client.get(url, {"axe": "Mobilité"}).content.decode()
    assert "Action en retard" in filtered and "Action à venir" not in filtered


def test_an_action_s_owner_moves_it_from_the_plan_but_does_not_edit_it(client, cast, convention):
    created = action(cast, convention, owner=cast.agent_b, owner_organisation=cast.agency_b)
    client.force_login(cast.agent_b)
    body = client.get(reverse("meetings:plan", args=[convention.pk])).content.decode()
    start = reverse("meetings:action_start", args=[convention.pk, created.pk])
    assert start in body and reverse("meetings:action_edit", args=[convention.pk, created.pk]) not in body
    client.post(start)
    assert PlanAction.objects.get().status == ActionStatus.IN_PROGRESS
    assert client.get(reverse("meetings:action_edit", args=[convention.pk, created.pk])).status_code == 404


def test_the_meetings_calendar_is_an_rfc_5545_file_with_every_meeting(client, cast, convention):
    first = meeting(cast, convention, title="Comité de pilotage; bilan, perspectives", starts_at=PAST, held=True)
    second = meeting(cast, convention, kind=MeetingKind.DIRECTORS, title="Comité des directeurs")
    services.meeting_cancel(meeting=second, **_director(cast))
    client.force_login(cast.agent_b)
    response = client.get(reverse("meetings:convention_calendar", args=[convention.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"Comit\xc3\xa9 de pilotage\\; bilan\\, perspectives" in raw  # text escaped (RFC 5545 3.3.11)
    calendar = Calendar.from_ical(raw)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"meeting-{first.pk}@testserver", f"meeting-{second.pk}@testserver"}
    one = events[f"meeting-{first.pk}@testserver"]
    assert one.decoded("dtstart") == first.starts_at.replace(microsecond=0)
    assert str(one["location"]) == "Mission Locale A, salle du conseil"
    assert "Bilan des orientations" in str(one["description"])
    assert str(events[f"meeting-{second.pk}@testserver"]["status"]) == "CANCELLED"
    single = client.get(reverse("meetings:meeting_calendar", args=[convention.pk, first.pk]))
    assert len(Calendar.from_ical(single.content).walk("VEVENT")) == 1


def test_an_observer_of_a_party_reads_the_pages_but_writes_nothing(client, cast, convention):
    observer = MembershipFactory(
        user=UserFactory(email="obs.a@example.org"), organisation=cast.ml_a, role=Role.OBSERVER
    ).user
    row = meeting(cast, convention, starts_at=PAST, held=True)
    client.force_login(observer)
    assert client.get(reverse("meetings:meeting_list", args=[convention.pk])).status_code == 200
    body = client.get(reverse("meetings:meeting_detail", args=[convention.pk, row.pk])).content.decode()
    assert "Enregistrer le compte rendu" not in body
    before = _rows()
    assert (
        client.post(
            reverse("meetings:meeting_minutes", args=[convention.pk, row.pk]), {"minutes-minutes": "x"}
        ).status_code
        == 404
    )
    assert _rows() == before


@pytest.mark.parametrize("persona", ["adviser_c", "outsider_manager", "temp_contact"])
def test_an_outsider_gets_404_on_every_page_and_write_and_nothing_changes(client, cast, convention, persona):
    row = meeting(cast, convention, starts_at=PAST, held=True)
    decision = services.decision_record(meeting=row, text="Une décision", **_director(cast))
    created = action(cast, convention)
    user = manager_of(cast.ml_c, "director.c@example.org") if persona == "outsider_manager" else getattr(cast, persona)
    client.force_login(user)
    c, m, a = convention.pk, row.pk, created.pk
    gets = [
        reverse("meetings:meeting_list", args=[c]),
        reverse("meetings:meeting_create", args=[c]),
        reverse("meetings:cadence_edit", args=[c]),
        reverse("meetings:convention_calendar", args=[c]),
        reverse("meetings:meeting_detail", args=[c, m]),
        reverse("meetings:meeting_edit", args=[c, m]),
        reverse("meetings:meeting_invitations", args=[c, m]),
        reverse("meetings:decision_action", args=[c, m, decision.pk]),
        reverse("meetings:meeting_calendar", args=[c, m]),
        reverse("meetings:plan", args=[c]),
        reverse("meetings:action_create", args=[c]),
        reverse("meetings:action_edit", args=[c, a]),
    ]
    posts = gets + [
        reverse("meetings:meeting_hold", args=[c, m]),
        reverse("meetings:meeting_approve", args=[c, m]),
        reverse("meetings:meeting_cancel", args=[c, m]),
        reverse("meetings:meeting_attendance", args=[c, m]),
        reverse("meetings:meeting_minutes", args=[c, m]),
        reverse("meetings:decision_add", args=[c, m]),
        reverse("meetings:review_add", args=[c, m]),
        reverse("meetings:action_start", args=[c, a]),
        reverse("meetings:action_complete", args=[c, a]),
        reverse("meetings:action_drop", args=[c, a]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    before = _rows()
    body = {
        "minutes-minutes": "Intrus",
        "decision-text": "Intrus",
        "title": "Intrus",
        "year": "2026",
        "owner_organisation": str(cast.ml_a.pk),
        "kind": MeetingKind.STEERING,
        "per_year": "6",
        "day": "2026-12-01",
        "starts": "10:00",
        "ends": "11:00",
        "place": "Ailleurs",
    }
    for url in posts:
        assert client.post(url, body).status_code == 404, url
    assert _rows() == before
    assert Meeting.objects.get().status == MeetingStatus.HELD
