"""Partnership links on the organisation pages: its managers create, change and end them; nobody else can."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.audit.models import AuditAction, AuditEntry
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import PartnershipLink
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.organisations.factories import OrganisationFactory, PartnershipLinkFactory

TODAY = timezone.localdate


@pytest.fixture
def director_b(cast):
    return MembershipFactory(
        user=UserFactory(email="director.b@example.org"), organisation=cast.agency_b, role=Role.MANAGER
    ).user


@pytest.fixture
def link_ab(cast) -> PartnershipLink:
    return PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)


def _link_data(organisation, **overrides) -> dict:
    return {
        "partner": organisation.pk,
        "kind": PartnershipKind.OTHER,
        "starts_on": TODAY().isoformat(),
        "ends_on": "",
        "referral_answer_days": "5",
        "first_meeting_days": "10",
        "notes": "",
    } | overrides


def _fingerprint() -> list[tuple]:
    return list(PartnershipLink.objects.order_by("pk").values_list())


def test_a_manager_finds_a_partner_and_creates_a_link_with_a_five_day_answer_deadline(client, cast):
    client.force_login(cast.director_a)
    url = reverse("organisations:link_create", args=[cast.ml_a.pk])

    search = client.get(url, {"q": "Mission Locale"}).content.decode()
    assert "Mission Locale C" in search and f"?partenaire={cast.ml_c.pk}" in search
    assert f"?partenaire={cast.ml_a.pk}" not in search  # never a link with oneself
    form = client.get(url, {"partenaire": cast.ml_c.pk}).content.decode()
    assert 'id="chosen-partner">Mission Locale C<' in form

    response = client.post(url + f"?partenaire={cast.ml_c.pk}", _link_data(cast.ml_c))

    assert response.status_code == 302 and response["Location"] == reverse("organisations:detail", args=[cast.ml_a.pk])
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.ml_c)
    assert (link.kind, link.referral_answer_days, link.first_meeting_days) == ("other", 5, 10)
    entry = AuditEntry.objects.get(object_type="partnership_link", object_id=link.pk)
    assert (entry.action, entry.user, entry.organisation, entry.person_id) == (
        AuditAction.CREATE,
        cast.director_a,
        cast.ml_a,
        None,
    )
    assert "délai de réponse à une orientation (jours) : 5" in entry.detail and "Mission Locale C" in entry.detail


def test_the_link_is_shown_to_both_sides_and_either_side_s_manager_may_change_it(client, cast, director_b, link_ab):
    client.force_login(director_b)
    page = client.get(reverse("organisations:detail", args=[cast.agency_b.pk])).content.decode()
    assert (
        "Mission Locale A" in page and reverse("organisations:link_edit", args=[cast.agency_b.pk, link_ab.pk]) in page
    )

    response = client.post(
        reverse("organisations:link_edit", args=[cast.agency_b.pk, link_ab.pk]),
        {
            "starts_on": link_ab.starts_on.isoformat(),
            "is_reference_site": "on",
            "referral_answer_days": "3",
            "first_meeting_days": "15",
        },
    )

    assert response.status_code == 302
    link_ab.refresh_from_db()
    assert link_ab.referral_answer_days == 3
    entry = AuditEntry.objects.get(object_type="partnership_link", action=AuditAction.UPDATE)
    assert entry.detail == "délai de réponse à une orientation (jours) : 7 → 3"


def test_a_duplicate_link_is_refused_with_a_clear_message(client, cast):
    client.force_login(cast.director_a)
    url = reverse("organisations:link_create", args=[cast.ml_a.pk])

    response = client.post(url, _link_data(cast.agency_b, kind=PartnershipKind.COTRAITANCE, is_reference_site="on"))

    assert response.status_code == 200
    assert "existe déjà sur cette période" in response.content.decode()
    assert PartnershipLink.objects.filter(organisation_a=cast.ml_a, organisation_b=cast.agency_b).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("referral_answer_days", "0", "Un délai compte au moins un jour."),
        ("first_meeting_days", "0", "Un délai compte au moins un jour."),
        ("ends_on", "2020-01-01", "La date de fin précède la date de début."),
    ],
)
def test_incoherent_terms_are_refused_on_the_form(client, cast, field, value, message):
    client.force_login(cast.director_a)
    url = reverse("organisations:link_create", args=[cast.ml_a.pk])

    response = client.post(url, _link_data(cast.ml_c, **{field: value}))

    assert response.status_code == 200 and message in response.content.decode()
    assert not PartnershipLink.objects.filter(organisation_b=cast.ml_c).exists()


def test_an_unknown_partner_is_refused_on_the_form(client, cast):
    client.force_login(cast.director_a)

    response = client.post(
        reverse("organisations:link_create", args=[cast.ml_a.pk]), _link_data(cast.ml_c, partner="999999")
    )

    assert "Choisissez l'organisation partenaire dans la recherche." in html.unescape(response.content.decode())


def test_a_manager_ends_a_link_and_the_page_says_so(client, cast, link_ab):
    client.force_login(cast.director_a)

    response = client.post(
        reverse("organisations:link_end", args=[cast.ml_a.pk, link_ab.pk]), {"ends_on": TODAY().isoformat()}
    )

    assert response.status_code == 302
    link_ab.refresh_from_db()
    assert link_ab.ends_on == TODAY()
    entry = AuditEntry.objects.get(object_type="partnership_link", action=AuditAction.UPDATE)
    assert entry.detail.startswith("fin : — → ")


def test_ending_in_the_past_is_refused_on_the_form(client, cast, link_ab):
    client.force_login(cast.director_a)

    response = client.post(
        reverse("organisations:link_end", args=[cast.ml_a.pk, link_ab.pk]),
        {"ends_on": (TODAY() - datetime.timedelta(days=3)).isoformat()},
    )

    assert response.status_code == 200 and "pas dans le passé" in response.content.decode()
    link_ab.refresh_from_db()
    assert link_ab.ends_on is None


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "adviser_c", "temp_contact", "observer"])
def test_anyone_but_the_organisation_s_managers_gets_a_404_and_nothing_changes(client, cast, link_ab, persona):
    client.force_login(cast.personas()[persona])
    before = _fingerprint()
    create = reverse("organisations:link_create", args=[cast.ml_a.pk])
    edit = reverse("organisations:link_edit", args=[cast.ml_a.pk, link_ab.pk])
    end = reverse("organisations:link_end", args=[cast.ml_a.pk, link_ab.pk])

    for url in (create, edit, end):
        assert client.get(url).status_code == 404
    assert client.post(create, _link_data(cast.ml_c)).status_code == 404
    assert (
        client.post(
            edit, {"starts_on": "2021-12-01", "referral_answer_days": "1", "first_meeting_days": "1"}
        ).status_code
        == 404
    )
    assert client.post(end, {"ends_on": TODAY().isoformat()}).status_code == 404

    assert _fingerprint() == before
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="partnership_link").count() == 3


def test_the_manager_of_b_cannot_touch_a_s_links_through_a_s_pages(client, cast, director_b):
    temp_link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.temp_agency)
    client.force_login(director_b)
    before = _fingerprint()

    assert (
        client.post(reverse("organisations:link_create", args=[cast.ml_a.pk]), _link_data(cast.ml_c)).status_code == 404
    )
    # A link between A and someone else is not B's, whichever page names it.
    for organisation in (cast.ml_a, cast.agency_b):
        end = reverse("organisations:link_end", args=[organisation.pk, temp_link.pk])
        assert client.post(end, {"ends_on": TODAY().isoformat()}).status_code == 404

    assert _fingerprint() == before


def test_a_manager_never_links_two_other_organisations(client, cast):
    client.force_login(cast.director_a)
    before = _fingerprint()

    response = client.post(reverse("organisations:link_create", args=[cast.ml_c.pk]), _link_data(cast.agency_b))

    assert response.status_code == 404 and _fingerprint() == before


def test_a_platform_administrator_manages_any_organisation_s_links(client, cast, link_ab):
    client.force_login(cast.admin)

    response = client.post(reverse("organisations:link_create", args=[cast.ml_c.pk]), _link_data(cast.agency_b))

    assert response.status_code == 302
    assert PartnershipLink.objects.filter(organisation_a=cast.ml_c, organisation_b=cast.agency_b).exists()


def test_the_detail_page_reads_a_fixed_number_of_queries_whatever_the_number_of_links(
    client, cast, django_assert_num_queries
):
    client.force_login(cast.director_a)
    url = reverse("organisations:detail", args=[cast.ml_a.pk])
    # session, user, memberships (acting and switcher), organisation with commune and parent, links with both
    # organisations, coverage by EPCI, is_administrator (edit right, then cached for the menu), the header's unread
    # notifications, children
    with django_assert_num_queries(9):
        body = client.get(url).content.decode()
    assert "Ajouter un partenariat" in body and "Gérer les membres" in body
    for index in range(15):
        PartnershipLinkFactory(
            organisation_a=cast.ml_a,
            organisation_b=OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name=f"Agence {index:02}"),
            kind=PartnershipKind.OTHER,
        )
    with django_assert_num_queries(9):
        body = client.get(url).content.decode()
    assert "Agence 14" in body
