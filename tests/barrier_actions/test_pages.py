"""Pages of barrier-lifting actions: every member reads the list with its counts (query count pinned) and an
action's page; a person is named only to those who may see them (the owner without access reads « Personne orientée
par … »), observers see no row; the owner's managers add, change and close an action; advisers refer the people they
see; the referrer or the owner's managers record the end; anyone else gets 404 on every write and nothing changes.
Reads and writes of the people in an action are audited, refusals too."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.audit.models import AuditEntry
from tandem.barrier_actions import services
from tandem.barrier_actions.enums import ActionStatus, EnrolmentStatus
from tandem.barrier_actions.models import BarrierAction, Enrolment
from tandem.events.models import Event
from tandem.people.enums import BarrierKind
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.barrier_actions.factories import BarrierActionFactory, person_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def m(user):
    return user.memberships.select_related("organisation").get()


def _form(**changes) -> dict:
    return {
        "title": "Garde d'enfants en horaires décalés",
        "barrier_kind": BarrierKind.CHILDCARE,
        "description": "Places en crèche pour les parents qui reprennent un emploi.",
        "capacity": "3",
        "starts_on": TODAY.isoformat(),
        "ends_on": "",
        "communes": "67180",
        "service": "",
    } | changes


def _director_c(cast):
    user = UserFactory(email="director.c@example.org")
    MembershipFactory(user=user, organisation=cast.ml_c, role=Role.MANAGER)
    return user


def _enrol(cast, action, person, user=None):
    user = user or cast.adviser_a
    return services.enrolment_create(action=action, person=person, membership=m(user), by=user)


def test_the_list_shows_places_left_and_waiting_in_constant_queries(client, cast, django_assert_max_num_queries):
    full = BarrierActionFactory(organisation=cast.ml_a, title="Permis de conduire accompagné", capacity=1)
    _enrol(cast, full, person_of(cast.adviser_a, cast.ml_a, last_name="Alpha"))
    _enrol(cast, full, person_of(cast.adviser_a, cast.ml_a, last_name="Bravo"))
    BarrierActionFactory(organisation=cast.agency_b, title="Aide au transport", capacity=10)
    client.force_login(cast.observer)
    with django_assert_max_num_queries(12) as first:
        response = client.get(reverse("barrier_actions:list"))
    assert "Permis de conduire accompagné" in response.text and "Aide au transport" in response.text
    assert "Complète" in response.text and "10 sur 10" in response.text
    for index in range(5):
        BarrierActionFactory(organisation=cast.ml_c, title=f"Action {index}", communes=["33063"])
    # The page's frame, the bounded count and the actions with their counts in one query: no query per row.
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("barrier_actions:list"))
    assert "Action 4" in response.text


def test_the_list_filters_by_barrier_and_commune(client, cast):
    BarrierActionFactory(organisation=cast.ml_a, title="Transport Haguenau")  # A covers Haguenau
    BarrierActionFactory(organisation=cast.ml_c, title="Transport listé à Haguenau", communes=["67180"])
    BarrierActionFactory(organisation=cast.ml_c, title="Transport Bordeaux")
    BarrierActionFactory(organisation=cast.ml_a, title="Crèche Haguenau", barrier_kind=BarrierKind.CHILDCARE)
    client.force_login(cast.adviser_a)
    response = client.get(reverse("barrier_actions:list"), {"barrier_kind": "mobility", "commune": "67180"})
    assert "Transport Haguenau" in response.text and "Transport listé à Haguenau" in response.text
    assert "Transport Bordeaux" not in response.text and "Crèche Haguenau" not in response.text


def test_a_manager_adds_changes_and_closes_an_action_from_the_forms(client, cast):
    client.force_login(cast.director_a)
    response = client.post(reverse("barrier_actions:create"), _form())
    action = BarrierAction.objects.get()
    assert response.url == reverse("barrier_actions:detail", args=[action.pk])
    assert action.organisation == cast.ml_a and list(action.communes.values_list("pk", flat=True)) == ["67180"]
    client.post(reverse("barrier_actions:edit", args=[action.pk]), _form(capacity="5"))
    action.refresh_from_db()
    assert action.capacity == 5
    client.post(reverse("barrier_actions:close", args=[action.pk]))
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED


def test_reducing_the_capacity_below_the_places_taken_is_refused_in_french(client, cast):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=2)
    _enrol(cast, action, person_of(cast.adviser_a, cast.ml_a, last_name="Alpha"))
    _enrol(cast, action, person_of(cast.adviser_a, cast.ml_a, last_name="Bravo"))
    client.force_login(cast.director_a)
    response = client.post(reverse("barrier_actions:edit", args=[action.pk]), _form(capacity="1"))
    assert response.status_code == 200
    assert "2 personnes ont déjà une place" in response.text
    action.refresh_from_db()
    assert action.capacity == 2


def test_an_adviser_and_the_outsider_write_nothing(client, cast):
    action = BarrierActionFactory(organisation=cast.ml_a)
    events = Event.objects.count()
    for user in (cast.adviser_a, cast.adviser_c, cast.observer):
        client.force_login(user)
        assert client.get(reverse("barrier_actions:create")).status_code == 404
        assert client.post(reverse("barrier_actions:create"), _form()).status_code == 404
        assert client.post(reverse("barrier_actions:edit", args=[action.pk]), _form(title="Pris")).status_code == 404
        assert client.post(reverse("barrier_actions:close", args=[action.pk])).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.title.startswith("Aide au transport")
    assert BarrierAction.objects.count() == 1 and Event.objects.count() == events


def test_the_action_page_names_people_only_for_those_who_may_see_them(client, cast):
    director_c = _director_c(cast)
    # Mission Locale C's action: A's adviser refers A's people; C's managers own it without seeing them.
    action = BarrierActionFactory(organisation=cast.ml_c, title="Permis accompagné", capacity=1)
    _enrol(cast, action, person_of(cast.adviser_a, cast.ml_a, last_name="Alpha"))
    _enrol(cast, action, person_of(cast.adviser_a, cast.ml_a, last_name="Bravo"))
    client.force_login(cast.adviser_a)
    response = client.get(reverse("barrier_actions:detail", args=[action.pk]))
    assert "Inès Alpha" in response.text and "Inès Bravo" in response.text
    assert response.text.index("Inès Alpha") < response.text.index("Inès Bravo")
    assert AuditEntry.objects.filter(action="read", object_type="barrier_enrolment", detail__endswith=": 2").exists()
    client.force_login(director_c)
    response = client.get(reverse("barrier_actions:detail", args=[action.pk]))
    assert "Alpha" not in response.text and "Bravo" not in response.text
    assert response.text.count("Personne orientée par Mission Locale A") == 2
    assert "1 place prise sur 1" in response.text and "1 personne en attente" in response.text
    client.force_login(cast.observer)
    response = client.get(reverse("barrier_actions:detail", args=[action.pk]))
    assert response.status_code == 200
    assert "Alpha" not in response.text and "Personne orientée" not in response.text


def test_an_adviser_refers_a_person_they_follow_and_the_second_goes_on_the_waiting_list(client, cast):
    action = BarrierActionFactory(organisation=cast.ml_c, capacity=1)
    first = person_of(cast.adviser_a, cast.ml_a, last_name="Alpha")
    second = person_of(cast.adviser_a, cast.ml_a, last_name="Bravo")
    client.force_login(cast.adviser_a)
    response = client.get(reverse("barrier_actions:enrol", args=[action.pk]), {"q": "alpha"})
    assert "Inès Alpha" in response.text and "Bravo" not in response.text
    client.post(reverse("barrier_actions:enrol", args=[action.pk]), {"person": first.pk})
    response = client.post(reverse("barrier_actions:enrol", args=[action.pk]), {"person": second.pk}, follow=True)
    assert "est en liste d" in response.text
    assert dict(Enrolment.objects.values_list("person_id", "status")) == {
        first.pk: EnrolmentStatus.ENROLLED,
        second.pk: EnrolmentStatus.WAITLISTED,
    }
    assert AuditEntry.objects.filter(action="create", person_id=second.pk, object_type="barrier_enrolment").exists()


def test_the_enrol_page_preselects_the_person_of_the_address(client, cast):
    action = BarrierActionFactory(organisation=cast.ml_a)
    person = person_of(cast.adviser_a, cast.ml_a, last_name="Alpha")
    client.force_login(cast.adviser_a)
    response = client.get(reverse("barrier_actions:enrol", args=[action.pk]), {"personne": person.pk})
    assert "Inès Alpha" in response.text and f'name="person" value="{person.pk}"' in response.text
    listed = client.get(reverse("barrier_actions:list"), {"personne": person.pk})
    assert f"{reverse('barrier_actions:enrol', args=[action.pk])}?personne={person.pk}" in listed.text
    # Someone who may not see the person gets no name, and the attempt is audited.
    client.force_login(cast.adviser_c)
    response = client.get(reverse("barrier_actions:enrol", args=[action.pk]), {"personne": person.pk})
    assert "Alpha" not in response.text
    assert AuditEntry.objects.filter(action="denied", object_type="barrier_enrolment").exists()


def test_nobody_refers_a_person_they_may_not_see(client, cast):
    action = BarrierActionFactory(organisation=cast.ml_a)
    person = person_of(cast.adviser_a, cast.ml_a, last_name="Alpha")
    for user in (cast.adviser_c, cast.agent_b):
        client.force_login(user)
        response = client.post(reverse("barrier_actions:enrol", args=[action.pk]), {"person": person.pk})
        assert response.status_code == 404
    client.force_login(cast.observer)
    assert client.get(reverse("barrier_actions:enrol", args=[action.pk])).status_code == 404
    assert client.post(reverse("barrier_actions:enrol", args=[action.pk]), {"person": person.pk}).status_code == 404
    assert not Enrolment.objects.exists()
    assert AuditEntry.objects.filter(action="denied", object_type="barrier_enrolment").count() >= 2


def test_leaving_promotes_the_first_waiting_and_the_outsider_ends_nothing(client, cast):
    director_c = _director_c(cast)
    action = BarrierActionFactory(organisation=cast.ml_c, capacity=1)
    holder = _enrol(cast, action, person_of(cast.adviser_a, cast.ml_a, last_name="Alpha"))
    waiting = _enrol(cast, action, person_of(cast.adviser_a, cast.ml_a, last_name="Bravo"))
    for user in (cast.adviser_c, cast.agent_b, cast.observer):
        client.force_login(user)
        assert client.post(reverse("barrier_actions:enrolment_leave", args=[holder.pk])).status_code == 404
        assert client.post(reverse("barrier_actions:enrolment_complete", args=[holder.pk])).status_code == 404
    holder.refresh_from_db()
    assert holder.status == EnrolmentStatus.ENROLLED
    assert AuditEntry.objects.filter(action="denied", object_type="barrier_enrolment", object_id=holder.pk).exists()
    # The owner's manager records that the person left, without seeing them.
    client.force_login(director_c)
    response = client.post(reverse("barrier_actions:enrolment_leave", args=[holder.pk]), follow=True)
    assert "Sortie enregistrée" in response.text
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ENROLLED
    response = client.post(reverse("barrier_actions:enrolment_leave", args=[holder.pk]), follow=True)
    assert "déjà terminée" in response.text
    # The referrer records the completion.
    client.force_login(cast.adviser_a)
    client.post(reverse("barrier_actions:enrolment_complete", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.COMPLETED
    assert AuditEntry.objects.filter(action="update", person_id=waiting.person_id, detail="complete").exists()


def test_the_person_page_block_and_the_home_overview(cast):
    from django.template.loader import render_to_string

    from tandem.barrier_actions.selectors import actions_overview, enrolments_for_person

    action = BarrierActionFactory(organisation=cast.ml_a, title="Permis accompagné", capacity=1)
    person = person_of(cast.adviser_a, cast.ml_a, last_name="Alpha")
    _enrol(cast, action, person)
    html = render_to_string(
        "barrier_actions/_person_enrolments.html",
        {"enrolments": enrolments_for_person(person=person, membership=m(cast.adviser_a)), "person": person},
    )
    assert "Permis accompagné" in html and "A une place" in html
    assert not enrolments_for_person(person=person, membership=m(cast.adviser_c)).exists()
    html = render_to_string(
        "barrier_actions/_overview.html", {"actions": actions_overview(membership=m(cast.director_a))}
    )
    assert "Permis accompagné" in html and "Complète" in html
    assert not actions_overview(membership=m(cast.adviser_c)).exists()


def test_the_action_page_reads_its_people_in_constant_queries(client, cast, django_assert_max_num_queries):
    action = BarrierActionFactory(organisation=cast.ml_a, capacity=2)
    _enrol(cast, action, person_of(cast.adviser_a, cast.ml_a, last_name="Alpha"))
    client.force_login(cast.adviser_a)
    with django_assert_max_num_queries(30) as first:
        client.get(reverse("barrier_actions:detail", args=[action.pk]))
    for index in range(4):
        _enrol(cast, action, person_of(cast.adviser_a, cast.ml_a, last_name=f"Nom{index}"))
    # The rows and which of their persons the reader may see: two queries, whatever the number of people.
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("barrier_actions:detail", args=[action.pk]))
    assert "Inès Nom3" in response.text
