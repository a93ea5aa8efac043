"""Bordeaux's companies and its retail targeted offer search around Mériadeck (seed 001), the demo loaded once."""

from __future__ import annotations

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.core.codes import validate_siren, validate_siret
from tandem.demo.builders import demo_email
from tandem.demo.prospecting import CAMPAIGN_NAME, COMPANIES, REPORTS, demo_siret
from tandem.demo.scenarios import bordeaux
from tandem.employers.enums import InteractionKind
from tandem.employers.models import Employer, EmployerContact, EmployerInteraction
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.offers.enums import PositioningStatus
from tandem.offers.models import Offer, Positioning
from tandem.organisations.enums import OrganisationKind
from tandem.prospecting.enums import CampaignStatus, VisitStatus
from tandem.prospecting.models import Campaign, Visit
from tandem.prospecting.selectors import visits_to_report_for


def test_the_demo_s_companies_have_valid_sirets_real_activities_and_communes(demo):
    employers = Employer.objects.filter(siret__in=[demo_siret(c.name) for c in COMPANIES])

    assert employers.count() == len(COMPANIES) == 22
    assert demo.counts["employers"] == 22 + 1  # and Saint-Étienne's bakery that hosts a PMSMP (demo.immersions)
    for employer in employers:
        validate_siret(employer.siret)
        validate_siren(employer.siren)
        assert employer.naf is not None and employer.commune is not None
    assert employers.filter(naf__code__startswith="47").count() >= 15
    assert employers.exclude(naf__code__startswith="47").exists()
    with_referent = employers.filter(referent_adviser__isnull=False)
    assert with_referent.filter(referent_adviser__email=demo_email("relations-entreprises.bordeaux")).count() >= 3
    assert with_referent.filter(referent_organisation__kind=OrganisationKind.FT_AGENCY).exists()
    assert Event.objects.filter(kind=EventKind.EMPLOYER_REFERENT_ASSIGNED).count() == with_referent.count()
    assert EmployerContact.objects.filter(employer__in=employers).count() >= 5
    calls = EmployerInteraction.objects.filter(employer__in=employers, kind=InteractionKind.CALL)
    assert calls.count() >= 5 and all(call.contact is not None for call in calls)


def test_the_retail_campaign_is_active_with_its_target_list_split_across_three_mixed_pairs(demo):
    campaign = Campaign.objects.get(name=CAMPAIGN_NAME)
    mission_locale = campaign.organisation

    assert demo.counts["campaigns"] == 1
    assert mission_locale.name == bordeaux.ML_NAME and campaign.status == CampaignStatus.ACTIVE
    assert {o.safir_code for o in campaign.organisations.all()} >= set(bordeaux.CATCHMENTS)
    targets = list(campaign.targets.select_related("employer__naf", "employer__commune"))
    assert len(targets) == 12 and all(t.pair_id is not None for t in targets)
    assert all(t.employer.naf_id.startswith("47") and t.employer.commune_id == bordeaux.BORDEAUX for t in targets)
    assert len({t.employer_id for t in targets}) == 12  # no company assigned twice
    pairs = list(campaign.pairs.select_related("first_organisation", "second_organisation"))
    assert len(pairs) == 3
    for pair in pairs:
        kinds = {pair.first_organisation.kind, pair.second_organisation.kind}
        assert kinds == {OrganisationKind.FT_AGENCY, OrganisationKind.MISSION_LOCALE}
        assert campaign.targets.filter(pair=pair).count() == 4
    members = {m for pair in pairs for m in pair.member_ids()}
    assert Membership.objects.filter(user__in=members, role=Role.EMPLOYER_RELATIONS).exists()


def test_visits_are_reported_with_their_offers_collected_shared_and_on_the_company_s_timeline(demo):
    visits = Visit.objects.filter(campaign__name=CAMPAIGN_NAME)
    reported = visits.filter(status=VisitStatus.REPORTED)

    assert reported.count() == len(REPORTS) == Event.objects.filter(kind=EventKind.VISIT_REPORTED).count()
    assert visits.filter(status=VisitStatus.PLANNED).count() == 6
    assert all(v.pair is not None and v.campaign_id for v in visits)
    offers = Offer.objects.filter(visits__in=reported).distinct()
    assert offers.count() == sum(len(r[2]) for r in REPORTS) == 4
    for offer in offers:
        visit = offer.visits.get()
        assert offer.employer_id == visit.employer_id
        assert offer.organisation.kind == OrganisationKind.MISSION_LOCALE
        assert EmployerInteraction.objects.filter(
            employer=visit.employer, kind=InteractionKind.OFFER, subject_id=offer.pk
        ).exists()
    assert EmployerInteraction.objects.filter(kind=InteractionKind.VISIT).count() == reported.count()


def test_an_offer_collected_in_a_visit_led_to_a_hire(demo):
    hire = Positioning.objects.get(offer__visits__campaign__name=CAMPAIGN_NAME, status=PositioningStatus.HIRED)

    assert hire.organisation.name == bordeaux.ML_NAME
    assert Event.objects.filter(kind="positioning_hired", subject_id=hire.pk).exists()


def test_the_employer_relations_officer_has_visits_to_report(demo):
    membership = Membership.objects.get(
        user__email=demo_email("relations-entreprises.bordeaux"), organisation__name=bordeaux.ML_NAME
    )

    assert membership.role == Role.EMPLOYER_RELATIONS
    assert visits_to_report_for(membership=membership).count() == 1
