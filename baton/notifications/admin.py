"""Django admin: read-mostly views of the outbox and inbox (the app's own pages come first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from baton.notifications.models import ChannelConfig, Notification, OutboxMessage, Preference

if TYPE_CHECKING:
    _Admin = admin.ModelAdmin[Any]
else:
    _Admin = admin.ModelAdmin


@admin.register(OutboxMessage)
class OutboxMessageAdmin(_Admin):
    list_display = ["created_at", "event", "recipient", "channel", "state", "attempts"]
    list_filter = ["state", "channel", "event"]
    search_fields = ["idempotency_key", "recipient__email"]
    exclude = ["payload", "body_html"]
    readonly_fields = [
        f.name for f in OutboxMessage._meta.fields if f.name not in {"payload", "body_html"}
    ]


@admin.register(Notification)
class NotificationAdmin(_Admin):
    list_display = ["created_at", "recipient", "event", "title", "read_at"]
    list_filter = ["event"]
    search_fields = ["recipient__email", "title"]


@admin.register(Preference)
class PreferenceAdmin(_Admin):
    list_display = ["user", "event", "channel", "enabled"]


@admin.register(ChannelConfig)
class ChannelConfigAdmin(_Admin):
    """URLs and secrets stay hidden here too: edit them from the channels page."""

    list_display = ["channel", "masked_url", "enabled", "health", "last_success_at"]
    fields = ["channel", "masked_url", "masked_secret", "enabled", "health", "last_error"]
    readonly_fields = ["channel", "masked_url", "masked_secret", "health", "last_error"]

    def has_add_permission(self, request: object) -> bool:
        return False
