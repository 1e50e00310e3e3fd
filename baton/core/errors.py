"""Domain errors: raised by services, translated to 4xx by the API and to messages by views."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the change. ``field`` names the offending input when known."""

    status_code = 400

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


class NotFoundError(DomainError):
    status_code = 404


class ConflictError(DomainError):
    """The change is illegal in the current state (e.g. a transition). API: 409."""

    status_code = 409


class ForbiddenError(DomainError):
    status_code = 403
