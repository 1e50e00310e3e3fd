"""One-click links in emails ("accept the handover", "give feedback").

A link carries, signed with the secret key: the recipient, the action, the target, an expiry
and a nonce. It is bound to the recipient (the action runs as them; someone else signed in
is refused), expires, and works once (the nonce is recorded when used). Apps register their
actions, ideally from their ``AppConfig.ready()``::

    register_link_action("handover.accept", label=_("Accept the handover"), handler=accept)

where ``handler(user, target_id) -> str`` performs the action and returns where to go next.
Opening a link (GET) only shows a confirmation button; the action runs on POST, so mail
scanners that prefetch links change nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

SALT = "baton.notifications.link"
DEFAULT_TTL = timedelta(days=7)


@dataclass(frozen=True)
class LinkAction:
    key: str
    label: str | Promise
    handler: Callable[[Any, str], str]


_ACTIONS: dict[str, LinkAction] = {}


def register_link_action(
    key: str, *, label: str | Promise, handler: Callable[[Any, str], str]
) -> None:
    _ACTIONS[key] = LinkAction(key, label, handler)


def get_link_action(key: str) -> LinkAction | None:
    return _ACTIONS.get(key)


@dataclass(frozen=True)
class LinkClaim:
    user_id: int
    action: str
    target_id: str
    nonce: str
    expires_at: datetime


class LinkError(Exception):
    """Why a link cannot be used: ``invalid``, ``expired``, ``used``, ``other_user``."""

    def __init__(self, kind: str, claim: LinkClaim | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.claim = claim  # known when the signature was good (to speak their language)


def make_link(*, user: Any, action: str, target_id: Any, ttl: timedelta = DEFAULT_TTL) -> str:
    """An absolute one-click URL for ``user`` to perform ``action`` on ``target_id``."""
    if action not in _ACTIONS:
        raise LookupError(f"unknown link action {action!r}")
    expires = int((timezone.now() + ttl).timestamp())
    token = signing.dumps(
        {"u": user.pk, "a": action, "t": str(target_id), "n": uuid.uuid4().hex, "e": expires},
        salt=SALT,
        compress=True,
    )
    return settings.BASE_URL + reverse("notifications:link", args=[token])


def read_link(token: str, *, now: datetime | None = None) -> LinkClaim:
    """Check the signature and expiry (not whether it was used: see ``services.link_use``)."""
    try:
        data = signing.loads(token, salt=SALT)
        claim = LinkClaim(
            user_id=int(data["u"]),
            action=str(data["a"]),
            target_id=str(data["t"]),
            nonce=str(data["n"]),
            expires_at=datetime.fromtimestamp(int(data["e"]), tz=UTC),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkError("invalid") from None
    if (now or timezone.now()) >= claim.expires_at:
        raise LinkError("expired", claim)
    return claim
