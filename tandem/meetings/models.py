"""A convention's meetings (steering committees, directors' committees…), with their agenda, invitations,
attendance, minutes and decisions, the cadence the convention asks of them, and its joint action plan
(docs/meetings.md).

The cadence of steering committees is the convention's target "steering meetings per year"
(tandem.partnerships.Target): one source of the number. The other kinds keep theirs here (MeetingCadence).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tandem.meetings.enums import OPEN_ACTION_STATES, ActionStatus, Attendance, MeetingKind, MeetingStatus
from tandem.partnerships.enums import Indicator


class Meeting(models.Model):
    convention = models.ForeignKey(
        "partnerships.Convention", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("convention")
    )
    kind = models.CharField(_("instance"), max_length=20, choices=MeetingKind.choices, db_index=True)
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), max_length=500, blank=True)
    agenda = models.JSONField(_("ordre du jour"), default=list, blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start")]
        indexes = [models.Index(fields=["convention", "kind", "starts_at"], name="meeting_by_convention")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.title}"

    def clean(self) -> None:
        if not isinstance(self.agenda, list) or any(
            not isinstance(item, str) or not item.strip() or len(item) > 300 for item in self.agenda
        ):
            raise ValidationError({"agenda": _("Un point de l'ordre du jour tient en 300 caractères.")})


class Invitee(models.Model):
    """A person or an organisation invited to a meeting, and whether they came (once the meeting is held)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne"),
    )
    attendance = models.CharField(_("présence"), max_length=20, choices=Attendance.choices, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("invitation à une réunion")
        verbose_name_plural = _("invitations à une réunion")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, user__isnull=False)
                | Q(organisation__isnull=False, user__isnull=True),
                name="invitee_is_a_person_or_an_organisation",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(organisation__isnull=False),
                name="unique_invited_organisation",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="unique_invited_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} – {self.organisation_id or self.user_id}"

    @property
    def name(self) -> str:
        """The organisation's name or the person's (select_related both)."""
        if self.organisation is not None:
            return self.organisation.name
        return (self.user.get_full_name() or self.user.email) if self.user is not None else ""


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("décision"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")

    def __str__(self) -> str:
        return self.text[:80]


class MeetingCadence(models.Model):
    """How many meetings of a kind the convention asks for each year (every two months: 6). Steering committees
    read theirs from the convention's target instead."""

    convention = models.ForeignKey("partnerships.Convention", on_delete=models.CASCADE, related_name="meeting_cadences")
    kind = models.CharField(_("instance"), max_length=20, choices=MeetingKind.choices)
    per_year = models.PositiveSmallIntegerField(
        _("réunions par an"), validators=[MinValueValidator(1), MaxValueValidator(52)]
    )

    class Meta:
        ordering = ["convention", "kind"]
        verbose_name = _("rythme des réunions")
        verbose_name_plural = _("rythmes des réunions")
        constraints = [
            models.UniqueConstraint(fields=["convention", "kind"], name="unique_cadence_per_kind"),
            models.CheckConstraint(condition=Q(per_year__gte=1, per_year__lte=52), name="cadence_per_year_range"),
            # One source of the number: the steering committees' is the convention's target.
            models.CheckConstraint(condition=~Q(kind=MeetingKind.STEERING), name="cadence_not_for_steering"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.per_year}/an"


class PlanActionQuerySet(models.QuerySet["PlanAction"]):
    def overdue(self, *, today: datetime.date) -> PlanActionQuerySet:
        return self.filter(overdue_q(today))


def overdue_q(today: datetime.date) -> Q:
    """An action is overdue once its due date has passed and it is neither done nor dropped."""
    return Q(due_on__lt=today, status__in=list(OPEN_ACTION_STATES))


class PlanAction(models.Model):
    """An action of the convention's joint plan for a year, owned by one of its parties (and maybe a person)."""

    convention = models.ForeignKey(
        "partnerships.Convention", on_delete=models.CASCADE, related_name="plan_actions", verbose_name=_("convention")
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("action"), max_length=200)
    axis = models.CharField(_("axe"), max_length=200, blank=True)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("pilote")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsable"),
    )
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.TODO, db_index=True
    )
    indicator = models.CharField(_("indicateur suivi"), max_length=40, choices=Indicator.choices, blank=True)
    decision = models.OneToOneField(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action",
        verbose_name=_("décision d'origine"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanActionQuerySet.as_manager()

    class Meta:
        ordering = ["convention", "year", "due_on", "id"]
        verbose_name = _("action du plan d'action")
        verbose_name_plural = _("actions du plan d'action")
        indexes = [models.Index(fields=["convention", "year", "status"], name="plan_action_by_year")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, *, today: datetime.date) -> bool:
        return self.due_on is not None and self.due_on < today and self.status in OPEN_ACTION_STATES


class ActionReview(models.Model):
    """An action reviewed in a meeting, with what was said of it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reviews")
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="reviews")
    note = models.TextField(_("point d'étape"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("action examinée en réunion")
        verbose_name_plural = _("actions examinées en réunion")
        constraints = [models.UniqueConstraint(fields=["meeting", "action"], name="unique_review_per_meeting")]

    def __str__(self) -> str:
        return f"{self.meeting_id} – {self.action_id}"
