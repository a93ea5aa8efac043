"""People who log in, the organisations they act for, and machine API tokens."""

from __future__ import annotations

import datetime
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.enums import Role, TokenScope
from tandem.organisations.models import Organisation


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields["is_superuser"] = True
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom de famille"), max_length=150)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    preferred_language = models.CharField(
        _("langue"), max_length=5, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @cached_property
    def is_administrator(self) -> bool:
        """Platform administrators: superusers and holders of an active administrator membership."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return self.memberships.active().filter(role=Role.ADMINISTRATOR).exists()

    @property
    def is_staff(self) -> bool:
        # Django admin is for administrators only.
        return self.is_administrator

    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        return self.is_administrator or super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_administrator or super().has_module_perms(app_label)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, day: datetime.date | None = None) -> MembershipQuerySet:
        day = day or timezone.localdate()
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=day),
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        )


class Membership(models.Model):
    """A person's role in one organisation; a seconded France Travail agent has two."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    fte_share = models.DecimalField(
        _("part d'ETP"), max_digits=3, decimal_places=2, null=True, blank=True, help_text=_("Mise à disposition")
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("rattachement")
        verbose_name_plural = _("rattachements")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user_and_organisation"),
            models.CheckConstraint(
                condition=Q(fte_share__isnull=True) | (Q(fte_share__gt=0) & Q(fte_share__lte=1)),
                name="membership_fte_share_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A partner information system's key: only its SHA-256 is stored; the key is shown once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("préfixe"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("portée"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    # The token acts with this role's rights in its organisation, like a member would (see permissions.TOKEN_ROLES).
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices, default=Role.ADVISER)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
