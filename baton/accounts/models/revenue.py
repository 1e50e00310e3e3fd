"""Deals (from the CRM or imported) and full costs (SPEC R-5.3), used by the metrics."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baton.accounts.models.account import Account
from baton.core.models import TimeStampedModel
from baton.core.money import CURRENCY_CHOICES, DEFAULT_CURRENCY


class DealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class Deal(TimeStampedModel):
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="deals"
    )
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    name = models.CharField(_("deal"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default=DEFAULT_CURRENCY
    )
    stage = models.CharField(_("stage"), max_length=100, help_text=_("The CRM stage, by name."))
    status = models.CharField(
        _("status"), max_length=4, choices=DealStatus.choices, default=DealStatus.OPEN
    )
    created_on = models.DateField(_("created on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    expected_close_on = models.DateField(_("expected close"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )

    class Meta:
        ordering = ["-created_on", "-id"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_on__isnull=False),
                name="deal_closed_has_date",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="deal_amount_not_negative"),
        ]
        indexes = [
            models.Index(fields=["status", "closed_on"]),
            models.Index(fields=["updated_at"], name="deal_updated_idx"),  # metrics fingerprint
        ]

    def __str__(self) -> str:
        return self.name


class CostCategory(models.TextChoices):
    MARKETING_SPEND = "marketing_spend", _("Marketing spend")
    SALES_TIME = "sales_time", _("Sales time")
    CONTENT = "content", _("Content production")
    TECHNOLOGY = "technology", _("Technology")
    TRAINING = "training", _("Training")


class CostEntry(TimeStampedModel):
    """A cost, on one account or on a campaign (allocated to accounts by the metrics)."""

    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default=DEFAULT_CURRENCY
    )
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, null=True, blank=True)
    hourly_rate = models.DecimalField(
        _("hourly rate"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    incurred_on = models.DateField(_("date"))
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.CASCADE, related_name="costs"
    )
    campaign = models.CharField(_("campaign"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-incurred_on", "-id"]
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        indexes = [models.Index(fields=["updated_at"], name="cost_updated_idx")]  # fingerprint
        constraints = [
            models.CheckConstraint(
                condition=Q(account__isnull=False) | ~Q(campaign=""),
                name="cost_on_account_or_campaign",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.amount} {self.currency}"
