"""Reads: inbox, preferences, delivery log, channel health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from baton.notifications.events import EventKind, configurable_events, get_event
from baton.notifications.models import (
    WORKSPACE_CHANNELS,
    Channel,
    ChannelConfig,
    Health,
    Notification,
    OutboxMessage,
    Preference,
    SignedLinkUse,
    State,
)

USER_CHANNELS = (Channel.IN_APP, Channel.EMAIL, Channel.SLACK, Channel.TEAMS, Channel.WEBHOOK)


def unread_count(*, user: Any) -> int:
    """Read on every page (the navigation badge): plain SQL through the ``notification_unread``
    index, as the ORM's query building would cost more than the count itself."""
    from django.db import connection

    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL",  # noqa: S608
            [user.pk],
        )
        return int(cursor.fetchone()[0])


def inbox(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def effective_channels(*, user: Any, kind: EventKind) -> set[str]:
    """The user's channels for ``kind``: the kind's defaults, overridden by their choices."""
    chosen = {c.value for c in kind.default_channels}
    for pref in Preference.objects.filter(user=user, event=kind.key):
        if pref.enabled:
            chosen.add(pref.channel)
        else:
            chosen.discard(pref.channel)
    return chosen


@dataclass(frozen=True)
class PreferenceRow:
    kind: EventKind
    channels: dict[str, bool]


def preference_grid(*, user: Any) -> list[PreferenceRow]:
    """One row per configurable event kind, one tick per channel."""
    explicit = {(p.event, p.channel): p.enabled for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in configurable_events():
        defaults = {c.value for c in kind.default_channels}
        rows.append(
            PreferenceRow(
                kind=kind,
                channels={
                    ch.value: explicit.get((kind.key, ch.value), ch.value in defaults)
                    for ch in USER_CHANNELS
                },
            )
        )
    return rows


def deliveries(
    *,
    state: str = "",
    channel: str = "",
    recipient: str = "",
    event: str = "",
) -> QuerySet[OutboxMessage]:
    qs = OutboxMessage.objects.select_related("recipient")
    if state:
        qs = qs.filter(state=state)
    if channel:
        qs = qs.filter(channel=channel)
    if event:
        qs = qs.filter(event=event)
    if recipient:
        qs = qs.filter(
            Q(recipient__email__icontains=recipient)
            | Q(recipient__first_name__icontains=recipient)
            | Q(recipient__last_name__icontains=recipient)
        )
    return qs


def dead_letters() -> QuerySet[OutboxMessage]:
    return deliveries(state=State.DEAD)


@dataclass(frozen=True)
class ChannelHealth:
    channel: str
    label: str
    configured: bool
    health: str
    masked_url: str
    last_error: str
    last_success_at: datetime | None
    failing_since: datetime | None
    counts: dict[str, int]


def channel_health() -> list[ChannelHealth]:
    configs = {c.channel: c for c in ChannelConfig.objects.all()}
    counts: dict[str, dict[str, int]] = {}
    last_sent: dict[str, datetime | None] = {}
    for row in OutboxMessage.objects.values("channel", "state").annotate(
        n=Count("id"), last=Max("sent_at")
    ):
        counts.setdefault(row["channel"], {})[row["state"]] = row["n"]
        if row["state"] == State.SENT:
            last_sent[row["channel"]] = row["last"]
    out = []
    for ch in USER_CHANNELS:
        config = configs.get(ch.value)
        workspace = ch in WORKSPACE_CHANNELS
        out.append(
            ChannelHealth(
                channel=ch.value,
                label=str(ch.label),
                configured=config is not None if workspace else True,
                health=config.health if config is not None else Health.OK.value,
                masked_url=config.masked_url if config is not None else "",
                last_error=config.last_error if config is not None else "",
                last_success_at=last_sent.get(ch.value),
                failing_since=config.failing_since if config is not None else None,
                counts={s.value: counts.get(ch.value, {}).get(s.value, 0) for s in State},
            )
        )
    return out


def channel_configs() -> dict[str, ChannelConfig]:
    return {c.channel: c for c in ChannelConfig.objects.all()}


def event_label(key: str) -> str:
    try:
        return str(get_event(key).label)
    except LookupError:
        return key


def link_check(*, token: str, user: Any = None) -> Any:
    """The claim of a link that could be used now (for the confirmation page)."""
    from baton.notifications.signed_links import LinkError, get_link_action, read_link

    claim = read_link(token)
    if get_link_action(claim.action) is None:
        raise LinkError("invalid")
    if user is not None and getattr(user, "is_authenticated", False) and user.pk != claim.user_id:
        raise LinkError("other_user", claim)
    if SignedLinkUse.objects.filter(nonce=claim.nonce).exists():
        raise LinkError("used", claim)
    return claim


def user_language(*, user_id: int) -> str | None:
    from django.contrib.auth import get_user_model

    language = get_user_model().objects.filter(pk=user_id).values_list("language", flat=True)
    return language.first()
