"""Buying signals (SPEC R-1.2): dated, sourced, confirmed or not."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baton.accounts.models.account import Account
from baton.accounts.models.committee import Contact
from baton.core.models import TimeStampedModel


class SignalKind(models.TextChoices):
    HIRING = "hiring", _("Hiring")
    FUNDRAISING = "fundraising", _("Fundraising")
    TECHNOLOGY_CHANGE = "technology_change", _("Technology change")
    LEADERSHIP_CHANGE = "leadership_change", _("Leadership change")
    EXPANSION = "expansion", _("Expansion")
    EXPLICIT_PROJECT = "explicit_project", _("Explicit project")
    DEMO_REQUEST = "demo_request", _("Demo request")
    PRICING_REQUEST = "pricing_request", _("Pricing request")
    PRECISE_QUESTION = "precise_question", _("Precise question")
    OTHER = "other", _("Other")


class Signal(TimeStampedModel):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(_("kind"), max_length=20, choices=SignalKind.choices)
    description = models.TextField(_("description"))
    occurred_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source link"), blank=True)
    is_confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("A confirmed buying signal, not just passive consumption."),
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("buying signal")
        verbose_name_plural = _("buying signals")
        indexes = [models.Index(fields=["account", "-occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_on})"
