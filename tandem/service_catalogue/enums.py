"""The enumerations of the data·inclusion schema (github.com/gip-inclusion/data-inclusion-schema, the version in
SCHEMA_VERSION), values spelt exactly as the schema spells them: the catalogue stores them and the exports write
them. docs/service_catalogue.md says which fields Tandem fills."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

SCHEMA_VERSION = "1.0.8"
# data·inclusion's `source`: who produced the rows; structure and service ids are "<source>--<our id>".
SOURCE = "tandem"


class ThemeCategory(models.TextChoices):
    """The schema's categories of themes (`Categorie`): each theme's value starts with its category's."""

    CHOISIR_UN_METIER = "choisir-un-metier", _("Choisir un métier")
    CREER_UNE_ENTREPRISE = "creer-une-entreprise", _("Créer une entreprise")
    DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES = (
        "difficultes-administratives-ou-juridiques",
        _("Difficultés administratives ou juridiques"),
    )
    DIFFICULTES_FINANCIERES = "difficultes-financieres", _("Difficultés financières")
    EQUIPEMENT_ET_ALIMENTATION = "equipement-et-alimentation", _("Équipement et alimentation")
    FAMILLE = "famille", _("Famille")
    LECTURE_ECRITURE_CALCUL = "lecture-ecriture-calcul", _("Lecture, écriture et calcul")
    LOGEMENT_HEBERGEMENT = "logement-hebergement", _("Logement et hébergement")
    MOBILITE = "mobilite", _("Mobilité")
    NUMERIQUE = "numerique", _("Numérique")
    PREPARER_SA_CANDIDATURE = "preparer-sa-candidature", _("Préparer sa candidature")
    REMOBILISATION = "remobilisation", _("Remobilisation")
    SANTE = "sante", _("Santé")
    SE_FORMER = "se-former", _("Se former")
    SOUVRIR_A_LINTERNATIONAL = "souvrir-a-linternational", _("S'ouvrir à l'international")
    TROUVER_UN_EMPLOI = "trouver-un-emploi", _("Trouver un emploi")


class Theme(models.TextChoices):
    """The schema's `thematiques`."""

    CHOISIR_UN_METIER__CONFIRMER_SON_CHOIX_DE_METIER = (
        "choisir-un-metier--confirmer-son-choix-de-metier",
        _("Confirmer son choix de métier"),
    )
    CHOISIR_UN_METIER__CONNAITRE_LES_OPPORTUNITES_DEMPLOI = (
        "choisir-un-metier--connaitre-les-opportunites-demploi",
        _("Connaître les opportunités d'emploi"),
    )
    CHOISIR_UN_METIER__DECOUVRIR_UN_METIER_OU_UN_SECTEUR_DACTIVITE = (
        "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
        _("Découvrir un métier ou un secteur d'activité"),
    )
    CHOISIR_UN_METIER__IDENTIFIER_SES_POINTS_FORTS_ET_SES_COMPETENCES = (
        "choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
        _("Identifier ses points forts et ses compétences"),
    )
    CREER_UNE_ENTREPRISE__DEFINIR_SON_PROJET_DE_CREATION_DENTREPRISE = (
        "creer-une-entreprise--definir-son-projet-de-creation-dentreprise",
        _("Définir son projet de création d'entreprise"),
    )
    CREER_UNE_ENTREPRISE__DEVELOPPER_SON_ENTREPRISE = (
        "creer-une-entreprise--developper-son-entreprise",
        _("Développer son entreprise"),
    )
    CREER_UNE_ENTREPRISE__STRUCTURER_SON_PROJET_DE_CREATION_DENTREPRISE = (
        "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise",
        _("Structurer son projet de création d'entreprise"),
    )
    DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_AUX_DEMARCHES_ADMINISTRATIVES = (
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        _("Accompagnement aux démarches administratives"),
    )
    DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_POUR_LACCES_A_LA_CITOYENNETE = (
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete",
        _("Accompagnement pour l'accès à la citoyenneté"),
    )
    DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_POUR_LACCES_AUX_DROITS = (
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        _("Accompagnement pour l'accès aux droits"),
    )
    DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__BENEFICIER_DUNE_MESURE_DACCOMPAGNEMENT_ADAPTE = (
        "difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte",
        _("Bénéficier d'une mesure d'accompagnement adapté"),
    )
    DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__CONNAITRE_SES_DROITS_FACE_A_UNE_DISCRIMINATION = (
        "difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination",
        _("Connaître ses droits face à une discrimination"),
    )
    DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__PRENDRE_EN_COMPTE_UNE_PROBLEMATIQUE_JUDICIAIRE = (
        "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
        _("Prendre en compte une problématique judiciaire"),
    )
    DIFFICULTES_FINANCIERES__ACQUERIR_UNE_AUTONOMIE_BUDGETAIRE = (
        "difficultes-financieres--acquerir-une-autonomie-budgetaire",
        _("Acquérir une autonomie budgétaire"),
    )
    DIFFICULTES_FINANCIERES__AMELIORER_SA_GESTION_BUDGETAIRE = (
        "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
        _("Améliorer sa gestion budgétaire"),
    )
    DIFFICULTES_FINANCIERES__METTRE_EN_PLACE_UNE_MESURE_DE_PROTECTION_FINANCIERE = (
        "difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere",
        _("Mettre en place une mesure de protection financière"),
    )
    DIFFICULTES_FINANCIERES__PREVENIR_UNE_DEGRADATION_DE_LA_SITUATION_FINANCIERE = (
        "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
        _("Prévenir une dégradation de la situation financière"),
    )
    DIFFICULTES_FINANCIERES__SITUATION_DENDETTEMENT_SURENDETTEMENT = (
        "difficultes-financieres--situation-dendettement-surendettement",
        _("Situation d'endettement ou de surendettement"),
    )
    EQUIPEMENT_ET_ALIMENTATION__AIDE_MENAGERE = "equipement-et-alimentation--aide-menagere", _("Aide ménagère")
    EQUIPEMENT_ET_ALIMENTATION__ALIMENTATION = "equipement-et-alimentation--alimentation", _("Alimentation")
    EQUIPEMENT_ET_ALIMENTATION__ELECTROMENAGER = "equipement-et-alimentation--electromenager", _("Électroménager")
    EQUIPEMENT_ET_ALIMENTATION__HABILLEMENT = "equipement-et-alimentation--habillement", _("Habillement")
    FAMILLE__GARDE_DENFANTS = "famille--garde-denfants", _("Garde d'enfants")
    FAMILLE__PRISE_EN_CHARGE_PERSONNE_DEPENDANTE = (
        "famille--prise-en-charge-personne-dependante",
        _("Prise en charge d'une personne dépendante"),
    )
    FAMILLE__SOUTIEN_A_LA_PARENTALITE_ET_A_LEDUCATION = (
        "famille--soutien-a-la-parentalite-et-a-leducation",
        _("Soutien à la parentalité et à l'éducation"),
    )
    FAMILLE__SOUTIEN_AIDANTS = "famille--soutien-aidants", _("Soutien aux aidants")
    FAMILLE__SURMONTER_CONFLITS_SEPARATION_VIOLENCE = (
        "famille--surmonter-conflits-separation-violence",
        _("Surmonter les conflits liés à la séparation ou à la violence"),
    )
    LECTURE_ECRITURE_CALCUL__MAITRISER_LE_CALCUL = (
        "lecture-ecriture-calcul--maitriser-le-calcul",
        _("Maîtriser le calcul"),
    )
    LECTURE_ECRITURE_CALCUL__MAITRISER_LE_FRANCAIS = (
        "lecture-ecriture-calcul--maitriser-le-francais",
        _("Maîtriser le français"),
    )
    LOGEMENT_HEBERGEMENT__ACHETER_UN_LOGEMENT = "logement-hebergement--acheter-un-logement", _("Acheter un logement")
    LOGEMENT_HEBERGEMENT__CHANGER_DE_LOGEMENT = "logement-hebergement--changer-de-logement", _("Changer de logement")
    LOGEMENT_HEBERGEMENT__LOUER_UN_LOGEMENT = "logement-hebergement--louer-un-logement", _("Louer un logement")
    LOGEMENT_HEBERGEMENT__RECHERCHER_UNE_SOLUTION_DHEBERGEMENT_TEMPORAIRE = (
        "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
        _("Rechercher une solution d'hébergement temporaire"),
    )
    LOGEMENT_HEBERGEMENT__REDUIRE_LES_IMPAYES_DE_LOYER = (
        "logement-hebergement--reduire-les-impayes-de-loyer",
        _("Réduire les impayés de loyer"),
    )
    LOGEMENT_HEBERGEMENT__SE_MAINTENIR_DANS_LE_LOGEMENT = (
        "logement-hebergement--se-maintenir-dans-le-logement",
        _("Se maintenir dans le logement"),
    )
    LOGEMENT_HEBERGEMENT__SINFORMER_SUR_LES_DEMARCHES_LIEES_A_LACCES_AU_LOGEMENT = (
        "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
        _("S'informer sur les démarches liées à l'accès au logement"),
    )
    MOBILITE__ACCEDER_A_UN_VEHICULE = "mobilite--acceder-a-un-vehicule", _("Accéder à un véhicule")
    MOBILITE__ENTRETENIR_REPARER_SON_VEHICULE = (
        "mobilite--entretenir-reparer-son-vehicule",
        _("Entretenir et réparer son véhicule"),
    )
    MOBILITE__ETRE_ACCOMPAGNE_DANS_SON_PARCOURS_MOBILITE = (
        "mobilite--etre-accompagne-dans-son-parcours-mobilite",
        _("Être accompagné dans son parcours mobilité"),
    )
    MOBILITE__FINANCER_MA_MOBILITE = "mobilite--financer-ma-mobilite", _("Financer ma mobilité")
    MOBILITE__MOBILITE_DOUCE_PARTAGEE_COLLECTIVE = (
        "mobilite--mobilite-douce-partagee-collective",
        _("Utiliser des services de mobilité douce, partagée ou collective"),
    )
    MOBILITE__PREPARER_UN_PERMIS = "mobilite--preparer-un-permis", _("Préparer un permis")
    NUMERIQUE__ACCEDER_A_DES_SERVICES_EN_LIGNE = (
        "numerique--acceder-a-des-services-en-ligne",
        _("Accéder à des services en ligne"),
    )
    NUMERIQUE__ACCEDER_A_UNE_CONNEXION_INTERNET = (
        "numerique--acceder-a-une-connexion-internet",
        _("Accéder à une connexion Internet"),
    )
    NUMERIQUE__ACQUERIR_UN_EQUIPEMENT = "numerique--acquerir-un-equipement", _("Acquérir un équipement")
    NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE = (
        "numerique--maitriser-les-fondamentaux-du-numerique",
        _("Maîtriser les fondamentaux du numérique"),
    )
    PREPARER_SA_CANDIDATURE__DEVELOPPER_SON_RESEAU = (
        "preparer-sa-candidature--developper-son-reseau",
        _("Développer son réseau"),
    )
    PREPARER_SA_CANDIDATURE__ORGANISER_SES_DEMARCHES_DE_RECHERCHE_DEMPLOI = (
        "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
        _("Organiser ses démarches de recherche d'emploi"),
    )
    PREPARER_SA_CANDIDATURE__REALISER_UN_CV_ET_OU_UNE_LETTRE_DE_MOTIVATION = (
        "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
        _("Réaliser un CV et/ou une lettre de motivation"),
    )
    PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES = (
        "preparer-sa-candidature--valoriser-ses-competences",
        _("Valoriser ses compétences"),
    )
    REMOBILISATION__ACTIVITES_SPORTIVES_ET_CULTURELLES = (
        "remobilisation--activites-sportives-et-culturelles",
        _("Activités sportives et culturelles"),
    )
    REMOBILISATION__BENEVOLAT_ACTION_CITOYENNE = (
        "remobilisation--benevolat-action-citoyenne",
        _("Bénévolat et action citoyenne"),
    )
    REMOBILISATION__BIEN_ETRE_CONFIANCE_EN_SOI = (
        "remobilisation--bien-etre-confiance-en-soi",
        _("Bien-être et confiance en soi"),
    )
    REMOBILISATION__LIEN_SOCIAL = "remobilisation--lien-social", _("Lien social")
    SANTE__ACCES_AUX_SOINS = "sante--acces-aux-soins", _("Accès aux soins")
    SANTE__ADDICTIONS = "sante--addictions", _("Addictions")
    SANTE__CONSTITUER_UN_DOSSIER_MDPH_INVALIDITE = (
        "sante--constituer-un-dossier-mdph-invalidite",
        _("Constituer un dossier MDPH pour invalidité"),
    )
    SANTE__SANTE_MENTALE = "sante--sante-mentale", _("Santé mentale")
    SANTE__SANTE_SEXUELLE = "sante--sante-sexuelle", _("Santé sexuelle")
    SE_FORMER__MONTER_SON_DOSSIER_DE_FORMATION = (
        "se-former--monter-son-dossier-de-formation",
        _("Monter son dossier de formation"),
    )
    SE_FORMER__TROUVER_SA_FORMATION = "se-former--trouver-sa-formation", _("Trouver sa formation")
    SOUVRIR_A_LINTERNATIONAL__CONNAITRE_LES_OPPORTUNITES_DEMPLOI_A_LETRANGER = (
        "souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger",
        _("Connaître les opportunités d'emploi à l'étranger"),
    )
    SOUVRIR_A_LINTERNATIONAL__SINFORMER_SUR_LES_AIDES_POUR_TRAVAILLER_A_LETRANGER = (
        "souvrir-a-linternational--sinformer-sur-les-aides-pour-travailler-a-letranger",
        _("S'informer sur les aides pour travailler à l'étranger"),
    )
    SOUVRIR_A_LINTERNATIONAL__SORGANISER_SUITE_A_SON_RETOUR_EN_FRANCE = (
        "souvrir-a-linternational--sorganiser-suite-a-son-retour-en-france",
        _("S'organiser suite à son retour en France"),
    )
    TROUVER_UN_EMPLOI__CONVAINCRE_UN_RECRUTEUR_EN_ENTRETIEN = (
        "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
        _("Convaincre un recruteur en entretien"),
    )
    TROUVER_UN_EMPLOI__FAIRE_DES_CANDIDATURES_SPONTANEES = (
        "trouver-un-emploi--faire-des-candidatures-spontanees",
        _("Faire des candidatures spontanées"),
    )
    TROUVER_UN_EMPLOI__MAINTIEN_DANS_LEMPLOI = "trouver-un-emploi--maintien-dans-lemploi", _("Maintien dans l'emploi")
    TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI = (
        "trouver-un-emploi--repondre-a-des-offres-demploi",
        _("Répondre à des offres d'emploi"),
    )
    TROUVER_UN_EMPLOI__SUIVRE_SES_CANDIDATURES_ET_RELANCER_LES_EMPLOYEURS = (
        "trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs",
        _("Suivre ses candidatures et relancer les employeurs"),
    )


def category_of(theme: str) -> str:
    """The category a theme belongs to ("mobilite--financer-ma-mobilite" → "mobilite")."""
    return theme.split("--", 1)[0]


class ServiceType(models.TextChoices):
    """The schema's `type`."""

    ACCOMPAGNEMENT = "accompagnement", _("Accompagnement")
    AIDE_FINANCIERE = "aide-financiere", _("Aide financière")
    AIDE_MATERIELLE = "aide-materielle", _("Aide matérielle")
    ATELIER = "atelier", _("Atelier")
    FORMATION = "formation", _("Formation")
    INFORMATION = "information", _("Information")


class Audience(models.TextChoices):
    """The schema's `publics`; `tous-publics` stands alone (the schema refuses it with another value)."""

    TOUS_PUBLICS = "tous-publics", _("Tous publics")
    ACTIFS = "actifs", _("Actifs")
    BENEFICIAIRES_DES_MINIMAS_SOCIAUX = "beneficiaires-des-minimas-sociaux", _("Bénéficiaires des minimas sociaux")
    DEMANDEURS_EMPLOI = "demandeurs-emploi", _("Demandeurs d'emploi")
    ETUDIANTS = "etudiants", _("Étudiants")
    FAMILLES = "familles", _("Familles")
    FEMMES = "femmes", _("Femmes")
    JEUNES = "jeunes", _("Jeunes")
    PERSONNES_EN_SITUATION_DE_HANDICAP = "personnes-en-situation-de-handicap", _("Personnes en situation de handicap")
    PERSONNES_EN_SITUATION_D_URGENCE = "personnes-en-situation-durgence", _("Personnes en situation d'urgence")
    PERSONNES_EN_SITUATION_JURIDIQUE_SPECIFIQUE = (
        "personnes-en-situation-juridique-specifique",
        _("Personnes en situation juridique spécifique"),
    )
    PERSONNES_EXILEES = "personnes-exilees", _("Personnes exilées")
    RESIDENTS_QPV_FRR = "residents-qpv-frr", _("Résidents en QPV ou FRR")
    SENIORS = "seniors", _("Séniors")


class Fees(models.TextChoices):
    """The schema's `frais`."""

    GRATUIT = "gratuit", _("Gratuit")
    PAYANT = "payant", _("Payant")


class ReceptionMode(models.TextChoices):
    """The schema's `modes_accueil`."""

    EN_PRESENTIEL = "en-presentiel", _("En présentiel")
    A_DISTANCE = "a-distance", _("À distance")


class RequestMode(models.TextChoices):
    """How to ask for the service: the schema's `modes_mobilisation`."""

    ENVOYER_UN_COURRIEL = "envoyer-un-courriel", _("Envoyer un courriel")
    SE_PRESENTER = "se-presenter", _("Se présenter")
    TELEPHONER = "telephoner", _("Téléphoner")
    UTILISER_LIEN_MOBILISATION = "utiliser-lien-mobilisation", _("Utiliser le lien de mobilisation")


class Requester(models.TextChoices):
    """Who may ask for it (the schema's `mobilisable_par`): the people themselves, professionals, or both."""

    USAGERS = "usagers", _("Usagers")
    PROFESSIONNELS = "professionnels", _("Professionnels")


class Network(models.TextChoices):
    """The schema's networks that Tandem's kinds of organisation belong to (a subset of `reseaux_porteurs`)."""

    MISSION_LOCALE = "mission-locale", _("Mission Locale")
    FRANCE_TRAVAIL = "france-travail", _("France Travail")
    PLIE = "plie", _("PLIE")
    COMMUNES = "communes", _("Communes")
    DEPARTEMENTS = "departements", _("Départements")
    REGIONS = "regions", _("Régions")
