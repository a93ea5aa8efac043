"""The employer record: codes derived from the SIRET, search key, sector in tension."""

from __future__ import annotations

import pytest

from tandem.employers.models import Employer
from tandem.employers.selectors import naf_codes_in_tension, naf_in_tension
from tandem.referentials.models import NafCode, RomeCode, RomeNafHiring

pytestmark = pytest.mark.django_db


def test_save_derives_siren_nic_and_search_key():
    employer = Employer.objects.create(name="Boulangerie Éloïse", usual_name="Chez Élo", siret="73282932000074")
    employer.refresh_from_db()
    assert (employer.siren, employer.nic) == ("732829320", "00074")
    assert employer.search_key == "boulangerie eloise chez elo 73282932000074"
    assert employer.diffusion == "O" and employer.is_active and employer.is_employer


def test_save_with_update_fields_keeps_derived_values_in_step():
    employer = Employer.objects.create(name="Garage", siret="73282932000074")
    employer.name = "Garage Dupré"
    employer.save(update_fields=["name"])
    employer.refresh_from_db()
    assert employer.search_key.startswith("garage dupre")


def test_sector_in_tension_when_half_of_hirings_are_jobs_in_tension():
    tense = RomeCode.objects.create(code="Z9901", label="Métier en tension (test)", in_tension=True)
    calm = RomeCode.objects.create(code="Z9902", label="Métier sans tension (test)")
    restaurant = NafCode.objects.create(code="9999A", label="Activité A (test)")
    clothes = NafCode.objects.create(code="9999B", label="Activité B (test)")
    RomeNafHiring.objects.create(rome=tense, naf=restaurant, hirings=60)
    RomeNafHiring.objects.create(rome=calm, naf=restaurant, hirings=40)
    RomeNafHiring.objects.create(rome=tense, naf=clothes, hirings=10)
    RomeNafHiring.objects.create(rome=calm, naf=clothes, hirings=90)
    assert naf_codes_in_tension(naf_codes=["9999A", "9999B", "9999C", ""]) == {"9999A"}
    assert naf_in_tension("9999A") and not naf_in_tension("9999B") and not naf_in_tension(None)
