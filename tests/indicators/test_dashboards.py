"""The dashboards: what each reader opens first, the figures against the conventions' targets, month by month and
part by part (the same numbers as each part's own dashboard), secrecy for observers, the exports (CSV, XLSX, PDF)
reading the same figures as the page, and a query count that does not grow with the events."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tandem.indicators.dashboards import dashboard_build
from tandem.indicators.exports import table_csv
from tandem.indicators.report import report_document
from tandem.indicators.scopes import Scope
from tandem.indicators.secrecy_rules import protect_figure
from tandem.organisations.models import PartnershipLink
from tandem.partnerships.enums import ConventionLevel, PartyRole
from tandem.partnerships.enums import Indicator as TargetIndicator
from tandem.partnerships.models import Convention, Target
from tandem.partnerships.services import convention_of_link
from tests.indicators.scenarios import accept, at, gironde_pair, propose
from tests.offers.test_cv import document_text
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import convention_by_admin

URL = reverse("indicators:dashboard")


def _get(client, user, **query):
    client.force_login(user)
    return client.get(URL, {"annee": 2026, **query})


def _regional_with_local(cast, target=12):
    """A regional convention of Grand Est (its parties located there) over the local convention of A and B, with
    a referrals target for 2026."""
    regional = convention_by_admin(
        cast.admin,
        level=ConventionLevel.REGIONAL,
        title="Convention régionale Grand Est",
        parties=[(OrganisationFactory(name="ARML Grand Est", commune_id="67482"), PartyRole.SIGNATORY)],
    )
    # The local convention A and B's cotraitance link comes from, hung under the regional one.
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)
    local = convention_of_link(link=link)
    Convention.objects.filter(pk=local.pk).update(parent=regional)
    Target.objects.create(convention=regional, indicator=TargetIndicator.REFERRALS_PER_YEAR, year=2026, value=target)
    Target.objects.create(convention=local, indicator=TargetIndicator.REFERRALS_PER_YEAR, year=2026, value=6)
    return regional, local


def _seven_referrals(cast):
    for day in range(1, 8):
        referral = propose(cast.agency_b, cast.ml_a, at(f"2026-03-0{day}"))
        if day <= 5:
            accept(referral, at(f"2026-03-0{day}", "15:00:00"))


@pytest.mark.parametrize(
    ("persona", "expected"), [("adviser_a", "organisation:{ml_a}"), ("observer", "nation"), ("admin", "nation")]
)
def test_each_reader_opens_their_own_dashboard_first(client, cast, persona, expected):
    client.force_login(getattr(cast, persona))
    response = client.get(reverse("indicators:home"))
    assert response.status_code == 302
    assert f"perimetre={expected.format(ml_a=cast.ml_a.pk)}".replace(":", "%3A") in response["Location"]


def test_an_observer_covering_one_departement_opens_that_departement(client, cast):
    cast.state_service.coverage.set(["67180", "67544"])
    client.force_login(cast.observer)
    assert "perimetre=departement%3A67" in client.get(reverse("indicators:home"))["Location"]


def test_a_regional_convention_is_measured_by_its_local_conventions_against_its_target(cast):
    regional, _local = _regional_with_local(cast)
    _seven_referrals(cast)
    propose(*gironde_pair(cast), at("2026-03-02"))  # another région, no convention of Grand Est
    board = dashboard_build(scope=Scope("region", "44"), year=2026)
    rows = {row.label: [figure.value for figure in row.figures] for row in board.targets.rows}
    assert rows == {"Convention régionale Grand Est — Orientations par an": [7, 12, 58.3]}
    assert [(gauge.value.value, gauge.target) for gauge in board.gauges] == [(7, 12)]


def test_the_months_hold_the_referrals_proposed_and_accepted(cast):
    _seven_referrals(cast)
    board = dashboard_build(scope=Scope("organisation", str(cast.ml_a.pk)), year=2026)
    march = board.trend.rows[2]
    assert [figure.value for figure in march.figures] == [7, 5]
    assert sum(row.figures[0].value for row in board.trend.rows) == 7
    assert len(board.trend.rows) == 12


def test_a_region_drills_down_to_its_departements_and_missions_locales_with_their_own_figures(cast):
    _seven_referrals(cast)
    board = dashboard_build(scope=Scope("region", "44"), year=2026)
    tables = {table.key: table for table in board.drilldowns}
    ml_row = next(row for row in tables["missions-locales"].rows if row.label == "Mission Locale A")
    own = dashboard_build(scope=Scope("organisation", str(cast.ml_a.pk)), year=2026)
    own_proposed = next(row for row in own.catalogue[0].rows if row.label == "Orientations proposées")
    assert ml_row.scope == f"organisation:{cast.ml_a.pk}"
    assert ml_row.figures[0].value == own_proposed.figures[0].value == 7
    assert ml_row.figures[1].value == 100.0  # five answers, five acceptances
    bas_rhin = next(row for row in tables["departements"].rows if row.scope == "departement:67")
    assert bas_rhin.figures[0].value == 7


def test_an_observer_sees_small_figures_masked_and_the_organisation_sees_them(client, cast):
    for day in range(1, 4):
        propose(cast.agency_b, cast.ml_a, at(f"2026-03-0{day}"))
    observed = _get(client, cast.observer, perimetre="departement:67")
    assert observed.status_code == 200
    assert observed.context["board"].protected
    march = observed.context["board"].trend.rows[2].figures[0]
    assert march.masked and march.value is None
    assert "Secret statistique" in observed.content.decode()
    own = _get(client, cast.adviser_a, perimetre=f"organisation:{cast.ml_a.pk}")
    assert not own.context["board"].protected
    assert own.context["board"].trend.rows[2].figures[0].value == 3


def test_an_observer_drills_down_to_a_mission_locale_with_its_small_figures_masked(client, cast):
    for day in range(1, 4):
        propose(cast.agency_b, cast.ml_a, at(f"2026-03-0{day}"))
    response = _get(client, cast.observer, perimetre=f"organisation:{cast.ml_a.pk}")
    assert response.status_code == 200
    board = response.context["board"]
    assert board.protected and board.trend.rows[2].figures[0].masked
    director = _get(client, cast.director_a, perimetre=f"organisation:{cast.ml_a.pk}").context["board"]
    assert not director.protected and director.trend.rows[2].figures[0].value == 3


def test_a_rate_over_few_people_is_masked_too():
    from tandem.indicators.registry import RATE, IndicatorValue

    assert protect_figure(IndicatorValue(75.0, numerator=3, denominator=4), RATE).masked
    assert not protect_figure(IndicatorValue(50.0, numerator=5, denominator=10), RATE).masked
    assert not protect_figure(IndicatorValue(0, numerator=0, denominator=0), RATE).masked


def test_a_median_of_few_delays_is_masked_and_the_snapshot_keeps_its_count():
    from tandem.indicators.dashboards import _read, _stored
    from tandem.indicators.registry import DAYS, IndicatorValue

    few, enough = IndicatorValue(3.5, count=4), IndicatorValue(3.5, count=5)
    assert protect_figure(_read(_stored(few)), DAYS).masked
    assert protect_figure(_read(_stored(enough)), DAYS).value == 3.5


@pytest.mark.parametrize("persona", ["adviser_c", "agent_b"])
def test_a_member_of_another_organisation_cannot_open_an_organisation_s_dashboard(client, cast, persona):
    assert _get(client, getattr(cast, persona), perimetre=f"organisation:{cast.ml_a.pk}").status_code == 404
    client.force_login(getattr(cast, persona))
    for name in ("indicators:xlsx", "indicators:pdf"):
        assert client.get(reverse(name), {"perimetre": f"organisation:{cast.ml_a.pk}"}).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, cast):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"perimetre": "pays"}, "non reconnu"),
        ({"perimetre": "departement:999"}, "inconnu"),
        ({"annee": "2999"}, "année passée"),
        ({"annee": "deux mille"}, "nombre entier"),
    ],
)
def test_a_bad_scope_or_year_gets_a_clear_error(client, cast, query, message):
    client.force_login(cast.adviser_a)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_csv_is_a_french_spreadsheet_s_with_the_page_s_figures(client, cast):
    _seven_referrals(cast)
    board = dashboard_build(scope=Scope("organisation", str(cast.ml_a.pk)), year=2026)
    content = table_csv(board.trend).decode("utf-8")
    assert content.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert lines[1] == ["Mois", "Orientations proposées", "Orientations acceptées"]
    assert lines[4] == ["mars 2026", "7", "5"]
    client.force_login(cast.adviser_a)
    response = client.get(
        reverse("indicators:csv", args=["mois"]), {"perimetre": f"organisation:{cast.ml_a.pk}", "annee": 2026}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]


def test_the_xlsx_holds_every_table_with_the_page_s_numbers(client, cast):
    _seven_referrals(cast)
    client.force_login(cast.adviser_a)
    response = client.get(reverse("indicators:xlsx"), {"perimetre": f"organisation:{cast.ml_a.pk}", "annee": 2026})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    board = dashboard_build(scope=Scope("organisation", str(cast.ml_a.pk)), year=2026)
    assert workbook.sheetnames == ["À propos", *(table.key for table in board.tables)]
    march = [cell.value for cell in workbook["mois"][5]]
    assert march == ["mars 2026", 7, 5]


def test_an_observer_s_xlsx_shows_s_for_a_masked_figure(client, cast):
    for day in range(1, 4):
        propose(cast.agency_b, cast.ml_a, at(f"2026-03-0{day}"))
    client.force_login(cast.observer)
    response = client.get(reverse("indicators:xlsx"), {"perimetre": "departement:67", "annee": 2026})
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook["mois"][5]] == ["mars 2026", "s", 0]


def test_the_pdf_report_shows_the_same_figures_as_the_page(client, cast):
    _regional_with_local(cast)
    _seven_referrals(cast)
    board = dashboard_build(scope=Scope("region", "44"), year=2026)
    text = document_text(report_document(board))
    assert "Bilan d'étape 2026" in text
    assert "Convention régionale Grand Est — Orientations par an" in text
    assert "58,3 %" in text
    assert "Mission Locale A" in text
    client.force_login(cast.admin)
    response = client.get(reverse("indicators:pdf"), {"perimetre": "region:44", "annee": 2026})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_number_of_queries_does_not_grow_with_the_events(client, cast):
    _regional_with_local(cast)
    _seven_referrals(cast)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            dashboard_build(scope=Scope("region", "44"), year=2026)
        return len(queries)

    before = count()
    for _round in range(3):
        _seven_referrals(cast)
    assert count() == before


def test_secrecy_masks_figures_that_count_people_not_the_partnership_s_running():
    from tandem.indicators.dashboards import _shown
    from tandem.indicators.registry import CATALOGUE, IndicatorValue

    three = IndicatorValue(3)
    assert _shown(CATALOGUE["referrals_proposed"], three, protect_figure).masked
    shown = _shown(CATALOGUE["governance_steering_meetings"], three, protect_figure)
    assert not shown.masked and shown.value == 3


def test_a_convention_s_page_leads_its_parties_to_its_dashboard(client, cast):
    _regional, local = _regional_with_local(cast)
    _seven_referrals(cast)
    client.force_login(cast.adviser_a)
    page = client.get(reverse("partnerships:convention_detail", args=[local.pk])).content.decode()
    assert f"{URL}?perimetre=convention:{local.pk}" in page
    board = _get(client, cast.adviser_a, perimetre=f"convention:{local.pk}").context["board"]
    assert not board.protected
    assert [row.label for row in board.drilldowns[0].rows] == ["France Travail B", "Mission Locale A"]
    assert [row.figures[0].value for row in board.drilldowns[0].rows] == [7, 7]
    assert board.targets.rows[0].figures[1].value == 6


def test_a_ratio_over_few_people_is_masked_whatever_its_unit():
    from tandem.indicators.registry import IndicatorValue

    per_visit = IndicatorValue(1.5, numerator=3, denominator=2)  # offers per visit: a count unit with its parts
    assert protect_figure(per_visit, "count").masked


def test_a_territory_s_dashboard_shows_only_the_conventions_its_reader_may_see(client, cast):
    _regional_with_local(cast)
    _seven_referrals(cast)
    seen = _get(client, cast.adviser_a, perimetre="region:44").context["board"]  # party of the local convention
    assert [row.label for row in seen.targets.rows] == ["Convention régionale Grand Est — Orientations par an"]
    unseen = _get(client, cast.adviser_c, perimetre="region:44").context["board"]  # a Mission Locale of Gironde
    assert unseen.targets.rows == [] and unseen.gauges == []


def test_exports_show_names_as_typed_never_as_formulas(client, cast):
    from tandem.indicators.dashboards import Figure, Row, Table
    from tandem.indicators.exports import _lines

    table = Table("t", "=cmd", "Nom", ["Valeur"], [Row('=HYPERLINK("http://x")', [Figure(1)])], ["count"])
    assert _lines(table)[1][0] == '\'=HYPERLINK("http://x")'
    assert table_csv(table).decode("utf-8").lstrip("\ufeff").startswith("'=cmd")


def test_one_spelling_per_scope(cast):
    from tandem.indicators.scopes import scope_parse

    assert scope_parse(f"organisation:0{cast.ml_a.pk}") == Scope("organisation", str(cast.ml_a.pk))


@pytest.mark.parametrize(
    ("persona", "shown"), [("director_a", True), ("observer", True), ("admin", True), ("adviser_a", False)]
)
def test_managers_observers_and_administrators_find_the_indicators_in_the_menu(client, cast, persona, shown):
    client.force_login(getattr(cast, persona))
    menu = client.get(reverse("organisations:list")).context["nav_items"]
    assert (reverse("indicators:home") in [item.url for item in menu]) is shown
