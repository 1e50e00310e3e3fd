"""Worker entry points of the handovers app (imported by ``baton worker``)."""

from __future__ import annotations

from baton.core import worker
from baton.handovers import timers

worker.register("handovers.deadlines", timers.sweep)
worker.register("handovers.watch", timers.watch)
