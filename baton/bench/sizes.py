"""The sizes of a bench run and the fixed clock every workload shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEFAULT_ACCOUNTS = 20_000
DEFAULT_EVENTS = 1_000_000
DEFAULT_DEALS = 50_000
QUICK = {"accounts": 300, "events": 6_000, "deals": 600}

INCREMENTAL_EVENTS = 1_000
INCREMENTAL_ACCOUNTS = 100
HISTORY_DAYS = 180  # events are spread over the last six months


@dataclass(frozen=True)
class Sizes:
    accounts: int
    events: int
    deals: int
    seed: int
    quick: bool = False

    def as_json(self) -> dict[str, int]:
        return {"accounts": self.accounts, "events": self.events, "deals": self.deals}

    def scaled(self, events: int) -> Sizes:
        """The same workspace shape at another number of events (for the growth fit)."""
        factor = events / self.events
        return Sizes(
            accounts=max(50, round(self.accounts * factor)),
            events=events,
            deals=max(50, round(self.deals * factor)),
            seed=self.seed,
            quick=self.quick,
        )


def bench_now(clock: dt.datetime) -> dt.datetime:
    """The "now" of every workload of a run: the latest noon UTC at or before ``clock``.

    Fixed for 24 hours, so that two runs of one day (SQLite in the morning, PostgreSQL in the
    afternoon) draw the same events and must print the same dashboard numbers; and never
    ahead of the real clock, which some of Baton's code paths read.
    """
    noon = dt.datetime.combine(clock.astimezone(dt.UTC).date(), dt.time(12, 0), tzinfo=dt.UTC)
    return noon if noon <= clock else noon - dt.timedelta(days=1)
