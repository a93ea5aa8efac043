"""How a notification reads, in the reader's language: in the list, in an e-mail's body and subject.

Organisations, dates, reasons and offer titles only (the notification's payload): never the young person, whose
record is one click away behind its access checks. E-mail subjects say only what kind of news it is.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.events.enums import EventKind
from tandem.events.timeline import label_of
from tandem.notifications.enums import Deadline, NotificationKind
from tandem.notifications.models import Notification
from tandem.offers.enums import NotRetainedReason
from tandem.referrals.enums import RefusalReason


def _day(value: str) -> str:
    try:
        return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return value or "—"


def notification_text(notification: Notification) -> str:
    payload, kind = notification.payload, notification.kind
    event = payload.get("event", "")
    if kind == NotificationKind.REFERRAL_RECEIVED:
        values = {"from": payload.get("from", ""), "day": _day(payload.get("answer_due_on", ""))}
        if payload.get("designation"):
            return (
                _("%(from)s vous propose un jeune en cotraitance (délégation du PPAE) : réponse attendue le %(day)s.")
                % values
            )
        return _("%(from)s vous adresse une orientation : réponse attendue le %(day)s.") % values
    if kind == NotificationKind.REFERRAL_ANSWERED:
        values = {"to": payload.get("to", ""), "reason": label_of(RefusalReason, payload.get("reason", ""))}
        if event == EventKind.REFERRAL_ACCEPTED:
            return _("%(to)s a accepté votre orientation.") % values
        if event == EventKind.REFERRAL_REFUSED:
            return _("%(to)s a refusé votre orientation. Motif : %(reason)s.") % values
        return _("Votre orientation vers %(to)s a expiré : son échéance est passée.") % values
    if kind == NotificationKind.DEADLINE_NEAR:
        values = {"from": payload.get("from", ""), "day": _day(payload.get("due_on", ""))}
        if payload.get("deadline") == Deadline.MEETING:
            return (
                _("Le premier rendez-vous d'une orientation de %(from)s est attendu au plus tard demain, %(day)s.")
                % values
            )
        return _("Une orientation de %(from)s attend votre réponse au plus tard demain, %(day)s.") % values
    if kind == NotificationKind.POSITIONING_MOVED:
        values = {
            "by": payload.get("by", ""),
            "offer": payload.get("offer", ""),
            "reason": label_of(NotRetainedReason, payload.get("reason", "")),
        }
        if event == EventKind.POSITIONING_SENT:
            return _("%(by)s a envoyé la candidature à l'employeur (offre « %(offer)s »).") % values
        if event == EventKind.POSITIONING_INTERVIEW:
            return _("%(by)s a enregistré un entretien d'embauche (offre « %(offer)s »).") % values
        if event == EventKind.POSITIONING_HIRED:
            return _("%(by)s a enregistré une embauche (offre « %(offer)s »).") % values
        if event == EventKind.POSITIONING_NOT_RETAINED:
            return (
                _("%(by)s indique que la candidature n'est pas retenue (offre « %(offer)s »). Motif : %(reason)s.")
                % values
            )
        return _("%(by)s a enregistré le retrait de la candidature (offre « %(offer)s »).") % values
    return notification.get_kind_display()


def notification_title(notification: Notification) -> str:
    if notification.kind == NotificationKind.REFERRAL_RECEIVED and notification.payload.get("designation"):
        return _("Nouvelle proposition de cotraitance")
    if notification.kind == NotificationKind.REFERRAL_RECEIVED:
        return _("Nouvelle orientation reçue")
    if notification.kind == NotificationKind.REFERRAL_ANSWERED:
        return _("Réponse à une orientation")
    if notification.kind == NotificationKind.DEADLINE_NEAR:
        return _("Échéance demain")
    return _("Du nouveau sur une mise en relation")


def notification_subject(notification: Notification) -> str:
    """An e-mail's subject: the kind of news, nothing about anyone."""
    return _("Tandem : %(title)s") % {"title": notification_title(notification).lower()}


def notification_url(notification: Notification) -> str:
    if notification.subject_type == "positioning":
        return reverse("offers:positioning_detail", args=[notification.subject_id])
    return reverse("referrals:detail", args=[notification.subject_id])


def notification_link_label(notification: Notification) -> str:
    if notification.subject_type == "positioning":
        return _("Voir la mise en relation")
    return _("Voir l'orientation")
