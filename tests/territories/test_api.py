"""The territories API answers for every commune, overseas collectivities included (they have no département)."""

from __future__ import annotations


def test_a_commune_of_an_overseas_collectivity_is_answered_without_departement(client, cast):
    client.force_login(cast.adviser_a)

    answer = client.get("/api/v1/territories/communes/97502")

    assert answer.status_code == 200
    commune = answer.json()
    assert commune["name"] == "Saint-Pierre" and commune["departement"] is None
    assert commune["overseas_collectivity"] == "975" and commune["label"] == "Saint-Pierre (97500) – INSEE 97502"


def test_the_search_and_the_coverage_answer_for_overseas_communes_too(client, cast):
    client.force_login(cast.adviser_a)

    found = client.get("/api/v1/territories/communes", {"q": "97500"}).json()
    assert {commune["code"] for commune in found} == {"97501", "97502"}
    coverage = client.get("/api/v1/territories/communes/97502/coverage").json()
    assert coverage["commune"]["departement"] is None and coverage["mission_locale"] is None


def test_a_commune_of_a_departement_keeps_its_departement(client, cast):
    client.force_login(cast.adviser_a)

    commune = client.get("/api/v1/territories/communes/67180").json()

    assert commune["departement"] == {"code": "67", "name": "Bas-Rhin"}
    assert commune["label"] == "Haguenau (67500) – INSEE 67180"
