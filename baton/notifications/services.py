"""Writes: queue notifications (the outbox), preferences, channel settings, inbox, retries.

``notify`` is the entry point for every app. It renders and writes in the caller's
transaction: if the caller rolls back, nothing is queued and nothing is sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation

from baton.core.errors import DomainError, NotFoundError
from baton.core.models import record
from baton.notifications.events import get_event
from baton.notifications.masking import mask_secret, mask_url
from baton.notifications.models import (
    WORKSPACE_CHANNELS,
    Channel,
    ChannelConfig,
    Health,
    Notification,
    OutboxMessage,
    Preference,
    State,
)
from baton.notifications.rendering import in_app_text, render
from baton.notifications.selectors import effective_channels

CHANNEL_ORDER = [c.value for c in Channel]


def idempotency_key(
    *, event: str, target: models.Model | None, dedupe: str, recipient_id: int, channel: str
) -> str:
    """``event:target:dedupe:u<id>:channel`` — one event, one recipient, one channel."""
    parts = [event]
    if target is not None:
        parts.append(f"{target._meta.label_lower}#{target.pk}")
    if dedupe:
        parts.append(dedupe)
    parts += [f"u{recipient_id}", channel]
    return ":".join(parts)[:255]


def notify(
    *,
    event: str,
    recipients: Iterable[Any],
    context: Mapping[str, Any],
    target: models.Model | None = None,
    dedupe: str = "",
    channels: Iterable[str] | None = None,
    actor: Any = None,
) -> list[OutboxMessage]:
    """Queue ``event`` for each recipient on each channel they want (or ``channels``).

    Returns the rows written; a row whose idempotency key exists already is skipped, so calling
    twice for one event queues nothing more. In-app notifications are written directly (they
    are delivered by the commit itself); the other channels wait for the worker.
    """
    kind = get_event(event)
    configured = set(ChannelConfig.objects.filter(enabled=True).values_list("channel", flat=True))
    now = timezone.now()
    forced = None if channels is None else {str(c) for c in channels}
    created: list[OutboxMessage] = []
    with transaction.atomic():
        for user in recipients:
            if not user.is_active:
                continue
            wanted = forced if forced is not None else effective_channels(user=user, kind=kind)
            for channel in sorted(wanted, key=CHANNEL_ORDER.index):
                if channel in WORKSPACE_CHANNELS and channel not in configured:
                    continue
                if channel == Channel.EMAIL and not user.email:
                    continue
                key = idempotency_key(
                    event=event, target=target, dedupe=dedupe, recipient_id=user.pk, channel=channel
                )
                if OutboxMessage.objects.filter(idempotency_key=key).exists():
                    continue
                row = _write(
                    kind_key=event,
                    user=user,
                    channel=channel,
                    key=key,
                    context=context,
                    target=target,
                    now=now,
                )
                if row is not None:
                    created.append(row)
        if created:
            record(
                actor=actor,
                action="notification.queued",
                target=target if target is not None else created[0],
                changes={"event": [None, event], "messages": [None, len(created)]},
            )
    return created


def _write(
    *,
    kind_key: str,
    user: Any,
    channel: str,
    key: str,
    context: Mapping[str, Any],
    target: models.Model | None,
    now: Any,
) -> OutboxMessage | None:
    kind = get_event(kind_key)
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        message = kind.render(context)
        rendered = render(message, channel, event=kind_key, recipient_name=user.display_name)
    payload = dict(rendered.payload)
    if channel == Channel.WEBHOOK:
        payload |= {
            "id": key,
            "language": language,
            "recipient": {"email": user.email, "name": user.display_name},
            "target": (
                {"type": target._meta.label_lower, "id": str(target.pk)} if target else None
            ),
            "created_at": now.isoformat(),
        }
    in_app = channel == Channel.IN_APP
    row = OutboxMessage(
        idempotency_key=key,
        event=kind_key,
        channel=channel,
        recipient=user,
        language=language,
        subject=rendered.subject[:300],
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        payload=payload,
        url=message.url[:500],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        state=State.SENT if in_app else State.PENDING,
        next_attempt_at=now,
        horizon_from=now,
        sent_at=now if in_app else None,
    )
    try:
        with transaction.atomic():
            row.save()
            if in_app:
                Notification.objects.create(
                    recipient=user,
                    event=kind_key,
                    idempotency_key=key,
                    title=message.subject[:300],
                    body=in_app_text(message),
                    url=message.url[:500],
                )
    except IntegrityError:  # the same key written concurrently: it is queued already
        return None
    return row


# --- inbox ------------------------------------------------------------------------------------


def inbox_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when ``ids`` is None)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


# --- preferences ------------------------------------------------------------------------------


def preferences_update(*, user: Any, choices: Mapping[tuple[str, str], bool]) -> int:
    """Store the user's choices ``{(event, channel): enabled}``; return how many changed."""
    valid_channels = set(CHANNEL_ORDER)
    changed: dict[str, list[Any]] = {}
    with transaction.atomic():
        current = {(p.event, p.channel): p for p in Preference.objects.filter(user=user)}
        for (event, channel), enabled in choices.items():
            kind = get_event(event)
            if not kind.configurable:
                raise DomainError(f"{event} is not a configurable event", field="event")
            if channel not in valid_channels:
                raise DomainError(f"unknown channel {channel!r}", field="channel")
            default = channel in {c.value for c in kind.default_channels}
            pref = current.get((event, channel))
            before = pref.enabled if pref is not None else default
            if before == enabled:
                continue
            Preference.objects.update_or_create(
                user=user, event=event, channel=channel, defaults={"enabled": enabled}
            )
            changed[f"{event}/{channel}"] = [before, enabled]
        if changed:
            record(actor=user, action="notification.preferences", target=user, changes=changed)
    return len(changed)


# --- workspace channels -----------------------------------------------------------------------


def channel_config_save(
    *, channel: str, url: str, secret: str, enabled: bool, actor: Any
) -> ChannelConfig:
    """Create or update a workspace channel. A blank ``url``/``secret`` keeps the stored one
    (they are never shown back, so the form leaves them empty). Saving resumes the channel."""
    if channel not in {c.value for c in WORKSPACE_CHANNELS}:
        raise DomainError(f"unknown channel {channel!r}", field="channel")
    url = url.strip()
    secret = secret.strip()
    if url and not url.startswith(("https://", "http://")):
        raise DomainError("the webhook URL must start with https://", field="url")
    with transaction.atomic():
        config = ChannelConfig.objects.select_for_update().filter(channel=channel).first()
        if config is None:
            if not url:
                raise DomainError("a webhook URL is required", field="url")
            config = ChannelConfig(channel=channel)
        changes: dict[str, list[Any]] = {}
        if url and url != config.url:
            changes["url"] = [mask_url(config.url) or None, mask_url(url)]
            config.url = url
        if secret and secret != config.secret:
            changes["secret"] = [mask_secret(config.secret) or None, mask_secret(secret)]
            config.secret = secret
        if channel == Channel.WEBHOOK and not config.secret:
            raise DomainError("the generic webhook needs a signing secret", field="secret")
        if enabled != config.enabled:
            changes["enabled"] = [config.enabled, enabled]
            config.enabled = enabled
        if config.health != Health.OK:
            changes["health"] = [config.health, Health.OK.value]
        config.health = Health.OK
        config.failing_since = None
        config.save()
        record(actor=actor, action="notification.channel_saved", target=config, changes=changes)
    return config


def channel_config_delete(*, channel: str, actor: Any) -> None:
    with transaction.atomic():
        config = ChannelConfig.objects.filter(channel=channel).first()
        if config is None:
            raise NotFoundError(f"{channel} is not configured", field="channel")
        record(actor=actor, action="notification.channel_deleted", target=config)
        config.delete()


def channel_send_test(*, channel: str, actor: Any) -> OutboxMessage:
    """Queue a test message to ``channel`` for ``actor`` and try to deliver it at once."""
    from baton.notifications.delivery import deliver_now

    if (
        channel in {c.value for c in WORKSPACE_CHANNELS}
        and not ChannelConfig.objects.filter(channel=channel, enabled=True).exists()
    ):
        raise DomainError(f"{channel} is not configured", field="channel")
    rows = notify(
        event="test.message",
        recipients=[actor],
        context={"actor": actor.display_name, "url": settings.BASE_URL + "/"},
        dedupe=uuid.uuid4().hex,
        channels=[channel],
        actor=actor,
    )
    if not rows:
        raise DomainError(f"no test message could be queued for {channel}", field="channel")
    row = rows[0]
    if row.state == State.PENDING:
        deliver_now(message_id=row.pk)
        row.refresh_from_db()
    return row


# --- dead letters -----------------------------------------------------------------------------


def outbox_retry(*, message_id: int, actor: Any) -> OutboxMessage:
    """Put a dead (or failed) message back in the queue now, with a fresh retry horizon."""
    with transaction.atomic():
        row = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if row is None:
            raise NotFoundError("no such message", field="id")
        if row.state not in (State.DEAD, State.FAILED):
            raise DomainError(
                f"only dead or failed messages can be retried (this one is {row.state})",
                field="state",
            )
        now = timezone.now()
        before = row.state
        row.state = State.PENDING
        row.next_attempt_at = now
        row.horizon_from = now
        row.dead_at = None
        row.save(update_fields=["state", "next_attempt_at", "horizon_from", "dead_at"])
        record(
            actor=actor,
            action="notification.retried",
            target=row,
            changes={"state": [before, State.PENDING.value]},
        )
    return row


# --- one-click links --------------------------------------------------------------------------


def link_use(*, token: str, user: Any = None) -> str:
    """Perform a signed link's action once, as its recipient; return where to go next.

    ``user`` is whoever is signed in on this browser (or None): a different person is
    refused. Raises ``signed_links.LinkError`` (invalid, expired, used, other_user).
    """
    from django.contrib.auth import get_user_model

    from baton.notifications.models import SignedLinkUse
    from baton.notifications.signed_links import LinkError, get_link_action, read_link

    claim = read_link(token)
    action = get_link_action(claim.action)
    recipient = get_user_model().objects.filter(pk=claim.user_id, is_active=True).first()
    if action is None or recipient is None:
        raise LinkError("invalid")
    if user is not None and getattr(user, "is_authenticated", False) and user.pk != recipient.pk:
        raise LinkError("other_user", claim)
    with transaction.atomic():
        try:
            with transaction.atomic():
                SignedLinkUse.objects.create(nonce=claim.nonce, action=claim.action, user=recipient)
        except IntegrityError:
            raise LinkError("used", claim) from None
        next_url = action.handler(recipient, claim.target_id)
        record(
            actor=recipient,
            action="notification.link_used",
            target=recipient,
            changes={"action": [None, claim.action], "target": [None, claim.target_id]},
        )
    return next_url
