"""Marketing assets and interaction events (SPEC R-1.3, R-2.1). Events are append-only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baton.accounts.models import Account, Contact
from baton.core.models import TimeStampedModel


class AssetKind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    WHITE_PAPER = "white_paper", _("White paper")
    BLOG_POST = "blog_post", _("Blog post")
    CASE_STUDY = "case_study", _("Case study")
    LINKEDIN_CAMPAIGN = "linkedin_campaign", _("LinkedIn campaign")
    EMAIL_CAMPAIGN = "email_campaign", _("Email campaign")
    EVENT = "event", _("Event")
    VIDEO = "video", _("Video")
    OTHER = "other", _("Other")


class MarketingAsset(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("code"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AssetKind.choices)
    url = models.URLField(_("link"), blank=True)
    campaign = models.CharField(_("campaign"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("marketing asset")
        verbose_name_plural = _("marketing assets")

    def __str__(self) -> str:
        return self.name


class InteractionType(models.TextChoices):
    WEB_VISIT = "web_visit", _("Web visit")
    EMAIL_SENT = "email_sent", _("Email sent")
    EMAIL_OPEN = "email_open", _("Email opened")
    EMAIL_CLICK = "email_click", _("Email clicked")
    EMAIL_REPLY = "email_reply", _("Email reply")
    WEBINAR_REGISTERED = "webinar_registered", _("Webinar registration")
    WEBINAR_ATTENDED = "webinar_attended", _("Webinar attended")
    EVENT_ATTENDED = "event_attended", _("Event attended")
    LINKEDIN_INTERACTION = "linkedin_interaction", _("LinkedIn interaction")
    FORM_FILL = "form_fill", _("Form fill")
    CONTENT_DOWNLOAD = "content_download", _("Content download")
    DEMO_REQUEST = "demo_request", _("Demo request")
    PRICING_REQUEST = "pricing_request", _("Pricing request")
    MEETING = "meeting", _("Meeting")


class PageCategory(models.TextChoices):
    PRICING = "pricing", _("Pricing")
    CASE_STUDY = "case_study", _("Case study")
    CONTACT = "contact", _("Contact")
    PRODUCT = "product", _("Product")
    BLOG = "blog", _("Blog")
    OTHER = "other", _("Other")


class Interaction(models.Model):
    """One marketing interaction. Never updated except to attach an unmatched event.

    Indexes (each one costs every imported row, so only those a query uses):
    ``external_id`` (unique: idempotent imports); ``(account, occurred_at)`` (qualification,
    metrics, dossier, handovers; also serves ``account_id`` alone, e.g. deleting an account);
    ``(type, occurred_at, account, page_category)`` (windows of one kind of event: metrics,
    email opens; the engaged-accounts count reads it alone); and four partial ones, small
    because they hold only the rows they serve: the domains of unmatched events (unmatched
    page, attaching a domain), the events with a contact or an asset (for deleting a contact
    or an asset, and joining assets by campaign), and ``(account, occurred_at, asset)`` of
    the events with an asset (marketing influence counts an account's assets before a day
    without reading the table).
    """

    external_id = models.CharField(_("external id"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=24, choices=InteractionType.choices)
    occurred_at = models.DateTimeField(_("when"))
    account = models.ForeignKey(
        Account,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interactions",
        db_index=False,  # (account, occurred_at) serves it
    )
    contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
        db_index=False,  # partial index below
    )
    asset = models.ForeignKey(
        MarketingAsset,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
        db_index=False,  # partial index below
    )
    domain = models.CharField(_("domain"), max_length=253, blank=True)
    email = models.EmailField(_("email"), blank=True)
    page_url = models.URLField(_("page"), max_length=500, blank=True)
    page_category = models.CharField(
        _("page category"), max_length=12, choices=PageCategory.choices, blank=True
    )
    asked_questions = models.BooleanField(_("asked questions"), default=False)
    networked = models.BooleanField(_("networked"), default=False)
    question = models.TextField(_("question asked"), blank=True)
    channel = models.CharField(_("channel"), max_length=50, blank=True)
    campaign = models.CharField(_("campaign"), max_length=200, blank=True)
    source = models.CharField(_("source system"), max_length=50, blank=True)
    raw = models.JSONField(_("raw payload"), default=dict, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["account", "occurred_at"]),
            # (type, occurred_at) finds a window's events of some types; account and page
            # category ride along so that counting engaged accounts never reads the table.
            models.Index(
                fields=["type", "occurred_at", "account", "page_category"],
                name="interaction_type_when",
            ),
            models.Index(
                fields=["domain"],
                condition=models.Q(account__isnull=True),
                name="interaction_unmatched_domain",
            ),
            models.Index(
                fields=["contact"],
                condition=models.Q(contact__isnull=False),
                name="interaction_contact",
            ),
            models.Index(
                fields=["asset"],
                condition=models.Q(asset__isnull=False),
                name="interaction_asset",
            ),
            # The assets an account touched before a day (marketing influence), index only.
            models.Index(
                fields=["account", "occurred_at", "asset"],
                condition=models.Q(asset__isnull=False),
                name="interaction_account_assets",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.occurred_at:%Y-%m-%d}"


class IngestSource(TimeStampedModel):
    """A system that pushes interactions through the signed webhook, with its own secret.

    The secret is stored as is (the HMAC needs it); it is shown once, at creation or rotation,
    and masked everywhere else.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("code"), max_length=50, unique=True)
    secret = models.CharField(_("secret"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook source")
        verbose_name_plural = _("webhook sources")

    def __str__(self) -> str:
        return self.name

    @property
    def masked_secret(self) -> str:
        return "whsec_" + "•" * 8 + self.secret[-4:]
