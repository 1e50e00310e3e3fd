"""When to try a failed delivery again. Pure: no Django import.

Exponential backoff with "equal jitter" (half the delay fixed, half random), capped, and a
horizon after which the message is given up (dead). A ``Retry-After`` from the receiver wins
over the computed delay: we never retry earlier than asked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = 30.0
    cap_seconds: float = 3600.0
    horizon: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class RetryDecision:
    give_up: bool
    next_attempt_at: datetime | None


def backoff_delay(attempts: int, policy: RetryPolicy, rng: random.Random | None = None) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt (1, 2, 3…)."""
    exp = policy.base_seconds * 2.0 ** min(max(attempts - 1, 0), 60)
    delay = min(exp, policy.cap_seconds)
    draw = (rng or random).random()
    return delay / 2 + draw * delay / 2


def next_attempt(
    *,
    now: datetime,
    created_at: datetime,
    attempts: int,
    policy: RetryPolicy,
    retry_after_seconds: float | None = None,
    rng: random.Random | None = None,
) -> RetryDecision:
    """Schedule the next attempt, or give up when it would fall beyond the horizon."""
    if retry_after_seconds is not None:
        delay = max(retry_after_seconds, 1.0)
    else:
        delay = backoff_delay(attempts, policy, rng)
    when = now + timedelta(seconds=delay)
    if when > created_at + policy.horizon:
        return RetryDecision(give_up=True, next_attempt_at=None)
    return RetryDecision(give_up=False, next_attempt_at=when)


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """``Retry-After`` as seconds: either delta-seconds or an HTTP date. None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)
