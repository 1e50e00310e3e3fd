"""The deadline calendar (pure): wall-clock hours, business hours, holidays, plans, states."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from baton.handovers.deadlines import (
    Calendar,
    Sla,
    add_business_hours,
    add_days,
    deadline_state,
    next_business_moment,
    plan_acceptance,
    plan_feedback_followups,
    plan_proposal,
)

PARIS = ZoneInfo("Europe/Paris")
OFF = Calendar()
ON = Calendar(business_hours=True)


def paris(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=PARIS)


FRIDAY_EVENING = paris(2026, 3, 6, 19, 0)


def test_wall_clock_hours_when_business_hours_are_off() -> None:
    assert add_business_hours(FRIDAY_EVENING, 72, OFF) == paris(2026, 3, 9, 19, 0)


def test_friday_evening_72h_does_not_expire_on_monday_with_business_hours() -> None:
    due = add_business_hours(FRIDAY_EVENING, 72, ON)
    # three working days: Monday, Tuesday, Wednesday, each 09:00-18:00
    assert due == paris(2026, 3, 11, 18, 0)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (paris(2026, 3, 2, 10, 0), 24, paris(2026, 3, 3, 10, 0)),  # Monday 10:00 + 1 day
        (paris(2026, 3, 2, 10, 0), 12, paris(2026, 3, 2, 14, 30)),  # half a working day
        (paris(2026, 3, 2, 7, 0), 24, paris(2026, 3, 2, 18, 0)),  # before opening
        (paris(2026, 3, 6, 17, 0), 48, paris(2026, 3, 10, 17, 0)),  # over the weekend
        (paris(2026, 3, 7, 12, 0), 24, paris(2026, 3, 9, 18, 0)),  # Saturday start
        (paris(2026, 3, 2, 10, 0), 0, paris(2026, 3, 2, 10, 0)),
    ],
)
def test_business_hours_table(start: dt.datetime, hours: int, due: dt.datetime) -> None:
    assert add_business_hours(start, hours, ON) == due


def test_holidays_are_skipped() -> None:
    easter_monday = Calendar(business_hours=True, holidays=frozenset({dt.date(2026, 4, 6)}))
    # Friday 3 April 18:30 + 24 h: Monday is a holiday → Tuesday evening.
    assert add_business_hours(paris(2026, 4, 3, 18, 30), 24, easter_monday) == paris(
        2026, 4, 7, 18, 0
    )


def test_dst_change_keeps_wall_times() -> None:
    # Paris goes to summer time on Sunday 29 March 2026.
    assert add_business_hours(paris(2026, 3, 27, 12, 0), 24, ON) == paris(2026, 3, 30, 12, 0)
    assert add_business_hours(paris(2026, 3, 28, 12, 0), 24, OFF) == paris(2026, 3, 29, 13, 0)


def test_result_keeps_the_start_time_zone() -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # 10:00 in Paris
    due = add_business_hours(start, 24, ON)
    assert due.tzinfo == dt.UTC
    assert due == dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)


def test_naive_and_negative_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_hours(dt.datetime(2026, 3, 2, 10, 0), 1, OFF)
    with pytest.raises(ValueError, match="past"):
        add_business_hours(FRIDAY_EVENING, -1, OFF)
    with pytest.raises(ValueError, match="no working day"):
        add_business_hours(FRIDAY_EVENING, 1, Calendar(business_hours=True, workdays=frozenset()))


def test_day_based_timers_move_to_the_next_working_moment() -> None:
    # D+14 from Saturday 7 March 12:00 is Saturday 21 March → Monday 23 March 09:00.
    assert add_days(paris(2026, 3, 7, 12), 14, ON) == paris(2026, 3, 23, 9, 0)
    assert add_days(paris(2026, 3, 7, 12), 14, OFF) == paris(2026, 3, 21, 12, 0)
    assert next_business_moment(paris(2026, 3, 2, 20), ON) == paris(2026, 3, 3, 9, 0)
    assert next_business_moment(paris(2026, 3, 2, 11), ON) == paris(2026, 3, 2, 11, 0)


def test_plans_use_the_seeds_defaults() -> None:
    t0 = paris(2026, 3, 2, 10)
    assert plan_proposal(t0, Sla(), OFF) == {
        "reminder": paris(2026, 3, 5, 10),
        "escalation": paris(2026, 3, 9, 10),
    }
    assert plan_acceptance(t0, Sla(), OFF) == {
        "briefing": paris(2026, 3, 4, 10),
        "first_contact": paris(2026, 3, 5, 10),
        "feedback_14": paris(2026, 3, 16, 10),
        "feedback_30": paris(2026, 4, 1, 10),
        "support_end": paris(2026, 3, 16, 10),
    }
    assert plan_feedback_followups(t0, 30, Sla(), OFF) == {
        "feedback_30_reminder": paris(2026, 3, 5, 10),
        "feedback_30_escalation": paris(2026, 3, 9, 10),
    }
    assert plan_acceptance(t0, Sla(support_days=28), OFF)["support_end"] == paris(2026, 3, 30, 10)


NOW = paris(2026, 3, 5, 12)


@pytest.mark.parametrize(
    ("due", "fired", "stopped", "state"),
    [
        (paris(2026, 3, 9), None, None, "running"),
        (paris(2026, 3, 6), None, None, "due_soon"),
        (paris(2026, 3, 5), None, None, "late"),
        (paris(2026, 3, 5), paris(2026, 3, 5, 1), None, "missed"),
        (paris(2026, 3, 5), paris(2026, 3, 5, 1), paris(2026, 3, 5, 2), "missed"),
        (paris(2026, 3, 9), None, paris(2026, 3, 4), "done"),
    ],
)
def test_deadline_state(
    due: dt.datetime, fired: dt.datetime | None, stopped: dt.datetime | None, state: str
) -> None:
    assert deadline_state(due, now=NOW, fired_at=fired, stopped_at=stopped) == state
