"""Writes on a young person's record. Each state change appends an event in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.models import Organisation
from tandem.people import job_rows
from tandem.people.enums import BarrierStatus, FollowRole, QualificationLevel
from tandem.people.models import Barrier, BarrierAction, Consent, Follow, JobProfile, Note, Person, SchemeEnrolment
from tandem.referentials.models import RomeAppellation, RomeCode
from tandem.referentials.selectors import appellations_get, rome_codes_get


def person_find_duplicate(
    *, first_name: str, last_name: str, birth_date: datetime.date, commune_id: str | None, exclude_pk: int | None = None
) -> Person | None:
    """A record with the same name, birth date and commune (case and accents as typed)."""
    qs = Person.objects.filter(
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        birth_date=birth_date,
        commune_id=commune_id,
        anonymised_at__isnull=True,
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("pk").first()


@transaction.atomic
def person_create(
    *, by: User | None, organisation: Organisation, at: datetime.datetime | None = None, **fields: Any
) -> Person:
    """Create a record; a likely duplicate (same name, birth date, commune) is flagged, never merged."""
    person = Person(**fields)
    person.full_clean()
    person.possible_duplicate_of = person_find_duplicate(
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        commune_id=person.commune_id,
    )
    person.last_contact_on = timezone.localdate()
    person.save()
    event_record(
        kind=EventKind.PERSON_CREATED, by=by, organisation=organisation, person=person, subject=person, occurred_at=at
    )
    return person


@transaction.atomic
def person_register(
    *,
    by: User | None,
    organisation: Organisation,
    adviser: User | None,
    at: datetime.datetime | None = None,
    rome_codes: Sequence[str] = (),
    appellation_codes: Sequence[str] = (),
    **fields: Any,
) -> Person:
    """Create a record followed by the organisation that registers it, in one transaction (form, API, files).

    With an adviser of the organisation, the organisation leads; without one (a partner system's token, a
    command), it follows as a contributor until someone leads. Jobs sought (ROME and OGR codes), when given,
    start the record's job project in the same transaction (an unknown code: nothing is created).
    """
    person = person_create(by=by, organisation=organisation, at=at, **fields)
    if adviser is not None:
        follow_set_lead(person=person, organisation=organisation, adviser=adviser, by=by, at=at)
    else:
        follow_add_contributor(person=person, organisation=organisation, by=by, at=at)
    if rome_codes or appellation_codes:
        job_profile_add_jobs(
            person=person, by=by, organisation=organisation, rome_codes=rome_codes, appellation_codes=appellation_codes
        )
    return person


@transaction.atomic
def person_update(*, person: Person, by: User | None, organisation: Organisation, **fields: Any) -> list[str]:
    """Update the given fields; returns the names of the fields that changed (none: no event)."""
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(person, name, fields[name])
    person.full_clean()
    person.save()
    event_record(
        kind=EventKind.PERSON_UPDATED,
        by=by,
        organisation=organisation,
        person=person,
        subject=person,
        payload={"fields": changed},
    )
    return changed


# The job project -------------------------------------------------------------------------------

DEFAULT_MAX_DISTANCE_KM = 30
_T = TypeVar("_T")


def _job_profile_locked(person: Person) -> JobProfile:
    """The person's job project, locked for this transaction (a new, unsaved one when there is none yet)."""
    # The person's row is the lock: two first saves at once cannot both create the profile.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    profile = JobProfile.objects.filter(person=person).first()
    return profile if profile is not None else JobProfile(person=person)


def _sought_codes(profile: JobProfile) -> tuple[list[str], list[str]]:
    if profile.pk is None:
        return [], []
    romes = sorted(profile.sought_romes.values_list("code", flat=True))
    appellations = sorted(profile.sought_appellations.values_list("code_ogr", flat=True))
    return romes, appellations


def _job_profile_record(
    *,
    profile: JobProfile,
    values: dict[str, Any],
    romes: list[str],
    appellations: list[str],
    by: User | None,
    organisation: Organisation,
) -> list[str]:
    """Write what changed and its event; returns the names of the fields that changed (none: nothing written)."""
    old_romes, old_appellations = _sought_codes(profile)
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    if sorted(romes) != old_romes:
        changed.append("sought_romes")
    if sorted(appellations) != old_appellations:
        changed.append("sought_appellations")
    if not changed:
        return []
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    profile.sought_romes.set(RomeCode.objects.filter(code__in=romes))
    profile.sought_appellations.set(RomeAppellation.objects.filter(code_ogr__in=appellations))
    event_record(
        kind=EventKind.JOB_PROFILE_UPDATED,
        by=by,
        organisation=organisation,
        person=profile.person,
        subject=profile,
        payload={"fields": changed, "romes": sorted(romes), "appellations": sorted(appellations)},
    )
    return changed


@transaction.atomic
def job_profile_save(
    *,
    person: Person,
    by: User | None,
    organisation: Organisation,
    rome_codes: Sequence[str] = (),
    appellation_codes: Sequence[str] = (),
    wished_contract_types: Sequence[str] = (),
    part_time_only: bool = False,
    max_distance_km: int = DEFAULT_MAX_DISTANCE_KM,
    has_driving_licence: bool = False,
    has_vehicle: bool = False,
    qualification_level: str = "",
    skills: str = "",
    experiences: Sequence[Mapping[str, Any]] = (),
    trainings: Sequence[Mapping[str, Any]] = (),
    languages: Sequence[Mapping[str, Any]] = (),
) -> list[str]:
    """Set the person's whole job project (page, API): what is not given takes its empty value.

    Every value is checked here, whatever the channel, and every problem is told at once (a ValidationError by
    field); an unknown ROME or OGR code is named. Returns the names of the fields that changed: none, no event.
    The caller has checked the right to change the record (its lead organisation).
    """
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}

    def collect(field: str, convert: Callable[[], _T]) -> _T | None:
        try:
            return convert()
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    errors.setdefault(name, []).extend(messages)
            else:
                errors.setdefault(field, []).extend(error.messages)
            return None

    romes = collect("sought_romes", lambda: [rome.code for rome in rome_codes_get(codes=rome_codes)]) or []
    appellations = (
        collect("sought_appellations", lambda: [a.code_ogr for a in appellations_get(codes=appellation_codes)]) or []
    )
    if len(romes) + len(appellations) > job_rows.MAX_JOBS:
        errors.setdefault("sought_romes", []).append(
            _("%(max)s métiers recherchés au plus.") % {"max": job_rows.MAX_JOBS}
        )
    if qualification_level not in QualificationLevel.values:
        errors.setdefault("qualification_level", []).append(
            _("Niveau de qualification inconnu « %(value)s »") % {"value": qualification_level}
        )
    skills = "\n".join(line.strip() for line in str(skills or "").strip().splitlines())
    if len(skills) > job_rows.SKILLS_MAX_LENGTH:
        errors.setdefault("skills", []).append(
            _("Compétences : %(max)s caractères au plus.") % {"max": job_rows.SKILLS_MAX_LENGTH}
        )
    values = {
        "wished_contract_types": collect(
            "wished_contract_types", lambda: job_rows.contract_wishes_clean(wished_contract_types)
        ),
        "part_time_only": bool(part_time_only),
        "max_distance_km": collect("max_distance_km", lambda: job_rows.distance_clean(max_distance_km)),
        "has_driving_licence": bool(has_driving_licence),
        "has_vehicle": bool(has_vehicle),
        "qualification_level": qualification_level,
        "skills": skills,
        "experiences": collect("experiences", lambda: job_rows.experiences_clean(experiences, today=today)),
        "trainings": collect("trainings", lambda: job_rows.trainings_clean(trainings, today=today)),
        "languages": collect("languages", lambda: job_rows.languages_clean(languages)),
    }
    if errors:
        raise ValidationError(errors)
    profile = _job_profile_locked(person)
    return _job_profile_record(
        profile=profile, values=values, romes=romes, appellations=appellations, by=by, organisation=organisation
    )


@transaction.atomic
def job_profile_add_jobs(
    *,
    person: Person,
    by: User | None,
    organisation: Organisation,
    rome_codes: Sequence[str] = (),
    appellation_codes: Sequence[str] = (),
) -> list[str]:
    """Add jobs sought to the person's job project (a new record, a list of registrants): the jobs already
    there stay, the rest of the project is unchanged. An unknown code: a ValidationError naming it, nothing
    added. Returns the names of the fields that changed (none: no event)."""
    romes = [rome.code for rome in rome_codes_get(codes=rome_codes)]
    appellations = [a.code_ogr for a in appellations_get(codes=appellation_codes)]
    profile = _job_profile_locked(person)
    old_romes, old_appellations = _sought_codes(profile)
    romes = sorted(set(old_romes) | set(romes))
    appellations = sorted(set(old_appellations) | set(appellations))
    if len(romes) + len(appellations) > job_rows.MAX_JOBS:
        raise ValidationError(
            _("%(max)s métiers recherchés au plus.") % {"max": job_rows.MAX_JOBS}, code="too_many_jobs"
        )
    return _job_profile_record(
        profile=profile, values={}, romes=romes, appellations=appellations, by=by, organisation=organisation
    )


def _notify(recipients: list[str], subject: str, body: str) -> None:
    if recipients:
        transaction.on_commit(lambda: send_mass_mail([(subject, body, None, recipients)], fail_silently=True))


def _staff_emails(organisation: Organisation) -> list[str]:
    return list(Membership.objects.active().filter(organisation=organisation).values_list("user__email", flat=True))


@transaction.atomic
def follow_set_lead(
    *,
    person: Person,
    organisation: Organisation,
    adviser: User,
    by: User | None,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> Follow:
    """Make this organisation and adviser the lead; the previous lead ends (hand-over), both sides informed."""
    now = at or timezone.now()
    current = (
        Follow.objects.select_for_update().filter(person=person, role=FollowRole.LEAD, ended_at__isnull=True).first()
    )
    if current and current.organisation_id == organisation.pk and current.adviser_id == adviser.pk:
        return current
    if not Membership.objects.active().filter(user=adviser, organisation=organisation).exists():
        raise ValidationError(_("Ce ou cette conseillère n'appartient pas à l'organisation référente."))
    if current is not None:
        if not reason and current.organisation_id != organisation.pk:
            raise ValidationError(_("Un passage de relais entre organisations demande un motif."))
        current.ended_at = now
        current.end_reason = reason or _("Changement de conseiller ou conseillère")
        current.save(update_fields=["ended_at", "end_reason"])
    # The new lead's organisation may have been a contributor: it is now the lead.
    Follow.objects.filter(person=person, organisation=organisation, ended_at__isnull=True).update(
        ended_at=now, end_reason=_("Devenu référent")
    )
    try:
        with transaction.atomic():
            follow = Follow.objects.create(
                person=person, organisation=organisation, adviser=adviser, role=FollowRole.LEAD, started_at=now
            )
    except IntegrityError as error:
        raise ValidationError(_("Ce dossier vient de changer de référent : rechargez la page.")) from error
    kind = EventKind.LEAD_HANDED_OVER if current else EventKind.LEAD_ASSIGNED
    event_record(
        kind=kind,
        by=by,
        organisation=organisation,
        person=person,
        subject=follow,
        occurred_at=now,
        payload={
            "organisation": organisation.name,
            "adviser": adviser.get_full_name(),
            "previous_organisation": current.organisation.name if current else "",
        },
    )
    if current is not None:
        subject = _("Tandem : passage de relais pour un dossier")
        body = _("%(org)s est désormais référent d'une personne que vous accompagniez. Motif : %(reason)s") % {
            "org": organisation.name,
            "reason": reason or "—",
        }
        recipients = {adviser.email} | set(_staff_emails(current.organisation))
        _notify(sorted(recipients), subject, body)
    return follow


@transaction.atomic
def follow_add_contributor(
    *,
    person: Person,
    organisation: Organisation,
    by: User | None,
    adviser: User | None = None,
    at: datetime.datetime | None = None,
) -> Follow:
    at = at or timezone.now()
    existing = Follow.objects.filter(person=person, organisation=organisation, ended_at__isnull=True).first()
    if existing is not None:
        return existing
    follow = Follow.objects.create(
        person=person,
        organisation=organisation,
        adviser=adviser,
        role=FollowRole.CONTRIBUTOR,
        started_at=at,
    )
    event_record(
        kind=EventKind.CONTRIBUTOR_ADDED,
        by=by,
        organisation=organisation,
        person=person,
        subject=follow,
        occurred_at=at,
        payload={"organisation": organisation.name},
    )
    return follow


@transaction.atomic
def barrier_identify(
    *,
    person: Person,
    kind: str,
    by: User,
    organisation: Organisation,
    comment: str = "",
    on: datetime.date | None = None,
) -> Barrier:
    barrier, created = Barrier.objects.get_or_create(
        person=person, kind=kind, defaults={"identified_on": on or timezone.localdate(), "comment": comment}
    )
    if not created and barrier.status == BarrierStatus.LIFTED:
        barrier.status, barrier.lifted_on, barrier.identified_on = (
            BarrierStatus.IDENTIFIED,
            None,
            on or timezone.localdate(),
        )
        barrier.save()
    elif not created:
        return barrier
    event_record(
        kind=EventKind.BARRIER_IDENTIFIED,
        by=by,
        organisation=organisation,
        person=person,
        subject=barrier,
        occurred_at=_day_start(barrier.identified_on),
        payload={"barrier": kind},
    )
    return barrier


@transaction.atomic
def barrier_set_status(*, barrier: Barrier, status: str, by: User, organisation: Organisation) -> Barrier:
    if barrier.status == status:
        return barrier
    previous = barrier.status
    barrier.status = status
    barrier.lifted_on = timezone.localdate() if status == BarrierStatus.LIFTED else None
    barrier.full_clean()
    barrier.save()
    event_record(
        kind=EventKind.BARRIER_STATUS_CHANGED,
        by=by,
        organisation=organisation,
        person=barrier.person,
        subject=barrier,
        payload={"barrier": barrier.kind, "from": previous, "to": status},
    )
    return barrier


@transaction.atomic
def barrier_add_action(
    *, barrier: Barrier, description: str, by: User, organisation: Organisation, done_on: datetime.date | None = None
) -> BarrierAction:
    action = BarrierAction(
        barrier=barrier,
        description=description,
        done_on=done_on or timezone.localdate(),
        by=by,
        organisation=organisation,
    )
    action.full_clean()
    action.save()
    if barrier.status == BarrierStatus.IDENTIFIED:
        barrier_set_status(barrier=barrier, status=BarrierStatus.BEING_LIFTED, by=by, organisation=organisation)
    event_record(
        kind=EventKind.BARRIER_ACTION,
        by=by,
        organisation=organisation,
        person=barrier.person,
        subject=action,
        occurred_at=_day_start(action.done_on),
        payload={"barrier": barrier.kind},
    )
    return action


@transaction.atomic
def scheme_start(
    *, person: Person, scheme: str, starts_on: datetime.date, by: User | None, organisation: Organisation
) -> SchemeEnrolment:
    open_enrolment = person.schemes.filter(scheme=scheme, ends_on__isnull=True).first()
    if open_enrolment is not None:
        return open_enrolment
    enrolment = SchemeEnrolment(person=person, scheme=scheme, starts_on=starts_on, organisation=organisation)
    enrolment.full_clean()
    enrolment.save()
    event_record(
        kind=EventKind.SCHEME_STARTED,
        by=by,
        organisation=organisation,
        person=person,
        subject=enrolment,
        payload={"scheme": scheme},
        occurred_at=_day_start(starts_on),
    )
    return enrolment


@transaction.atomic
def scheme_end(
    *, enrolment: SchemeEnrolment, ends_on: datetime.date, by: User, organisation: Organisation
) -> SchemeEnrolment:
    enrolment.ends_on = ends_on
    enrolment.full_clean()
    enrolment.save()
    event_record(
        kind=EventKind.SCHEME_ENDED,
        by=by,
        organisation=organisation,
        person=enrolment.person,
        subject=enrolment,
        payload={"scheme": enrolment.scheme},
    )
    return enrolment


@transaction.atomic
def consent_give(
    *,
    person: Person,
    recipient_kind: str,
    recipient: Organisation | None,
    given_on: datetime.date,
    by: User,
    organisation: Organisation,
) -> Consent:
    consent = Consent(
        person=person, recipient_kind=recipient_kind, recipient=recipient, given_on=given_on, recorded_by=by
    )
    consent.full_clean()
    consent.save()
    event_record(
        kind=EventKind.CONSENT_GIVEN,
        by=by,
        organisation=organisation,
        person=person,
        subject=consent,
        occurred_at=_day_start(given_on),
        payload={"recipient_kind": recipient_kind, "recipient": recipient.name if recipient else ""},
    )
    return consent


@transaction.atomic
def consent_revoke(
    *, consent: Consent, by: User, organisation: Organisation, on: datetime.date | None = None
) -> Consent:
    if consent.revoked_on is None:
        consent.revoked_on = on or timezone.localdate()
        consent.save(update_fields=["revoked_on"])
        event_record(
            kind=EventKind.CONSENT_REVOKED,
            by=by,
            organisation=organisation,
            person=consent.person,
            subject=consent,
            payload={"recipient": consent.recipient.name if consent.recipient else ""},
        )
    return consent


@transaction.atomic
def note_add(
    *,
    person: Person,
    text: str,
    is_shared: bool,
    by: User,
    organisation: Organisation,
    at: datetime.datetime | None = None,
) -> Note:
    note = Note(person=person, text=text, is_shared=is_shared, author=by, organisation=organisation)
    note.full_clean()
    note.save()
    if at is not None:
        Note.objects.filter(pk=note.pk).update(created_at=at)
    Person.objects.filter(pk=person.pk).update(last_contact_on=timezone.localdate(at))
    event_record(
        kind=EventKind.NOTE_ADDED,
        by=by,
        organisation=organisation,
        person=person,
        subject=note,
        is_shared=is_shared,
        occurred_at=at,
    )
    return note


def _day_start(day: datetime.date) -> datetime.datetime:
    """When something dated by its day happened: now if today, else that morning."""
    if day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
