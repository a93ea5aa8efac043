"""Seeds 000, 002 and 004 — the partners' services (docs/service_catalogue.md): each says what it offers, so that
advisers know who does what and the partners see what they may pool (mobility is offered by the Mission Locale and
by France Travail in northern Alsace and in Bordeaux) and what completes the others' (childcare in Grenoble).

Written by each partner's manager through the catalogue's services, so the log holds their creation. Deterministic
and idempotent: a service is found again by its partner and name; a second load adds nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from tandem.accounts.models import Membership
from tandem.demo.builders import demo_email
from tandem.demo.scenarios import alsace_nord, bordeaux
from tandem.organisations.models import Organisation
from tandem.service_catalogue import services
from tandem.service_catalogue.enums import Audience, Theme
from tandem.service_catalogue.models import Service
from tandem.territories.models import Departement

ML_ALSACE_NORD = alsace_nord.ML_NAME
ML_BORDEAUX = bordeaux.ML_NAME
WISSEMBOURG_SITE = f"{alsace_nord.ML_NAME} – site de Wissembourg"
METROPOLE_GRENOBLE = "Grenoble-Alpes Métropole"
PLIE_GRENOBLE = "PLIE de la Métropole grenobloise"
HAGUENAU_AGENCY, MERIADECK_AGENCY = "67125", "33224"


@dataclass(frozen=True)
class DemoService:
    manager: str  # the demo account of the partner's manager who describes it
    partner: str  # the partner's name, or an agency's SAFIR code
    name: str
    summary: str
    description: str
    kind: str
    themes: list[str]
    audiences: list[str]
    request_modes: list[str]
    requesters: list[str] = field(default_factory=lambda: ["professionnels"])
    request_details: str = ""
    access_conditions: str = ""
    departements: list[str] = field(default_factory=list)
    site: str = ""
    phone: str = ""


SERVICES = (
    DemoService(
        manager="direction.alsace-nord",
        partner=ML_ALSACE_NORD,
        name="Contrat d'engagement jeune (CEJ)",
        summary="Un accompagnement intensif de 15 à 20 heures par semaine vers l'emploi ou la formation.",
        description=(
            "Un conseiller référent suit le jeune pendant 6 à 12 mois : entretiens individuels, ateliers collectifs, "
            "immersions en entreprise et allocation selon les ressources. Le contrat est signé après un diagnostic "
            "partagé ; les jeunes orientés par France Travail au titre de la cotraitance y entrent en priorité."
        ),
        kind="accompagnement",
        themes=[
            Theme.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,
            Theme.CHOISIR_UN_METIER__DECOUVRIR_UN_METIER_OU_UN_SECTEUR_DACTIVITE,
            Theme.SE_FORMER__TROUVER_SA_FORMATION,
        ],
        audiences=[Audience.JEUNES],
        request_modes=["telephoner", "se-presenter"],
        requesters=["professionnels", "usagers"],
        access_conditions="De 16 à 25 ans (29 ans en situation de handicap), sans emploi ni formation.",
        request_details="Orientation par le conseiller France Travail (cotraitance) ou inscription à l'accueil.",
        phone="03 88 00 00 00",
    ),
    DemoService(
        manager="direction.alsace-nord",
        partner=ML_ALSACE_NORD,
        name="Aide à la mobilité des jeunes",
        summary="Financer le permis de conduire, un deux-roues ou un abonnement de transport pour aller travailler.",
        description=(
            "Le conseiller étudie la situation du jeune et mobilise les aides du territoire : aide au permis, prêt "
            "de scooter, bons de transport vers les zones d'activité de Haguenau et de Wissembourg."
        ),
        kind="aide-financiere",
        themes=[Theme.MOBILITE__FINANCER_MA_MOBILITE, Theme.MOBILITE__PREPARER_UN_PERMIS],
        audiences=[Audience.JEUNES],
        request_modes=["telephoner"],
        departements=["67"],
    ),
    DemoService(
        manager="direction.alsace-nord",
        partner=ML_ALSACE_NORD,
        name="Logement : trouver et garder un toit",
        summary="Recherche d'un logement ou d'un foyer de jeunes travailleurs, aides à l'installation.",
        description=(
            "Information sur les démarches d'accès au logement, mise en relation avec les foyers de jeunes "
            "travailleurs, montage des dossiers d'aide (Loca-Pass, FSL) avec les partenaires du logement."
        ),
        kind="accompagnement",
        themes=[
            Theme.LOGEMENT_HEBERGEMENT__LOUER_UN_LOGEMENT,
            Theme.LOGEMENT_HEBERGEMENT__SINFORMER_SUR_LES_DEMARCHES_LIEES_A_LACCES_AU_LOGEMENT,
        ],
        audiences=[Audience.JEUNES],
        request_modes=["se-presenter", "telephoner"],
        site=WISSEMBOURG_SITE,
    ),
    DemoService(
        manager="direction.haguenau",
        partner=HAGUENAU_AGENCY,
        name="Ateliers de recherche d'emploi",
        summary="Ateliers collectifs d'une demi-journée : CV, entretien, candidatures spontanées.",
        description=(
            "Des ateliers animés par les conseillers de l'agence : réaliser son CV, se préparer à un entretien, "
            "cibler les entreprises qui recrutent dans la santé, le BTP, la restauration, l'industrie et le transport."
        ),
        kind="atelier",
        themes=[
            Theme.PREPARER_SA_CANDIDATURE__REALISER_UN_CV_ET_OU_UNE_LETTRE_DE_MOTIVATION,
            Theme.TROUVER_UN_EMPLOI__CONVAINCRE_UN_RECRUTEUR_EN_ENTRETIEN,
        ],
        audiences=[Audience.DEMANDEURS_EMPLOI],
        request_modes=["utiliser-lien-mobilisation"],
        requesters=["usagers", "professionnels"],
        request_details="Inscription depuis l'espace personnel France Travail.",
    ),
    DemoService(
        manager="direction.haguenau",
        partner=HAGUENAU_AGENCY,
        name="Aides à la mobilité de France Travail",
        summary="Aide au permis, aide aux frais de déplacement pour un entretien ou une reprise d'emploi.",
        description=(
            "Les aides à la mobilité de France Travail prennent en charge une partie des frais de déplacement, de "
            "repas et d'hébergement pour un entretien, un concours ou une reprise d'emploi éloignée."
        ),
        kind="aide-financiere",
        themes=[Theme.MOBILITE__FINANCER_MA_MOBILITE, Theme.MOBILITE__PREPARER_UN_PERMIS],
        audiences=[Audience.DEMANDEURS_EMPLOI],
        request_modes=["utiliser-lien-mobilisation"],
        requesters=["usagers"],
        request_details="Demande depuis l'espace personnel, rubrique « mes aides ».",
    ),
    DemoService(
        manager="direction.bordeaux",
        partner=ML_BORDEAUX,
        name="Contrat d'engagement jeune à Bordeaux",
        summary="Un accompagnement intensif vers l'emploi, avec l'appui des agents France Travail mis à disposition.",
        description=(
            "L'équipe emploi de la Mission Locale, renforcée par des agents de France Travail, accompagne les jeunes "
            "vers les offres collectées en binôme et les contrats aidés, avec un suivi après l'embauche."
        ),
        kind="accompagnement",
        themes=[Theme.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI, Theme.TROUVER_UN_EMPLOI__MAINTIEN_DANS_LEMPLOI],
        audiences=[Audience.JEUNES, Audience.RESIDENTS_QPV_FRR],
        request_modes=["telephoner", "se-presenter"],
    ),
    DemoService(
        manager="direction.bordeaux",
        partner=ML_BORDEAUX,
        name="Aide à la mobilité vers l'emploi",
        summary="Bons de transport et location de vélos pour les premiers mois d'un emploi.",
        description=(
            "La Mission Locale finance les trajets des premiers mois d'un emploi ou d'une formation et oriente "
            "vers la location solidaire de vélos de Bordeaux Métropole."
        ),
        kind="aide-materielle",
        themes=[Theme.MOBILITE__FINANCER_MA_MOBILITE, Theme.MOBILITE__MOBILITE_DOUCE_PARTAGEE_COLLECTIVE],
        audiences=[Audience.JEUNES],
        request_modes=["telephoner"],
        departements=["33"],
    ),
    DemoService(
        manager="direction.meriadeck",
        partner=MERIADECK_AGENCY,
        name="Prestation Activ'Projet",
        summary="Trois mois pour construire son projet professionnel avec un prestataire de France Travail.",
        description=(
            "Une prestation d'accompagnement pour définir ou confirmer un projet professionnel : bilan des "
            "compétences, enquêtes métier, immersions professionnelles, plan d'action."
        ),
        kind="accompagnement",
        themes=[
            Theme.CHOISIR_UN_METIER__CONFIRMER_SON_CHOIX_DE_METIER,
            Theme.CHOISIR_UN_METIER__IDENTIFIER_SES_POINTS_FORTS_ET_SES_COMPETENCES,
        ],
        audiences=[Audience.DEMANDEURS_EMPLOI],
        request_modes=["telephoner"],
        request_details="Prescription par le conseiller France Travail.",
    ),
    DemoService(
        manager="direction.metropole-grenoble",
        partner=METROPOLE_GRENOBLE,
        name="Solutions de garde pour reprendre un emploi",
        summary="Une place en crèche ou chez une assistante maternelle pour les parents qui reprennent un emploi.",
        description=(
            "La Métropole réserve des places d'accueil du jeune enfant aux parents en reprise d'emploi ou en "
            "formation, pour lever ce frein à l'embauche identifié dans la convention avec France Travail."
        ),
        kind="aide-materielle",
        themes=[Theme.FAMILLE__GARDE_DENFANTS],
        audiences=[Audience.FAMILLES, Audience.DEMANDEURS_EMPLOI],
        request_modes=["envoyer-un-courriel"],
        departements=["38"],
    ),
    DemoService(
        manager="direction.plie-grenoble",
        partner=PLIE_GRENOBLE,
        name="Parcours renforcé PLIE",
        summary="Un référent unique et un parcours vers l'emploi durable pour les personnes les plus éloignées.",
        description=(
            "Le PLIE propose un accompagnement individualisé et renforcé, coordonné avec France Travail pour ne pas "
            "superposer les interventions, avec des étapes de remobilisation, de formation et d'emploi."
        ),
        kind="accompagnement",
        themes=[
            Theme.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,
            Theme.REMOBILISATION__BIEN_ETRE_CONFIANCE_EN_SOI,
        ],
        audiences=[Audience.BENEFICIAIRES_DES_MINIMAS_SOCIAUX, Audience.RESIDENTS_QPV_FRR],
        request_modes=["telephoner"],
        request_details="Orientation par un conseiller France Travail ou un travailleur social.",
    ),
)


def _partner(name_or_safir: str) -> Organisation | None:
    if name_or_safir.isdigit():
        return Organisation.objects.filter(safir_code=name_or_safir).first()
    return Organisation.objects.filter(name=name_or_safir).first()


def _manager(local_part: str, organisation: Organisation) -> Membership | None:
    return (
        Membership.objects.active()
        .select_related("organisation__parent", "user")
        .filter(user__email=demo_email(local_part), organisation=organisation)
        .first()
    )


def service_catalogue_load() -> int:
    """The partners' services, described by their managers; how many were created (0 on a second load). A service
    whose partner or manager the demo lacks (a load without the agencies' file) is left out."""
    created = 0
    for spec in SERVICES:
        partner = _partner(spec.partner)
        manager = _manager(spec.manager, partner) if partner else None
        if partner is None or manager is None or Service.objects.filter(organisation=partner, name=spec.name).exists():
            continue
        site = Organisation.objects.filter(name=spec.site, parent=partner).first() if spec.site else None
        services.service_create(
            membership=manager,
            by=manager.user,
            data=services.ServiceData(
                name=spec.name,
                summary=spec.summary,
                description=spec.description,
                kind=spec.kind,
                themes=spec.themes,
                audiences=spec.audiences,
                fees="gratuit",
                reception_modes=["en-presentiel"],
                request_modes=spec.request_modes,
                requesters=spec.requesters,
                request_details=spec.request_details,
                access_conditions=spec.access_conditions,
                phone=spec.phone,
                site=site,
                zone_departements=list(Departement.objects.filter(code__in=spec.departements)),
            ),
        )
        created += 1
    return created
