from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.prospecting.factories import CampaignFactory, CampaignTargetFactory, PairFactory


@pytest.mark.django_db
def test_a_pair_never_joins_two_people_of_the_same_organisation(cast):
    with pytest.raises(IntegrityError):
        PairFactory(first_organisation=cast.ml_a, second_organisation=cast.ml_a)


@pytest.mark.django_db
def test_a_company_is_on_a_campaigns_list_once(cast):
    target = CampaignTargetFactory()
    with pytest.raises(IntegrityError):
        CampaignTargetFactory(campaign=target.campaign, employer=target.employer)


@pytest.mark.django_db
def test_a_campaign_refuses_an_unknown_size_bracket(cast):
    campaign = CampaignFactory(size_brackets=["11", "99"])
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "99" in str(error.value)
    campaign.size_brackets = ["11", "12"]
    campaign.full_clean()
