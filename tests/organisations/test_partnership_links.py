"""Partnership links: the rules of creating, changing and ending one, each refusal with its French message."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from tandem.core.errors import Conflict
from tandem.organisations import services
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import PartnershipLink
from tests.organisations.factories import OrganisationFactory, PartnershipLinkFactory

TODAY = timezone.localdate


def _create(cast, **overrides):
    fields = {
        "organisation_a": cast.ml_c,
        "organisation_b": cast.agency_b,
        "kind": PartnershipKind.COTRAITANCE,
        "starts_on": TODAY(),
        "referral_answer_days": 5,
        "first_meeting_days": 10,
    } | overrides
    return services.partnership_link_create(**fields)


def _messages(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def test_it_creates_a_link_with_its_deadlines(cast):
    link = _create(cast, notes="Convention locale 2026")

    assert (link.organisation_a, link.organisation_b, link.kind) == (cast.ml_c, cast.agency_b, "cotraitance")
    assert (link.referral_answer_days, link.first_meeting_days) == (5, 10)
    assert link.is_active_on(TODAY())


@pytest.mark.parametrize("field", ["referral_answer_days", "first_meeting_days"])
def test_it_refuses_a_deadline_under_one_day(cast, field):
    with pytest.raises(ValidationError) as error:
        _create(cast, **{field: 0})

    assert error.value.message_dict[field] == ["Un délai compte au moins un jour."]
    assert not PartnershipLink.objects.filter(organisation_a=cast.ml_c).exists()


def test_it_refuses_an_end_before_the_start(cast):
    with pytest.raises(ValidationError) as error:
        _create(cast, ends_on=TODAY() - datetime.timedelta(days=1))

    assert error.value.message_dict["ends_on"] == ["La date de fin précède la date de début."]


def test_it_refuses_a_link_of_an_organisation_with_itself(cast):
    with pytest.raises(ValidationError) as error:
        _create(cast, organisation_b=cast.ml_c)

    assert "deux organisations différentes" in _messages(error)


def test_it_refuses_a_reference_site_outside_cotraitance(cast):
    with pytest.raises(ValidationError) as error:
        _create(cast, kind=PartnershipKind.OTHER, is_reference_site=True)

    assert "Seul un partenariat de cotraitance" in error.value.message_dict["is_reference_site"][0]


def test_it_refuses_a_second_link_of_the_same_kind_over_the_same_period_whichever_way_round(cast):
    # The cast already links A and B in cotraitance since 2021, without end.
    with pytest.raises(Conflict) as error:
        services.partnership_link_create(
            organisation_a=cast.agency_b,
            organisation_b=cast.ml_a,
            kind=PartnershipKind.COTRAITANCE,
            starts_on=TODAY(),
        )

    assert (
        "Un partenariat « Cotraitance Mission Locale – France Travail » entre Mission Locale A et France Travail B"
        in (_messages(error))
    )
    assert "existe déjà sur cette période (depuis le 01/12/2021)" in _messages(error)
    assert PartnershipLink.objects.filter(kind=PartnershipKind.COTRAITANCE).count() == 1


def test_another_kind_or_a_later_period_is_not_a_duplicate(cast):
    other_kind = services.partnership_link_create(
        organisation_a=cast.ml_a, organisation_b=cast.agency_b, kind=PartnershipKind.OTHER, starts_on=TODAY()
    )
    ended = _create(cast, starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2022, 12, 31))
    after = _create(cast, starts_on=datetime.date(2023, 1, 1))

    assert other_kind.pk and ended.pk and after.pk


def test_a_future_link_overlapping_an_open_ended_one_is_a_duplicate(cast):
    _create(cast, starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2030, 12, 31))

    with pytest.raises(Conflict) as error:
        _create(cast, starts_on=datetime.date(2030, 6, 1))

    assert "du 01/01/2022 au 31/12/2030" in _messages(error)


def test_the_database_refuses_a_deadline_of_zero_days_whatever_the_code(cast):
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)

    with pytest.raises(IntegrityError):
        PartnershipLink.objects.filter(pk=link.pk).update(referral_answer_days=0)


def test_it_changes_the_deadlines_and_says_what_changed(cast):
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)

    link, changes = services.partnership_link_update(link=link, referral_answer_days=5, first_meeting_days=15)

    assert changes == {"referral_answer_days": (7, 5)}
    link.refresh_from_db()
    assert link.referral_answer_days == 5


def test_an_update_that_would_overlap_another_link_is_refused_and_changes_nothing(cast):
    old = _create(cast, starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2022, 12, 31))
    _create(cast, starts_on=datetime.date(2023, 1, 1))

    with pytest.raises(Conflict):
        services.partnership_link_update(link=old, ends_on=datetime.date(2023, 6, 30))

    old.refresh_from_db()
    assert old.ends_on == datetime.date(2022, 12, 31)


def test_an_update_refuses_a_deadline_under_one_day(cast):
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)

    with pytest.raises(ValidationError):
        services.partnership_link_update(link=link, first_meeting_days=0)

    link.refresh_from_db()
    assert link.first_meeting_days == 15


def test_the_kind_and_the_organisations_of_a_link_never_change(cast):
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)

    with pytest.raises(ValueError):
        services.partnership_link_update(link=link, organisation_b=cast.ml_c)


def test_it_ends_a_link_today_or_later(cast):
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)

    link, changes = services.partnership_link_end(link=link, ends_on=TODAY())

    assert changes == {"ends_on": (None, TODAY())}
    assert link.is_active_on(TODAY()) and not link.is_active_on(TODAY() + datetime.timedelta(days=1))


def test_it_refuses_to_end_a_link_in_the_past(cast):
    link = PartnershipLink.objects.get(organisation_a=cast.ml_a, organisation_b=cast.agency_b)

    with pytest.raises(ValidationError) as error:
        services.partnership_link_end(link=link, ends_on=TODAY() - datetime.timedelta(days=1))

    assert "pas dans le passé" in error.value.message_dict["ends_on"][0]
    link.refresh_from_db()
    assert link.ends_on is None


def test_it_refuses_to_end_a_link_before_it_starts(cast):
    link = _create(cast, starts_on=TODAY() + datetime.timedelta(days=30))

    with pytest.raises(ValidationError) as error:
        services.partnership_link_end(link=link, ends_on=TODAY())

    assert "il ne peut pas finir avant" in error.value.message_dict["ends_on"][0]


def test_it_refuses_to_end_a_link_already_ended(cast):
    link = PartnershipLinkFactory(
        organisation_a=cast.ml_c,
        organisation_b=OrganisationFactory(kind=OrganisationKind.FT_AGENCY),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )

    with pytest.raises(Conflict) as error:
        services.partnership_link_end(link=link, ends_on=TODAY())

    assert "terminé depuis le 01/01/2021" in _messages(error)
