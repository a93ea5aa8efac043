"""An adviser's caseload opens on their own follows ("mes suivis"); the whole structure is one choice away."""

from django.urls import reverse
from django.utils import timezone

from tandem.access.selectors import person_list_for
from tandem.accounts.enums import Role
from tandem.people.enums import FollowRole
from tandem.people.models import Follow
from tandem.people.services import follow_set_lead
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.people.factories import PersonFactory


def _colleague(cast):
    colleague = UserFactory(email="colleague.a@example.org")
    MembershipFactory(user=colleague, organisation=cast.ml_a, role=Role.ADVISER)
    return colleague


def _led(cast, adviser, last_name):
    person = PersonFactory(last_name=last_name)
    follow_set_lead(person=person, organisation=cast.ml_a, adviser=adviser, by=adviser)
    return person


def _names(response):
    return [person.last_name for person in response.context["page"].object_list]


def test_an_adviser_who_follows_people_sees_their_own_first_and_the_structure_on_request(client, cast):
    colleague = _colleague(cast)
    _led(cast, cast.adviser_a, "Mienne")
    _led(cast, colleague, "Collegue")
    client.force_login(cast.adviser_a)

    own = client.get(reverse("people:caseload"))
    everyone = client.get(reverse("people:caseload"), {"scope": "all"})

    assert _names(own) == ["Mienne"]
    assert own.context["own"] and "Mes suivis" in own.content.decode()
    assert _names(everyone) == ["Collegue", "Mienne"]
    # The filters and the search apply within the chosen scope.
    assert _names(client.get(reverse("people:caseload"), {"scope": "own", "query": "collegue"})) == []
    assert _names(client.get(reverse("people:caseload"), {"scope": "all", "query": "collegue"})) == ["Collegue"]


def test_someone_who_follows_nobody_starts_on_the_whole_structure(client, cast):
    _led(cast, cast.adviser_a, "Suivie")
    client.force_login(cast.director_a)

    response = client.get(reverse("people:caseload"))

    assert not response.context["own"] and _names(response) == ["Suivie"]


def test_own_follows_are_a_part_of_what_the_organisation_may_see_never_more(cast):
    """A temp agency's adviser following a young person whose consent to share does not stand sees nobody: the
    consent rule holds on the own scope too."""
    person = PersonFactory(last_name="SansConsentement")
    Follow.objects.create(
        person=person,
        organisation=cast.temp_agency,
        adviser=cast.temp_contact,
        role=FollowRole.CONTRIBUTOR,
        started_at=timezone.now(),
    )
    membership = cast.temp_contact.memberships.get()

    assert list(person_list_for(membership=membership, own=True)) == []
    assert list(person_list_for(membership=membership)) == []


def test_an_unknown_scope_lists_nobody(client, cast):
    _led(cast, cast.adviser_a, "Mienne")
    client.force_login(cast.adviser_a)

    response = client.get(reverse("people:caseload"), {"scope": "everyone"})

    assert response.status_code == 200 and _names(response) == []
