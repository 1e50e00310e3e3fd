"""The kinds of events Baton notifies about: a registry, each with its default channels.

Apps name an event by its key (``handover.assigned``) when they call ``notify``. A kind's
``render`` builds the words of the message (see ``messages.py``) in the active language; the
channels format those words (``rendering.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from baton.notifications.models import Channel


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Message:
    """The words of one message, already translated, before any channel formats it."""

    subject: str
    greeting: str
    intro: str
    facts: tuple[Fact, ...] = ()
    action_label: str = ""
    url: str = ""
    outro: str = ""


Renderer = Callable[[Mapping[str, Any]], Message]

ALL_PUSH = frozenset({Channel.IN_APP, Channel.EMAIL, Channel.SLACK, Channel.TEAMS, Channel.WEBHOOK})


@dataclass(frozen=True)
class EventKind:
    key: str
    label: str | Promise
    render: Renderer
    default_channels: frozenset[Channel] = field(default=ALL_PUSH)
    # False for system messages (alerts to admins, test messages): not in the preferences page.
    configurable: bool = True


_EVENTS: dict[str, EventKind] = {}


def register_event(kind: EventKind) -> EventKind:
    _EVENTS[kind.key] = kind
    return kind


def get_event(key: str) -> EventKind:
    from baton.notifications import messages  # noqa: F401 (registers the built-in kinds)

    try:
        return _EVENTS[key]
    except KeyError:
        raise LookupError(f"unknown notification event {key!r}") from None


def all_events() -> list[EventKind]:
    from baton.notifications import messages  # noqa: F401

    return list(_EVENTS.values())


def configurable_events() -> list[EventKind]:
    return [k for k in all_events() if k.configurable]
