"""Per-channel pacing inside one worker process (Slack: about one message per second)."""

from __future__ import annotations

import time
from collections.abc import Callable


class Pacer:
    """Waits so that two sends on one key are at least ``interval`` seconds apart."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}

    def wait(self, key: str, interval: float) -> float:
        """Block until ``key`` may send again; return the seconds waited."""
        waited = 0.0
        last = self._last.get(key)
        if interval > 0 and last is not None:
            waited = max(0.0, last + interval - self._clock())
            if waited:
                self._sleep(waited)
        self._last[key] = self._clock()
        return waited


PACER = Pacer()
