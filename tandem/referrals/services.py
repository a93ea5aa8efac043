"""Referrals: proposing one (only along a partnership, for a person one follows, to a temp agency only with
consent), then its steps, each a service that runs the workflow's action by name (tandem.referrals.workflow),
and the daily expiry and reminders."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.enums import Role
from tandem.accounts.models import User
from tandem.core.errors import Conflict
from tandem.core.transitions import TransitionError
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.organisations.selectors import family_q, site_covering_commune
from tandem.people.models import Person
from tandem.people.selectors import consent_stands, person_followed_by
from tandem.referrals.enums import OPEN_STATUSES
from tandem.referrals.models import Referral
from tandem.referrals.workflow import REFERRAL

DEFAULT_ANSWER_DAYS = 7


def partnership_link_between(
    *, a: Organisation, b: Organisation, day: datetime.date | None = None
) -> PartnershipLink | None:
    """The partnership link between two organisations active on the day (today): the reference site's first,
    then the oldest."""
    return partnership_links_between(pairs=[(a, b)], day=day).get((a.pk, b.pk))


def partnership_links_between(
    *, pairs: Iterable[tuple[Organisation, Organisation]], day: datetime.date | None = None
) -> dict[tuple[int, int], PartnershipLink]:
    """partnership_link_between for many pairs at once (a day's lists of designations): (a, b) → the link, for
    the pairs linked on the day, in one query."""
    day = day or timezone.localdate()
    wanted = {(a.pk, b.pk) for a, b in pairs}
    ids = sorted({pk for pair in wanted for pk in pair})
    links = PartnershipLink.objects.filter(
        Q(organisation_a__in=ids, organisation_b__in=ids),
        Q(starts_on__lte=day),
        Q(ends_on__isnull=True) | Q(ends_on__gte=day),
    ).order_by("-is_reference_site", "starts_on", "pk")
    found: dict[tuple[int, int], PartnershipLink] = {}
    for link in links if wanted else ():
        for pair in (
            (link.organisation_a_id, link.organisation_b_id),
            (link.organisation_b_id, link.organisation_a_id),
        ):
            if pair in wanted and pair not in found:
                found[pair] = link
    return found


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
    # A Mission Locale's site covering the person's commune receives it (the Mission Locale's staff see it too).
    receiver = to_organisation
    if person.commune_id:
        site = site_covering_commune(
            mission_locale=to_organisation, commune_code=person.commune_id, day=timezone.localdate(proposed_at)
        )
        receiver = site or to_organisation
    _require_none_open(person=person, to_organisation=to_organisation)
    referral = Referral(
        person=person,
        from_organisation=from_organisation,
        to_organisation=receiver,
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
        payload={"from": from_organisation.name, "to": receiver.name},
    )
    return referral


def _require_none_open(*, person: Person, to_organisation: Organisation) -> None:
    """One open referral per person and recipient: a Mission Locale and its sites count as one recipient."""
    if (
        Referral.objects.filter(family_q(to_organisation, "to_organisation"))
        .filter(person=person, status__in=OPEN_STATUSES)
        .exists()
    ):
        raise Conflict(
            _("%(org)s a déjà une orientation en cours pour cette personne.") % {"org": to_organisation.name},
            code="already_open",
        )


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


# The workflow's steps (tandem.referrals.workflow): each one a service, run by name, with its event.


def referral_accept(
    *,
    referral: Referral,
    by: User | None,
    organisation: Organisation,
    adviser: User | None = None,
    at: datetime.datetime | None = None,
) -> Referral:
    """Accept: a designation makes the receiving organisation the lead (with `adviser`, else `by`)."""
    return REFERRAL.run("accept", referral, by=by, organisation=organisation, at=at, data={"adviser": adviser})


def referral_refuse(
    *,
    referral: Referral,
    by: User | None,
    organisation: Organisation,
    reason: str,
    comment: str = "",
    at: datetime.datetime | None = None,
) -> Referral:
    data = {"reason": reason, "comment": comment}
    return REFERRAL.run("refuse", referral, by=by, organisation=organisation, at=at, data=data)


def referral_withdraw(
    *,
    referral: Referral,
    by: User | None,
    organisation: Organisation,
    comment: str = "",
    at: datetime.datetime | None = None,
) -> Referral:
    return REFERRAL.run("withdraw", referral, by=by, organisation=organisation, at=at, data={"comment": comment})


def referral_schedule_meeting(
    *,
    referral: Referral,
    by: User | None,
    organisation: Organisation,
    meeting_at: datetime.datetime,
    at: datetime.datetime | None = None,
) -> Referral:
    """Fix (or move) the first meeting; `at` is when it was fixed (default now)."""
    data = {"meeting_at": meeting_at}
    return REFERRAL.run("schedule", referral, by=by, organisation=organisation, at=at, data=data)


def referral_record_meeting(
    *, referral: Referral, by: User | None, organisation: Organisation, held_on: datetime.date
) -> Referral:
    """The first meeting took place: the effective entry. A designation starts the delegated PPAE."""
    return REFERRAL.run("meeting", referral, by=by, organisation=organisation, data={"held_on": held_on})


def referral_close(
    *,
    referral: Referral,
    by: User | None,
    organisation: Organisation,
    outcome: str,
    at: datetime.datetime | None = None,
) -> Referral:
    return REFERRAL.run("close", referral, by=by, organisation=organisation, at=at, data={"outcome": outcome})


def referrals_expire(*, today: datetime.date | None = None) -> int:
    """Expire every overdue referral, each in its own transaction with its event; returns how many expired."""
    today = today or timezone.localdate()
    expired = 0
    for referral in Referral.objects.overdue(today=today).select_related("person", "to_organisation"):
        try:
            # Only from the state it was found in: accepted meanwhile, it is no longer late to answer.
            REFERRAL.run(
                "expire", referral, by=None, organisation=referral.to_organisation, only_from=(referral.status,)
            )
        except TransitionError:
            continue
        expired += 1
    return expired


def referral_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail each receiving organisation's staff the proposals due tomorrow or overdue; returns e-mails sent."""
    from collections import defaultdict

    from django.core.mail import send_mass_mail

    from tandem.accounts.models import Membership

    today = today or timezone.localdate()
    waiting = Referral.objects.due_by(day=today + datetime.timedelta(days=1)).select_related("to_organisation")
    per_organisation: dict[Organisation, int] = defaultdict(int)
    for referral in waiting:
        per_organisation[referral.to_organisation] += 1
    messages = []
    for organisation, count in per_organisation.items():
        recipients = list(
            Membership.objects.active()
            .filter(organisation=organisation, role__in=[Role.ADVISER, Role.MANAGER])
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
