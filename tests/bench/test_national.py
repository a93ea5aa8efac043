"""The national data set generator and the benchmark runner, at a small scale (their figures come from
`make bench`, never from a test's timing)."""

from __future__ import annotations

import datetime

import pytest
from django.conf import global_settings
from django.contrib.auth.hashers import check_password
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from bench.national import identities, runner
from bench.national.generator import National, Sizes
from bench.national.territory import Place, territories_cut
from tandem.accounts.models import User
from tandem.employer_events.enums import EventStatus, InvitationStatus, RegistrationStatus
from tandem.employer_events.models import EmployerEvent, Invitation, Registration
from tandem.employers.models import Employer, EmployerContact, EmployerInteraction
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.offers.enums import OfferStatus
from tandem.offers.matching import seen
from tandem.offers.models import Offer, Positioning, SeenSoughtJob
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Coverage, Organisation
from tandem.people.enums import FollowRole
from tandem.people.models import Follow, Person
from tandem.prospecting.enums import CampaignStatus, VisitStatus
from tandem.prospecting.models import Campaign, CampaignTarget, Pair, Visit
from tandem.referrals.enums import ReferralStatus
from tandem.referrals.models import Referral
from tandem.territories.models import Commune

SCALE = 0.001
DAY = datetime.date(2026, 12, 1)


def _generate(scale: float = SCALE) -> National:
    national = National(scale=scale, seed=7, today=DAY)
    national.run()
    return national


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """One generation for the module's tests (each test's own changes roll back to it), undone at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _generate()
        transaction.set_rollback(True)


def test_every_commune_belongs_to_exactly_one_of_the_440_missions_locales(national, db):
    assert Organisation.objects.filter(kind=OrganisationKind.MISSION_LOCALE).count() == 440
    covered = Coverage.objects.filter(organisation__kind=OrganisationKind.MISSION_LOCALE)
    per_commune = covered.values("commune_id").annotate(n=Count("pk"))
    assert per_commune.count() == Commune.objects.count()
    assert not per_commune.filter(n__gt=1).exists()


def test_the_volumes_follow_the_scale_and_the_field_proportions(national, db):
    sizes = Sizes.at(SCALE)
    assert Person.objects.count() == sizes.people
    assert Offer.objects.count() == sizes.offers
    open_share = Offer.objects.filter(status=OfferStatus.OPEN).count() / sizes.offers
    assert 0.25 < open_share < 0.35
    assert Organisation.objects.filter(kind=OrganisationKind.TEMP_AGENCY).count() == sizes.temp_agencies
    # The real France Travail agencies, from the official file.
    assert Organisation.objects.filter(kind=OrganisationKind.FT_AGENCY).count() > 800
    designations = Referral.objects.filter(is_designation=True)
    assert designations.count() > 0.8 * sizes.people
    assert designations.filter(status=ReferralStatus.PROPOSED).exists()  # Missions Locales' inboxes hold some
    assert Positioning.objects.exists()


def test_every_young_person_has_one_current_lead_in_the_mission_locale_of_their_commune_or_their_agency(national, db):
    leads = Follow.objects.filter(role=FollowRole.LEAD, ended_at__isnull=True)
    assert leads.count() == Person.objects.count()
    assert leads.values("person_id").distinct().count() == Person.objects.count()
    led_by_ml = leads.filter(organisation__kind=OrganisationKind.MISSION_LOCALE)
    assert led_by_ml.exists()
    in_their_territory = led_by_ml.filter(organisation__coverage_rows__commune_id=F("person__commune_id"))
    assert in_their_territory.count() == led_by_ml.count()


def test_the_generated_rows_keep_every_foreign_key_and_constraint(national, db):
    # SQLite checks every row (PRAGMA foreign_key_check); PostgreSQL rebuilt the unique indexes over the rows.
    connection.check_constraints()


def test_the_matching_s_index_of_sought_jobs_holds_the_generated_people(national, db):
    """Loaded without triggers on PostgreSQL, computed once at the end (seen.rebuild): the rows the triggers keep."""
    with connection.cursor() as cursor:
        expected = seen.expected_rows(cursor)
    rows = set(SeenSoughtJob.objects.values_list("organisation_id", "person_id", "rome_id", "domain"))
    assert rows == expected
    assert any(rome is not None for _org, _person, rome, _domain in rows)


def test_the_generated_advisers_log_in_with_the_documented_password(national, db, settings):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the suite's fast hasher is not the generator's
    adviser = User.objects.filter(email__endswith=f"@{identities.GENERATED_DOMAIN}").order_by("pk").first()
    assert adviser is not None and adviser.is_active
    assert check_password(identities.GENERATED_PASSWORD, adviser.password)


def test_territories_are_cut_by_population_and_each_area_has_at_least_one():
    places = [
        Place(f"{i:05d}", f"C{i}", 1000 if i % 10 else 50_000, "A" if i < 60 else "B", f"E{i // 5}", 45.0, 5.0)
        for i in range(100)
    ]
    territories = territories_cut(places, count=7)
    assert len(territories) == 7
    assert sorted(p.code for t in territories for p in t.communes) == [p.code for p in places]
    assert {t.area for t in territories} == {"A", "B"}


def test_the_benchmark_runner_measures_every_path_on_the_generated_data(national, db):
    figures = runner.run(repeat=1, only=runner.PAGES, save=False, log=lambda line: None)
    names = {figure.name for figure in figures}
    assert {
        "caseload",
        "caseload_structure",
        "inbox",
        "home",
        "person",
        "offers",
        "matching_offers",
        "matching_candidates",
        "matching_offers_page",
        "matching_candidates_page",
        "employers",
        "prospecting_targets",
        "prospecting_campaign",
        "prospecting_my_visits",
        "company",
        "employer_events",
        "employer_event",
        "indicators_region",
        "indicators_region_measure",
        "conventions",
        "convention",
        "convention_regional",
        "service_catalogue",
        "service_catalogue_near",
        "service_catalogue_themes",
        "career_path",
        "immersions",
        "barrier_actions",
        "barrier_action",
        "partner_home",
    } <= names
    caseload = next(f for f in figures if f.name == "caseload")
    assert caseload.raw is not None and caseload.ratio is not None and caseload.ours["median"] > 0
    actions = next(f for f in figures if f.name == "barrier_actions")
    assert actions.raw is not None and actions.ratio is not None
    text = runner.markdown(
        figures, {"when": "2026-12-01", "vendor": "sqlite", "machine": "x", "scale": SCALE, "dataset": runner.dataset()}
    )
    assert text.startswith(runner.START) and text.endswith(runner.END)
    assert "Liste des personnes suivies" in text


@pytest.mark.parametrize("scope", ["own", "all"])
def test_the_raw_caseload_query_finds_the_people_the_page_shows(national, db, client, scope):
    """The benchmark compares like with like: the hand-written SQL returns the page's people and total, for the
    adviser's own follows (the page's default) and for the whole structure."""
    adviser = runner.busiest_advisers(OrganisationKind.MISSION_LOCALE, 1)[0]
    client.force_login(adviser)
    response = client.get("/personnes/", {"scope": scope})
    page = response.context["page"]
    (count_sql, count_params), (page_sql, page_params) = runner.raw_caseload_statements(adviser, own=scope == "own")
    total = runner._rows(count_sql, count_params)[0][0]
    rows = runner._rows(page_sql, page_params)
    assert total == page.paginator.count > 0
    assert [row[0] for row in rows] == [person.pk for person in page.object_list] != []


def test_the_raw_offers_query_finds_the_offers_the_list_shows(national, db, client):
    adviser = runner.busiest_advisers(OrganisationKind.MISSION_LOCALE, 1)[0]
    client.force_login(adviser)
    page = client.get("/offres/").context["page"]
    _partners, _departements, (count_sql, count_params), (sql, params) = runner.raw_offers_statements(adviser)
    rows = runner._rows(sql, params)
    assert [row[0] for row in rows] == [offer.pk for offer in page.object_list] != []
    assert runner._rows(count_sql, count_params)[0][0] == page.paginator.count


def test_the_raw_inbox_query_finds_the_referrals_the_inbox_shows(national, db, client):
    adviser = runner.busiest_advisers(OrganisationKind.MISSION_LOCALE, 1)[0]
    client.force_login(adviser)
    response = client.get("/orientations/")
    shown = response.context["referrals"]
    (count_sql, count_params), (sql, params) = runner.raw_inbox_statements(adviser)
    rows = runner._rows(sql, params)
    assert runner._rows(count_sql, count_params)[0][0] == response.context["page"].paginator.count
    assert [row[0] for row in rows] == [referral.pk for referral in shown] != []


@pytest.mark.parametrize("word", runner.EMPLOYER_SEARCHES)
def test_the_raw_employers_query_finds_the_companies_the_list_shows(national, db, client, word):
    adviser = runner.busiest_advisers(OrganisationKind.MISSION_LOCALE, 1)[0]
    client.force_login(adviser)
    page = client.get("/entreprises/", {"q": word} if word else {}).context["page"]
    (count_sql, count_params), (sql, params) = runner.raw_employers_statements(word)
    rows = runner._rows(sql, params)
    assert [row[0] for row in rows] == [employer.pk for employer in page.object_list] != []
    assert runner._rows(count_sql, count_params)[0][0] == page.paginator.count


def test_each_territory_is_prospected_by_its_mission_locale_and_reference_agency(national, db):
    """Three campaigns per territory (one under way), pairs of an agency adviser and a Mission Locale adviser,
    targets in the territory, visits reported or to report, and what the services write beside them."""
    campaigns = Campaign.objects.all()
    assert campaigns.count() > 0
    assert campaigns.filter(status=CampaignStatus.ACTIVE).count() * 3 == campaigns.count()
    for campaign in campaigns.filter(status=CampaignStatus.ACTIVE)[:20]:
        partners = set(campaign.organisations.values_list("pk", flat=True))
        assert campaign.organisation_id in partners and len(partners) == 2
        for pair in campaign.pairs.all():
            assert pair.first_member.memberships.filter(organisation=pair.first_organisation).exists()
            assert pair.second_member.memberships.filter(organisation=pair.second_organisation).exists()
            assert {pair.first_organisation_id, pair.second_organisation_id} == partners
        in_territory = campaign.targets.filter(employer__commune__in=campaign.communes.all())
        assert in_territory.count() == campaign.targets.count() > 0
        assert not campaign.targets.filter(pair__isnull=True).exists()
    assert Pair.objects.filter(campaign__in=campaigns).exists()
    assert CampaignTarget.objects.exists()
    reported = Visit.objects.filter(status=VisitStatus.REPORTED)
    assert reported.exists() and not reported.filter(outcome="").exists()
    assert Visit.objects.filter(status=VisitStatus.PLANNED).exists()
    assert Event.objects.filter(kind=EventKind.VISIT_REPORTED).count() == reported.count()
    assert EmployerInteraction.objects.filter(subject_type="visit").count() == reported.count()
    assert EmployerContact.objects.exists()
    # The first partner to meet a company answers for it (the single contact), with its event.
    referents = Employer.objects.filter(referent_organisation__isnull=False)
    assert referents.count() == Event.objects.filter(kind=EventKind.EMPLOYER_REFERENT_ASSIGNED).count() > 0
    assert referents.filter(referent_adviser__memberships__organisation=F("referent_organisation")).count() == (
        referents.count()
    )


def test_the_raw_target_list_ranks_the_companies_as_the_campaign_does(national, db):
    campaign = runner.busiest_campaign()
    ours = runner._targets_ranked(campaign)
    raw = runner._rows(runner.RAW_TARGETS, runner.raw_targets_params(campaign))
    assert [pk for pk, _score in ours] == [row[0] for row in raw] != []
    assert [round(score, 4) for _pk, score in ours] == [round(float(row[1]), 4) for row in raw]


def test_the_raw_campaign_queries_find_what_the_campaign_page_and_my_visits_show(national, db, client):
    campaign = runner.busiest_campaign()
    member = runner._pair_member(campaign)
    client.force_login(member)
    context = client.get(f"/prospection/{campaign.pk}/").context
    assert (
        [row[0] for row in runner._rows(runner.RAW_CAMPAIGN_TARGETS, [campaign.pk])]
        == [target.pk for target in context["targets"]]
        != []
    )
    assert [row[0] for row in runner._rows(runner.RAW_CAMPAIGN_PAIRS, [campaign.pk])] == [
        pair.pk for pair in context["pairs"]
    ]
    assert [row[0] for row in runner._rows(runner.RAW_CAMPAIGN_VISITS, [campaign.pk])] == [
        visit.pk for visit in context["visits"]
    ]
    shown = client.get("/prospection/visites/").context["visits"]
    raw = runner._rows(runner.RAW_MY_VISITS, {"today": timezone.localdate(), "user": member.pk})
    assert [row[0] for row in raw] == [visit.pk for visit in shown]


def test_each_territory_holds_employer_events_with_companies_and_young_people(national, db):
    events = EmployerEvent.objects.all()
    assert events.filter(status=EventStatus.HELD).exists() and events.filter(status=EventStatus.PLANNED).exists()
    assert Invitation.objects.filter(status=InvitationStatus.ATTENDED).exists()
    present = Registration.objects.filter(status=RegistrationStatus.PRESENT)
    assert present.exists() and not present.filter(event__status=EventStatus.PLANNED).exists()
    # Young people registered are led by the Mission Locale that took part; each registration is on their timeline.
    for registration in Registration.objects.select_related("event")[:50]:
        parties = {registration.event.organisation_id, *registration.event.partners.values_list("pk", flat=True)}
        assert registration.organisation_id in parties
        assert Follow.objects.filter(
            person=registration.person_id, organisation=registration.organisation_id, ended_at__isnull=True
        ).exists()
    assert Event.objects.filter(kind=EventKind.EMPLOYER_EVENT_REGISTERED).count() == Registration.objects.count()
    assert Event.objects.filter(kind=EventKind.EMPLOYER_EVENT_INVITED, subject_type="employer").count() == (
        Invitation.objects.count()
    )


def test_the_employer_events_stage_adds_itself_to_a_data_set_generated_before_it(national, db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="déjà des événements"):
        call_command("generate_national", scale=SCALE, only="employer_events", verbosity=0)
    before = Registration.objects.count()
    EmployerEvent.objects.all().delete()  # as a data set generated before employer events existed

    call_command("generate_national", scale=SCALE, only="employer_events", verbosity=0)

    assert Registration.objects.count() == before > 0
    connection.check_constraints()


def test_every_partnership_link_comes_from_a_local_convention_hung_on_its_region_s(national, db):
    from tandem.organisations.models import PartnershipLink
    from tandem.partnerships.enums import ConventionLevel, PartyRole
    from tandem.partnerships.models import Convention

    assert not PartnershipLink.objects.filter(convention_row__isnull=True).exists()
    assert Convention.objects.filter(level=ConventionLevel.NATIONAL).count() == 1
    assert 1 <= Convention.objects.filter(level=ConventionLevel.REGIONAL).count() <= 13
    reinforced = Convention.objects.filter(level=ConventionLevel.LOCAL, kind="cotraitance")
    assert reinforced.count() == Organisation.objects.filter(kind=OrganisationKind.MISSION_LOCALE).count()
    for convention in reinforced[:20]:
        assert convention.parties.filter(role=PartyRole.REFERENCE_SITE).count() == 1


def test_every_mission_locale_and_agency_publishes_its_services_and_the_stage_adds_itself(national, db):
    from django.core.management import CommandError, call_command

    from tandem.service_catalogue.models import Service, ServiceTheme

    partners = Organisation.objects.filter(kind__in=[OrganisationKind.MISSION_LOCALE, OrganisationKind.FT_AGENCY])
    assert set(Service.objects.values_list("organisation", flat=True)) == set(partners.values_list("pk", flat=True))
    assert not Service.objects.filter(theme_rows__isnull=True).exists()
    assert ServiceTheme.objects.filter(theme__startswith="mobilite--").exists()
    with pytest.raises(CommandError, match="déjà un catalogue"):
        call_command("generate_national", scale=SCALE, only="service_catalogue", verbosity=0)
    before = Service.objects.count()
    Service.objects.all().delete()  # as a data set generated before the catalogue existed
    call_command("generate_national", scale=SCALE, only="service_catalogue", verbosity=0)
    assert Service.objects.count() == before


def test_the_temp_work_and_barriers_stage_writes_missions_immersions_actions_and_adds_itself(national, db):
    from django.core.management import CommandError, call_command

    from tandem.barrier_actions.enums import EnrolmentStatus
    from tandem.barrier_actions.models import BarrierAction, Enrolment
    from tandem.barrier_actions.selectors import with_counts
    from tandem.career_paths.models import Mission
    from tandem.immersions.models import Pmsmp, StaffImmersion

    missions = Mission.objects.all()
    assert missions.exists()
    # Every mission is at an agency that follows the person with their consent standing.
    assert not missions.exclude(
        person__follows__organisation=F("agency"), person__follows__ended_at__isnull=True
    ).exists()
    assert Event.objects.filter(kind=EventKind.MISSION_RECORDED).count() == missions.count()
    assert StaffImmersion.objects.filter(host_organisation__kind=OrganisationKind.TEMP_AGENCY).exists()
    assert Event.objects.filter(kind=EventKind.PMSMP_PROPOSED).count() == Pmsmp.objects.count()
    assert BarrierAction.objects.exists()
    assert Enrolment.objects.filter(status=EnrolmentStatus.WAITLISTED).exists()
    for action in with_counts(BarrierAction.objects.all()):
        assert action.taken <= action.capacity
        assert action.waiting == 0 or action.taken == action.capacity
    assert (
        Event.objects.filter(kind__in=[EventKind.BARRIER_ACTION_ENROLLED, EventKind.BARRIER_ACTION_WAITLISTED]).count()
        == Enrolment.objects.count()
    )
    with pytest.raises(CommandError, match="déjà des missions"):
        call_command("generate_national", scale=SCALE, only="temp_work_and_barriers", verbosity=0)
    missions.delete()
    BarrierAction.objects.all().delete()  # cascades to the enrolments
    StaffImmersion.objects.all().delete()
    Pmsmp.objects.all().delete()
    call_command("generate_national", scale=SCALE, only="temp_work_and_barriers", verbosity=0)
    followed = Follow.objects.filter(organisation__kind=OrganisationKind.TEMP_AGENCY, ended_at__isnull=True)
    assert missions.count() > 0 and Enrolment.objects.count() > 0, followed.count()
    connection.check_constraints()


def test_the_raw_barrier_actions_query_finds_the_actions_and_counts_the_page_shows(national, db):
    """The benchmark compares like with like: the hand-written SQL returns the list's first page and its counts."""
    from tandem.accounts.enums import Role
    from tandem.accounts.models import Membership
    from tandem.barrier_actions.selectors import action_list_for
    from tandem.barrier_actions.views import PAGE_SIZE

    membership = Membership.objects.filter(role=Role.ADVISER, organisation__barrier_actions__isnull=False).first()
    (count_sql, count_params), (page_sql, page_params) = runner.raw_barrier_actions_statements()
    shown = list(action_list_for(membership=membership)[:PAGE_SIZE])
    assert shown
    assert runner._rows(count_sql, count_params)[0][0] == min(
        action_list_for(membership=membership).count(), runner.DEFAULT_BOUND + 1
    )
    rows = runner._rows(page_sql, page_params)
    assert [(row[0], row[9], row[10]) for row in rows] == [(a.pk, a.taken, a.waiting) for a in shown]


def _share(rows, value: str) -> float:
    return sum(1 for row in rows if row == value) / len(rows)


def test_the_exits_stage_records_an_exit_for_each_closed_accompaniment_and_adds_itself(national, db):
    from django.core.management import CommandError, call_command

    from tandem.exits import rules
    from tandem.exits.enums import ContractType, ExitReason, ExitStatus, Situation
    from tandem.exits.models import Exit, ExitFollowUp
    from tandem.exits.workflow import at_noon, exit_payload
    from tandem.indicators.periods import year_period
    from tandem.indicators.registry import CATALOGUE
    from tandem.indicators.scopes import scope_parse

    closed = Referral.objects.filter(
        is_designation=True, status=ReferralStatus.CLOSED, to_organisation__kind=OrganisationKind.MISSION_LOCALE
    )
    exits = Exit.objects.all()
    # One exit per closed accompaniment, by the Mission Locale that leads the person, on the day of the close.
    assert exits.count() == closed.count() > 100
    closes = {(r.person_id, r.to_organisation_id): r.closed_at for r in closed}
    leads = {
        (f.person_id, f.organisation_id): f.adviser_id
        for f in Follow.objects.filter(role=FollowRole.LEAD, ended_at__isnull=True)
    }
    events = {e.subject_id: e for e in Event.objects.filter(kind=EventKind.EXIT_RECORDED, subject_type="exit")}
    assert len(events) == exits.count()
    for exit in exits:
        key = (exit.person_id, exit.organisation_id)
        assert exit.exited_on == timezone.localdate(closes[key])
        assert exit.recorded_by_id == leads[key] is not None
        assert exit.is_positive == rules.is_positive(exit.reason)
        assert exit.is_durable == (
            exit.reason == ExitReason.EMPLOYMENT and rules.is_durable(exit.contract_type, exit.contract_months)
        )
        event = events[exit.pk]
        assert event.payload.keys() == exit_payload(exit).keys()
        assert event.payload == exit_payload(exit)
        assert (event.person_id, event.actor_organisation_id, event.actor_id) == (*key, exit.recorded_by_id)
        assert event.occurred_at == at_noon(exit.exited_on)
    # The field's proportions, within the tolerance of a small country (a few hundred exits).
    reasons = [exit.reason for exit in exits]
    for reason, share in [(ExitReason.EMPLOYMENT, 0.40), (ExitReason.TRAINING, 0.20), (ExitReason.NO_CONTACT, 0.15)]:
        assert abs(_share(reasons, reason) - share) < 0.08, reason
    contracts = [exit.contract_type for exit in exits.filter(reason=ExitReason.EMPLOYMENT)]
    assert abs(_share(contracts, ContractType.CDD) - 0.45) < 0.12
    assert abs(_share(contracts, ContractType.CDI) - 0.20) < 0.10
    assert not exits.exclude(reason=ExitReason.EMPLOYMENT).exclude(contract_type="").exists()
    cancelled = exits.filter(status=ExitStatus.CANCELLED)
    assert cancelled.count() < 0.06 * exits.count()
    assert Event.objects.filter(kind=EventKind.EXIT_CANCELLED).count() == cancelled.count()
    assert not cancelled.filter(cancel_reason="").exists()
    # Six months later: 70 % of the standing exits whose day has come have their situation, never too early.
    due = [e for e in exits.filter(status=ExitStatus.RECORDED) if rules.follow_up_due_on(e.exited_on) <= DAY]
    follow_ups = ExitFollowUp.objects.select_related("exit")
    assert abs(follow_ups.count() / len(due) - 0.7) < 0.12
    for follow_up in follow_ups:
        assert rules.follow_up_earliest(follow_up.exit.exited_on) <= follow_up.observed_on <= DAY
        assert follow_up.organisation_id == follow_up.exit.organisation_id
        assert follow_up.is_durable == (
            follow_up.situation == Situation.EMPLOYMENT
            and rules.is_durable(follow_up.contract_type, follow_up.contract_months)
        )
    situations = [f.situation for f in follow_ups]
    assert abs(_share(situations, Situation.EMPLOYMENT) - 0.5) < 0.12
    assert Event.objects.filter(kind=EventKind.EXIT_FOLLOW_UP_RECORDED, subject_type="exit").count() == (
        follow_ups.count()
    )
    # The exits indicators read them: the nation over the generated year, as counted from the rows.
    period, nation = year_period(DAY.year), scope_parse("nation")
    standing = exits.filter(status=ExitStatus.RECORDED, exited_on__year=DAY.year)
    by_reason = CATALOGUE["exits_by_reason"].compute(period, nation)
    assert by_reason.value == standing.count() > 0
    assert by_reason.breakdown[ExitReason.EMPLOYMENT] == standing.filter(reason=ExitReason.EMPLOYMENT).count() > 0
    positive = CATALOGUE["exits_positive_rate"].compute(period, nation)
    assert (positive.numerator, positive.denominator) == (standing.filter(is_positive=True).count(), standing.count())
    assert 55 < positive.value < 75
    # Over a data set generated before exits existed, the stage alone writes the same rows.
    with pytest.raises(CommandError, match="déjà des sorties"):
        call_command("generate_national", scale=SCALE, only="exits", verbosity=0)
    fields = ("person", "organisation", "exited_on", "reason", "contract_type", "contract_months", "status")
    before = list(exits.order_by("person", "organisation").values_list(*fields))
    situations_before = list(
        follow_ups.order_by("exit__person").values_list("exit__person", "observed_on", "situation")
    )
    ExitFollowUp.objects.all().delete()
    exits.delete()
    call_command("generate_national", scale=SCALE, seed=7, today=DAY, only="exits", verbosity=0)
    assert list(exits.order_by("person", "organisation").values_list(*fields)) == before
    assert list(follow_ups.order_by("exit__person").values_list("exit__person", "observed_on", "situation")) == (
        situations_before
    )
    connection.check_constraints()
