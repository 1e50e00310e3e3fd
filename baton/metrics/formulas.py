"""Metric arithmetic, periods, target states, deal stages and locale formatting. Pure.

No Django import: the computations fetch aggregates with SQL and hand them to these functions,
which the tests drive with hand-computed tables.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from baton.metrics.definitions import Direction

HUNDRED = Decimal(100)

# == periods ==


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return quarter_label(self.start)
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == PeriodKind.WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def elapsed_fraction(self, as_of: dt.date) -> Decimal:
        """The share of the period gone by on ``as_of`` (both ends included), 0 to 1."""
        if as_of < self.start:
            return Decimal(0)
        if as_of >= self.end:
            return Decimal(1)
        return Decimal((as_of - self.start).days + 1) / Decimal(self.days)


class PeriodError(ValueError):
    pass


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def quarter_label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_of(day: dt.date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    last_month = first_month + 2
    end = dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return Period(PeriodKind.QUARTER, start, end)


def month_of(day: dt.date) -> Period:
    start = day.replace(day=1)
    end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return Period(PeriodKind.MONTH, start, end)


def week_of(day: dt.date) -> Period:
    start = week_start(day)
    return Period(PeriodKind.WEEK, start, start + dt.timedelta(days=6))


_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/)\s*(\d{4}-\d{2}-\d{2})$")


def parse_period(text: str, *, today: dt.date) -> Period:
    """``2026-Q3``, ``2026-07``, ``2026-W27``, ``2026-07-01..2026-08-15`` or ``week`` /
    ``month`` / ``quarter`` (the current one). ``PeriodError`` when unreadable."""
    value = text.strip()
    current = {"week": week_of, "month": month_of, "quarter": quarter_of}
    if value.lower() in current:
        return current[value.lower()](today)
    try:
        if m := _QUARTER.match(value):
            return quarter_of(dt.date(int(m[1]), 3 * int(m[2]) - 2, 1))
        if m := _MONTH.match(value):
            return month_of(dt.date(int(m[1]), int(m[2]), 1))
        if m := _WEEK.match(value):
            return week_of(dt.date.fromisocalendar(int(m[1]), int(m[2]), 1))
        if m := _RANGE.match(value):
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
            if end < start:
                raise PeriodError(f"the period ends before it starts: {value}")
            return Period(PeriodKind.CUSTOM, start, end)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"not a valid period: {value}") from exc
    raise PeriodError(
        f"not a valid period: {value} (expected 2026-Q3, 2026-07, 2026-W27 or "
        "2026-07-01..2026-07-31)"
    )


# == arithmetic ==


def percent(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """``100 * n / d``; None when ``d`` is zero (a rate over nothing is not 0 %)."""
    if not denominator:
        return None
    return HUNDRED * Decimal(numerator) / Decimal(denominator)


def mean(total: Decimal | int | None, count: int) -> Decimal | None:
    if not count or total is None:
        return None
    return Decimal(total) / Decimal(count)


def roi(revenue: Decimal, cost: Decimal) -> Decimal | None:
    """``(revenue - cost) / cost``; None at zero cost (an ROI over no cost is undefined)."""
    if not cost:
        return None
    return (revenue - cost) / cost


def velocity(
    *, open_deals: int, average_won: Decimal | None, win_rate: Decimal | None, cycle_days: Decimal
) -> Decimal | None:
    """Pipeline velocity per day; ``win_rate`` is a fraction (0 to 1). None when any input is
    unknown or the cycle is zero days long."""
    if average_won is None or win_rate is None or not cycle_days:
        return None
    return Decimal(open_deals) * average_won * win_rate / cycle_days


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0 to 100), linear interpolation between closest ranks (the
    method of PostgreSQL's ``percentile_cont``); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def equal_share(total: Decimal, parts: int) -> Decimal:
    """One account's share of a campaign cost split equally between ``parts`` accounts."""
    if parts <= 0:
        raise ValueError("cannot split a cost between no accounts")
    return total / Decimal(parts)


# == targets ==


class TargetState(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_TARGET = "no_target"
    NO_VALUE = "no_value"


def target_state(  # noqa: PLR0911 - one return per row of the state table
    value: Decimal | None,
    *,
    target: Decimal | None,
    at_risk: Decimal | None,
    direction: Direction,
) -> TargetState:
    """On track when the value reaches the target; at risk when it reaches the at-risk
    threshold; off track otherwise. For lower-is-better metrics, "reaches" means "is at most".
    Without a threshold, anything short of the target is off track."""
    if target is None:
        return TargetState.NO_TARGET
    if value is None:
        return TargetState.NO_VALUE
    if direction == Direction.HIGHER:
        if value >= target:
            return TargetState.ON_TRACK
        if at_risk is not None and value >= at_risk:
            return TargetState.AT_RISK
        return TargetState.OFF_TRACK
    if value <= target:
        return TargetState.ON_TRACK
    if at_risk is not None and value <= at_risk:
        return TargetState.AT_RISK
    return TargetState.OFF_TRACK


def prorated(target: Decimal, fraction: Decimal) -> Decimal:
    """The part of a quarterly target expected by now, for metrics that grow over the period."""
    return target * fraction


# == deal stages ==


class StageStatus(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


def _stage_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


_WON = frozenset(
    {
        "won",
        "closed won",
        "closedwon",
        "close won",
        "win",
        "gagne",
        "gagnee",
        "signe",
        "signee",
        "ferme gagne",
        "ferme gagnee",
        "clos gagne",
        "conclu",
        "deal won",
    }
)
_LOST = frozenset(
    {
        "lost",
        "closed lost",
        "closedlost",
        "close lost",
        "perdu",
        "perdue",
        "ferme perdu",
        "ferme perdue",
        "clos perdu",
        "deal lost",
        "abandonne",
    }
)


def stage_status(stage: str) -> StageStatus:
    """Won, lost or open from a CRM stage name (EN/FR and common CRM spellings:
    ``Closed Won``, ``closedwon``, ``Gagné``, ``Fermé perdu``…); any other name is open."""
    key = _stage_key(stage)
    if key in _WON or key.replace(" ", "") in _WON:
        return StageStatus.WON
    if key in _LOST or key.replace(" ", "") in _LOST:
        return StageStatus.LOST
    return StageStatus.OPEN


# == formatting (French: 180 000 €, 3,2x ; English: €180,000, 3.2x) ==

TIMES = "\u00d7"  # the multiplication sign of "3,2x"
NNBSP = "\u202f"  # narrow no-break space: French thousands
NBSP = "\u00a0"  # no-break space: before the currency sign and the percent sign in French
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def _is_fr(language: str | None) -> bool:
    return (language or "").startswith("fr")


def format_number(value: Decimal | int | float, language: str | None, decimals: int = 0) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    if _is_fr(language):
        return text.replace(",", NNBSP).replace(".", ",")
    return text


def format_money(
    value: Decimal | int, currency: str, language: str | None, decimals: int = 0
) -> str:
    number = format_number(value, language, decimals)
    symbol = _SYMBOLS.get(currency)
    if _is_fr(language):
        return f"{number}{NBSP}{symbol or currency}"
    if symbol:
        return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
    return f"{number} {currency}"


def format_ratio(value: Decimal, language: str | None) -> str:
    return f"{format_number(value, language, 1)}{TIMES}"


def format_percent(value: Decimal, language: str | None, decimals: int = 1) -> str:
    number = format_number(value, language, decimals)
    return f"{number}{NBSP}%" if _is_fr(language) else f"{number}%"


# == executive summary (R-4.7) ==


@dataclass(frozen=True)
class SummaryFigures:
    quarter: str
    targeted: int
    engaged: int
    in_opportunity: int
    signed: int
    signed_amount: Decimal
    currency: str
    roi: Decimal | None


def executive_summary(figures: SummaryFigures, language: str | None) -> str:
    """One sentence for leadership, in French or English, with locale-formatted figures."""
    f = figures
    amount = format_money(f.signed_amount, f.currency, language)
    year, _, quarter = f.quarter.partition("-Q")
    if _is_fr(language):
        roi = format_ratio(f.roi, language) if f.roi is not None else "non calculable"
        deals = "signé" if f.signed <= 1 else "signés"
        when = f"T{quarter} {year}" if quarter else f.quarter
        return (
            f"{when}{NBSP}: {f.targeted} comptes ciblés, {f.engaged} engagés, "
            f"{f.in_opportunity} en opportunité, {f.signed} {deals} pour {amount}, "
            f"ROI {roi}."
        )
    roi = format_ratio(f.roi, language) if f.roi is not None else "not computable"
    when = f"Q{quarter} {year}" if quarter else f.quarter
    return (
        f"{when}: {f.targeted} accounts targeted, {f.engaged} engaged, "
        f"{f.in_opportunity} in opportunity, {f.signed} signed for {amount}, ROI {roi}."
    )


def display_value(unit: str, value: Decimal | None, language: str | None) -> str:
    """A metric value as shown on the dashboard and in the pack, in the user's language."""
    fr = _is_fr(language)
    if value is None:
        return "n/d" if fr else "n/a"
    shown: dict[str, Callable[[Decimal], str]] = {
        "count": lambda v: format_number(v, language),
        "percent": lambda v: format_percent(v, language),
        "money": lambda v: format_money(v, "EUR", language),
        "money_per_day": lambda v: (
            format_money(v, "EUR", language) + (" / jour" if fr else " / day")
        ),
        "ratio": lambda v: format_ratio(v, language),
        "days": lambda v: format_number(v, language, 1) + (" j" if fr else " days"),
        "hours": lambda v: format_number(v, language, 1) + " h",
    }
    if unit in shown:
        return shown[unit](value)
    return format_number(value, language, 1) + " / 5"
