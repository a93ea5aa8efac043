import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.referrals import services
from tandem.referrals.enums import ReferralStatus
from tests.people.factories import PersonFactory


@pytest.fixture
def designation(cast):
    return services.referral_propose(
        person=PersonFactory(last_name="Orientée", followed_by=cast.agency_b),
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_a,
        by=cast.agent_b,
        is_designation=True,
    )


def test_the_inbox_lists_waiting_proposals_overdue_first(client, cast, designation):
    late = services.referral_propose(
        person=PersonFactory(last_name="Retardataire", followed_by=cast.agency_b),
        from_organisation=cast.agency_b,
        to_organisation=cast.ml_a,
        by=cast.agent_b,
        proposed_at=timezone.now() - datetime.timedelta(days=10),
    )
    client.force_login(cast.adviser_a)
    response = client.get(reverse("referrals:inbox"))
    referrals = response.context["referrals"]
    assert [r.pk for r in referrals] == [late.pk, designation.pk]
    assert "En retard depuis le" in response.content.decode()


def test_the_sender_sees_where_its_proposal_stands(client, cast, designation):
    client.force_login(cast.agent_b)
    body = client.get(reverse("referrals:inbox") + "?onglet=envoyees").content.decode()
    assert "Orientée" in body and "Proposée" in body


def test_the_receiver_accepts_schedules_and_records_the_first_meeting(client, cast, designation):
    client.force_login(cast.adviser_a)
    client.post(reverse("referrals:accept", args=[designation.pk]))
    meeting = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("referrals:schedule", args=[designation.pk]), {"schedule-meeting_at": meeting})
    client.post(
        reverse("referrals:meeting", args=[designation.pk]), {"meeting-held_on": timezone.localdate().isoformat()}
    )
    designation.refresh_from_db()
    assert designation.status == ReferralStatus.MEETING_HELD


def test_a_refusal_without_reason_is_refused_with_a_clear_error(client, cast, designation):
    client.force_login(cast.adviser_a)
    response = client.post(reverse("referrals:refuse", args=[designation.pk]), {"refuse-reason": ""})
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.content.decode()
    designation.refresh_from_db()
    assert designation.status == ReferralStatus.PROPOSED


def test_the_second_click_on_accept_gets_a_clear_message(client, cast, designation):
    client.force_login(cast.adviser_a)
    client.post(reverse("referrals:accept", args=[designation.pk]))
    client.force_login(cast.director_a)
    response = client.post(reverse("referrals:accept", args=[designation.pk]), follow=True)
    assert "Cette orientation est déjà « Acceptée »" in response.content.decode()


def test_the_sender_cannot_answer_and_outsiders_get_404(client, cast, designation):
    client.force_login(cast.agent_b)
    response = client.post(reverse("referrals:accept", args=[designation.pk]), follow=True)
    assert "Seule l&#x27;organisation destinataire" in response.content.decode()
    for outsider in (cast.adviser_c, cast.temp_contact, cast.observer):
        client.force_login(outsider)
        assert client.get(reverse("referrals:detail", args=[designation.pk])).status_code == 404
        assert client.post(reverse("referrals:accept", args=[designation.pk])).status_code == 404


def test_the_inbox_shows_fifty_referrals_a_page_with_the_total(client, cast):
    for number in range(55):
        services.referral_propose(
            person=PersonFactory(last_name=f"Attente{number:02}", followed_by=cast.agency_b),
            from_organisation=cast.agency_b,
            to_organisation=cast.ml_a,
            by=cast.agent_b,
        )
    client.force_login(cast.adviser_a)

    first = client.get(reverse("referrals:inbox"))
    second = client.get(reverse("referrals:inbox"), {"page": 2})

    assert len(first.context["referrals"]) == 50 and len(second.context["referrals"]) == 5
    assert not {r.pk for r in first.context["referrals"]} & {r.pk for r in second.context["referrals"]}
    assert "55 orientations" in first.content.decode() and "Page suivante" in first.content.decode()
