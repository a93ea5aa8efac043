import datetime

from django.urls import reverse
from django.utils import timezone

from tandem.events.enums import EventKind
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, Person
from tandem.people.services import follow_set_lead, person_create
from tests.people.factories import PersonFactory


def make_person(cast, **fields):
    person = PersonFactory(**fields)
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    return person


def test_an_adviser_creates_a_record_and_leads_it(client, cast):
    client.force_login(cast.adviser_a)
    response = client.post(
        reverse("people:create"),
        {
            "first_name": "Inès",
            "last_name": "Exemple",
            "birth_date": "2005-03-02",
            "commune": "67544",
            "legal_basis": "consent",
        },
    )
    person = Person.objects.get(last_name="Exemple")
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
    lead = Follow.objects.get(person=person, role=FollowRole.LEAD)
    assert (lead.organisation, lead.adviser) == (cast.ml_a, cast.adviser_a)
    assert person.legal_basis == "consent"


def test_a_likely_duplicate_is_flagged_not_merged(client, cast):
    first = person_create(
        by=cast.adviser_a,
        organisation=cast.ml_a,
        first_name="Inès",
        last_name="Exemple",
        birth_date=datetime.date(2005, 3, 2),
        commune_id="67544",
    )
    client.force_login(cast.adviser_a)
    response = client.post(
        reverse("people:create"),
        {
            "first_name": "inès",
            "last_name": "EXEMPLE",
            "birth_date": "2005-03-02",
            "commune": "67544",
            "legal_basis": "public_interest",
        },
        follow=True,
    )
    assert "un dossier semblable existe déjà" in response.content.decode()
    second = Person.objects.exclude(pk=first.pk).get(last_name__iexact="exemple")
    assert second.possible_duplicate_of == first


def test_the_timeline_shows_each_step_with_its_author_and_private_notes_stay_home(client, cast):
    person = make_person(cast)
    client.force_login(cast.adviser_a)
    client.post(reverse("people:note_add", args=[person.pk]), {"text": "Note interne ML", "is_shared": ""})
    client.post(reverse("people:note_add", args=[person.pk]), {"text": "Note partagée", "is_shared": "on"})
    client.post(reverse("people:barrier_add", args=[person.pk]), {"kind": "mobility", "comment": ""})
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Note interne ML" in body and "Note partagée" in body
    assert "Frein identifié" in body and "Mobilité et permis de conduire" in body
    assert cast.adviser_a.get_full_name() in body
    # France Travail B, once in an open referral, sees the shared note only.
    from tandem.referrals.services import referral_propose

    referral_propose(person=person, from_organisation=cast.ml_a, to_organisation=cast.agency_b, by=cast.adviser_a)
    client.force_login(cast.agent_b)
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Note partagée" in body and "Note interne ML" not in body


def test_a_hand_over_needs_a_reason_and_informs_both_sides(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.accounts.factories import MembershipFactory

    person = make_person(cast, first_name="Zébulon", last_name="Unique")
    colleague = MembershipFactory(organisation=cast.ml_a, user__email="colleague@example.org").user
    client.force_login(cast.adviser_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:hand_over", args=[person.pk]), {"adviser": colleague.pk, "reason": ""})
    assert response.status_code == 200
    assert mailoutbox == []  # refused: nobody is told
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:hand_over", args=[person.pk]), {"adviser": colleague.pk, "reason": "Congé long"}
        )
    assert response.status_code == 302
    lead = Follow.objects.get(person=person, role=FollowRole.LEAD, ended_at__isnull=True)
    assert lead.adviser == colleague
    assert person.events.filter(kind=EventKind.LEAD_HANDED_OVER).exists()
    # One e-mail, once committed, to both sides: the new lead adviser and the staff of the organisation that led
    # (the same Mission Locale here); no one else, and without the person's name.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == ["adviser.a@example.org", "colleague@example.org", "director.a@example.org"]
    assert message.subject == "Tandem : passage de relais pour un dossier"
    assert "Mission Locale A est désormais référent" in message.body and "Motif : Congé long" in message.body
    assert "Zébulon" not in message.subject + message.body and "Unique" not in message.subject + message.body


def test_a_hand_over_to_a_colleague_who_leaves_meanwhile_is_refused_on_the_form(client, cast, monkeypatch):
    from tandem.accounts.models import Membership
    from tandem.people.forms import HandOverForm
    from tests.accounts.factories import MembershipFactory

    person = make_person(cast)
    membership = MembershipFactory(organisation=cast.ml_a, user__email="colleague@example.org")
    checked = HandOverForm.clean

    def checked_then_membership_ends(form):
        # The colleague's membership ends after the form accepted them, before the hand-over reads it (midnight).
        Membership.objects.filter(pk=membership.pk).update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
        return checked(form)

    monkeypatch.setattr(HandOverForm, "clean", checked_then_membership_ends)
    client.force_login(cast.adviser_a)
    response = client.post(
        reverse("people:hand_over", args=[person.pk]), {"adviser": membership.user.pk, "reason": "Congé long"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["adviser"]
    lead = Follow.objects.get(person=person, role=FollowRole.LEAD, ended_at__isnull=True)
    assert lead.adviser == cast.adviser_a


def _bulk_lead(cast, count: int) -> None:
    now = timezone.now()
    people = Person.objects.bulk_create(
        [
            Person(first_name=f"P{i}", last_name=f"Nom{i:04}", birth_date=datetime.date(2004, 6, 1), commune_id="67180")
            for i in range(count)
        ]
    )
    Follow.objects.bulk_create(
        [
            Follow(person=p, organisation=cast.ml_a, adviser=cast.adviser_a, role=FollowRole.LEAD, started_at=now)
            for p in people
        ]
    )


def test_the_caseload_query_count_is_the_same_for_10_and_1000_people(client, cast, django_assert_num_queries):
    _bulk_lead(cast, 10)
    client.force_login(cast.adviser_a)
    url = reverse("people:caseload") + "?status=lead"
    # session, user, memberships, audit entry insert, count, page of people, leads, open referrals,
    # open barriers, is_administrator (menu), unread notifications (header), the Mission Locale's sites (read
    # once: tandem.organisations.selectors.family_ids), whether the adviser follows anyone (their own follows first)
    with django_assert_num_queries(13):
        client.get(url)
    _bulk_lead(cast, 990)
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.context["page"].paginator.count == 1000


def test_the_overlap_report_lists_people_followed_by_two_organisations_without_referral(client, cast):
    from tandem.people.services import follow_add_contributor

    person = make_person(cast, last_name="Chevauchement")
    follow_add_contributor(person=person, organisation=cast.agency_b, by=cast.agent_b)
    duplicate = person_create(
        by=cast.adviser_a,
        organisation=cast.ml_a,
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        commune_id="67544",
    )
    follow_set_lead(person=duplicate, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    client.force_login(cast.director_a)
    response = client.get(reverse("people:overlaps"))
    assert [row["person"] for row in response.context["overlaps"]] == [person]
    assert response.context["duplicates"] == [duplicate]
    client.force_login(cast.adviser_a)
    assert client.get(reverse("people:overlaps")).status_code == 404


def test_a_caseload_filter_that_asks_a_question_lists_nobody_until_answered(client, cast):
    lead = person_create(
        by=cast.adviser_a, organisation=cast.ml_a, first_name="Léa", last_name="Filtrée", birth_date="2004-07-14"
    )
    follow_set_lead(person=lead, organisation=cast.ml_a, adviser=cast.adviser_a, by=cast.adviser_a)
    client.force_login(cast.adviser_a)
    response = client.get(reverse("people:caseload"), {"commune": "67500"})  # Haguenau's postcode, Urmatt's code
    body = response.content.decode()
    assert response.status_code == 200 and "précisez la commune" in body
    assert "Filtrée" not in body
    assert "Filtrée" in client.get(reverse("people:caseload")).content.decode()
