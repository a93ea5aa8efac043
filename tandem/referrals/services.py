"""The referral workflow. Each transition is one service, allowed from named states only, that writes
its event in the same transaction. A concurrent second transition fails cleanly (conditional update).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.errors import Conflict
from tandem.core.transitions import TransitionError, transition
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.people.enums import Scheme
from tandem.people.models import Person
from tandem.people.selectors import consent_stands, person_followed_by
from tandem.people.services import follow_add_contributor, follow_set_lead, scheme_start
from tandem.referrals.enums import OPEN_STATUSES, ReferralOutcome, ReferralStatus, RefusalReason
from tandem.referrals.models import Referral

DEFAULT_ANSWER_DAYS = 7
DEFAULT_FIRST_MEETING_DAYS = 15


def partnership_link_between(
    *, a: Organisation, b: Organisation, day: datetime.date | None = None
) -> PartnershipLink | None:
    day = day or timezone.localdate()
    return (
        PartnershipLink.objects.filter(
            Q(organisation_a=a, organisation_b=b) | Q(organisation_a=b, organisation_b=a),
            Q(starts_on__lte=day),
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        )
        .order_by("-is_reference_site", "starts_on")
        .first()
    )


@transaction.atomic
def referral_propose(
    *,
    person: Person,
    from_organisation: Organisation,
    to_organisation: Organisation,
    by: User | None,
    reason: str = "",
    is_designation: bool = False,
    proposed_at: datetime.datetime | None = None,
) -> Referral:
    """Propose the person to a partner. Whatever the channel (page, API, file, designation), the same rule:
    only along an active partnership link, only for a person the sending organisation already sees, and to a
    temp agency only with the person's consent to share with it."""
    proposed_at = proposed_at or timezone.now()
    link = _require_proposable(
        person=person,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        day=timezone.localdate(proposed_at),
    )
    answer_days = link.referral_answer_days
    referral = Referral(
        person=person,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        link=link,
        is_designation=is_designation,
        reason=reason,
        proposed_at=proposed_at,
        proposed_by=by,
        answer_due_on=timezone.localdate(proposed_at) + datetime.timedelta(days=answer_days),
    )
    referral.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError as error:
        raise Conflict(
            _("%(org)s a déjà une orientation en cours pour cette personne.") % {"org": to_organisation.name},
            code="already_open",
        ) from error
    event_record(
        kind=EventKind.DESIGNATION_PROPOSED if is_designation else EventKind.REFERRAL_PROPOSED,
        by=by,
        organisation=from_organisation,
        person=person,
        subject=referral,
        occurred_at=proposed_at,
        payload={"from": from_organisation.name, "to": to_organisation.name},
    )
    return referral


def _require_proposable(
    *, person: Person, from_organisation: Organisation, to_organisation: Organisation, day: datetime.date
) -> PartnershipLink:
    if from_organisation.pk == to_organisation.pk:
        raise ValidationError(_("On n'oriente pas vers sa propre organisation."), code="same_organisation")
    link = partnership_link_between(a=from_organisation, b=to_organisation, day=day)
    if link is None:
        raise Conflict(
            _("%(from)s et %(to)s n'ont pas de partenariat en cours : on n'oriente que vers un partenaire.")
            % {"from": from_organisation.name, "to": to_organisation.name},
            code="no_partnership",
        )
    # One refers the people one follows (lead or contributor): seeing a record through a referral is not enough.
    if not person_followed_by(person=person, organisation=from_organisation):
        raise Conflict(
            _("%(org)s ne suit pas cette personne : elle ne peut pas l'orienter.") % {"org": from_organisation.name},
            code="person_not_followed",
        )
    if to_organisation.kind == OrganisationKind.TEMP_AGENCY and not consent_stands(
        person=person, organisation=to_organisation
    ):
        raise Conflict(
            _(
                "Une orientation vers %(org)s demande d'abord le consentement de la personne au partage avec "
                "cette agence : recueillez-le sur son dossier."
            )
            % {"org": to_organisation.name},
            code="consent_required",
        )
    return link


def _transition(referral: Referral, *, allowed: list[str], to: str, **fields) -> Referral:
    return transition(
        referral,
        allowed=allowed,
        to=to,
        stale_message=_("Cette orientation est déjà « %(status)s » : votre action n'a pas été enregistrée."),
        **fields,
    )


def _require_receiver(referral: Referral, organisation: Organisation) -> None:
    if referral.to_organisation_id != organisation.pk:
        raise ValidationError(_("Seule l'organisation destinataire répond à une orientation."))


@transaction.atomic
def referral_accept(
    *,
    referral: Referral,
    by: User,
    organisation: Organisation,
    adviser: User | None = None,
    at: datetime.datetime | None = None,
) -> Referral:
    """Accept: a designation (cotraitance) makes the receiving organisation the lead; otherwise it contributes.

    `at` records an answer given earlier (an import, the demo); by default, now.
    """
    _require_receiver(referral, organisation)
    now = at or timezone.now()
    meeting_days = referral.link.first_meeting_days if referral.link else DEFAULT_FIRST_MEETING_DAYS
    referral = _transition(
        referral,
        allowed=[ReferralStatus.PROPOSED],
        to=ReferralStatus.ACCEPTED,
        answered_at=now,
        answered_by=by,
        meeting_due_on=timezone.localdate(now) + datetime.timedelta(days=meeting_days),
    )
    event_record(
        kind=EventKind.REFERRAL_ACCEPTED,
        by=by,
        organisation=organisation,
        person=referral.person,
        subject=referral,
        payload={"to": organisation.name},
    )
    if referral.is_designation:
        follow_set_lead(
            person=referral.person,
            organisation=organisation,
            adviser=adviser or by,
            by=by,
            reason=_("Délégation du PPAE acceptée"),
        )
    else:
        follow_add_contributor(person=referral.person, organisation=organisation, by=by, adviser=adviser or by)
    return referral


@transaction.atomic
def referral_refuse(
    *,
    referral: Referral,
    by: User,
    organisation: Organisation,
    reason: str,
    comment: str = "",
    at: datetime.datetime | None = None,
) -> Referral:
    at = at or timezone.now()
    _require_receiver(referral, organisation)
    if reason not in RefusalReason.values:
        raise ValidationError(_("Choisissez un motif de refus."), code="refusal_reason")
    if reason == RefusalReason.OTHER and not comment.strip():
        raise ValidationError(_("Précisez le motif de refus."), code="refusal_comment")
    referral = _transition(
        referral,
        allowed=[ReferralStatus.PROPOSED],
        to=ReferralStatus.REFUSED,
        answered_at=at,
        answered_by=by,
        refusal_reason=reason,
        refusal_comment=comment,
    )
    event_record(
        kind=EventKind.REFERRAL_REFUSED,
        by=by,
        organisation=organisation,
        person=referral.person,
        subject=referral,
        occurred_at=at,
        payload={"reason": reason},
    )
    return referral


@transaction.atomic
def referral_withdraw(
    *,
    referral: Referral,
    by: User,
    organisation: Organisation,
    comment: str = "",
    at: datetime.datetime | None = None,
) -> Referral:
    at = at or timezone.now()
    if referral.from_organisation_id != organisation.pk:
        raise ValidationError(_("Seule l'organisation qui a orienté peut retirer l'orientation."))
    referral = _transition(
        referral,
        allowed=[ReferralStatus.PROPOSED, ReferralStatus.ACCEPTED, ReferralStatus.MEETING_SCHEDULED],
        to=ReferralStatus.WITHDRAWN,
        closed_at=at,
    )
    event_record(
        kind=EventKind.REFERRAL_WITHDRAWN,
        by=by,
        organisation=organisation,
        person=referral.person,
        subject=referral,
        occurred_at=at,
    )
    return referral


@transaction.atomic
def referral_schedule_meeting(
    *,
    referral: Referral,
    by: User,
    organisation: Organisation,
    meeting_at: datetime.datetime,
    at: datetime.datetime | None = None,
) -> Referral:
    """Fix (or move) the first meeting; `at` is when it was fixed (default now)."""
    _require_receiver(referral, organisation)
    if meeting_at < referral.proposed_at:
        raise ValidationError(
            _("Le premier rendez-vous ne peut pas précéder l'orientation (proposée le %(day)s).")
            % {"day": date_format(timezone.localtime(referral.proposed_at), "SHORT_DATE_FORMAT")},
            code="meeting_before_referral",
        )
    referral = _transition(
        referral,
        allowed=[ReferralStatus.ACCEPTED, ReferralStatus.MEETING_SCHEDULED],
        to=ReferralStatus.MEETING_SCHEDULED,
        meeting_at=meeting_at,
    )
    event_record(
        kind=EventKind.MEETING_SCHEDULED,
        by=by,
        organisation=organisation,
        person=referral.person,
        subject=referral,
        occurred_at=at,
        payload={"meeting_at": meeting_at.isoformat()},
    )
    return referral


@transaction.atomic
def referral_record_meeting(
    *, referral: Referral, by: User, organisation: Organisation, held_on: datetime.date
) -> Referral:
    """The first meeting took place: the effective entry. A designation starts the delegated PPAE."""
    _require_receiver(referral, organisation)
    if held_on > timezone.localdate():
        raise ValidationError(_("Un rendez-vous honoré ne peut pas être dans le futur."), code="meeting_in_future")
    if held_on < timezone.localdate(referral.proposed_at):
        raise ValidationError(
            _("Le premier rendez-vous ne peut pas précéder l'orientation (proposée le %(day)s).")
            % {"day": date_format(timezone.localtime(referral.proposed_at), "SHORT_DATE_FORMAT")},
            code="meeting_before_referral",
        )
    referral = _transition(
        referral,
        allowed=[ReferralStatus.ACCEPTED, ReferralStatus.MEETING_SCHEDULED],
        to=ReferralStatus.MEETING_HELD,
        meeting_held_on=held_on,
    )
    Person.objects.filter(pk=referral.person_id).update(last_contact_on=held_on)
    event_record(
        kind=EventKind.MEETING_HELD,
        by=by,
        organisation=organisation,
        person=referral.person,
        subject=referral,
        occurred_at=timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(12, 0))),
        payload={"held_on": held_on.isoformat()},
    )
    if referral.is_designation:
        scheme_start(
            person=referral.person, scheme=Scheme.PPAE_DELEGATED, starts_on=held_on, by=by, organisation=organisation
        )
    return referral


@transaction.atomic
def referral_close(
    *,
    referral: Referral,
    by: User,
    organisation: Organisation,
    outcome: str,
    at: datetime.datetime | None = None,
) -> Referral:
    at = at or timezone.now()
    _require_receiver(referral, organisation)
    if outcome not in ReferralOutcome.values:
        raise ValidationError(_("Choisissez l'issue de l'orientation."))
    referral = _transition(
        referral,
        allowed=[ReferralStatus.MEETING_HELD],
        to=ReferralStatus.CLOSED,
        closed_at=at,
        outcome=outcome,
    )
    event_record(
        kind=EventKind.REFERRAL_CLOSED,
        by=by,
        organisation=organisation,
        person=referral.person,
        subject=referral,
        occurred_at=at,
        payload={"outcome": outcome},
    )
    return referral


def referrals_overdue(*, today: datetime.date):
    """Referrals past their deadline: no answer in time, or no first meeting in time."""
    return Referral.objects.filter(
        Q(status=ReferralStatus.PROPOSED, answer_due_on__lt=today)
        | Q(status__in=[ReferralStatus.ACCEPTED, ReferralStatus.MEETING_SCHEDULED], meeting_due_on__lt=today)
    )


def referrals_expire(*, today: datetime.date | None = None) -> int:
    """Expire every overdue referral, each in its own transaction with its event; returns how many expired."""
    today = today or timezone.localdate()
    expired = 0
    for referral in referrals_overdue(today=today).select_related("person", "to_organisation"):
        with transaction.atomic():
            try:
                previous = referral.status
                _transition(
                    referral,
                    allowed=[previous],
                    to=ReferralStatus.EXPIRED,
                    closed_at=timezone.now(),
                )
            except TransitionError:
                continue
            event_record(
                kind=EventKind.REFERRAL_EXPIRED,
                by=None,
                organisation=referral.to_organisation,
                person=referral.person,
                subject=referral,
                payload={"previous_status": previous},
            )
            expired += 1
    return expired


def referral_is_open(referral: Referral) -> bool:
    return referral.status in OPEN_STATUSES


def referral_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail each receiving organisation's staff the proposals due tomorrow or overdue; returns e-mails sent."""
    from collections import defaultdict

    from django.core.mail import send_mass_mail

    from tandem.accounts.models import Membership

    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    waiting = Referral.objects.filter(
        Q(status=ReferralStatus.PROPOSED, answer_due_on__lte=tomorrow)
        | Q(status__in=[ReferralStatus.ACCEPTED, ReferralStatus.MEETING_SCHEDULED], meeting_due_on__lte=tomorrow)
    ).select_related("to_organisation")
    per_organisation: dict[Organisation, int] = defaultdict(int)
    for referral in waiting:
        per_organisation[referral.to_organisation] += 1
    messages = []
    for organisation, count in per_organisation.items():
        recipients = list(
            Membership.objects.active()
            .filter(organisation=organisation, role__in=["adviser", "manager"])
            .values_list("user__email", flat=True)
        )
        if recipients:
            subject = _("Tandem : %(count)s orientation(s) à traiter") % {"count": count}
            body = _(
                "%(count)s orientation(s) reçue(s) par %(org)s arrivent à échéance ou sont en retard. "
                "Retrouvez-les dans Tandem, rubrique Orientations."
            ) % {"count": count, "org": organisation.name}
            messages.append((subject, body, None, recipients))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)
