"""An organisation's members on its pages: its managers invite, change and remove them; nobody else can."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.audit.models import AuditAction, AuditEntry
from tests.accounts.factories import MembershipFactory, UserFactory

TODAY = timezone.localdate


@pytest.fixture
def director_b(cast):
    return MembershipFactory(
        user=UserFactory(email="director.b@example.org"), organisation=cast.agency_b, role=Role.MANAGER
    ).user


def _urls(cast) -> dict[str, str]:
    member = cast.adviser_a.memberships.get()
    return {
        "list": reverse("organisations:members", args=[cast.ml_a.pk]),
        "invite": reverse("organisations:member_invite", args=[cast.ml_a.pk]),
        "edit": reverse("organisations:member_edit", args=[cast.ml_a.pk, member.pk]),
        "end": reverse("organisations:member_end", args=[cast.ml_a.pk, member.pk]),
        "deactivate": reverse("organisations:account_deactivate", args=[cast.ml_a.pk, member.pk]),
    }


def _fingerprint() -> tuple[list, list]:
    return (
        list(Membership.objects.order_by("pk").values_list()),
        list(User.objects.order_by("pk").values_list("pk", "email", "is_active", "password")),
    )


def _terms(**overrides) -> dict:
    return {"role": Role.ADVISER, "fte_share": "", "starts_on": "", "ends_on": ""} | overrides


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_manager_lists_the_members_with_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    client.force_login(cast.director_a)
    url = _urls(cast)["list"]
    # session, user, memberships (acting and switcher), organisation with commune and parent, is_administrator,
    # every membership of the organisation with its user, the header's unread notifications
    with django_assert_num_queries(7):
        body = client.get(url).content.decode()
    assert "adviser.a@example.org" in body and "director.a@example.org" in body
    assert "adviser.c@example.org" not in body
    for index in range(20):
        MembershipFactory(organisation=cast.ml_a, user=UserFactory(email=f"m{index:02}@example.org"))
    MembershipFactory(organisation=cast.ml_a, ends_on=datetime.date(2024, 1, 1))
    with django_assert_num_queries(7):
        body = client.get(url).content.decode()
    assert "m19@example.org" in body and "Anciens membres" in body


def test_a_manager_invites_an_adviser_who_gets_the_link_once_committed(
    client, cast, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(cast.director_a)
    data = _terms(email="Nouvelle@Example.org", first_name="Inès", last_name="Nouvelle", fte_share="0,5")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_urls(cast)["invite"], data)

    assert response.status_code == 302
    member = Membership.objects.get(user__email="nouvelle@example.org")
    assert (member.organisation, member.role, str(member.fte_share)) == (cast.ml_a, Role.ADVISER, "0.50")
    [message] = mailoutbox
    assert "http://testserver/compte/invitation/" in message.body
    entry = AuditEntry.objects.get(object_type="invitation")
    assert (entry.action, entry.object_id, entry.person_id) == (AuditAction.CREATE, member.pk, None)
    assert entry.detail.startswith("Inès Nouvelle (nouvelle@example.org) ; created ; rôle : Conseiller")
    listing = client.get(_urls(cast)["list"], follow=True).content.decode()
    assert "invitation en attente" in listing


def test_the_invitation_form_offers_no_role_above_the_manager_s_own(client, cast):
    client.force_login(cast.director_a)

    form = client.get(_urls(cast)["invite"]).context["form"]
    response = client.post(
        _urls(cast)["invite"], _terms(email="x@example.org", first_name="X", last_name="Y", role=Role.ADMINISTRATOR)
    )

    assert Role.ADMINISTRATOR not in [value for value, _label in form.fields["role"].choices]
    assert response.status_code == 200 and not User.objects.filter(email="x@example.org").exists()


def test_an_fte_share_out_of_bounds_is_refused_on_the_form(client, cast):
    client.force_login(cast.director_a)

    response = client.post(
        _urls(cast)["invite"], _terms(email="x@example.org", first_name="X", last_name="Y", fte_share="1,5")
    )

    assert "La part d'ETP est supérieure à 0 et au plus 1" in _text(response)
    assert not User.objects.filter(email="x@example.org").exists()


def test_a_manager_changes_a_member_s_role_and_secondment(client, cast):
    client.force_login(cast.director_a)
    ends = (TODAY() + datetime.timedelta(days=90)).isoformat()

    response = client.post(_urls(cast)["edit"], _terms(role=Role.MANAGER, fte_share="0.4", ends_on=ends))

    assert response.status_code == 302
    member = cast.adviser_a.memberships.get()
    assert (member.role, str(member.fte_share), member.ends_on.isoformat()) == (Role.MANAGER, "0.40", ends)
    entry = AuditEntry.objects.get(object_type="membership", action=AuditAction.UPDATE)
    assert "rôle : Conseiller ou conseillère → Responsable, direction" in entry.detail
    assert "part d'ETP : — → 0,40" in entry.detail


def test_the_last_manager_is_told_why_they_cannot_step_down(client, cast):
    client.force_login(cast.director_a)
    own = cast.director_a.memberships.get()
    edit = reverse("organisations:member_edit", args=[cast.ml_a.pk, own.pk])
    end = reverse("organisations:member_end", args=[cast.ml_a.pk, own.pk])

    demoted = client.post(edit, _terms(role=Role.ADVISER))
    removed = client.post(end)

    for response in (demoted, removed):
        assert response.status_code == 200
        assert "Vous êtes le dernier responsable de Mission Locale A" in _text(response)
    own.refresh_from_db()
    assert (own.role, own.ends_on) == (Role.MANAGER, None)


def test_a_manager_removes_a_member_who_then_loses_access_at_once(client, cast):
    client.force_login(cast.director_a)

    response = client.post(_urls(cast)["end"])

    assert response.status_code == 302
    assert not Membership.objects.active().filter(user=cast.adviser_a).exists()
    entry = AuditEntry.objects.get(object_type="membership")
    assert "retiré·e" in entry.detail
    client.force_login(cast.adviser_a)
    assert client.get(reverse("people:caseload")).status_code == 404


def test_a_platform_administrator_closes_an_account_from_the_member_list(client, cast):
    client.force_login(cast.admin)
    assert "Désactiver le compte" in client.get(_urls(cast)["list"]).content.decode()

    response = client.post(_urls(cast)["deactivate"])

    assert response.status_code == 302
    cast.adviser_a.refresh_from_db()
    assert not cast.adviser_a.is_active
    entry = AuditEntry.objects.get(object_type="user_account")
    assert (entry.object_id, entry.user) == (cast.adviser_a.pk, cast.admin)


def test_a_manager_cannot_close_an_account(client, cast):
    client.force_login(cast.director_a)
    before = _fingerprint()

    assert "Désactiver le compte" not in client.get(_urls(cast)["list"]).content.decode()
    assert client.get(_urls(cast)["deactivate"]).status_code == 404
    assert client.post(_urls(cast)["deactivate"]).status_code == 404

    assert _fingerprint() == before


def test_a_manager_cannot_open_the_membership_of_a_member_above_their_rank(client, cast):
    higher = MembershipFactory(organisation=cast.ml_a, role=Role.ADMINISTRATOR)
    client.force_login(cast.director_a)
    before = _fingerprint()

    edit = reverse("organisations:member_edit", args=[cast.ml_a.pk, higher.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, _terms()).status_code == 404
    assert client.post(reverse("organisations:member_end", args=[cast.ml_a.pk, higher.pk])).status_code == 404

    assert _fingerprint() == before


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "adviser_c", "temp_contact", "observer"])
def test_anyone_but_the_organisation_s_managers_gets_a_404_and_nothing_changes(
    client, cast, persona, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(cast.personas()[persona])
    urls = _urls(cast)
    before = _fingerprint()

    for url in urls.values():
        assert client.get(url).status_code == 404, url
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(urls["invite"], _terms(email="x@example.org", first_name="X", last_name="Y")).status_code == 404
        )
    assert client.post(urls["edit"], _terms(role=Role.MANAGER)).status_code == 404
    assert client.post(urls["end"]).status_code == 404
    assert client.post(urls["deactivate"]).status_code == 404

    assert _fingerprint() == before and mailoutbox == []
    assert AuditEntry.objects.filter(action=AuditAction.DENIED).count() == 4


def test_the_manager_of_b_cannot_touch_a_s_members(client, cast, director_b, django_capture_on_commit_callbacks):
    client.force_login(director_b)
    urls = _urls(cast)
    before = _fingerprint()

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(urls["invite"], _terms(email="x@example.org", first_name="X", last_name="Y")).status_code == 404
        )
    assert client.post(urls["edit"], _terms(role=Role.MANAGER)).status_code == 404
    assert client.post(urls["end"]).status_code == 404
    # Nor through B's own address: adviser_a's membership is not one of B's.
    member = cast.adviser_a.memberships.get()
    assert client.post(reverse("organisations:member_end", args=[cast.agency_b.pk, member.pk])).status_code == 404

    assert _fingerprint() == before


def test_the_journal_reads_the_changes_in_words(client, cast):
    client.force_login(cast.director_a)
    client.post(_urls(cast)["edit"], _terms(role=Role.EMPLOYER_RELATIONS))

    journal = _text(client.get(reverse("audit:list")))

    assert "Rattachement d'un membre" in journal
    assert "rôle : Conseiller ou conseillère → Chargé·e de relations entreprises" in journal


def test_the_coverage_edit_is_audited(client, cast):
    client.force_login(cast.director_a)

    client.post(reverse("organisations:coverage_edit", args=[cast.ml_a.pk]), {"commune_codes": "67180"})

    entry = AuditEntry.objects.get(object_type="coverage")
    assert (entry.action, entry.object_id) == (AuditAction.UPDATE, cast.ml_a.pk)
    assert entry.detail == "Mission Locale A : 1 communes (0 ajoutées, 1 retirées)"
