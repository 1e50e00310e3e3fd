"""Worker entry points of the notifications app (imported by ``baton worker``)."""

from __future__ import annotations

from baton.core import worker
from baton.notifications import delivery

worker.register("notifications.outbox", delivery.sweep)
