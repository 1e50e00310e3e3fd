"""Timing (median of repetitions) and peak resident memory."""

from __future__ import annotations

import contextlib
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SHORT_S = 2.0  # a run shorter than this is repeated and its median reported
MAX_REPS = 5
# A run under a few milliseconds (a warm read) is repeated more: five samples of 0.3 ms move
# with the scheduler's noise, and a growth exponent fitted over 100k / 300k / 1M on them too.
TINY_S = 0.005
TINY_REPS = 51

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def median_time(
    func: Callable[[], Any],
    *,
    reset: Callable[[], Any] | None = None,
    reps: int | None = None,
) -> tuple[float, int, Any]:
    """Run ``func`` (after ``reset``, untimed) until ``MAX_REPS`` runs (``TINY_REPS`` while
    runs take under ``TINY_S``) or a run is long.

    Returns the median seconds, the number of runs and the last result.
    """
    times: list[float] = []
    result: Any = None
    while True:
        if reset is not None:
            reset()
        elapsed, result = timed(func)
        times.append(elapsed)
        if reps is not None:
            wanted = reps
        elif elapsed < TINY_S:
            wanted = TINY_REPS
        else:
            wanted = MAX_REPS if elapsed < SHORT_S else 1
        if len(times) >= wanted:
            break
    return statistics.median(times), len(times), result


def reset_peak() -> None:
    """Start a new peak-memory measurement (Linux ≥ 4.0; elsewhere the peak is the process's)."""
    with contextlib.suppress(OSError):
        _CLEAR_REFS.write_text("5")


def peak_rss_mb() -> float:
    """Peak resident memory since :func:`reset_peak` (VmHWM), else ``ru_maxrss``."""
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
