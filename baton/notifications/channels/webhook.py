"""Generic signed webhook, signed like Baton's inbound webhooks.

Headers: ``Baton-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`` with the
workspace's secret, ``Idempotency-Key`` (the outbox key: a receiver that remembers it can drop
the rare duplicate) and ``Baton-Event``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from baton.notifications.channels.base import PermanentError
from baton.notifications.channels.http import post
from baton.notifications.models import ChannelConfig, OutboxMessage

SIGNATURE_HEADER = "Baton-Signature"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def send(message: OutboxMessage, config: ChannelConfig | None) -> None:
    if config is None:
        raise PermanentError("the webhook is not configured")
    body = json.dumps(message.payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {
        "Idempotency-Key": message.idempotency_key,
        "Baton-Event": message.event,
    }
    if config.secret:
        headers[SIGNATURE_HEADER] = signature(config.secret, int(time.time()), body)
    post(config.url, body, headers)
