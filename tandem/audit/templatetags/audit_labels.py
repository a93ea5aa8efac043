"""The journal in words: what an entry's object is, for a reader (the CSV export keeps the codes)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# An object type without a label here is shown as its code: a new one is still readable, and worth a line.
OBJECT_TYPE_LABELS = {
    "audit_log": _("Journal d'accès"),
    "barrier": _("Frein"),
    "candidate_suggestions": _("Candidats suggérés"),
    "caseload": _("Liste des personnes suivies"),
    "consent": _("Consentement"),
    "coverage": _("Territoire couvert"),
    "designation": _("Désignation (cotraitance)"),
    "follow": _("Suivi"),
    "invitation": _("Invitation d'un membre"),
    "membership": _("Rattachement d'un membre"),
    "note": _("Note"),
    "offer_candidates": _("Candidats à une offre"),
    "offer_suggestions": _("Offres suggérées"),
    "overlap_report": _("Chevauchements"),
    "partnership_link": _("Partenariat"),
    "person": _("Dossier"),
    "person_edit": _("Modification de dossier"),
    "person_search": _("Recherche de personnes"),
    "positioning": _("Mise en relation"),
    "positioning_cv": _("CV d'une mise en relation"),
    "positioning_form": _("Proposition de mise en relation"),
    "positioning_list": _("Liste des mises en relation"),
    "referral": _("Orientation"),
    "referral_form": _("Proposition d'orientation"),
    "referral_list": _("Liste des orientations"),
    "scheme": _("Dispositif"),
    "user_account": _("Compte utilisateur"),
}


@register.filter
def object_type_label(code: str) -> str:
    return str(OBJECT_TYPE_LABELS.get(code, code))
