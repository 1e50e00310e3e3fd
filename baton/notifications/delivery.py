"""The worker side of the outbox: claim due rows, send them, record each result.

Claiming is a short transaction that marks rows ``sending`` with a lease (``claimed_until``,
``claimed_by``, a fresh ``claim_token``). On PostgreSQL the candidates are locked with
``SELECT … FOR UPDATE SKIP LOCKED`` so that several workers never take the same row; on SQLite
the transaction starts with ``BEGIN IMMEDIATE`` (one writer at a time), which makes the
conditional UPDATE safe. Sending happens outside any transaction; the result is recorded after,
only if this worker still holds the claim. A worker that dies leaves its rows ``sending``;
they become due again when the lease expires.

The one window for a duplicate: the worker dies after the receiver accepted a message and
before the result is recorded. The row is then sent again after the lease, with the same
idempotency key (``Idempotency-Key`` header, email ``Message-ID``), so receivers can fold it.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from baton.core.roles import Role
from baton.notifications import conf
from baton.notifications.backoff import next_attempt
from baton.notifications.channels import PermanentError, TransientError, sender_for
from baton.notifications.channels.base import DeliveryError
from baton.notifications.models import (
    WORKSPACE_CHANNELS,
    Channel,
    ChannelConfig,
    Health,
    OutboxMessage,
    State,
)
from baton.notifications.ratelimit import PACER

logger = logging.getLogger("baton.notifications")

TEST_EVENT = "test.message"


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _due(now: datetime) -> Q:
    return (
        Q(state__in=[State.PENDING, State.FAILED], next_attempt_at__lte=now)
        | Q(state=State.SENDING, claimed_until__lte=now)
    ) & ~Q(channel=Channel.IN_APP)


def paused_channels() -> list[str]:
    """Workspace channels that are failing, disabled or gone: their rows wait, untouched."""
    usable = set(
        ChannelConfig.objects.filter(enabled=True, health=Health.OK).values_list(
            "channel", flat=True
        )
    )
    return [c.value for c in WORKSPACE_CHANNELS if c.value not in usable]


def claim(
    *,
    now: datetime,
    limit: int,
    lease: timedelta,
    owner: str | None = None,
    ids: list[int] | None = None,
) -> list[OutboxMessage]:
    """Take up to ``limit`` due rows for this worker; return them (state ``sending``)."""
    token = uuid.uuid4().hex
    paused = paused_channels()
    with transaction.atomic():
        qs = OutboxMessage.objects.filter(_due(now))
        if paused:
            qs = qs.exclude(Q(channel__in=paused) & ~Q(event=TEST_EVENT))
        if ids is not None:
            qs = qs.filter(pk__in=ids)
        qs = qs.order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        pks = list(qs.values_list("pk", flat=True)[:limit])
        if not pks:
            return []
        OutboxMessage.objects.filter(_due(now), pk__in=pks).update(
            state=State.SENDING,
            claimed_by=(owner or worker_id())[:100],
            claim_token=token,
            claimed_until=now + lease,
            attempts=F("attempts") + 1,
        )
    return list(
        OutboxMessage.objects.filter(claim_token=token, state=State.SENDING)
        .select_related("recipient")
        .order_by("next_attempt_at", "id")
    )


def sweep(now: datetime) -> int:
    """Worker entry point: claim one batch of due rows and deliver it. Returns the batch size."""
    rows = claim(now=now, limit=conf.batch_size(), lease=conf.lease())
    deliver(rows)
    return len(rows)


def deliver_now(*, message_id: int) -> None:
    """Deliver one row immediately (the "send test message" button)."""
    deliver(claim(now=timezone.now(), limit=1, lease=conf.lease(), ids=[message_id]))


def deliver(rows: list[OutboxMessage]) -> None:
    configs = {c.channel: c for c in ChannelConfig.objects.all()}
    for row in rows:
        if row.channel in WORKSPACE_CHANNELS and row.event != TEST_EVENT:
            config = ChannelConfig.objects.filter(channel=row.channel).first()
            if config is None or not config.enabled or config.health != Health.OK:
                _release(row)  # paused during this batch: leave it for later, untried
                continue
        _deliver_one(row, configs.get(row.channel))


def _release(row: OutboxMessage) -> None:
    _mine(row).update(state=State.PENDING, claimed_until=None, attempts=F("attempts") - 1)


def _deliver_one(row: OutboxMessage, config: ChannelConfig | None) -> None:
    PACER.wait(row.channel, conf.min_interval(row.channel))
    try:
        sender_for(row.channel)(row, config)
    except TransientError as exc:
        _record_failure(row, exc, retry_after=exc.retry_after)
    except PermanentError as exc:
        _record_dead(row, exc, channel_fault=exc.channel_fault)
    except Exception as exc:  # a bug in a sender must not stop the worker; retried later
        logger.error("outbox #%s: unexpected %s while sending", row.pk, type(exc).__name__)
        _record_failure(row, DeliveryError(f"unexpected error ({type(exc).__name__})"))
    else:
        _record_sent(row)


def _mine(row: OutboxMessage) -> Any:
    return OutboxMessage.objects.filter(pk=row.pk, claim_token=row.claim_token, state=State.SENDING)


def _lost(row: OutboxMessage) -> None:
    logger.warning("outbox #%s: lease lost before the result was recorded", row.pk)


def _record_sent(row: OutboxMessage) -> None:
    now = timezone.now()
    with transaction.atomic():
        if not _mine(row).update(
            state=State.SENT, sent_at=now, last_error="", last_status=None, claimed_until=None
        ):
            _lost(row)
            return
        config = ChannelConfig.objects.filter(channel=row.channel)
        config.update(last_success_at=now)
        if row.event == TEST_EVENT:  # a test that goes through resumes a paused channel
            config.filter(health=Health.FAILING).update(
                health=Health.OK, failing_since=None, last_error=""
            )
    logger.info("outbox #%s sent (%s, %s)", row.pk, row.channel, row.event)


def _record_failure(
    row: OutboxMessage, exc: DeliveryError, *, retry_after: float | None = None
) -> None:
    now = timezone.now()
    decision = next_attempt(
        now=now,
        created_at=row.horizon_from,
        attempts=row.attempts,
        policy=conf.retry_policy(),
        retry_after_seconds=retry_after,
    )
    if decision.give_up:
        reason = f"{exc.reason} (gave up after {row.attempts} attempts)"
        _record_dead(row, DeliveryError(reason, status=exc.status), channel_fault=True)
        return
    with transaction.atomic():
        if not _mine(row).update(
            state=State.FAILED,
            next_attempt_at=decision.next_attempt_at,
            last_error=exc.reason[:1000],
            last_status=exc.status,
            claimed_until=None,
        ):
            _lost(row)
            return
    logger.info(
        "outbox #%s failed (%s, attempt %s): %s; next at %s",
        row.pk,
        row.channel,
        row.attempts,
        exc.reason,
        decision.next_attempt_at,
    )


def _record_dead(row: OutboxMessage, exc: DeliveryError, *, channel_fault: bool) -> None:
    now = timezone.now()
    with transaction.atomic():
        if not _mine(row).update(
            state=State.DEAD,
            dead_at=now,
            last_error=exc.reason[:1000],
            last_status=exc.status,
            claimed_until=None,
        ):
            _lost(row)
            return
        if channel_fault and row.channel in WORKSPACE_CHANNELS:
            mark_failing(channel=row.channel, reason=exc.reason, now=now)
    logger.warning("outbox #%s dead (%s): %s", row.pk, row.channel, exc.reason)


def mark_failing(*, channel: str, reason: str, now: datetime) -> bool:
    """Pause a workspace channel and alert the admins in the app (once per failure)."""
    from baton.notifications.services import notify

    config = ChannelConfig.objects.select_for_update().filter(channel=channel).first()
    if config is None or config.health == Health.FAILING:
        return False
    config.health = Health.FAILING
    config.failing_since = now
    config.last_error = reason[:1000]
    config.save(update_fields=["health", "failing_since", "last_error", "updated_at"])
    admins = get_user_model().objects.filter(role=Role.ADMIN, is_active=True)
    notify(
        event="channel.failing",
        recipients=admins,
        context={
            "channel": Channel(channel).label,
            "error": reason,
            "url": _absolute(reverse("notifications:channels")),
        },
        target=config,
        dedupe=str(int(now.timestamp())),
        channels=[Channel.IN_APP, Channel.EMAIL],
    )
    return True


def _absolute(path: str) -> str:
    from django.conf import settings

    return settings.BASE_URL + path
