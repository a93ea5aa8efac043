"""Who sees what of a young person's record, as a matrix over the cast of personas."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.access import permissions
from tandem.access.permissions import Access
from tandem.access.selectors import person_list_for
from tandem.people.models import Follow, Person
from tandem.people.services import consent_revoke, follow_set_lead, person_register
from tandem.referrals.services import referral_accept, referral_propose
from tests.people.factories import consent_to_the_temp_agency, led_by_ml_c

SHARED, FULL, NONE = Access.SHARED, Access.FULL, Access.NONE


@pytest.fixture
def person(cast):
    """Proposed by France Travail B to Mission Locale A, accepted: A leads, B referred."""
    person = person_register(
        by=cast.agent_b,
        organisation=cast.agency_b,
        adviser=cast.agent_b,
        first_name="Lina",
        last_name="Testeuse",
        birth_date=timezone.localdate().replace(year=2004),
        commune_id="67544",
    )
    referral = referral_propose(
        person=person, from_organisation=cast.agency_b, to_organisation=cast.ml_a, by=cast.agent_b, is_designation=True
    )
    referral_accept(referral=referral, by=cast.adviser_a, organisation=cast.ml_a)
    return person


def access_of(cast, persona: str, person) -> Access:
    user = cast.personas()[persona]
    return permissions.person_access(user.memberships.get(), person)


MATRIX = {
    # persona: access while the designation is open (accepted, waiting for the first meeting)
    "adviser_a": FULL,
    "director_a": FULL,
    "agent_b": SHARED,
    "adviser_c": NONE,
    "temp_contact": NONE,
    "observer": NONE,
    "admin": NONE,
}


@pytest.mark.parametrize("persona,expected", MATRIX.items())
def test_access_matrix_of_a_designated_young_person(cast, person, persona, expected):
    assert access_of(cast, persona, person) == expected


@pytest.mark.parametrize("persona,expected", MATRIX.items())
def test_the_person_page_answers_the_matrix_and_404_for_the_others(client, cast, person, persona, expected):
    client.force_login(cast.personas()[persona])
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == (404 if expected == NONE else 200)
    if expected == SHARED:
        assert "Logement, ressources" not in response.content.decode()
    if expected == FULL:
        assert "Logement, ressources" in response.content.decode()


def test_a_temp_agency_sees_the_shared_part_only_while_consent_stands(cast, person):
    assert access_of(cast, "temp_contact", person) == NONE
    consent = consent_to_the_temp_agency(cast, person)
    assert access_of(cast, "temp_contact", person) == NONE  # consent alone: no referral, no follow
    referral = referral_propose(
        person=person, from_organisation=cast.ml_a, to_organisation=cast.temp_agency, by=cast.adviser_a
    )
    assert access_of(cast, "temp_contact", person) == SHARED
    consent_revoke(consent=consent, by=cast.adviser_a, organisation=cast.ml_a)
    assert access_of(cast, "temp_contact", person) == NONE
    assert referral.pk


def test_after_a_hand_over_the_new_lead_sees_everything_and_the_former_one_the_shared_part(cast, person):
    follow_set_lead(
        person=person,
        organisation=cast.ml_c,
        adviser=cast.adviser_c,
        by=cast.adviser_a,
        reason="Déménagement à Bordeaux",
    )
    assert access_of(cast, "adviser_c", person) == FULL
    # The designation B → A is still open (accepted, no meeting yet): both keep the shared view through it.
    assert access_of(cast, "agent_b", person) == SHARED
    assert access_of(cast, "adviser_a", person) == SHARED


def test_the_caseload_lists_only_the_people_an_organisation_may_see(client, cast, person):
    for persona, visible in (("adviser_a", True), ("agent_b", True), ("adviser_c", False)):
        client.force_login(cast.personas()[persona])
        response = client.get(reverse("people:caseload"))
        assert response.status_code == 200
        assert ("Testeuse" in response.content.decode()) is visible
    client.force_login(cast.observer)
    assert client.get(reverse("people:caseload")).status_code == 404


def _seen_through_follows(membership) -> set[int]:
    """The persons of the follows the rule keeps when it filters follows by their person (`through`)."""
    return set(
        Follow.objects.filter(permissions.person_access_q(membership, through="person")).values_list(
            "person_id", flat=True
        )
    )


def _seen_directly(membership) -> set[int]:
    seen = set(Person.objects.filter(permissions.person_access_q(membership)).values_list("pk", flat=True))
    return seen & set(Follow.objects.values_list("person_id", flat=True))


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "adviser_c"])
def test_the_rule_read_through_a_foreign_key_keeps_the_same_persons(cast, person, persona):
    """Besides `person` (A leads, B referred), Bordeaux's Mission Locale C leads someone of its own."""
    theirs = led_by_ml_c(cast)
    membership = cast.personas()[persona].memberships.get()
    expected = {"adviser_a": {person.pk}, "agent_b": {person.pk}, "adviser_c": {theirs.pk}}[persona]
    assert _seen_through_follows(membership) == _seen_directly(membership) == expected


def test_read_through_a_foreign_key_the_rule_keeps_the_temp_agency_s_consent_and_leaves_the_anonymised_out(
    cast, person
):
    temp = cast.temp_contact.memberships.get()
    consent = consent_to_the_temp_agency(cast, person)
    assert _seen_through_follows(temp) == set()  # consent alone: no referral, no follow
    referral_propose(person=person, from_organisation=cast.ml_a, to_organisation=cast.temp_agency, by=cast.adviser_a)
    assert _seen_through_follows(temp) == {person.pk} == _seen_directly(temp)
    consent_revoke(consent=consent, by=cast.adviser_a, organisation=cast.ml_a)
    assert _seen_through_follows(temp) == set()
    lead = cast.adviser_a.memberships.get()
    Person.objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
    assert _seen_through_follows(lead) == set() == _seen_directly(lead)


def test_an_adviser_s_own_follows_read_through_a_foreign_key_are_theirs_only(cast, person):
    """`own` (the caseload's "mes suivis") read through a foreign key: the adviser's own follows, not a colleague's."""
    membership = cast.adviser_a.memberships.get()
    own = permissions.person_access_q(membership, own=True, through="person")
    through = set(Follow.objects.filter(own).values_list("person_id", flat=True))
    mine = Person.objects.filter(permissions.person_access_q(membership, own=True))
    directly = set(mine.values_list("pk", flat=True))
    assert through == directly == {person.pk}
    colleague = cast.director_a.memberships.get()
    assert set(Follow.objects.filter(permissions.person_access_q(colleague, own=True, through="person"))) == set()


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "adviser_c", "temp_contact", "observer"])
def test_the_rule_checked_within_some_persons_keeps_those_of_them_it_keeps_anyway(cast, person, persona):
    """`within` (the matching's candidates): the rule on a few persons only is the rule, intersected with them."""
    theirs = led_by_ml_c(cast)
    consent_to_the_temp_agency(cast, person)
    referral_propose(person=person, from_organisation=cast.ml_a, to_organisation=cast.temp_agency, by=cast.adviser_a)
    membership = cast.personas()[persona].memberships.get()
    everyone = set(person_list_for(membership=membership).values_list("pk", flat=True))
    expected = {
        "adviser_a": {person.pk},
        "agent_b": {person.pk},
        "adviser_c": {theirs.pk},
        "temp_contact": {person.pk},
        "observer": set(),
    }[persona]
    assert everyone == expected
    for chosen in ({person.pk}, {theirs.pk}, {person.pk, theirs.pk}, set()):
        # As a query of ids, and as the list of a page's ids (the matching's recheck).
        for within in (Person.objects.filter(pk__in=chosen).values("pk"), sorted(chosen)):
            kept = set(person_list_for(membership=membership, within=within).values_list("pk", flat=True))
            assert kept == everyone & chosen


def test_own_follows_are_not_read_within_some_persons(cast):
    with pytest.raises(ValueError, match="not read together"):
        person_list_for(membership=cast.adviser_a.memberships.get(), own=True, within=[1])
