"""Deadlines of a handover (SPEC R-3.5): when each timer is due. Pure, no Django.

``Sla`` holds the workspace durations (defaults from the seeds), ``Calendar`` the optional
business hours and holidays. ``add_business_hours`` moves a clock forward; the ``plan_*``
functions say which timers an event starts and when they are due.

Business hours: when they are off, a deadline of N hours is N hours of wall time. When they
are on, the clock runs only inside the working window of working days (holidays excluded),
and each working day counts as one full day (24 h) of the deadline: 72 h is three working
days. A 72 h deadline started on Friday at 19:00 is due on Wednesday at the end of the day,
not on Monday. Day-based timers (feedback at D+14 and D+30, the end of active support) count
calendar days and, with business hours on, move to the next working moment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

DAY = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Sla:
    briefing_hours: int = 48
    first_contact_hours: int = 72
    reminder_hours: int = 72
    escalation_hours: int = 168
    feedback_first_days: int = 14
    feedback_second_days: int = 30
    feedback_reminder_days: int = 3
    feedback_escalation_days: int = 7
    support_days: int = 14


@dataclass(frozen=True)
class Calendar:
    business_hours: bool = False
    time_zone: str = "Europe/Paris"
    day_start: dt.time = dt.time(9, 0)
    day_end: dt.time = dt.time(18, 0)
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_workday(self, day: dt.date) -> bool:
        return day.weekday() in self.workdays and day not in self.holidays

    def window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        zone = self.zone
        return (
            dt.datetime.combine(day, self.day_start, tzinfo=zone),
            dt.datetime.combine(day, self.day_end, tzinfo=zone),
        )

    @property
    def day_length(self) -> dt.timedelta:
        start = dt.datetime.combine(dt.date(2000, 1, 3), self.day_start)
        end = dt.datetime.combine(dt.date(2000, 1, 3), self.day_end)
        return end - start


MAX_SCAN_DAYS = 3660  # a calendar with no working day at all must not loop forever


def _check(start: dt.datetime) -> None:
    if start.tzinfo is None:
        raise ValueError("deadlines need timezone-aware datetimes")


def next_business_moment(moment: dt.datetime, calendar: Calendar) -> dt.datetime:
    """``moment`` if it falls in working hours, else the start of the next working window."""
    _check(moment)
    if not calendar.business_hours:
        return moment
    local = moment.astimezone(calendar.zone)
    day = local.date()
    for _ in range(MAX_SCAN_DAYS):
        if calendar.is_workday(day):
            opens, closes = calendar.window(day)
            if local < opens:
                return opens.astimezone(moment.tzinfo)
            if local < closes:
                return moment
        day += dt.timedelta(days=1)
        local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=calendar.zone)
    raise ValueError("the calendar has no working day")


def add_business_hours(start: dt.datetime, hours: float, calendar: Calendar) -> dt.datetime:
    """``start`` + ``hours`` of deadline time (see the module docstring for business hours)."""
    _check(start)
    if hours < 0:
        raise ValueError("a deadline cannot lie in the past")
    if not calendar.business_hours:  # elapsed time, whatever the clocks do (DST)
        return (start.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(start.tzinfo)
    if calendar.day_length <= dt.timedelta(0):
        raise ValueError("the working day must end after it starts")
    # Each working day stands for 24 h of deadline: scale to working time.
    remaining = dt.timedelta(hours=hours) * (calendar.day_length / DAY)
    local = start.astimezone(calendar.zone)
    day = local.date()
    for _ in range(MAX_SCAN_DAYS):
        if calendar.is_workday(day):
            opens, closes = calendar.window(day)
            begin = max(local, opens)
            if begin < closes:
                available = closes - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(start.tzinfo)
                remaining -= available
        day += dt.timedelta(days=1)
        local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=calendar.zone)
    raise ValueError("the calendar has no working day")


def add_days(start: dt.datetime, days: int, calendar: Calendar) -> dt.datetime:
    """``start`` + ``days`` calendar days, moved to the next working moment if needed."""
    _check(start)
    local = start.astimezone(calendar.zone) + dt.timedelta(days=days)  # same wall-clock time
    return next_business_moment(local.astimezone(start.tzinfo), calendar)


# Timer kinds, in the order a handover meets them.
BRIEFING = "briefing"
FIRST_CONTACT = "first_contact"
REMINDER = "reminder"
ESCALATION = "escalation"
FEEDBACK_14 = "feedback_14"
FEEDBACK_30 = "feedback_30"
SUPPORT_END = "support_end"
KINDS: tuple[str, ...] = (
    REMINDER,
    BRIEFING,
    FIRST_CONTACT,
    ESCALATION,
    SUPPORT_END,
    FEEDBACK_14,
    FEEDBACK_30,
    "feedback_14_reminder",
    "feedback_14_escalation",
    "feedback_30_reminder",
    "feedback_30_escalation",
)


def feedback_kind(checkpoint: int) -> str:
    return FEEDBACK_14 if checkpoint == 14 else FEEDBACK_30


def plan_proposal(proposed_at: dt.datetime, sla: Sla, calendar: Calendar) -> dict[str, dt.datetime]:
    """Timers started when marketing proposes (the rep is notified now): no contact after
    72 h → reminder; after a week → escalation to the sales manager."""
    return {
        REMINDER: add_business_hours(proposed_at, sla.reminder_hours, calendar),
        ESCALATION: add_business_hours(proposed_at, sla.escalation_hours, calendar),
    }


def plan_acceptance(
    accepted_at: dt.datetime, sla: Sla, calendar: Calendar
) -> dict[str, dt.datetime]:
    """Timers started when sales accepts: briefing within 48 h, first contact within 72 h,
    feedback at D+14 and D+30, the end of marketing's active support."""
    return {
        BRIEFING: add_business_hours(accepted_at, sla.briefing_hours, calendar),
        FIRST_CONTACT: add_business_hours(accepted_at, sla.first_contact_hours, calendar),
        FEEDBACK_14: add_days(accepted_at, sla.feedback_first_days, calendar),
        FEEDBACK_30: add_days(accepted_at, sla.feedback_second_days, calendar),
        SUPPORT_END: add_days(accepted_at, sla.support_days, calendar),
    }


def plan_feedback_followups(
    requested_at: dt.datetime, checkpoint: int, sla: Sla, calendar: Calendar
) -> dict[str, dt.datetime]:
    """A feedback request not answered is reminded once, then escalated."""
    prefix = feedback_kind(checkpoint)
    return {
        f"{prefix}_reminder": add_days(requested_at, sla.feedback_reminder_days, calendar),
        f"{prefix}_escalation": add_days(requested_at, sla.feedback_escalation_days, calendar),
    }


def deadline_state(
    due_at: dt.datetime,
    *,
    now: dt.datetime,
    fired_at: dt.datetime | None,
    stopped_at: dt.datetime | None,
) -> str:
    """``done`` (stopped by the action it waited for), ``missed`` (fired), ``due_soon``
    (within 24 h), ``late`` (past due, not fired yet) or ``running``."""
    if stopped_at is not None and (fired_at is None or stopped_at <= fired_at):
        return "done"
    if fired_at is not None:
        return "missed"
    if due_at <= now:
        return "late"
    if due_at - now <= DAY:
        return "due_soon"
    return "running"
