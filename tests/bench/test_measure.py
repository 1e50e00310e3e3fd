"""The bench's timer: the median of repetitions, more of them for a run of microseconds."""

from __future__ import annotations

import time

from baton.bench.measure import MAX_REPS, TINY_REPS, median_time


def test_a_run_of_microseconds_is_repeated_51_times() -> None:
    calls: list[int] = []
    seconds, reps, result = median_time(lambda: calls.append(1) or len(calls))
    assert (reps, len(calls), result) == (TINY_REPS, 51, 51)
    assert 0 < seconds < 0.005


def test_a_run_of_milliseconds_is_repeated_5_times() -> None:
    seconds, reps, _ = median_time(lambda: time.sleep(0.006))
    assert (reps, MAX_REPS) == (5, 5)
    assert 0.006 <= seconds < 0.5


def test_an_explicit_count_wins_and_reset_runs_before_each_untimed() -> None:
    order: list[str] = []
    _seconds, reps, _ = median_time(
        lambda: order.append("run"), reset=lambda: order.append("reset"), reps=3
    )
    assert reps == 3
    assert order == ["reset", "run"] * 3
