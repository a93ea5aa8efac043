"""A commune is covered by one Mission Locale (its sites excepted): designation routes by commune."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tandem.accounts.enums import Role, TokenScope
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Coverage
from tandem.organisations.services import organisation_set_coverage
from tests.accounts.factories import bearer
from tests.organisations.factories import OrganisationFactory


def test_a_second_mission_locale_cannot_take_a_commune_already_covered(cast):
    other = OrganisationFactory(kind=OrganisationKind.MISSION_LOCALE, name="Mission Locale Voisine")
    with pytest.raises(ValidationError) as raised:
        organisation_set_coverage(organisation=other, commune_codes=["67544", "67348"])
    assert raised.value.messages == [
        "Une commune n'est couverte que par une seule Mission Locale ; déjà couvertes par une autre : "
        "Wissembourg (67544) : Mission Locale A. Retirez-les d'abord de son territoire."
    ]
    assert not Coverage.objects.filter(organisation=other).exists()


def test_a_site_shares_its_mission_locale_s_communes_and_another_site_too(cast):
    site = OrganisationFactory(kind=OrganisationKind.ML_SITE, name="Site de Wissembourg", parent=cast.ml_a)
    organisation_set_coverage(organisation=site, commune_codes=["67544"])
    sister = OrganisationFactory(kind=OrganisationKind.ML_SITE, name="Antenne", parent=cast.ml_a)
    organisation_set_coverage(organisation=sister, commune_codes=["67544"])
    assert Coverage.objects.filter(commune_id="67544").count() == 3
    # The Mission Locale still changes its own territory with its sites in place.
    organisation_set_coverage(organisation=cast.ml_a, commune_codes=["67180", "67544", "67348"])


def test_other_kinds_of_organisations_may_overlap(cast):
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail Voisine")
    organisation_set_coverage(organisation=agency, commune_codes=["67180", "67544"])
    assert Coverage.objects.filter(organisation=agency).count() == 2


def test_the_api_says_it_with_a_409_conflict(client, cast):
    other = OrganisationFactory(kind=OrganisationKind.MISSION_LOCALE, name="Mission Locale Voisine")
    response = client.put(
        f"/api/v1/organisations/{other.pk}/coverage",
        data={"commune_codes": ["67180"]},
        content_type="application/json",
        **bearer(other, scope=TokenScope.WRITE, role=Role.MANAGER),
    )
    assert response.status_code == 409
    assert "déjà couvertes par une autre : Haguenau (67180) : Mission Locale A" in response.json()["detail"]
