"""The notifications pages: one's own only, marking read (POST), e-mail preferences, the header's count."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.notifications.enums import EmailFrequency, NotificationKind
from tandem.notifications.models import Notification, NotificationPreference


def notify(cast, user, *, minutes_ago: int = 0, **fields) -> Notification:
    defaults = {
        "organisation": cast.ml_a,
        "kind": NotificationKind.REFERRAL_RECEIVED,
        "subject_type": "referral",
        "subject_id": 7,
        "payload": {"event": "referral_proposed", "from": "France Travail B", "answer_due_on": "2026-03-10"},
    }
    return Notification.objects.create(
        recipient=user, created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago), **(defaults | fields)
    )


def test_the_list_shows_the_reader_s_notifications_newest_first_and_no_one_else_s(client, cast):
    notify(cast, cast.adviser_a, minutes_ago=10, payload={"from": "Ancienne"})
    notify(cast, cast.adviser_a, minutes_ago=1, payload={"from": "Récente"})
    notify(cast, cast.director_a, payload={"from": "Celle du directeur"})
    client.force_login(cast.adviser_a)
    body = client.get(reverse("notifications:list")).content.decode()
    assert body.index("Récente") < body.index("Ancienne")
    assert "Celle du directeur" not in body
    assert 'href="/orientations/7/"' in body
    assert "Pour Mission Locale A" in body


def test_the_list_is_paginated(client, cast):
    for minutes in range(25):
        notify(cast, cast.adviser_a, minutes_ago=minutes, payload={"from": f"Organisation {minutes:02}"})
    client.force_login(cast.adviser_a)
    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list") + "?page=2").content.decode()
    assert "Organisation 00" in first and "Organisation 24" not in first
    assert "Organisation 24" in second and "Organisation 00" not in second


def test_marking_one_read_needs_a_post_and_keeps_the_page(client, cast):
    notification = notify(cast, cast.adviser_a)
    client.force_login(cast.adviser_a)
    url = reverse("notifications:read", args=[notification.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"page": "2"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=2"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_person_s_notification_is_not_found_and_stays_unread(client, cast):
    theirs = notify(cast, cast.director_a)
    client.force_login(cast.adviser_a)
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_all_read(client, cast):
    notify(cast, cast.adviser_a)
    notify(cast, cast.adviser_a, subject_id=8)
    theirs = notify(cast, cast.director_a)
    client.force_login(cast.adviser_a)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "Toutes vos notifications sont marquées comme lues." in response.content.decode()
    assert not Notification.objects.filter(recipient=cast.adviser_a, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_preferences_page_shows_the_daily_default_and_saves_a_choice(client, cast):
    client.force_login(cast.adviser_a)
    page = client.get(reverse("notifications:preferences"))
    assert page.context["form"].initial == {"email_frequency": EmailFrequency.DAILY}
    response = client.post(reverse("notifications:preferences"), {"email_frequency": EmailFrequency.IMMEDIATE})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=cast.adviser_a).email_frequency == EmailFrequency.IMMEDIATE
    page = client.get(reverse("notifications:preferences"))
    assert page.context["form"].initial == {"email_frequency": EmailFrequency.IMMEDIATE}


def test_an_unknown_preference_is_refused_with_the_form(client, cast):
    client.force_login(cast.adviser_a)
    response = client.post(reverse("notifications:preferences"), {"email_frequency": "hourly"})
    assert response.status_code == 200 and response.context["form"].errors["email_frequency"]
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize("url", ["/notifications/", "/notifications/preferences/"])
def test_the_pages_need_a_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")


def test_the_header_shows_the_unread_count(client, cast):
    notify(cast, cast.adviser_a)
    notify(cast, cast.adviser_a, subject_id=8)
    notify(cast, cast.adviser_a, subject_id=9, read_at=timezone.now())
    notify(cast, cast.director_a)
    client.force_login(cast.adviser_a)
    body = client.get(reverse("shell:home")).content.decode()
    assert '<span class="fr-sr-only">non lues : </span>2</span>' in body


def test_the_header_count_is_one_query_however_many_notifications(client, cast, django_assert_num_queries):
    client.force_login(cast.adviser_a)
    for subject_id in range(30):
        notify(cast, cast.adviser_a, subject_id=subject_id)
    # session, user, memberships (acting and switcher), the page (count, rows), is_administrator (menu), and the
    # header's unread count: one query
    with django_assert_num_queries(7):
        response = client.get(reverse("notifications:list"))
    assert len(response.context["rows"]) == 20
    assert response.context["unread_notifications"] == 30


def test_a_notification_for_another_of_one_s_organisations_says_to_act_for_it(client, cast):
    from tests.accounts.factories import MembershipFactory

    MembershipFactory(user=cast.agent_b, organisation=cast.ml_a)  # seconded to Mission Locale A
    notify(cast, cast.agent_b, organisation=cast.ml_a)
    notify(cast, cast.agent_b, organisation=cast.agency_b, subject_id=8)
    client.force_login(cast.agent_b)
    client.post(
        reverse("accounts:switch_organisation"),
        {"membership": cast.agent_b.memberships.get(organisation=cast.agency_b).pk},
    )
    body = client.get(reverse("notifications:list")).content.decode()
    assert body.count("agissez pour cette organisation") == 1
