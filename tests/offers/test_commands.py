from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tandem.offers.models import Offer
from tandem.offers.services import FRANCE_TRAVAIL_NATIONAL_NAME
from tests.offers.factories import ft_file, ft_offer


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_offers", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_france_travail_offers_for_the_national_organisation_by_default(cast, tmp_path):
    path = ft_file(tmp_path, [ft_offer("C1"), {"id": "C2"}])
    out, err = run(str(path), "--format", "francetravail")
    assert "2 offres lues pour France Travail (offres nationales) : 1 créées, 0 mises à jour" in out
    assert "offres.json offre 2 (C2) : champ obligatoire manquant : intitule" in err
    assert Offer.objects.get().organisation.name == FRANCE_TRAVAIL_NATIONAL_NAME
    out, _err = run(str(path))
    assert "0 créées, 0 mises à jour, 1 inchangées, 1 en erreur" in out


def test_the_command_attaches_offers_to_the_given_agency(cast, tmp_path):
    run(str(ft_file(tmp_path, [ft_offer("C1")])), "--organisation", "67999")
    assert Offer.objects.get().organisation == cast.agency_b


def test_the_command_refuses_an_unknown_organisation_or_a_csv_without_one(cast, tmp_path):
    path = ft_file(tmp_path, [ft_offer("C1")])
    with pytest.raises(CommandError, match="Aucune organisation"):
        run(str(path), "--organisation", "12345")
    with pytest.raises(CommandError, match="obligatoire"):
        run(str(path), "--format", "csv")
    with pytest.raises(CommandError, match="France Travail"):
        run(str(path), "--organisation", str(cast.ml_a.pk))


def test_the_command_reports_offers_imported_without_their_commune(cast, tmp_path):
    path = ft_file(tmp_path, [ft_offer("C1", lieuTravail={"libelle": "Ile-de-France"})])
    _out, err = run(str(path), "--organisation", "67999")
    assert "offres.json offre 1 (C1), avertissement : " in err and "Ile-de-France" in err
