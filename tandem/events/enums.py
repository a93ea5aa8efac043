from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    PERSON_CREATED = "person_created", _("Dossier créé")
    PERSON_UPDATED = "person_updated", _("Dossier mis à jour")
    PERSON_ANONYMISED = "person_anonymised", _("Dossier anonymisé")
    DESIGNATION_PROPOSED = "designation_proposed", _("Proposé à la Mission Locale (cotraitance)")
    REFERRAL_PROPOSED = "referral_proposed", _("Orientation proposée")
    REFERRAL_ACCEPTED = "referral_accepted", _("Orientation acceptée")
    REFERRAL_REFUSED = "referral_refused", _("Orientation refusée")
    REFERRAL_WITHDRAWN = "referral_withdrawn", _("Orientation retirée")
    REFERRAL_EXPIRED = "referral_expired", _("Orientation expirée")
    MEETING_SCHEDULED = "meeting_scheduled", _("Premier rendez-vous fixé")
    MEETING_HELD = "meeting_held", _("Premier rendez-vous honoré (entrée effective)")
    REFERRAL_CLOSED = "referral_closed", _("Orientation clôturée")
    LEAD_ASSIGNED = "lead_assigned", _("Référent désigné")
    LEAD_HANDED_OVER = "lead_handed_over", _("Passage de relais du référent")
    CONTRIBUTOR_ADDED = "contributor_added", _("Partenaire contributeur ajouté")
    CONTRIBUTOR_ENDED = "contributor_ended", _("Fin de contribution d'un partenaire")
    BARRIER_IDENTIFIED = "barrier_identified", _("Frein identifié")
    BARRIER_STATUS_CHANGED = "barrier_status_changed", _("Frein : changement de statut")
    BARRIER_ACTION = "barrier_action", _("Action sur un frein")
    SCHEME_STARTED = "scheme_started", _("Entrée dans un dispositif")
    SCHEME_ENDED = "scheme_ended", _("Sortie d'un dispositif")
    NOTE_ADDED = "note_added", _("Note")
    CONSENT_GIVEN = "consent_given", _("Consentement recueilli")
    CONSENT_REVOKED = "consent_revoked", _("Consentement retiré")
    POSITIONING_PROPOSED = "positioning_proposed", _("Mise en relation proposée")
    POSITIONING_SENT = "positioning_sent", _("Candidature envoyée à l'employeur")
    POSITIONING_INTERVIEW = "positioning_interview", _("Entretien d'embauche")
    POSITIONING_HIRED = "positioning_hired", _("Embauche")
    POSITIONING_NOT_RETAINED = "positioning_not_retained", _("Candidature non retenue")
    POSITIONING_WITHDRAWN = "positioning_withdrawn", _("Mise en relation retirée par la personne")
