"""A small built-in ROME v3 subset, loaded only when no ROME file is available and the table is empty.

It covers the sectors of the demo seeds (health and care, construction, hotels and restaurants, industry,
transport and logistics, retail) so that a fresh install without the referential files still works.
Codes, labels and domains are copied from the ROME v3 referential (France Travail, 2024 labels);
`in_tension` follows the same rule as the import (BMO 2020: at least half of the hiring projects judged
difficult). The full referential replaces them at the next import with the files.
"""

from __future__ import annotations

from typing import NamedTuple


class FallbackRome(NamedTuple):
    code: str
    label: str
    domain_code: str
    domain_label: str
    in_tension: bool


BROAD_DOMAINS: dict[str, str] = {
    "D": "Commerce, Vente et Grande distribution",
    "F": "Construction, Bâtiment et Travaux publics",
    "G": "Hôtellerie-Restauration, Tourisme, Loisirs et Animation",
    "H": "Industrie",
    "J": "Santé",
    "K": "Services à la personne et à la collectivité",
    "N": "Transport et Logistique",
}

FALLBACK_ROME_CODES: tuple[FallbackRome, ...] = (
    # Health and care
    FallbackRome("J1501", "Soins d'hygiène, de confort du patient", "J15", "Soins paramédicaux", True),
    FallbackRome("J1506", "Soins infirmiers généralistes", "J15", "Soins paramédicaux", True),
    FallbackRome(
        "J1301", "Personnel polyvalent des services hospitaliers", "J13", "Professionnels médico-techniques", False
    ),
    FallbackRome("K1302", "Assistance auprès d'adultes", "K13", "Aide à la vie quotidienne", True),
    FallbackRome("K1304", "Services domestiques", "K13", "Aide à la vie quotidienne", True),
    # Construction
    FallbackRome("F1703", "Maçonnerie", "F17", "Travaux et gros oeuvre", True),
    FallbackRome("F1701", "Construction en béton", "F17", "Travaux et gros oeuvre", True),
    FallbackRome("F1602", "Électricité bâtiment", "F16", "Second oeuvre", True),
    FallbackRome("F1603", "Installation d'équipements sanitaires et thermiques", "F16", "Second oeuvre", True),
    FallbackRome("F1606", "Peinture en bâtiment", "F16", "Second oeuvre", True),
    # Hotels and restaurants
    FallbackRome("G1602", "Personnel de cuisine", "G16", "Production culinaire", True),
    FallbackRome("G1603", "Personnel polyvalent en restauration", "G16", "Production culinaire", False),
    FallbackRome("G1803", "Service en restauration", "G18", "Service", True),
    FallbackRome("G1501", "Personnel d'étage", "G15", "Personnel d'étage en hôtellerie", True),
    FallbackRome("G1703", "Réception en hôtellerie", "G17", "Accueil en hôtellerie", True),
    # Industry
    FallbackRome("H2909", "Montage-assemblage mécanique", "H29", "Mécanique, travail des métaux et outillage", True),
    FallbackRome("H2913", "Soudage manuel", "H29", "Mécanique, travail des métaux et outillage", True),
    FallbackRome("H2903", "Conduite d'équipement d'usinage", "H29", "Mécanique, travail des métaux et outillage", True),
    FallbackRome(
        "H3302", "Opérations manuelles d'assemblage, tri ou emballage", "H33", "Préparation et conditionnement", False
    ),
    # Transport and logistics
    FallbackRome(
        "N1103",
        "Magasinage et préparation de commandes",
        "N11",
        "Magasinage, manutention des charges et déménagement",
        True,
    ),
    FallbackRome(
        "N1101",
        "Conduite d'engins de déplacement des charges",
        "N11",
        "Magasinage, manutention des charges et déménagement",
        True,
    ),
    FallbackRome(
        "N4101",
        "Conduite de transport de marchandises sur longue distance",
        "N41",
        "Personnel de conduite du transport routier",
        True,
    ),
    FallbackRome(
        "N4105",
        "Conduite et livraison par tournées sur courte distance",
        "N41",
        "Personnel de conduite du transport routier",
        True,
    ),
    # Retail
    FallbackRome("D1106", "Vente en alimentation", "D11", "Commerce alimentaire et métiers de bouche", False),
    FallbackRome("D1505", "Personnel de caisse", "D15", "Grande distribution", False),
    FallbackRome("D1507", "Mise en rayon libre-service", "D15", "Grande distribution", False),
    FallbackRome(
        "D1214",
        "Vente en habillement et accessoires de la personne",
        "D12",
        "Commerce non alimentaire et de prestations de confort",
        False,
    ),
)
