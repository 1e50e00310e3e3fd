"""Microsoft Teams through a Workflows (Power Automate) webhook: an Adaptive Card message."""

from __future__ import annotations

import json

from baton.notifications.channels.base import PermanentError
from baton.notifications.channels.http import post
from baton.notifications.models import ChannelConfig, OutboxMessage


def send(message: OutboxMessage, config: ChannelConfig | None) -> None:
    if config is None:
        raise PermanentError("Microsoft Teams is not configured")
    body = json.dumps(message.payload, ensure_ascii=False).encode("utf-8")
    post(config.url, body, {})
