"""Users, their role (SPEC R-0) and their personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from baton.core.roles import Role


class RoleChoices(models.TextChoices):
    MARKETING = Role.MARKETING.value, _("Marketing")
    SALES_REP = Role.SALES_REP.value, _("Sales rep")
    SALES_MANAGER = Role.SALES_MANAGER.value, _("Sales manager")
    LEADERSHIP = Role.LEADERSHIP.value, _("Leadership")
    ADMIN = Role.ADMIN.value, _("Admin (RevOps)")


class LanguageChoices(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class BatonUserManager(UserManager["User"]):
    """Users log in with their email; ``username`` mirrors it."""

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        email = self.normalize_email(email).lower()
        extra.setdefault("username", email)
        return super().create_user(email=email, password=password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        email = self.normalize_email(email).lower()
        extra.setdefault("username", email)
        extra.setdefault("role", Role.ADMIN.value)
        return super().create_superuser(email=email, password=password, **extra)


def display_name(first_name: str, last_name: str, email: str) -> str:
    """How a person is named in Baton: first and last name, else the email address."""
    return f"{first_name} {last_name}".strip() or email


class User(AbstractUser):
    email = models.EmailField(_("email"), unique=True)
    role = models.CharField(
        _("role"), max_length=20, choices=RoleChoices.choices, default=RoleChoices.LEADERSHIP
    )
    language = models.CharField(
        _("language"), max_length=5, choices=LanguageChoices.choices, default=LanguageChoices.FR
    )
    is_absent = models.BooleanField(
        _("absent"), default=False, help_text=_("Absent reps receive no new handovers.")
    )
    handover_capacity = models.PositiveIntegerField(
        _("handover capacity"),
        null=True,
        blank=True,
        help_text=_("Most open handovers this rep may hold; empty means no cap."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["username"]

    objects = BatonUserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["first_name", "last_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.email)


TOKEN_PREFIX = "bat_"  # noqa: S105 (a public prefix, not a secret)


def hash_token(raw: str) -> str:
    """Tokens are long random strings: one SHA-256 is the right hash (no need for a KDF)."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise it.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
