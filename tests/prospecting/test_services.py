"""Prospecting's services: campaigns, target lists, pairs and visits, and who may write them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.offers.enums import ContractType, OfferStatus, PositioningStatus
from tandem.offers.models import Offer, Positioning
from tandem.organisations.enums import OrganisationKind
from tandem.prospecting import selectors, services
from tandem.prospecting.enums import CampaignStatus, ServicePresented, VisitOutcome, VisitStatus
from tandem.prospecting.models import Campaign, CampaignTarget, Pair, Visit
from tandem.referentials.models import NafCode, RomeCode
from tandem.territories.models import Commune
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.offers.factories import OfferFactory
from tests.organisations.factories import OrganisationFactory
from tests.people.factories import PersonFactory
from tests.prospecting.factories import CampaignFactory, CampaignTargetFactory, EmployerFactory, PairFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def _membership(user, organisation=None) -> Membership:
    memberships = Membership.objects.filter(user=user)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.select_related("organisation").get()


def _events(kind: str) -> int:
    return Event.objects.filter(kind=kind).count()


def _retail_campaign(cast, **overrides) -> Campaign:
    fields = dict(
        membership=_membership(cast.director_a),
        by=cast.director_a,
        name="ROC commerce Bordeaux",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 4, 30),
        organisations=[cast.agency_b],
        communes=[Commune.objects.get(pk="33063")],
        naf_codes=[NafCode.objects.get(pk="4711D")],
    )
    fields.update(overrides)
    return services.campaign_create(**fields)


class TestCampaign:
    def test_a_manager_creates_a_campaign_with_the_partners_involved(self, cast):
        campaign = _retail_campaign(cast, size_brackets=["12", "11", "12"])
        assert campaign.status == CampaignStatus.DRAFT
        assert set(campaign.organisations.all()) == {cast.ml_a, cast.agency_b}
        assert campaign.size_brackets == ["11", "12"]
        assert _events(EventKind.CAMPAIGN_CREATED) == 1

    def test_an_adviser_does_not_create_a_campaign(self, cast):
        with pytest.raises(PermissionDenied):
            _retail_campaign(cast, membership=_membership(cast.adviser_a), by=cast.adviser_a)
        assert not Campaign.objects.exists()

    def test_a_campaign_needs_a_territory(self, cast):
        with pytest.raises(ValidationError) as error:
            _retail_campaign(cast, communes=[])
        assert "territoire" in str(error.value)
        assert not Campaign.objects.exists()

    def test_an_outsider_manager_changes_nothing(self, cast):
        campaign = _retail_campaign(cast)
        outsider = UserFactory()
        MembershipFactory(user=outsider, organisation=cast.ml_c, role=Role.MANAGER)
        with pytest.raises(PermissionDenied):
            services.campaign_update(
                campaign=campaign, membership=_membership(outsider), by=outsider, name="Pris par C"
            )
        with pytest.raises(PermissionDenied):
            services.campaign_activate(campaign=campaign, membership=_membership(outsider), by=outsider)
        campaign.refresh_from_db()
        assert (campaign.name, campaign.status) == ("ROC commerce Bordeaux", CampaignStatus.DRAFT)

    def test_a_partner_manager_updates_then_launches_and_closes_it(self, cast):
        campaign = _retail_campaign(cast)
        manager_b = UserFactory()
        MembershipFactory(user=manager_b, organisation=cast.agency_b, role=Role.MANAGER)
        services.campaign_update(
            campaign=campaign, membership=_membership(manager_b), by=manager_b, target_count=10, organisations=[]
        )
        # The organiser always stays among the partners.
        assert set(campaign.organisations.all()) == {cast.ml_a}
        campaign = services.campaign_activate(campaign=campaign, membership=_membership(cast.director_a), by=None)
        assert campaign.status == CampaignStatus.ACTIVE
        services.campaign_close(campaign=campaign, membership=_membership(cast.director_a), by=cast.director_a)
        with pytest.raises(Conflict):
            services.campaign_update(
                campaign=campaign, membership=_membership(cast.director_a), by=cast.director_a, name="Encore"
            )
        assert [e.kind for e in Event.objects.filter(subject_type="campaign").order_by("pk")] == [
            EventKind.CAMPAIGN_CREATED,
            EventKind.CAMPAIGN_UPDATED,
            EventKind.CAMPAIGN_ACTIVATED,
            EventKind.CAMPAIGN_CLOSED,
        ]


class TestTargetList:
    def test_it_ranks_the_territorys_companies_by_hiring_potential(self, cast, django_assert_max_num_queries):
        supermarket = EmployerFactory(name="Supermarché Mériadeck", naf_id="4711D")
        hiring = EmployerFactory(name="Supérette Saint-Pierre", naf_id="4711D")
        offer = OfferFactory(employer=hiring, organisation=cast.agency_b)
        OfferFactory(employer=hiring, organisation=cast.agency_b)
        Positioning.objects.create(
            person=PersonFactory(),
            offer=offer,
            organisation=cast.agency_b,
            status=PositioningStatus.HIRED,
            proposed_at=timezone.now(),
        )
        EmployerFactory(name="Supermarché de Haguenau", naf_id="4711D", commune_id="67180")  # outside
        EmployerFactory(name="Maçonnerie", naf_id="4120A")  # another sector
        EmployerFactory(name="Fermé", naf_id="4711D", is_active=False)
        campaign = _retail_campaign(cast)
        built = services.target_list_build(
            campaign=campaign, membership=_membership(cast.director_a), by=cast.director_a, today=TODAY
        )
        assert built == 2
        targets = list(CampaignTarget.objects.filter(campaign=campaign).order_by("rank"))
        assert [t.employer for t in targets] == [hiring, supermarket]
        # Two offers, one hire, and the sector's full weight: 2 × 1 + 1 × 3 + 5.
        assert targets[0].score == pytest.approx(10.0)
        assert targets[1].score == pytest.approx(5.0)
        assert _events(EventKind.CAMPAIGN_TARGETS_BUILT) == 1
        # Aggregate queries, whatever the number of employers.
        for index in range(20):
            EmployerFactory(name=f"Commerce {index}", naf_id="4711D")
        with django_assert_max_num_queries(14):
            services.target_list_build(
                campaign=campaign, membership=_membership(cast.director_a), by=cast.director_a, today=TODAY
            )
        assert CampaignTarget.objects.filter(campaign=campaign).count() == 22

    def test_rome_codes_choose_the_sectors_that_hire_in_them_and_weigh_them(self, cast):
        supermarket = EmployerFactory(name="Supermarché", naf_id="4711D")  # D1106: 3650 hirings
        grocer = EmployerFactory(name="Épicerie fine", naf_id="4729Z")  # D1106: 1016 hirings
        EmployerFactory(name="Maçonnerie", naf_id="4120A")
        campaign = _retail_campaign(cast, naf_codes=[], rome_codes=[RomeCode.objects.get(pk="D1106")])
        services.target_list_build(campaign=campaign, membership=_membership(cast.director_a), by=None, today=TODAY)
        targets = list(CampaignTarget.objects.filter(campaign=campaign).order_by("rank"))
        assert [t.employer for t in targets] == [supermarket, grocer]
        assert targets[1].score == pytest.approx(5.0 * 1016 / 3650, rel=1e-3)

    def test_it_leaves_out_companies_visited_lately_and_those_of_another_active_campaign(self, cast):
        visited = EmployerFactory(name="Visitée en janvier", naf_id="4711D")
        visited_long_ago = EmployerFactory(name="Visitée il y a deux ans", naf_id="4711D")
        held = EmployerFactory(name="Dans une autre campagne", naf_id="4711D")
        free = EmployerFactory(name="Libre", naf_id="4711D")
        Visit.objects.create(
            employer=visited,
            organisation=cast.agency_b,
            planned_on=datetime.date(2026, 1, 10),
            visited_on=datetime.date(2026, 1, 10),
            status=VisitStatus.REPORTED,
            outcome=VisitOutcome.NO_NEED,
        )
        Visit.objects.create(
            employer=visited_long_ago,
            organisation=cast.agency_b,
            planned_on=datetime.date(2024, 1, 10),
            visited_on=datetime.date(2024, 1, 10),
            status=VisitStatus.REPORTED,
            outcome=VisitOutcome.NO_NEED,
        )
        other = CampaignFactory(status=CampaignStatus.ACTIVE)
        CampaignTargetFactory(campaign=other, employer=held)
        CampaignTargetFactory(campaign=CampaignFactory(status=CampaignStatus.CLOSED), employer=free)
        campaign = _retail_campaign(cast)
        services.target_list_build(campaign=campaign, membership=_membership(cast.director_a), by=None, today=TODAY)
        kept = set(CampaignTarget.objects.filter(campaign=campaign).values_list("employer__name", flat=True))
        assert kept == {"Visitée il y a deux ans", "Libre"}

    def test_size_brackets_narrow_the_list(self, cast):
        EmployerFactory(name="PME", naf_id="4711D", size_bracket="12")
        EmployerFactory(name="Grande surface", naf_id="4711D", size_bracket="32")
        campaign = _retail_campaign(cast, size_brackets=["11", "12"])
        services.target_list_build(campaign=campaign, membership=_membership(cast.director_a), by=None, today=TODAY)
        assert list(CampaignTarget.objects.filter(campaign=campaign).values_list("employer__name", flat=True)) == [
            "PME"
        ]

    def test_the_split_gives_each_company_to_one_pair_balanced(self, cast):
        campaign = _retail_campaign(cast)
        for index in range(10):
            EmployerFactory(
                name=f"Commerce {index}", naf_id="4711D", latitude=44.8 + index / 100, longitude=-0.6 + index / 50
            )
        services.target_list_build(campaign=campaign, membership=_membership(cast.director_a), by=None, today=TODAY)
        pairs = [
            PairFactory(campaign=campaign, number=n, first_organisation=cast.ml_a, second_organisation=cast.agency_b)
            for n in (1, 2, 3)
        ]
        counts = services.target_list_split(campaign=campaign, membership=_membership(cast.director_a), by=None)
        assert sorted(counts.values()) == [3, 3, 4]
        assert not CampaignTarget.objects.filter(campaign=campaign, pair=None).exists()
        assert {t.pair for t in CampaignTarget.objects.filter(campaign=campaign)} == set(pairs)

    def test_an_adviser_or_an_outsider_does_not_build_or_split_the_list(self, cast):
        EmployerFactory(naf_id="4711D")
        campaign = _retail_campaign(cast)
        for user in (cast.adviser_a, cast.adviser_c):
            with pytest.raises(PermissionDenied):
                services.target_list_build(campaign=campaign, membership=_membership(user), by=user, today=TODAY)
            with pytest.raises(PermissionDenied):
                services.target_list_split(campaign=campaign, membership=_membership(user), by=user)
        assert not CampaignTarget.objects.exists()


class TestPairs:
    def _volunteers(self, cast, count: int = 3):
        volunteers = []
        for organisation in (cast.ml_a, cast.agency_b):
            for _index in range(count):
                user = UserFactory()
                MembershipFactory(user=user, organisation=organisation, role=Role.ADVISER)
                volunteers.append((user, organisation))
        return volunteers

    def test_pairs_join_two_organisations_and_rotate_from_one_campaign_to_the_next(self, cast):
        volunteers = self._volunteers(cast)
        director = _membership(cast.director_a)
        formed = set()
        for month in (3, 4, 5):
            campaign = _retail_campaign(
                cast,
                name=f"ROC {month}",
                starts_on=datetime.date(2026, month, 1),
                ends_on=datetime.date(2026, month, 28),
            )
            pairs = services.pairs_form(campaign=campaign, membership=director, by=None, volunteers=volunteers)
            assert len(pairs) == 3
            assert all(p.first_organisation != p.second_organisation for p in pairs)
            keys = {frozenset(p.member_ids()) for p in pairs}
            assert not keys & formed, "a pair repeats while others remain"
            formed |= keys
        assert len(formed) == 9
        assert _events(EventKind.CAMPAIGN_PAIRS_FORMED) == 3

    def test_a_volunteer_outside_the_campaign_is_refused(self, cast):
        campaign = _retail_campaign(cast)
        volunteers = [*self._volunteers(cast, 1), (cast.adviser_c, cast.ml_c)]
        with pytest.raises(ValidationError) as error:
            services.pairs_form(
                campaign=campaign, membership=_membership(cast.director_a), by=None, volunteers=volunteers
            )
        assert str(cast.adviser_c) in str(error.value)
        assert not Pair.objects.exists()

    def test_an_outsider_forms_no_pair(self, cast):
        campaign = _retail_campaign(cast)
        with pytest.raises(PermissionDenied):
            services.pairs_form(
                campaign=campaign,
                membership=_membership(cast.adviser_c),
                by=cast.adviser_c,
                volunteers=self._volunteers(cast, 1),
            )
        assert not Pair.objects.exists()


class TestVisits:
    def _planned(self, cast) -> Visit:
        campaign = _retail_campaign(cast)
        pair = PairFactory(
            campaign=campaign,
            first_member=cast.adviser_a,
            first_organisation=cast.ml_a,
            second_member=cast.agent_b,
            second_organisation=cast.agency_b,
        )
        employer = EmployerFactory(name="Supermarché Mériadeck", naf_id="4711D")
        return services.visit_plan(
            membership=_membership(cast.adviser_a),
            by=cast.adviser_a,
            employer=employer,
            planned_on=datetime.date(2026, 3, 10),
            campaign=campaign,
            pair=pair,
        )

    def test_a_pair_member_reports_a_visit_and_its_offer_is_shared_with_the_company_as_employer(self, cast):
        visit = self._planned(cast)
        assert _events(EventKind.VISIT_PLANNED) == 1
        visit = services.visit_report(
            visit=visit,
            membership=_membership(cast.agent_b),
            by=cast.agent_b,
            outcome=VisitOutcome.OFFERS_COLLECTED,
            visited_on=datetime.date(2026, 3, 10),
            needs="Deux employés de rayon pour l'été",
            services_presented=[ServicePresented.IMMERSION, ServicePresented.ANONYMOUS_CV],
            next_step="Envoyer des CV anonymes",
            next_step_due_on=datetime.date(2026, 3, 20),
            offers=[
                services.CollectedOffer(
                    title="Employé de rayon (H/F)",
                    contract_type=ContractType.CDD,
                    rome=RomeCode.objects.get(pk="D1106"),
                    positions=2,
                )
            ],
        )
        assert visit.status == VisitStatus.REPORTED
        assert visit.services_presented == ["anonymous_cv", "immersion"]
        assert visit.reported_by == cast.agent_b
        offer = visit.offers.get()
        assert (offer.employer, offer.organisation, offer.status) == (visit.employer, cast.agency_b, OfferStatus.OPEN)
        assert offer.commune_id == "33063"
        assert offer.naf_code == "4711D"
        assert offer.published_at is not None  # listed among the newest shared offers
        assert _events(EventKind.VISIT_REPORTED) == 1
        assert _events(EventKind.OFFER_CREATED) == 1
        # On the company's shared timeline: the visit, then the offer, by France Travail B.
        interactions = visit.employer.interactions.order_by("pk")
        assert [(i.kind, i.subject_type, i.subject_id, i.organisation) for i in interactions] == [
            ("visit", "visit", visit.pk, cast.agency_b),
            ("offer", "offer", offer.pk, cast.agency_b),
        ]
        assert timezone.localdate(interactions[0].occurred_at) == datetime.date(2026, 3, 10)

    def test_a_second_report_is_refused_cleanly(self, cast):
        visit = self._planned(cast)
        report = dict(membership=_membership(cast.adviser_a), by=cast.adviser_a, outcome=VisitOutcome.NO_NEED)
        services.visit_report(visit=visit, **report)
        with pytest.raises(Conflict):
            services.visit_report(visit=Visit.objects.get(pk=visit.pk), **report, offers=[])
        assert Offer.objects.count() == 0

    def test_a_report_needs_an_outcome_and_no_future_date(self, cast):
        visit = self._planned(cast)
        with pytest.raises(ValidationError):
            services.visit_report(visit=visit, membership=_membership(cast.adviser_a), by=None, outcome="")
        with pytest.raises(ValidationError):
            services.visit_report(
                visit=visit,
                membership=_membership(cast.adviser_a),
                by=None,
                outcome=VisitOutcome.NO_NEED,
                visited_on=timezone.localdate() + datetime.timedelta(days=2),
            )
        assert Visit.objects.get(pk=visit.pk).status == VisitStatus.PLANNED

    def test_an_outsider_neither_plans_reports_nor_cancels(self, cast):
        visit = self._planned(cast)
        outsider = _membership(cast.adviser_c)
        with pytest.raises(PermissionDenied):
            services.visit_plan(
                membership=outsider,
                by=cast.adviser_c,
                employer=visit.employer,
                planned_on=TODAY,
                campaign=visit.campaign,
            )
        with pytest.raises(PermissionDenied):
            services.visit_report(
                visit=visit,
                membership=outsider,
                by=cast.adviser_c,
                outcome=VisitOutcome.OFFERS_COLLECTED,
                offers=[services.CollectedOffer(title="Vendeur", contract_type=ContractType.CDI)],
            )
        with pytest.raises(PermissionDenied):
            services.visit_cancel(visit=visit, membership=outsider, by=cast.adviser_c)
        assert Visit.objects.get(pk=visit.pk).status == VisitStatus.PLANNED
        assert Visit.objects.count() == 1
        assert Offer.objects.count() == 0

    def test_a_pair_of_another_campaign_is_refused(self, cast):
        visit = self._planned(cast)
        other = PairFactory(first_organisation=cast.ml_a, second_organisation=cast.agency_b)
        with pytest.raises(ValidationError):
            services.visit_plan(
                membership=_membership(cast.adviser_a),
                by=cast.adviser_a,
                employer=visit.employer,
                planned_on=TODAY,
                campaign=visit.campaign,
                pair=other,
            )


class TestMissionLocaleSites:
    """A Mission Locale's site is part of it (docs/access.md): its staff take part in the Mission Locale's
    campaigns, and a pair never joins a Mission Locale with one of its own sites."""

    def _site_adviser(self, cast):
        site = OrganisationFactory(kind=OrganisationKind.ML_SITE, parent=cast.ml_a, name="Antenne de Bègles")
        user = UserFactory()
        MembershipFactory(user=user, organisation=site, role=Role.ADVISER)
        return site, user

    def test_a_sites_adviser_sees_the_mission_locales_campaign_and_reports_its_visit(self, cast):
        site, user = self._site_adviser(cast)
        manager = UserFactory()
        MembershipFactory(user=manager, organisation=cast.agency_b, role=Role.MANAGER)
        # The agency leads the campaign; the Mission Locale takes part, so its sites do.
        campaign = _retail_campaign(cast, membership=_membership(manager), by=manager, organisations=[cast.ml_a])
        membership = _membership(user)
        assert list(selectors.campaign_list_for(membership=membership)) == [campaign]
        assert selectors.campaign_get_for(membership=membership, pk=campaign.pk) == campaign
        visit = services.visit_plan(
            membership=membership,
            by=user,
            employer=EmployerFactory(),
            planned_on=datetime.date(2026, 3, 10),
            campaign=campaign,
        )
        services.visit_report(
            visit=visit, membership=membership, by=user, outcome=VisitOutcome.NO_NEED, visited_on=TODAY
        )
        assert Visit.objects.get(pk=visit.pk).status == VisitStatus.REPORTED
        # Another Mission Locale's site stays outside.
        other_site = OrganisationFactory(kind=OrganisationKind.ML_SITE, parent=cast.ml_c)
        stranger = UserFactory()
        MembershipFactory(user=stranger, organisation=other_site, role=Role.ADVISER)
        assert list(selectors.campaign_list_for(membership=_membership(stranger))) == []
        with pytest.raises(Http404):
            selectors.campaign_get_for(membership=_membership(stranger), pk=campaign.pk)

    def test_pairs_mix_the_agency_with_the_mission_locale_or_its_site_never_the_two(self, cast):
        site, site_adviser = self._site_adviser(cast)
        ml_adviser, agent = UserFactory(), UserFactory()
        MembershipFactory(user=ml_adviser, organisation=cast.ml_a, role=Role.ADVISER)
        MembershipFactory(user=agent, organisation=cast.agency_b, role=Role.ADVISER)
        campaign = _retail_campaign(cast)
        pairs = services.pairs_form(
            campaign=campaign,
            membership=_membership(cast.director_a),
            by=None,
            volunteers=[(site_adviser, site), (ml_adviser, cast.ml_a), (agent, cast.agency_b)],
        )
        assert len(pairs) == 1
        assert {pairs[0].first_organisation, pairs[0].second_organisation} & {cast.agency_b}
