from __future__ import annotations

import json
from typing import Any

import factory

from tandem.offers.enums import ContractType, OfferSource, SharingScope
from tandem.offers.models import Offer


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    source = OfferSource.PARTNER
    external_id = factory.Sequence(lambda n: f"test-{n}")
    title = factory.Sequence(lambda n: f"Offre {n}")
    contract_type = ContractType.CDD
    commune_id = "67180"
    latitude = 48.845643
    longitude = 7.830831
    sharing = SharingScope.TERRITORY


def ft_offer(identifier: str = "123ABCD", **overrides: Any) -> dict[str, Any]:
    """An offer as France Travail's "Offres d'emploi v2" API writes it."""
    offer = {
        "id": identifier,
        "intitule": "Serveur / Serveuse en restauration (H/F)",
        "description": "Service en salle, accueil des clients.",
        "dateCreation": "2026-01-15T10:23:45.000Z",
        "dateActualisation": "2026-01-20T08:00:00.000Z",
        "lieuTravail": {
            "libelle": "67 - HAGUENAU",
            "latitude": 48.8156,
            "longitude": 7.7903,
            "codePostal": "67500",
            "commune": "67180",
        },
        "romeCode": "G1803",
        "romeLibelle": "Service en restauration",
        "appellationlibelle": "Serveur / Serveuse en restauration",
        "entreprise": {"nom": "BRASSERIE DU MARCHE"},
        "typeContrat": "CDD",
        "typeContratLibelle": "Contrat à durée déterminée - 6 Mois",
        "natureContrat": "Contrat travail",
        "experienceExige": "D",
        "experienceLibelle": "Débutant accepté",
        "salaire": {"libelle": "Mensuel de 1800.00 Euros à 2000.00 Euros sur 12 mois"},
        "dureeTravailLibelle": "35H Horaires normaux",
        "dureeTravailLibelleConverti": "Temps plein",
        "alternance": False,
        "nombrePostes": 2,
        "permis": [{"libelle": "B - Véhicule léger Exigé", "exigence": "E"}],
        "langues": [{"libelle": "Anglais", "exigence": "S"}],
        "qualificationCode": "6",
        "qualificationLibelle": "Employé qualifié",
        "codeNAF": "56.10A",
        "origineOffre": {"origine": "1"},
    }
    offer.update(overrides)
    return offer


def ft_file(tmp_path, offers: list[dict], *, wrapped: bool = False, name: str = "offres.json"):
    path = tmp_path / name
    document = {"resultats": offers, "filtresPossibles": [{"filtre": "typeContrat"}]} if wrapped else offers
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path
