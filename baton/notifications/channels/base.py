"""How a sender reports failure."""

from __future__ import annotations


class DeliveryError(Exception):
    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class TransientError(DeliveryError):
    """The receiver is down, slow or busy: try again later (after ``retry_after`` if given)."""

    def __init__(
        self, reason: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(reason, status=status)
        self.retry_after = retry_after


class PermanentError(DeliveryError):
    """The receiver refused the message for good (e.g. 404/410: the webhook was removed).

    ``channel_fault``: the channel itself is broken (bad URL), not only this one message (an
    unknown email address); a broken channel is paused and the admins are alerted.
    """

    def __init__(
        self, reason: str, *, status: int | None = None, channel_fault: bool = True
    ) -> None:
        super().__init__(reason, status=status)
        self.channel_fault = channel_fault
