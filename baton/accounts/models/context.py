"""Context and needs (SPEC R-1.5): pains, ongoing projects, budget, timing, competition."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baton.accounts.models.account import Account
from baton.core.models import TimeStampedModel
from baton.core.money import CURRENCY_CHOICES, DEFAULT_CURRENCY


class BuyingTiming(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    NOW = "now", _("Now (under 3 months)")
    SOON = "soon", _("3 to 6 months")
    LATER = "later", _("6 to 12 months")
    NOT_SOON = "not_soon", _("Over 12 months")


class AccountContext(TimeStampedModel):
    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="context")
    budget_min = models.DecimalField(
        _("budget from"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_max = models.DecimalField(
        _("budget up to"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default=DEFAULT_CURRENCY
    )
    timing = models.CharField(
        _("probable buying timing"),
        max_length=10,
        choices=BuyingTiming.choices,
        default=BuyingTiming.UNKNOWN,
    )
    competitors = models.TextField(_("competitors and incumbent tools"), blank=True)
    tech_stack = models.TextField(_("technology stack"), blank=True)
    note = models.TextField(_("context note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("context")
        verbose_name_plural = _("contexts")

    def __str__(self) -> str:
        return f"Context of {self.account}"


class PainOrigin(models.TextChoices):
    EXPRESSED = "expressed", _("Expressed")
    DETECTED = "detected", _("Detected")


class Pain(TimeStampedModel):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="pains")
    description = models.TextField(_("pain"))
    origin = models.CharField(
        _("origin"), max_length=10, choices=PainOrigin.choices, default=PainOrigin.DETECTED
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pain")
        verbose_name_plural = _("pains")

    def __str__(self) -> str:
        return self.description[:60]


class Project(TimeStampedModel):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="projects")
    description = models.TextField(_("project"))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("e.g. a LinkedIn post, a press release"),
    )
    source_url = models.URLField(_("source link"), blank=True)
    noted_on = models.DateField(_("noted on"), null=True, blank=True)

    class Meta:
        ordering = ["-noted_on", "-id"]
        verbose_name = _("ongoing project")
        verbose_name_plural = _("ongoing projects")

    def __str__(self) -> str:
        return self.description[:60]
