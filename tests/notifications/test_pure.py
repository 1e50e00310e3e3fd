"""Table-driven tests of the pure pieces: backoff, Retry-After, masking, pacing."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from baton.notifications.backoff import RetryPolicy, backoff_delay, next_attempt, parse_retry_after
from baton.notifications.masking import mask_secret, mask_url
from baton.notifications.ratelimit import Pacer

NOW = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
POLICY = RetryPolicy(base_seconds=30, cap_seconds=3600, horizon=timedelta(hours=24))


class FixedRandom(random.Random):
    def __init__(self, value: float) -> None:
        super().__init__()
        self.value = value

    def random(self) -> float:
        return self.value


@pytest.mark.parametrize(
    ("attempts", "draw", "expected"),
    [
        (1, 0.0, 15.0),  # half of 30 s, no jitter drawn
        (1, 1.0, 30.0),
        (2, 0.5, 45.0),  # 60 s: 30 fixed + 15 drawn
        (5, 0.0, 240.0),  # 480 s / 2
        (8, 1.0, 3600.0),  # 3840 s capped at an hour
        (40, 0.0, 1800.0),  # no overflow on absurd counts
    ],
)
def test_backoff_delay(attempts: int, draw: float, expected: float) -> None:
    assert backoff_delay(attempts, POLICY, FixedRandom(draw)) == expected


def test_next_attempt_schedules_within_the_horizon() -> None:
    decision = next_attempt(
        now=NOW, created_at=NOW, attempts=1, policy=POLICY, rng=FixedRandom(1.0)
    )
    assert decision.give_up is False
    assert decision.next_attempt_at == NOW + timedelta(seconds=30)


def test_next_attempt_gives_up_past_the_horizon() -> None:
    started = NOW - timedelta(hours=23, minutes=50)
    decision = next_attempt(
        now=NOW, created_at=started, attempts=9, policy=POLICY, rng=FixedRandom(1.0)
    )
    assert decision.give_up is True
    assert decision.next_attempt_at is None


def test_retry_after_wins_over_backoff() -> None:
    decision = next_attempt(
        now=NOW, created_at=NOW, attempts=1, policy=POLICY, retry_after_seconds=600
    )
    assert decision.next_attempt_at == NOW + timedelta(seconds=600)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Mon, 16 Mar 2026 09:02:00 GMT", 120.0),
        ("Mon, 16 Mar 2026 08:00:00 GMT", 0.0),  # in the past: now
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (
            "https://hooks.slack.com/services/T0001/B0002/XXXXXXXXXXXXXXXX3f2a",
            "https://hooks.slack.com/…/••••3f2a",
        ),
        (
            "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual?sig=s3cr3tQ9",
            "https://prod-12.westeurope.logic.azure.com/…/••••3tQ9",
        ),
        ("", ""),
        ("not a url at all but secret", "••••cret"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


@pytest.mark.parametrize(
    ("secret", "masked"), [("whsec_abcdef123456", "••••3456"), ("short", "••••"), ("", "")]
)
def test_mask_secret(secret: str, masked: str) -> None:
    assert mask_secret(secret) == masked


def test_pacer_spaces_sends_per_channel() -> None:
    clock = {"t": 100.0}
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock["t"] += seconds

    pacer = Pacer(clock=lambda: clock["t"], sleep=sleep)
    assert pacer.wait("slack", 1.0) == 0.0  # first message: no wait
    clock["t"] += 0.25
    assert pacer.wait("slack", 1.0) == 0.75  # one per second
    assert pacer.wait("teams", 1.0) == 0.0  # another channel is not held back
    clock["t"] += 5
    assert pacer.wait("slack", 1.0) == 0.0
    assert pacer.wait("webhook", 0.0) == 0.0
    assert pacer.wait("webhook", 0.0) == 0.0
    assert slept == [0.75]
