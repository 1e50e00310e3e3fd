"""The account (SPEC R-1.1) and its web domains."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from baton.accounts.bands import SIZE_BAND_CODES
from baton.core.models import TimeStampedModel
from baton.core.money import CURRENCY_CHOICES, DEFAULT_CURRENCY


class Tier(models.TextChoices):
    TIER_1 = "tier_1", _("Tier 1 (one-to-one)")
    TIER_2 = "tier_2", _("Tier 2 (one-to-few)")
    TIER_3 = "tier_3", _("Tier 3 (one-to-many)")


class Level(models.TextChoices):
    COLD = "cold", _("Cold")
    WARM = "warm", _("Warm")
    HOT = "hot", _("Hot")


class JourneyStage(models.TextChoices):
    """Customer-journey stages of SPEC R-5.4 (who leads is in ``baton.accounts.journey``)."""

    AWARENESS = "awareness", _("Awareness")
    INTEREST = "interest", _("Interest")
    CONSIDERATION = "consideration", _("Consideration")
    DECISION = "decision", _("Decision")
    RETENTION = "retention", _("Retention")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    NURTURE = "nurture", _("Nurturing")
    ARCHIVED = "archived", _("Archived")


SIZE_BAND_CHOICES = [(code, code) for code in SIZE_BAND_CODES]


class Account(TimeStampedModel):
    name = models.CharField(_("company name"), max_length=200)
    external_id = models.CharField(
        _("external id"), max_length=100, null=True, blank=True, unique=True
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True, db_index=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    size_band = models.CharField(
        _("size band"), max_length=12, blank=True, choices=SIZE_BAND_CHOICES, db_index=True
    )
    annual_revenue = models.DecimalField(
        _("estimated revenue"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    revenue_currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default=DEFAULT_CURRENCY
    )
    country = models.CharField(_("country"), max_length=2, blank=True, help_text="ISO 3166-1")
    region = models.CharField(_("region"), max_length=100, blank=True)
    territory = models.CharField(_("territory"), max_length=100, blank=True, db_index=True)
    tier = models.CharField(_("ABM tier"), max_length=10, choices=Tier.choices, blank=True)
    is_target = models.BooleanField(_("target account"), default=True, db_index=True)
    targeted_on = models.DateField(_("added to the target list on"), null=True, blank=True)
    targeting_reason = models.TextField(_("why we target them"), blank=True)
    marketing_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marketing owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="marketing_accounts",
    )
    sales_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sales_accounts",
    )
    journey_stage = models.CharField(
        _("journey stage"),
        max_length=20,
        choices=JourneyStage.choices,
        default=JourneyStage.AWARENESS,
    )
    level = models.CharField(
        _("qualification level"),
        max_length=10,
        choices=Level.choices,
        default=Level.COLD,
        db_index=True,
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AccountStatus.choices, default=AccountStatus.ACTIVE
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        indexes = [
            models.Index(Lower("name"), name="account_name_lower_idx"),
            # MAX(updated_at) in the metrics' data fingerprint: an index lookup, not a scan
            models.Index(fields=["updated_at"], name="account_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def primary_domain(self) -> str:
        domains = list(self.domains.all())
        for d in domains:
            if d.is_primary:
                return d.domain
        return domains[0].domain if domains else ""


class AccountDomain(models.Model):
    """A web domain of an account, lower-case, without ``www.``; unique across accounts."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("domain"), max_length=253, unique=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "domain"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self) -> str:
        return self.domain
