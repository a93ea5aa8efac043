"""The demo's young people and their referral flows (the demo loaded once for tests/demo, rolled back after)."""

from __future__ import annotations

import re

from django.db.models import Count, Q
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.demo import career_paths
from tandem.demo import exits as demo_exits
from tandem.demo.builders import demo_email
from tandem.demo.scenarios import alsace_nord, saint_etienne
from tandem.demo.young_people.flows import plan
from tandem.demo.young_people.grenoble import grenoble_plan
from tandem.demo.young_people.identities import MAX_AGE, MAX_AGE_RQTH, MIN_AGE
from tandem.demo.young_people.teams import teams_load
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Coverage, Organisation
from tandem.people.enums import ConsentRecipient, FollowRole
from tandem.people.models import Consent, Follow, Person
from tandem.referrals.enums import ReferralStatus
from tandem.referrals.models import Referral
from tandem.referrals.selectors import referral_inbox_for

ANSWERED_YES = [
    ReferralStatus.ACCEPTED,
    ReferralStatus.MEETING_SCHEDULED,
    ReferralStatus.MEETING_HELD,
    ReferralStatus.CLOSED,
]


def test_there_are_referrals_in_every_status(demo):
    statuses = set(Referral.objects.values_list("status", flat=True))

    assert statuses == set(ReferralStatus.values)
    designations = set(Referral.objects.filter(is_designation=True).values_list("status", flat=True))
    assert designations == set(ReferralStatus.values)


def test_the_inbox_of_the_mission_locale_d_alsace_du_nord_starts_with_overdue_proposals(demo):
    membership = Membership.objects.get(
        user__email=demo_email("conseiller.alsace-nord"), organisation__name=alsace_nord.ML_NAME
    )

    inbox = list(referral_inbox_for(membership=membership))

    assert inbox[0].is_overdue
    overdue_proposals = [r for r in inbox if r.is_overdue and r.status == ReferralStatus.PROPOSED]
    assert overdue_proposals
    for referral in overdue_proposals:
        assert referral.is_designation
        assert (timezone.localdate() - timezone.localdate(referral.proposed_at)).days >= 10
    assert any(r.is_overdue and r.status == ReferralStatus.ACCEPTED for r in inbox)  # first meeting late


def test_every_person_with_an_accepted_designation_has_exactly_one_current_lead(demo):
    persons = Person.objects.filter(referrals__is_designation=True, referrals__status__in=ANSWERED_YES).annotate(
        leads=Count("follows", filter=Q(follows__role=FollowRole.LEAD, follows__ended_at__isnull=True))
    )

    assert persons.count() > 100
    assert set(persons.values_list("leads", flat=True)) == {1}


def test_the_young_people_are_16_to_25_or_up_to_29_with_an_rqth(demo):
    today = timezone.localdate()
    ages = {person: person.age_on(today) for person in Person.objects.all()}

    assert min(ages.values()) == MIN_AGE
    assert max(ages.values()) <= MAX_AGE_RQTH
    assert all(person.has_rqth for person, age in ages.items() if age > MAX_AGE)
    assert any(age > MAX_AGE for age in ages.values())


def test_the_young_people_have_fictitious_france_travail_identifiers(demo):
    identifiers = [i for i in Person.objects.values_list("ft_identifier", flat=True) if i]

    assert len(identifiers) == len(set(identifiers)) > 250
    assert all(re.fullmatch(r"99\d{5}[A-Z]", identifier) for identifier in identifiers)


def test_each_designation_goes_to_the_mission_locale_covering_the_person_s_commune(demo):
    designations = Referral.objects.filter(is_designation=True).select_related("person", "from_organisation")

    for referral in designations:
        assert referral.from_organisation.kind == OrganisationKind.FT_AGENCY
        assert Coverage.objects.filter(
            organisation_id=referral.to_organisation_id, commune_id=referral.person.commune_id
        ).exists()


def test_the_wissembourg_site_receives_the_designations_of_its_communes_in_its_inbox(demo):
    site = Organisation.objects.get(kind=OrganisationKind.ML_SITE, parent__name=alsace_nord.ML_NAME)
    membership = Membership.objects.get(user__email=demo_email("conseiller.wissembourg"))

    inbox = list(referral_inbox_for(membership=membership))

    assert inbox and {referral.to_organisation for referral in inbox} == {site}
    assert Referral.objects.filter(to_organisation=site, is_designation=True).count() >= 3


def test_temp_agencies_receive_only_young_people_who_consented(demo):
    referrals = Referral.objects.filter(from_organisation__name=saint_etienne.ML_NAME)

    assert referrals.filter(status=ReferralStatus.ACCEPTED).exists()
    for referral in referrals:
        assert referral.to_organisation.kind == OrganisationKind.TEMP_AGENCY
        assert Consent.objects.filter(
            person=referral.person, recipient=referral.to_organisation, recipient_kind=ConsentRecipient.TEMP_AGENCY
        ).exists()
    for referral in referrals.filter(status__in=ANSWERED_YES):
        assert Follow.objects.filter(
            person=referral.person, organisation=referral.to_organisation, role=FollowRole.CONTRIBUTOR
        ).exists()


def test_only_the_old_proposals_expired(demo):
    expired = Referral.objects.filter(status=ReferralStatus.EXPIRED)

    assert expired.exists()
    for referral in expired:
        assert referral.answered_at is None
        assert (timezone.localdate() - timezone.localdate(referral.proposed_at)).days >= 55


def test_a_few_leads_were_handed_over_with_a_reason(demo):
    ended = Follow.objects.filter(role=FollowRole.LEAD, ended_at__isnull=False)
    # An agency leads the young person it registers until the Mission Locale accepts the designation.
    designations = ended.filter(organisation__kind=OrganisationKind.FT_AGENCY)
    assert set(designations.values_list("end_reason", flat=True)) == {"Délégation du PPAE acceptée"}
    handed_over = ended.exclude(organisation__kind=OrganisationKind.FT_AGENCY)

    assert 5 <= handed_over.count() <= 15
    assert "" not in set(handed_over.values_list("end_reason", flat=True))
    assert Follow.objects.filter(
        role=FollowRole.LEAD, ended_at__isnull=True, organisation__kind=OrganisationKind.ML_SITE
    ).exists()


def _planned() -> list[tuple]:
    return [
        (y.story, y.timeline, y.fields, y.adviser.email, y.partner and y.partner.organisation.name, y.agent)
        for y in plan(teams_load(), today=timezone.localdate())
    ]


def test_the_young_people_are_the_seeded_plan_which_comes_out_the_same_every_time(demo):
    planned = _planned()

    assert _planned() == planned
    identities = {(fields["first_name"], fields["last_name"], fields["birth_date"]) for _, _, fields, *_ in planned}
    grenoble = [(g.story, g.timeline, g.fields) for g in grenoble_plan(today=timezone.localdate())]
    assert [(g.story, g.timeline, g.fields) for g in grenoble_plan(today=timezone.localdate())] == grenoble
    identities |= {(fields["first_name"], fields["last_name"], fields["birth_date"]) for _, _, fields in grenoble}
    assert len(identities) == len(planned) + len(grenoble)
    # And the three young people whose paths across temp agencies the demo tells (tandem.demo.career_paths).
    identities |= {(path.first_name, path.last_name, path.birth_date) for path in career_paths.PATHS}
    # And the four young people of Saint-Étienne whose exits from accompaniment the demo records (tandem.demo.exits).
    identities |= {(exit.first_name, exit.last_name, exit.birth_date) for exit in demo_exits.EXITS}
    assert identities == set(Person.objects.values_list("first_name", "last_name", "birth_date"))
