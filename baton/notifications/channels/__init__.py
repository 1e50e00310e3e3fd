"""Senders: one per channel. Each takes an outbox row and either returns (delivered) or raises
``TransientError`` (try again later) or ``PermanentError`` (give up: the row goes dead)."""

from __future__ import annotations

from collections.abc import Callable

from baton.notifications.channels.base import PermanentError, TransientError
from baton.notifications.models import Channel, ChannelConfig, OutboxMessage

Sender = Callable[[OutboxMessage, ChannelConfig | None], None]


def sender_for(channel: str) -> Sender:
    from baton.notifications.channels import email, slack, teams, webhook

    senders: dict[str, Sender] = {
        Channel.EMAIL: email.send,
        Channel.SLACK: slack.send,
        Channel.TEAMS: teams.send,
        Channel.WEBHOOK: webhook.send,
    }
    return senders[channel]


__all__ = ["PermanentError", "Sender", "TransientError", "sender_for"]
