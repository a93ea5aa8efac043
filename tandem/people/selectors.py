"""Reads about a young person's record that need no caller: who leads and follows them, their notes, their consents.

Reads scoped to the caller (lists, one record with the caller's level of access) are in tandem.access.selectors.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, Prefetch, Q, QuerySet
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import family_q
from tandem.people.enums import FollowRole
from tandem.people.models import Consent, Follow, JobProfile, Note, Person
from tandem.referentials.models import RomeAppellation


def person_current_lead(*, person: Person) -> Follow | None:
    return (
        person.follows.filter(role=FollowRole.LEAD, ended_at__isnull=True)
        .select_related("organisation", "adviser")
        .first()
    )


def person_notes(*, person: Person, membership: Membership) -> QuerySet[Note]:
    return person.notes.filter(Q(is_shared=True) | Q(organisation_id=membership.organisation_id)).select_related(
        "author", "organisation"
    )


def person_follows(*, person: Person) -> QuerySet[Follow]:
    return person.follows.filter(ended_at__isnull=True).select_related("organisation", "adviser")


def person_led_by(*, person: Person, organisation: Organisation) -> bool:
    """The organisation (or, for a Mission Locale, one of its sites) leads the person now."""
    return (
        Follow.objects.filter(family_q(organisation, "organisation"))
        .filter(person=person, role=FollowRole.LEAD, ended_at__isnull=True)
        .exists()
    )


def person_followed_by(*, person: Person, organisation: Organisation) -> bool:
    """The organisation (or, for a Mission Locale, one of its sites) follows the person now, lead or contributor."""
    return (
        Follow.objects.filter(family_q(organisation, "organisation"))
        .filter(person=person, ended_at__isnull=True)
        .exists()
    )


# Consents: one reading of "the person's consent stands", for a temp agency (named) or an employer (any).


def _consents_standing(person: Any) -> QuerySet[Consent]:
    """The rule, written once: a consent stands from the day it was given until it is withdrawn."""
    return Consent.objects.filter(person=person, given_on__lte=timezone.localdate(), revoked_on__isnull=True)


def consent_stands_for(*, person_ref: Any, organisation_id: int) -> Exists:
    """As a query expression: the person (an OuterRef) agreed to share with this organisation, not withdrawn."""
    return Exists(_consents_standing(person_ref).filter(recipient_id=organisation_id))


def consent_stands(*, person: Person, organisation: Organisation | None = None, recipient_kind: str = "") -> bool:
    """The person agreed to share their record with this organisation (a temp agency), or with an employer
    (recipient_kind EMPLOYER, no organisation named), and has not withdrawn."""
    consents = _consents_standing(person)
    if organisation is not None:
        consents = consents.filter(recipient=organisation)
    if recipient_kind:
        consents = consents.filter(recipient_kind=recipient_kind)
    return consents.exists()


def person_job_profile(*, person: Person) -> JobProfile | None:
    """The person's job project with its jobs sought (appellations with their ROME), or None when there is none."""
    return (
        JobProfile.objects.filter(person=person)
        .prefetch_related(
            "sought_romes", Prefetch("sought_appellations", RomeAppellation.objects.select_related("rome"))
        )
        .first()
    )
