"""The person's rights on their record (access, as an export) and the retention period (anonymisation)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model, Prefetch
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record_system
from tandem.employers.models import EmployerContact, EmployerInteraction
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.events.services import event_record
from tandem.organisations.models import Organisation
from tandem.people.enums import ContractWish
from tandem.people.job_rows import language_read, training_read
from tandem.people.models import Barrier, BarrierAction, Follow, JobProfile, Note, Person
from tandem.privacy.selectors import contact_expired_list, person_expired_list
from tandem.referentials.models import RomeAppellation, RomeCode
from tandem.referrals.models import Referral

EXPORT_FORMAT_VERSION = 1
ANONYMOUS_LAST_NAME = "Anonyme"


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _choice(instance: Model, field: str) -> dict[str, str] | None:
    """A coded value with its label, so the file reads both for a person and for a machine."""
    code = getattr(instance, field)
    if code in ("", None):
        return None
    return {"code": code, "label": str(getattr(instance, f"get_{field}_display")())}


def _name(obj: User | Organisation | None) -> str | None:
    if obj is None:
        return None
    return obj.get_full_name() if isinstance(obj, User) else obj.name


def _contract_wish(code: str) -> dict[str, str]:
    return {"code": code, "label": str(dict(ContractWish.choices).get(code, code))}


def _rows_labelled(rows: Any, read: Callable[[Any], dict[str, Any]], label: str) -> list[Any]:
    """The rows as stored (whatever was kept is given back), with the label of their coded level when there is one."""
    if not isinstance(rows, list):
        return []
    labelled: list[Any] = []
    for row in rows:
        level_label = read(row)[label] if isinstance(row, dict) else ""
        labelled.append({**row, "level_label": level_label} if level_label else row)
    return labelled


def _job_project(profile: JobProfile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    return {
        "sought_romes": [{"code": rome.code, "label": rome.label} for rome in profile.sought_romes.all()],
        "sought_appellations": [
            {"code_ogr": appellation.code_ogr, "label": appellation.label, "rome": appellation.rome_id}
            for appellation in profile.sought_appellations.all()
        ],
        "wished_contract_types": [_contract_wish(code) for code in profile.wished_contract_types or []],
        "part_time_only": profile.part_time_only,
        "max_distance_km": profile.max_distance_km,
        "has_driving_licence": profile.has_driving_licence,
        "has_vehicle": profile.has_vehicle,
        "qualification_level": _choice(profile, "qualification_level"),
        "skills": profile.skills,
        "experiences": profile.experiences if isinstance(profile.experiences, list) else [],
        "trainings": _rows_labelled(profile.trainings, training_read, "level_label"),
        "languages": _rows_labelled(profile.languages, language_read, "level_display"),
        "updated_at": _iso(profile.updated_at),
    }


def _related_model(model: type[Model], relation: str) -> Any:
    """The model behind a reverse relation, read from the relation itself: apps above privacy (employer events)
    hold rows about the person that the export includes without privacy importing them."""
    return model._meta.get_field(relation).related_model


def privacy_export_person(*, person: Person) -> dict[str, Any]:
    """Everything Tandem holds on one person, every organisation's part included (right of access,
    GDPR art. 15): the private notes of each partner too. JSON-serialisable."""
    person = (
        Person.objects.select_related("commune", "education_level")
        .prefetch_related(
            Prefetch("barriers", queryset=Barrier.objects.order_by("kind")),
            Prefetch("barriers__actions", queryset=BarrierAction.objects.select_related("by", "organisation")),
            "schemes__organisation",
            Prefetch("follows", queryset=Follow.objects.select_related("organisation", "adviser")),
            "consents__recipient",
            Prefetch("notes", queryset=Note.objects.select_related("author", "organisation")),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related(
                    "from_organisation", "to_organisation", "proposed_by", "answered_by"
                ),
            ),
            # Through the person's own relation: privacy and offers sit side by side and do not import each other.
            "positionings__offer__employer",
            "positionings__organisation",
            "positionings__proposed_by",
            # Employer events the person was registered for, through the person's relation too (one query).
            Prefetch(
                "event_registrations",
                queryset=_related_model(Person, "event_registrations").objects.select_related(
                    "event__organisation", "organisation", "registered_by"
                ),
            ),
            Prefetch(
                "events",
                queryset=Event.objects.select_related("actor", "actor_organisation").order_by("occurred_at", "id"),
            ),
        )
        .get(pk=person.pk)
    )
    profile = (
        JobProfile.objects.filter(person=person)
        .prefetch_related(
            Prefetch("sought_romes", queryset=RomeCode.objects.order_by("code")),
            Prefetch("sought_appellations", queryset=RomeAppellation.objects.order_by("label")),
        )
        .first()
    )
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": _iso(timezone.now()),
        "identity": {
            "id": person.pk,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": _iso(person.birth_date),
        },
        "contact": {
            "email": person.email,
            "phone": person.phone,
            "address": person.address,
            "commune": {"code": person.commune.code, "name": person.commune.name} if person.commune else None,
        },
        "situation": {
            "ft_identifier": person.ft_identifier,
            "ft_registered_on": _iso(person.ft_registered_on),
            "ft_category": _choice(person, "ft_category"),
            "education_level": (
                {"code": person.education_level.code, "label": person.education_level.label}
                if person.education_level
                else None
            ),
            "has_rqth": person.has_rqth,
            "housing": _choice(person, "housing"),
            "resources": person.resources,
            "is_precarious": person.is_precarious,
        },
        "processing": {
            "legal_basis": _choice(person, "legal_basis"),
            "informed_on": _iso(person.informed_on),
            "last_contact_on": _iso(person.last_contact_on),
            "created_at": _iso(person.created_at),
            "updated_at": _iso(person.updated_at),
        },
        "barriers": [
            {
                "kind": _choice(barrier, "kind"),
                "status": _choice(barrier, "status"),
                "identified_on": _iso(barrier.identified_on),
                "lifted_on": _iso(barrier.lifted_on),
                "comment": barrier.comment,
                "actions": [
                    {
                        "description": action.description,
                        "done_on": _iso(action.done_on),
                        "by": _name(action.by),
                        "organisation": _name(action.organisation),
                    }
                    for action in barrier.actions.all()
                ],
            }
            for barrier in person.barriers.all()
        ],
        "schemes": [
            {
                "scheme": _choice(enrolment, "scheme"),
                "organisation": _name(enrolment.organisation),
                "starts_on": _iso(enrolment.starts_on),
                "ends_on": _iso(enrolment.ends_on),
            }
            for enrolment in person.schemes.all()
        ],
        "follows": [
            {
                "organisation": _name(follow.organisation),
                "adviser": _name(follow.adviser),
                "role": _choice(follow, "role"),
                "started_at": _iso(follow.started_at),
                "ended_at": _iso(follow.ended_at),
                "end_reason": follow.end_reason,
            }
            for follow in person.follows.all()
        ],
        "consents": [
            {
                "recipient_kind": _choice(consent, "recipient_kind"),
                "recipient": _name(consent.recipient),
                "given_on": _iso(consent.given_on),
                "revoked_on": _iso(consent.revoked_on),
            }
            for consent in person.consents.all()
        ],
        "notes": [
            {
                "text": note.text,
                "is_shared": note.is_shared,
                "author": _name(note.author),
                "organisation": _name(note.organisation),
                "created_at": _iso(note.created_at),
            }
            for note in person.notes.all()
        ],
        "referrals": [
            {
                "from_organisation": _name(referral.from_organisation),
                "to_organisation": _name(referral.to_organisation),
                "is_designation": referral.is_designation,
                "status": _choice(referral, "status"),
                "reason": referral.reason,
                "proposed_at": _iso(referral.proposed_at),
                "proposed_by": _name(referral.proposed_by),
                "answered_at": _iso(referral.answered_at),
                "answered_by": _name(referral.answered_by),
                "refusal_reason": _choice(referral, "refusal_reason"),
                "refusal_comment": referral.refusal_comment,
                "meeting_at": _iso(referral.meeting_at),
                "meeting_held_on": _iso(referral.meeting_held_on),
                "closed_at": _iso(referral.closed_at),
                "outcome": _choice(referral, "outcome"),
            }
            for referral in person.referrals.all()
        ],
        "job_project": _job_project(profile),
        "positionings": [
            {
                "offer": {
                    "id": positioning.offer.pk,
                    "title": positioning.offer.title,
                    "employer": positioning.offer.employer.name
                    if positioning.offer.employer
                    else positioning.offer.employer_name,
                },
                "organisation": _name(positioning.organisation),
                "proposed_by": _name(positioning.proposed_by),
                "status": _choice(positioning, "status"),
                "cv_kind": _choice(positioning, "cv_kind"),
                "proposed_at": _iso(positioning.proposed_at),
                "sent_at": _iso(positioning.sent_at),
                "interview_at": _iso(positioning.interview_at),
                "hired_contract_type": _choice(positioning, "hired_contract_type"),
                "hired_start_on": _iso(positioning.hired_start_on),
                "hired_duration_months": positioning.hired_duration_months,
                "not_retained_reason": _choice(positioning, "not_retained_reason"),
                "closed_at": _iso(positioning.closed_at),
            }
            for positioning in sorted(person.positionings.all(), key=lambda row: (row.proposed_at, row.pk))
        ],
        "employer_events": [
            {
                "event": {
                    "title": registration.event.title,
                    "format": _choice(registration.event, "format"),
                    "held_on": _iso(registration.event.held_on),
                    "organisation": _name(registration.event.organisation),
                },
                "registered_by": _name(registration.registered_by),
                "organisation": _name(registration.organisation),
                "status": _choice(registration, "status"),
                "outcome": _choice(registration, "outcome"),
            }
            for registration in sorted(person.event_registrations.all(), key=lambda row: (row.event.held_on, row.pk))
        ],
        "events": [
            {
                "kind": _choice(event, "kind"),
                "occurred_at": _iso(event.occurred_at),
                "by": _name(event.actor),
                "organisation": _name(event.actor_organisation),
                "payload": event.payload,
            }
            for event in person.events.all()
        ],
    }


@transaction.atomic
def person_anonymise(*, person: Person, reason: str = "") -> bool:
    """Erase what identifies the person and keep what statistics need (birth year, commune, coded fields).
    Returns False when the record was already anonymised (idempotent, safe under concurrency)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at is not None:
        return False
    person.first_name = ""
    person.last_name = ANONYMOUS_LAST_NAME
    person.birth_date = person.birth_date.replace(month=1, day=1)
    person.email = person.phone = person.address = person.ft_identifier = person.resources = ""
    person.possible_duplicate_of = None
    person.anonymised_at = timezone.now()
    # No full_clean(): an anonymised record has no first name, which the form of a live record requires.
    person.save(
        update_fields=[
            "first_name",
            "last_name",
            "birth_date",
            "email",
            "phone",
            "address",
            "ft_identifier",
            "resources",
            "possible_duplicate_of",
            "anonymised_at",
            "updated_at",
        ]
    )
    Note.objects.filter(person=person).delete()
    Barrier.objects.filter(person=person).update(comment="")
    BarrierAction.objects.filter(barrier__person=person).update(description="")
    # Free text written about the person in referrals goes too; statuses, dates and coded reasons stay.
    Referral.objects.filter(person=person).update(reason="", refusal_comment="")
    # The job project's free text (skills, and the rows typed by advisers: job titles, sectors, trainings,
    # languages) goes; the coded project (jobs sought, contract wishes, mobility, qualification level) stays.
    JobProfile.objects.filter(person=person).update(skills="", experiences=[], trainings=[], languages=[])
    # Positionings hold no free text (offer, statuses, dates, coded reason): they stay, as referrals do.
    # Events are append-only and carry codes and organisation names only (see Event.payload): untouched.
    event_record(kind=EventKind.PERSON_ANONYMISED, by=None, organisation=None, person=person, subject=person)
    audit_record_system(
        action=AuditAction.ANONYMISE, person_id=person.pk, object_type="person", object_id=person.pk, detail=reason
    )
    return True


def privacy_purge_expired(
    *,
    today: datetime.date | None = None,
    retention_days: int | None = None,
    progress: Callable[[list[int]], Iterable[int]] = iter,
) -> int:
    """Anonymise every record whose last activity is older than the retention period; returns how many.
    One transaction per person, so an interruption keeps what was done and a second run finishes the job."""
    today = today or timezone.localdate()
    retention_days = settings.TANDEM_RETENTION_DAYS if retention_days is None else retention_days
    ids = list(person_expired_list(today=today, retention_days=retention_days).values_list("pk", flat=True))
    reason = f"retention {retention_days} days"
    count = 0
    for pk in progress(ids):
        count += person_anonymise(person=Person(pk=pk), reason=reason)
    return count


# ------------------------------------------------------------------------------------------- company contacts
def privacy_export_contact(*, contact: EmployerContact) -> dict[str, Any]:
    """What Tandem holds about one company contact (their right of access): the record and the interactions
    that name them."""
    employer = contact.employer
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": _iso(timezone.now()),
        "contact": {
            "id": contact.pk,
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
            "preferred_channel": _choice(contact, "preferred_channel"),
            "added_by": _name(contact.created_by),
            "organisation": _name(contact.organisation),
            "created_at": _iso(contact.created_at),
            "updated_at": _iso(contact.updated_at),
        },
        "company": {"name": employer.display_name, "siret": employer.siret},
        "interactions": [
            {
                "kind": _choice(interaction, "kind"),
                "occurred_at": _iso(interaction.occurred_at),
                "by": _name(interaction.by),
                "organisation": _name(interaction.organisation),
                "note": interaction.note,
            }
            for interaction in EmployerInteraction.objects.filter(contact=contact)
            .select_related("by", "organisation")
            .order_by("occurred_at", "pk")
        ],
    }


@transaction.atomic
def contact_erase(*, contact: EmployerContact, reason: str = "") -> None:
    """Forget a company contact: the notes of the interactions with them go (they may name them), the
    interactions themselves stay (a call to the company happened); then their record."""
    EmployerInteraction.objects.filter(contact=contact).update(note="")
    audit_record_system(
        action=AuditAction.ANONYMISE,
        person_id=None,
        object_type="employer_contact",
        object_id=contact.pk,
        detail=reason,
    )
    contact.delete()


def privacy_purge_expired_contacts(*, today: datetime.date | None = None, retention_days: int | None = None) -> int:
    """Erase the company contacts without activity for longer than the retention period; returns how many."""
    today = today or timezone.localdate()
    retention_days = settings.TANDEM_RETENTION_DAYS if retention_days is None else retention_days
    reason = f"retention {retention_days} days"
    count = 0
    for contact in contact_expired_list(today=today, retention_days=retention_days).only("pk"):
        contact_erase(contact=contact, reason=reason)
        count += 1
    return count
