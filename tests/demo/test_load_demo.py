from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.demo.builders import DEMO_EMAIL_DOMAIN
from tandem.demo.scenarios import grenoble
from tandem.demo.services import DEMO_PASSWORD, demo_accounts, demo_counts
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.organisations.selectors import agency_covering_commune, mission_locale_covering_commune
from tandem.partnerships.enums import ConventionKind, ConventionLevel, ConventionStatus
from tandem.partnerships.models import Convention
from tandem.territories.models import Commune

HAGUENAU, WISSEMBOURG = "67180", "67544"


def _rows() -> dict[str, set]:
    return {
        "organisations": set(Organisation.objects.values_list("kind", "name", "safir_code", "parent__name")),
        "users": set(User.objects.values_list("email", "first_name", "last_name", "password")),
        "memberships": set(Membership.objects.values_list("user__email", "organisation__name", "role", "fte_share")),
        "links": set(
            PartnershipLink.objects.values_list(
                "organisation_a__name", "organisation_b__name", "kind", "starts_on", "is_reference_site"
            )
        ),
        "coverage": set(Organisation.objects.values_list("name", "coverage_rows__commune")),
    }


def test_the_first_load_reports_what_it_created(demo):
    assert demo.counts["persons"] > 250 and demo.counts["referrals"] > 250 and demo.counts["events"] > 1000
    assert demo.counts["offers"] >= 350 and demo.counts["positionings"] > 0
    assert f"Personnes accompagnées : {demo.counts['persons']} ({demo.counts['persons']} créées)" in demo.output
    assert f"Offres : {demo.counts['offers']} ({demo.counts['offers']} créées)" in demo.output
    assert "Premier rendez-vous fixé" in demo.output
    assert f"Entreprises : {demo.counts['employers']} ({demo.counts['employers']} créées)." in demo.output
    assert "12 entreprises ciblées, 3 binômes, 5 visites rendues (4 offres recueillies), 6 prévues." in demo.output


def test_loading_again_gives_the_same_rows_and_adds_no_person_no_offer_and_no_event(demo, settings):
    settings.TANDEM_REFERENTIAL_DIR = ""
    rows = _rows()
    second = StringIO()

    call_command("load_demo", stdout=second, stderr=StringIO())

    assert demo_counts() == demo.counts
    assert _rows() == rows
    assert f"Personnes accompagnées : {demo.counts['persons']} (déjà présentes, aucune ajoutée)" in second.getvalue()
    assert f"Offres : {demo.counts['offers']} (déjà présentes, aucune ajoutée)" in second.getvalue()
    assert f"Entreprises : {demo.counts['employers']} (déjà présentes, aucune ajoutée)." in second.getvalue()


def test_the_mission_locale_d_alsace_du_nord_covers_haguenau_and_wissembourg(demo):
    mission_locale = mission_locale_covering_commune(commune_code=HAGUENAU)

    assert mission_locale.name == "Mission Locale d'Alsace du Nord"
    assert mission_locale_covering_commune(commune_code=WISSEMBOURG) == mission_locale
    site = Organisation.objects.get(kind=OrganisationKind.ML_SITE, commune_id=WISSEMBOURG)
    assert site.parent == mission_locale


def test_haguenau_is_served_by_france_travail_haguenau_the_reference_site(demo):
    agency = agency_covering_commune(commune_code=HAGUENAU)

    assert agency.safir_code == "67125"
    assert agency.name == "France Travail Haguenau"
    assert agency_covering_commune(commune_code=WISSEMBOURG).safir_code == "67164"
    assert agency.parent.kind == OrganisationKind.FT_REGIONAL_DIRECTION
    link = PartnershipLink.objects.get(organisation_b=agency, kind=PartnershipKind.COTRAITANCE)
    assert link.is_reference_site
    assert link.starts_on == datetime.date(2021, 12, 1)


def test_meriadeck_is_the_reference_site_of_bordeaux_avenir_jeunes(demo):
    mission_locale = Organisation.objects.get(name="Mission Locale Bordeaux Avenir Jeunes")
    links = PartnershipLink.objects.filter(organisation_a=mission_locale, kind=PartnershipKind.COTRAITANCE)

    assert links.count() == 4
    assert [link.organisation_b.safir_code for link in links.filter(is_reference_site=True)] == ["33224"]


def test_the_seconded_agent_has_two_active_memberships(demo):
    memberships = Membership.objects.active().filter(user__email=f"seconde.bordeaux@{DEMO_EMAIL_DOMAIN}")

    assert {(m.organisation.kind, m.fte_share) for m in memberships} == {
        (OrganisationKind.FT_AGENCY, None),
        (OrganisationKind.MISSION_LOCALE, Decimal("0.50")),
    }


def test_every_role_has_a_demo_user(demo):
    roles = set(Membership.objects.filter(user__email__endswith=DEMO_EMAIL_DOMAIN).values_list("role", flat=True))

    assert roles == set(Role.values)


@pytest.mark.parametrize(
    "organisation",
    [
        "Mission Locale d'Alsace du Nord",
        "Mission Locale Bordeaux Avenir Jeunes",
        "PLIE de la Métropole grenobloise",
        "Mission Locale de Saint-Étienne",
        "Mission Locale de Tours",
    ],
)
def test_each_partnership_has_an_adviser_and_a_manager(demo, organisation):
    roles = set(Membership.objects.filter(organisation__name=organisation).values_list("role", flat=True))

    assert {Role.ADVISER, Role.MANAGER} <= roles


def test_grenoble_alpes_metropole_covers_its_49_communes_shared_out_among_five_agencies(demo):
    metropole = Organisation.objects.get(kind=OrganisationKind.EPCI, name="Grenoble-Alpes Métropole")
    territory = set(metropole.coverage_rows.values_list("commune_id", flat=True))

    assert len(territory) == 49
    assert territory == set(Commune.objects.filter(epci_id=grenoble.METROPOLE_EPCI).values_list("code", flat=True))
    catchments = [code for codes in grenoble.CATCHMENTS.values() for code in codes]
    assert set(catchments) == territory
    assert len(catchments) == 49 + 1  # Grenoble itself is shared by its two agencies
    assert PartnershipLink.objects.filter(organisation_a=metropole, kind=PartnershipKind.METROPOLE).count() == 5


def test_the_saint_etienne_mission_locale_works_with_nine_temp_agencies_each_with_one_contact(demo):
    mission_locale = Organisation.objects.get(name="Mission Locale de Saint-Étienne")
    links = PartnershipLink.objects.filter(organisation_a=mission_locale, kind=PartnershipKind.MISSION_JEUNES)

    assert links.count() == 9
    assert {link.starts_on for link in links} == {datetime.date(2014, 9, 1)}
    for link in links:
        assert link.organisation_b.kind == OrganisationKind.TEMP_AGENCY
        assert link.organisation_b.memberships.count() == 1
    assert mission_locale.coverage_rows.count() == Commune.objects.filter(epci__name="Saint-Étienne Métropole").count()


def test_saint_etienne_s_nine_mission_jeunes_conventions_name_a_single_contact_on_each_side(demo):
    locals_ = Convention.objects.filter(
        level=ConventionLevel.LOCAL, kind=ConventionKind.MISSION_JEUNES, title__contains="Saint-Étienne"
    )
    assert locals_.count() == 9
    for convention in locals_:
        assert convention.status == ConventionStatus.ACTIVE
        parties = list(convention.parties.select_related("organisation", "contact"))
        assert sorted(p.organisation.kind for p in parties) == [
            OrganisationKind.MISSION_LOCALE,
            OrganisationKind.TEMP_AGENCY,
        ]
        assert all(p.contact is not None for p in parties)
        assert convention.ways_of_working
        assert convention.targets.count() == 4
    national = Convention.objects.get(level=ConventionLevel.NATIONAL, kind=ConventionKind.MISSION_JEUNES)
    assert {p.organisation.name for p in national.parties.select_related("organisation")} >= {"Prism'emploi"}


def test_each_centre_val_de_loire_mission_locale_has_a_reference_agency_on_its_territory(demo):
    missions_locales = Organisation.objects.filter(kind=OrganisationKind.MISSION_LOCALE, commune__region_id="24")

    assert missions_locales.count() == 10
    for mission_locale in missions_locales:
        link = PartnershipLink.objects.get(organisation_a=mission_locale, is_reference_site=True)
        assert link.kind == PartnershipKind.COTRAITANCE
        assert link.starts_on == datetime.date(2010, 6, 24)
        assert mission_locale.coverage_rows.filter(commune=link.organisation_b.commune).exists()


def test_demo_accounts_lists_each_email_once_and_the_demo_password_opens_them(demo):
    accounts = demo_accounts()
    emails = [account.email for account in accounts]

    assert len(emails) == len(set(emails)) == User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).count()
    assert "admin@demo.tandem.localhost" in emails
    seconded = next(account for account in accounts if account.email.startswith("seconde.bordeaux@"))
    assert seconded.other_memberships == ("Mission Locale Bordeaux Avenir Jeunes (0,5 ETP)",)
    for user in User.objects.filter(email__in=emails):
        assert user.check_password(DEMO_PASSWORD)


def test_the_command_prints_the_accounts_and_the_password(demo):
    assert f"observateur.dreets-centre@{DEMO_EMAIL_DOMAIN}" in demo.output
    assert DEMO_PASSWORD in demo.output
