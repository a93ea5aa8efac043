import csv
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from tandem.organisations import services
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation


def test_it_replaces_a_coverage_territory(cast):
    result = services.organisation_set_coverage(organisation=cast.ml_a, commune_codes=["67180", "67348"])
    assert result == {"added": 1, "removed": 1, "total": 2}
    assert set(cast.ml_a.coverage_rows.values_list("commune_id", flat=True)) == {"67180", "67348"}


def test_it_refuses_unknown_or_malformed_codes_and_changes_nothing(cast):
    with pytest.raises(ValidationError) as error:
        services.organisation_set_coverage(organisation=cast.ml_a, commune_codes=["67180", "99999", "abc"])
    assert "99999" in str(error.value) and "abc" in str(error.value)
    assert set(cast.ml_a.coverage_rows.values_list("commune_id", flat=True)) == {"67180", "67544"}


def test_it_parses_a_pasted_list_of_insee_codes():
    assert services.parse_commune_codes("67180, 67544;67180\n2A004 ") == ["67180", "67544", "2A004"]


@pytest.mark.django_db
def test_it_refuses_an_organisation_with_an_invalid_siret():
    with pytest.raises(ValidationError):
        services.organisation_create(kind=OrganisationKind.PLIE, name="PLIE", siret="12345678901234")


def test_it_refuses_a_partnership_of_an_organisation_with_itself(cast):
    with pytest.raises(ValidationError):
        services.partnership_link_create(
            organisation_a=cast.ml_a, organisation_b=cast.ml_a, starts_on=datetime.date(2024, 1, 1)
        )


@pytest.mark.django_db
def test_it_imports_the_official_agencies_file_idempotently():
    path = Path(settings.TANDEM_REFERENTIAL_DIR) / "itou" / "pole_emploi_agencies.csv"
    first = services.organisation_import_agencies(path=path)
    with path.open(encoding="utf-8") as file:
        codes = [row["CODE_SAFIR"] for row in csv.DictReader(file)]
    # Two SAFIR codes are repeated in the official file: reported, the first row kept.
    assert first.created == len(set(codes)) == len(codes) - 2
    duplicates = [error for error in first.errors if "déjà présent" in error]
    assert len(duplicates) == 2
    # A postal name that is no commune of its postcode (a former commune, a hamlet) is reported, never guessed.
    without_commune = [error for error in first.errors if error.endswith("agence enregistrée sans commune")]
    assert len(first.errors) == len(duplicates) + len(without_commune)
    assert Organisation.objects.filter(safir_code__gt="", commune__isnull=True).count() == len(without_commune)
    assert Organisation.objects.get(safir_code="87001").commune.name == "Limoges"  # a CEDEX postcode
    haguenau = Organisation.objects.get(safir_code="67125")
    assert haguenau.kind == OrganisationKind.FT_AGENCY
    assert haguenau.commune_id == "67180"
    assert Organisation.objects.get(safir_code="33127").kind == OrganisationKind.FT_REGIONAL_DIRECTION
    second = services.organisation_import_agencies(path=path)
    assert (second.created, second.updated) == (0, 0)
    assert Organisation.objects.filter(safir_code__gt="").count() == first.created


@pytest.mark.django_db
def test_it_reports_bad_agency_rows_with_their_line_and_keeps_the_good_ones(tmp_path):
    path = tmp_path / "agences.csv"
    path.write_text(
        "REFERENCE_PE,NOM,CODE_SAFIR,TYPE_SITE,REGION,LIBELLE_REGION,COMPLEMENT_ADRESSE,"
        "DC_COMPLEMENTADRSITEPHYSIQUE,ADRESSE,CODE_POSTAL,COMMUNE,DN_LATITUDE,DN_LONGITUDE\n"
        'X1,HAGUENAU,67125,ALE,44,GRAND EST,NULL,NULL,1 rue,67500,HAGUENAU,"48,8","7,7"\n'
        'X2,SANS CODE,,ALE,44,GRAND EST,NULL,NULL,1 rue,67500,HAGUENAU,"48,8","7,7"\n'
        'X3,MAUVAIS,12AB,ALE,44,GRAND EST,NULL,NULL,1 rue,67500,HAGUENAU,"48,8","7,7"\n',
        encoding="utf-8",
    )
    report = services.organisation_import_agencies(path=path)
    assert report.created == 1
    assert len(report.errors) == 2
    assert "ligne 3" in report.errors[0] and "ligne 4" in report.errors[1]


AGENCIES_HEADER = (
    "REFERENCE_PE,NOM,CODE_SAFIR,TYPE_SITE,REGION,LIBELLE_REGION,COMPLEMENT_ADRESSE,"
    "DC_COMPLEMENTADRSITEPHYSIQUE,ADRESSE,CODE_POSTAL,COMMUNE,DN_LATITUDE,DN_LONGITUDE\n"
)


@pytest.mark.django_db
def test_an_agency_whose_postcode_and_town_name_designate_no_single_commune_is_reported_not_guessed(tmp_path):
    path = tmp_path / "agences.csv"
    path.write_text(
        AGENCIES_HEADER
        + 'X1,HAGUENAU,67125,ALE,44,GRAND EST,NULL,NULL,1 rue,67500,HAGUENAU,"48,8","7,7"\n'
        + 'X2,TOURLAVILLE,50111,ALE,28,NORMANDIE,NULL,NULL,1 rue,50110,TOURLAVILLE,"49,6","-1,5"\n'
        + 'X3,LIMOGES,87001,ALE,75,NOUVELLE-AQUITAINE,NULL,NULL,1 rue,87067,LIMOGES,"45,8","1,2"\n',
        encoding="utf-8",
    )

    report = services.organisation_import_agencies(path=path)

    assert report.created == 3
    assert Organisation.objects.get(safir_code="67125").commune_id == "67180"
    assert Organisation.objects.get(safir_code="87001").commune_id == "87085"  # a CEDEX code, the name decides
    # 50110 serves Cherbourg-en-Cotentin, Digosville, Bretteville and Le Mesnil-au-Val: none is Tourlaville.
    assert Organisation.objects.get(safir_code="50111").commune is None
    assert report.errors == [
        "agences.csv ligne 3 : la commune « TOURLAVILLE » n'est pas desservie par le code postal 50110 "
        "(Cherbourg-en-Cotentin, Digosville, Bretteville et Le Mesnil-au-Val) ; agence enregistrée sans commune"
    ]
