"""The bench's "now": the latest noon UTC, the same for a whole day of runs."""

from __future__ import annotations

import datetime as dt

from baton.bench.sizes import bench_now

UTC = dt.UTC
NOON = dt.datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_a_morning_run_and_an_afternoon_run_share_one_now() -> None:
    morning = dt.datetime(2026, 11, 24, 8, 5, tzinfo=UTC)
    afternoon = dt.datetime(2026, 11, 24, 15, 40, tzinfo=UTC)
    assert bench_now(morning) == NOON - dt.timedelta(days=1)
    assert bench_now(afternoon) == NOON
    assert bench_now(dt.datetime(2026, 11, 25, 11, 59, 59, tzinfo=UTC)) == NOON


def test_never_ahead_of_the_clock_and_noon_itself_counts() -> None:
    assert bench_now(NOON) == NOON
    assert bench_now(NOON - dt.timedelta(seconds=1)) == NOON - dt.timedelta(days=1)


def test_a_clock_in_another_zone_is_read_in_utc() -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    assert bench_now(dt.datetime(2026, 11, 24, 12, 30, tzinfo=paris)) == NOON - dt.timedelta(days=1)
    assert bench_now(dt.datetime(2026, 11, 24, 13, 0, tzinfo=paris)) == NOON
