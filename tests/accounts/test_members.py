"""Managing an organisation's members: roles up to one's own rank, FTE share, dates, removal, the last manager."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.accounts import permissions, services
from tandem.accounts.enums import Role
from tandem.accounts.models import Membership
from tandem.core.errors import Conflict
from tests.accounts.factories import MembershipFactory, UserFactory

TODAY = timezone.localdate
SITE = "https://tandem.example"


def _membership(user) -> Membership:
    return user.memberships.get()


def _update(target: Membership, by, **overrides):
    terms = {
        "role": target.role,
        "fte_share": target.fte_share,
        "starts_on": target.starts_on,
        "ends_on": target.ends_on,
    } | overrides
    return services.membership_update(membership=target, by=by, acting=_membership(by), **terms)


# Permissions -------------------------------------------------------------------------------------------------------


def test_a_manager_grants_roles_up_to_manager_and_an_administrator_up_to_administrator(cast):
    director = _membership(cast.director_a)

    assert permissions.member_roles_grantable(user=cast.director_a, membership=director, organisation=cast.ml_a) == [
        Role.ADVISER,
        Role.EMPLOYER_RELATIONS,
        Role.MANAGER,
        Role.OBSERVER,
    ]
    assert Role.ADMINISTRATOR in permissions.member_roles_grantable(
        user=cast.admin, membership=_membership(cast.admin), organisation=cast.ml_a
    )


def test_nobody_grants_roles_in_an_organisation_they_do_not_manage(cast):
    assert (
        permissions.member_roles_grantable(
            user=cast.director_a, membership=_membership(cast.director_a), organisation=cast.ml_c
        )
        == []
    )
    assert (
        permissions.member_roles_grantable(
            user=cast.adviser_a, membership=_membership(cast.adviser_a), organisation=cast.ml_a
        )
        == []
    )


def test_a_state_service_member_only_observes(cast):
    assert permissions.member_roles_grantable(
        user=cast.admin, membership=_membership(cast.admin), organisation=cast.state_service
    ) == [Role.OBSERVER]


def test_a_manager_cannot_touch_a_member_above_their_rank(cast):
    higher = MembershipFactory(organisation=cast.ml_a, role=Role.ADMINISTRATOR)

    assert not permissions.can_change_member(cast.director_a, _membership(cast.director_a), higher)
    assert permissions.can_change_member(cast.director_a, _membership(cast.director_a), _membership(cast.adviser_a))
    assert not permissions.can_change_member(cast.adviser_c, _membership(cast.adviser_c), _membership(cast.adviser_a))


# Changing a membership ---------------------------------------------------------------------------------------------


def test_a_manager_changes_a_role_the_fte_share_and_the_secondment_dates(cast):
    seconded = MembershipFactory(user=cast.agent_b, organisation=cast.ml_a, role=Role.ADVISER)
    ends = TODAY() + datetime.timedelta(days=180)

    membership, changes = _update(
        seconded, cast.director_a, role=Role.EMPLOYER_RELATIONS, fte_share=Decimal("0.5"), ends_on=ends
    )

    assert changes == {
        "role": (Role.ADVISER, Role.EMPLOYER_RELATIONS),
        "fte_share": (None, Decimal("0.5")),
        "ends_on": (None, ends),
    }
    seconded.refresh_from_db()
    assert (seconded.role, seconded.fte_share, seconded.ends_on) == (Role.EMPLOYER_RELATIONS, Decimal("0.50"), ends)


def test_nothing_changed_is_no_change(cast):
    _membership_, changes = _update(_membership(cast.adviser_a), cast.director_a)

    assert changes == {}


def test_a_manager_cannot_grant_the_administrator_role(cast):
    target = _membership(cast.adviser_a)

    with pytest.raises(ValidationError) as error:
        _update(target, cast.director_a, role=Role.ADMINISTRATOR)

    assert "il dépasse le vôtre" in error.value.message_dict["role"][0]
    target.refresh_from_db()
    assert target.role == Role.ADVISER
    assert not cast.adviser_a.is_administrator


def test_a_manager_cannot_change_a_member_above_their_rank(cast):
    higher = MembershipFactory(organisation=cast.ml_a, role=Role.ADMINISTRATOR)

    with pytest.raises(PermissionDenied):
        _update(higher, cast.director_a, role=Role.ADVISER)

    higher.refresh_from_db()
    assert higher.role == Role.ADMINISTRATOR


def test_a_manager_of_another_organisation_cannot_change_a_member(cast):
    director_c = MembershipFactory(organisation=cast.ml_c, role=Role.MANAGER).user
    target = _membership(cast.adviser_a)

    with pytest.raises(PermissionDenied):
        _update(target, director_c, role=Role.MANAGER)

    target.refresh_from_db()
    assert target.role == Role.ADVISER


def test_an_adviser_cannot_change_a_member(cast):
    target = MembershipFactory(organisation=cast.ml_a, role=Role.ADVISER)

    with pytest.raises(PermissionDenied):
        _update(target, cast.adviser_a, fte_share=Decimal("0.2"))


@pytest.mark.parametrize("share", ["0", "-0.5", "1.01"])
def test_the_fte_share_is_above_zero_and_at_most_one(cast, share):
    target = _membership(cast.adviser_a)

    with pytest.raises(ValidationError) as error:
        _update(target, cast.director_a, fte_share=Decimal(share))

    assert "supérieure à 0 et au plus 1" in error.value.message_dict["fte_share"][0]
    target.refresh_from_db()
    assert target.fte_share is None


def test_the_end_is_not_before_the_start(cast):
    with pytest.raises(ValidationError) as error:
        _update(
            _membership(cast.adviser_a),
            cast.director_a,
            starts_on=TODAY() + datetime.timedelta(days=10),
            ends_on=TODAY() + datetime.timedelta(days=5),
        )

    assert error.value.message_dict["ends_on"] == ["La date de fin précède la date de début."]


def test_an_end_date_in_the_past_points_to_the_removal(cast):
    with pytest.raises(ValidationError) as error:
        _update(_membership(cast.adviser_a), cast.director_a, ends_on=TODAY() - datetime.timedelta(days=1))

    assert "utilisez « Retirer de l'organisation »" in error.value.message_dict["ends_on"][0]


def test_an_ended_membership_is_not_changed_but_invited_again(cast):
    past = MembershipFactory(organisation=cast.ml_a, ends_on=datetime.date(2024, 1, 1))

    with pytest.raises(Conflict) as error:
        _update(past, cast.director_a, role=Role.MANAGER)

    assert "invitez de nouveau" in " ".join(error.value.messages)


# The last manager --------------------------------------------------------------------------------------------------


def test_the_last_manager_cannot_demote_themself(cast):
    director = _membership(cast.director_a)

    with pytest.raises(Conflict) as error:
        _update(director, cast.director_a, role=Role.ADVISER)

    assert "Vous êtes le dernier responsable de Mission Locale A" in " ".join(error.value.messages)
    director.refresh_from_db()
    assert director.role == Role.MANAGER


def test_the_last_manager_cannot_remove_themself_nor_date_their_end(cast):
    director = _membership(cast.director_a)

    with pytest.raises(Conflict):
        services.membership_end(membership=director, by=cast.director_a, acting=director)
    with pytest.raises(Conflict):
        _update(director, cast.director_a, ends_on=TODAY() + datetime.timedelta(days=30))

    director.refresh_from_db()
    assert director.ends_on is None


def test_an_administrator_cannot_remove_the_last_manager_either(cast):
    director = _membership(cast.director_a)

    with pytest.raises(Conflict) as error:
        services.membership_end(membership=director, by=cast.admin, acting=_membership(cast.admin))

    assert f"{cast.director_a.get_full_name()} est le dernier responsable" in " ".join(error.value.messages)


def test_with_a_second_manager_a_manager_steps_down(cast):
    MembershipFactory(organisation=cast.ml_a, role=Role.MANAGER)
    director = _membership(cast.director_a)

    _update(director, cast.director_a, role=Role.ADVISER)

    director.refresh_from_db()
    assert director.role == Role.ADVISER


def test_a_deactivated_or_ended_manager_does_not_count_as_another_manager(cast):
    MembershipFactory(organisation=cast.ml_a, role=Role.MANAGER, user=UserFactory(is_active=False))
    MembershipFactory(organisation=cast.ml_a, role=Role.MANAGER, ends_on=datetime.date(2024, 1, 1))

    with pytest.raises(Conflict):
        _update(_membership(cast.director_a), cast.director_a, role=Role.ADVISER)


# Removing a member, closing an account -----------------------------------------------------------------------------


def test_a_removed_member_no_longer_acts_for_the_organisation_from_now_on(cast):
    target = _membership(cast.adviser_a)

    membership, changes = services.membership_end(
        membership=target, by=cast.director_a, acting=_membership(cast.director_a)
    )

    assert membership.ends_on == TODAY() - datetime.timedelta(days=1)
    assert changes == {"ends_on": (None, TODAY() - datetime.timedelta(days=1))}
    assert not Membership.objects.active().filter(pk=target.pk).exists()
    assert cast.adviser_a.is_active  # the account stays


def test_a_membership_already_ended_is_not_ended_again(cast):
    past = MembershipFactory(organisation=cast.ml_a, ends_on=datetime.date(2024, 1, 1))

    with pytest.raises(Conflict):
        services.membership_end(membership=past, by=cast.director_a, acting=_membership(cast.director_a))


def test_an_outsider_cannot_remove_a_member(cast):
    target = _membership(cast.adviser_a)

    for outsider in (cast.adviser_a, cast.adviser_c, cast.agent_b):
        with pytest.raises(PermissionDenied):
            services.membership_end(membership=target, by=outsider, acting=_membership(outsider))

    target.refresh_from_db()
    assert target.ends_on is None


def test_an_administrator_closes_an_account_and_ends_all_its_memberships(cast):
    MembershipFactory(user=cast.agent_b, organisation=cast.ml_a)

    ended = services.user_deactivate(user=cast.agent_b, by=cast.admin)

    cast.agent_b.refresh_from_db()
    assert ended == 2 and not cast.agent_b.is_active
    assert not Membership.objects.active().filter(user=cast.agent_b).exists()


def test_only_an_administrator_closes_an_account_and_never_their_own(cast):
    with pytest.raises(PermissionDenied):
        services.user_deactivate(user=cast.adviser_a, by=cast.director_a)
    with pytest.raises(PermissionDenied):
        services.user_deactivate(user=cast.admin, by=cast.admin)

    cast.adviser_a.refresh_from_db()
    assert cast.adviser_a.is_active
