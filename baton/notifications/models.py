"""The outbox, the in-app inbox, per-user preferences and workspace channel settings.

See README.md for the delivery state diagram.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baton.notifications.masking import mask_secret, mask_url


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("Email")
    SLACK = "slack", _("Slack")
    TEAMS = "teams", _("Microsoft Teams")
    WEBHOOK = "webhook", _("Webhook")


# Channels configured per workspace (a webhook URL); the others need no configuration.
WORKSPACE_CHANNELS = (Channel.SLACK, Channel.TEAMS, Channel.WEBHOOK)


class State(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (will retry)")
    DEAD = "dead", _("Dead (given up)")


class OutboxMessage(models.Model):
    """One message for one recipient on one channel, rendered when the event happened.

    Written in the caller's transaction; delivered by the worker. ``idempotency_key`` (event +
    recipient + channel) is unique, so one event never produces two rows for the same person
    and channel, and it travels with the message where the channel accepts one.
    """

    idempotency_key = models.CharField(max_length=255, unique=True)
    event = models.CharField(_("event"), max_length=64, db_index=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    language = models.CharField(_("language"), max_length=5)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_status = models.PositiveIntegerField(_("last status code"), null=True, blank=True)
    # Retries are allowed until ``horizon_from`` + the horizon (reset by "retry now").
    horizon_from = models.DateTimeField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    dead_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id} ({self.channel}, {self.state})"


class Notification(models.Model):
    """An in-app notification: the inbox row a user reads in Baton."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=64)
    idempotency_key = models.CharField(max_length=255, unique=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """A user's explicit choice for one kind of event on one channel (absent: the default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    event = models.CharField(max_length=64)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event", "channel"], name="pref_unique")
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.event} {self.channel}={self.enabled}"


class Health(models.TextChoices):
    OK = "ok", _("Working")
    FAILING = "failing", _("Failing")


class ChannelConfig(models.Model):
    """The workspace's Slack, Teams or generic webhook: where to post, and its health.

    ``url`` and ``secret`` are secrets: shown masked (``masked_url``), never logged.
    """

    channel = models.CharField(
        _("channel"),
        max_length=16,
        unique=True,
        choices=[(c.value, c.label) for c in WORKSPACE_CHANNELS],
    )
    url = models.URLField(_("webhook URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    health = models.CharField(_("health"), max_length=10, choices=Health.choices, default=Health.OK)
    failing_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["channel"]
        verbose_name = _("channel configuration")
        verbose_name_plural = _("channel configurations")

    def __str__(self) -> str:
        return f"{self.channel} {self.masked_url}"

    @property
    def masked_url(self) -> str:
        return mask_url(self.url)

    @property
    def masked_secret(self) -> str:
        return mask_secret(self.secret)


class SignedLinkUse(models.Model):
    """A one-click link that has been used (links are single-use)."""

    nonce = models.CharField(max_length=32, unique=True)
    action = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("used link")
        verbose_name_plural = _("used links")

    def __str__(self) -> str:
        return f"{self.action} {self.nonce}"
