"""The sectors of the demo, each with its jobs in tension (ROME v3 codes), what young people bring to them and what
the offers look like. Only codes present in the referential are used (see rome_codes_present).
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.offers.enums import ContractType
from tandem.referentials.models import RomeCode

SEED = 2026


@dataclass(frozen=True)
class Sector:
    name: str
    romes: tuple[str, ...]
    naf_code: str
    skills: tuple[str, ...]
    experiences: tuple[str, ...]
    trainings: tuple[str, ...]
    night_work: float = 0.0  # share of offers with night work
    licence: float = 0.05  # share of offers requiring a driving licence
    salary_floor: int = 1802  # monthly gross (€), the 2026 SMIC
    contracts: tuple[tuple[str, int], ...] = ()  # extra weights over CONTRACTS


SECTORS = (
    Sector(
        name="santé et aide à la personne",
        romes=("J1501", "J1301", "K1302"),
        naf_code="8710A",
        skills=(
            "Aide à la toilette et aux repas",
            "Écoute et bienveillance auprès des personnes âgées",
            "Respect des protocoles d'hygiène",
            "Entretien des chambres et des espaces communs",
        ),
        experiences=("Stage d'aide-soignant·e en EHPAD", "Agent·e de service hospitalier (remplacement d'été)"),
        trainings=(
            "CAP Accompagnant éducatif petite enfance",
            "Bac pro ASSP",
            "Préparation au concours d'aide-soignant",
        ),
        night_work=0.15,
        licence=0.2,
        contracts=((ContractType.PEC, 8),),
    ),
    Sector(
        name="bâtiment",
        romes=("F1703", "F1602", "F1606"),
        naf_code="4399C",
        skills=(
            "Lecture de plans simples",
            "Port des équipements de protection",
            "Préparation des supports et des mortiers",
            "Travail en équipe sur chantier",
        ),
        experiences=("Aide-maçon sur chantier de rénovation", "Manœuvre en intérim"),
        trainings=("CAP Maçon", "CAP Électricien", "Habilitation électrique B0"),
        licence=0.35,
        salary_floor=1850,
    ),
    Sector(
        name="hôtellerie et restauration",
        romes=("G1602", "G1603", "G1803"),
        naf_code="5610A",
        skills=("Mise en place et service en salle", "Respect des règles HACCP", "Accueil de la clientèle"),
        experiences=(
            "Commis de cuisine (saison d'été)",
            "Serveur·se en brasserie",
            "Plonge en restauration collective",
        ),
        trainings=("CAP Cuisine", "CAP Commercialisation et services en HCR", "Formation hygiène alimentaire HACCP"),
        contracts=((ContractType.SEASONAL, 15),),
    ),
    Sector(
        name="industrie",
        romes=("H2909", "H3302", "H2102", "D1102"),
        naf_code="1071C",
        skills=("Respect des cadences et des consignes", "Contrôle visuel de la qualité", "Conduite de ligne simple"),
        experiences=("Opérateur·rice de production en intérim", "Préparateur·rice en boulangerie (apprentissage)"),
        trainings=("CAP Boulanger", "Bac pro Pilote de ligne de production", "CQP Opérateur de production"),
        night_work=0.3,
        salary_floor=1820,
    ),
    Sector(
        name="transport et logistique",
        romes=("N1103", "N4101", "N1105"),
        naf_code="5210B",
        skills=("Préparation de commandes au scanner", "Manutention et gestes et postures", "Gestion des stocks"),
        experiences=("Préparateur·rice de commandes en intérim", "Manutentionnaire (job d'été)"),
        trainings=("CACES R489 catégorie 1", "Titre pro Préparateur de commandes en entrepôt", "Permis C"),
        night_work=0.3,
        licence=0.25,
        salary_floor=1830,
    ),
    Sector(
        name="commerce",
        romes=("D1507", "D1505", "D1106"),
        naf_code="4711D",
        skills=("Mise en rayon et facing", "Encaissement et rendu de monnaie", "Conseil à la clientèle"),
        experiences=("Employé·e de libre-service (CDD d'été)", "Hôte·sse de caisse le samedi"),
        trainings=("CAP Équipier polyvalent du commerce", "Bac pro Métiers du commerce et de la vente"),
        contracts=((ContractType.CDD, 10),),
    ),
)
# Fictitious employers of each job: "{}" takes a surname or a place name, "(fictif)" says it is made up.
EMPLOYERS = {
    "J1501": ("EHPAD {} (fictif)", "Clinique {} (fictif)"),
    "J1301": ("Clinique {} (fictif)", "EHPAD {} (fictif)"),
    "K1302": ("Aide à domicile {} (fictif)", "Résidence seniors {} (fictif)"),
    "F1703": ("Maçonnerie {} (fictif)", "Bâtiment {} (fictif)"),
    "F1602": ("Électricité {} (fictif)",),
    "F1606": ("Peintures {} (fictif)", "Décoration {} (fictif)"),
    "G1602": ("Restaurant {} (fictif)", "Brasserie {} (fictif)", "Hôtel {} (fictif)"),
    "G1603": ("Restaurant {} (fictif)", "Cafétéria {} (fictif)"),
    "G1803": ("Restaurant {} (fictif)", "Brasserie {} (fictif)", "Hôtel {} (fictif)"),
    "H2909": ("Ateliers mécaniques {} (fictif)", "Mécanique {} (fictif)"),
    "H3302": ("Emballages {} (fictif)", "Conditionnement {} (fictif)"),
    "H2102": ("Conserverie {} (fictif)", "Laiterie {} (fictif)"),
    "D1102": ("Boulangerie {} (fictif)", "Fournil {} (fictif)"),
    "N1103": ("Logistique {} (fictif)", "Entrepôts {} (fictif)"),
    "N4101": ("Transports {} (fictif)",),
    "N1105": ("Logistique {} (fictif)", "Déménagements {} (fictif)"),
    "D1507": ("Supermarché {} (fictif)",),
    "D1505": ("Supermarché {} (fictif)", "Hypermarché {} (fictif)"),
    "D1106": ("Épicerie {} (fictif)", "Primeur {} (fictif)", "Fromagerie {} (fictif)"),
}
SECTOR_OF_ROME = {code: sector for sector in SECTORS for code in sector.romes}
# Where the offers tell that night work or a driving licence are the rule rather than a chance.
NIGHT_ROMES = {"D1102": 0.7, "H2102": 0.4, "N1103": 0.35, "N1105": 0.35}
LICENCE_LABELS = {"N4101": "C - Poids lourd"}

# Contracts of the offers, before the sector's extra weights.
CONTRACTS = {
    ContractType.CDI: 34,
    ContractType.CDD: 28,
    ContractType.TEMP: 6,
    ContractType.APPRENTICESHIP: 8,
    ContractType.PROFESSIONALISATION: 5,
    ContractType.SEASONAL: 2,
    ContractType.PEC: 2,
}
LANGUAGES = (
    {"language": "Anglais", "level": "notions"},
    {"language": "Anglais", "level": "intermédiaire"},
    {"language": "Arabe", "level": "courant"},
    {"language": "Espagnol", "level": "notions"},
    {"language": "Allemand", "level": "notions"},
    {"language": "Portugais", "level": "courant"},
    {"language": "Turc", "level": "courant"},
)
PLACES = (
    "des Remparts", "du Moulin", "des Tilleuls", "de la Gare", "du Marché", "des Vignes", "du Canal", "des Acacias",
    "du Parc", "de l'Étang", "des Lilas", "du Château", "de la Forge", "des Tanneurs", "du Pont", "des Écluses",
)  # fmt: skip


def rome_codes_present() -> set[str]:
    codes = {code for sector in SECTORS for code in sector.romes}
    return set(RomeCode.objects.filter(code__in=codes).values_list("code", flat=True))
