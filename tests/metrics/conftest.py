"""The small hand-computed workspace of the metrics tests.

Quarter 2026-Q3 (2026-07-01 … 2026-09-30), as of 2026-09-30. Every record is "recorded" on its
own date (``created_at`` / ``received_at`` set back), so nothing is back-dated unless a test
makes it so. Expected figures (worked out by hand; the tests repeat the arithmetic):

Targets on 09-30: Alpha, Beta, Gamma, Delta, Epsilon = 5 (Zeta is not a target, Eta is
archived, Theta joins the list on 10-15).

Engaged (≥ 3 significant interactions from 08-31 00:00 to 09-30 end, default rules):
  Alpha: meetings 09-05, 09-10, 09-20                       → 3, engaged
  Beta: meetings 09-10, 09-11; content downloads (not significant) → 2, not engaged
  Gamma: meetings 08-30 (outside), 09-10, 09-15               → 2, not engaged
  Delta: meetings 08-31 10:00 (first day of the window), 09-01, 09-02 → 3, engaged
  Epsilon: meetings 10-02 x3 (after the as-of day)             → 0, not engaged
  Zeta (not a target): 3 meetings                               → not counted
  → 2 of 5.

Deals (EUR):
  d1 Alpha  created 07-10 won 08-20  100 000  "webinar"  stage "Closed Won"
  d2 Beta   created 05-01 won 09-10   50 000  "outbound" stage "Gagné"
  d3 Gamma  created 07-15 lost 09-01  30 000  "webinar"  stage "Perdu"
  d4 Delta  created 08-01 open        40 000  "outbound" stage "Proposal"
  d5 (none) created 07-05 won 09-15   10 000  ""         stage "won"
  d6 Epsilon created 10-05 open       20 000  (after the as-of day: ignored)
  d7 Alpha  created 06-01 won 10-10   60 000  (still open on 09-30)

Costs (EUR): c1 Alpha marketing spend 10 000 (07-15); c2 Alpha sales time 20 h * 100 = 2 000
(08-01); c3 Beta content 5 000 (08-10); c4 campaign "Webinar Q3" 6 000 (09-01), whose asset
Alpha and Beta used → 3 000 each; c5 campaign "Salon" 1 000, nobody → unallocated; c6 Gamma
training 4 000 on 10-05 (after the as-of day).

Marketing assets: X (campaign "Webinar Q3"), Y. Alpha: X 07-01, Y 08-01, X 08-05 (before its
08-20 close: 2 distinct → influenced). Beta: X 09-01 and Y 09-10 (its close day: not
*before*) → 1 → not influenced.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from baton.accounts.models import Account, AccountStatus, CostEntry, Deal
from baton.engagement.models import Interaction, MarketingAsset
from baton.metrics.formulas import parse_period
from baton.metrics.scope import Scope

D = dt.date(2026, 9, 30)
Q3 = parse_period("2026-Q3", today=D)
_ids = itertools.count(1)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def day(month: int, dd: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, dd)


def scope(**kw: Any) -> Scope:
    return Scope.make(Q3, as_of=kw.pop("as_of", D), **kw)


def account(name: str, **fields: Any) -> Account:
    fields.setdefault("targeted_on", day(6, 1))
    fields.setdefault("size_band", "51-200")
    return Account.objects.create(name=name, **fields)


def touch(acc: Account | None, type_: str, when: dt.datetime, **fields: Any) -> Interaction:
    event = Interaction.objects.create(
        external_id=f"mx-{next(_ids)}", type=type_, occurred_at=when, account=acc, **fields
    )
    Interaction.objects.filter(pk=event.pk).update(received_at=when)
    return event


def deal(acc: Account | None, amount: int | str, created: dt.date, **fields: Any) -> Deal:
    status = fields.pop("status", "open")
    obj = Deal.objects.create(
        account=acc,
        name=fields.pop("name", f"deal {next(_ids)}"),
        amount=Decimal(str(amount)),
        created_on=created,
        status=status,
        stage=fields.pop("stage", {"won": "won", "lost": "lost"}.get(status, "Proposal")),
        **fields,
    )
    recorded = at(max(created, obj.closed_on or created))
    Deal.objects.filter(pk=obj.pk).update(created_at=at(created), updated_at=recorded)
    return obj


def cost(
    acc: Account | None, amount: int | str, on: dt.date, category: str, **fields: Any
) -> CostEntry:
    obj = CostEntry.objects.create(
        account=acc, amount=Decimal(str(amount)), incurred_on=on, category=category, **fields
    )
    CostEntry.objects.filter(pk=obj.pk).update(created_at=at(on), updated_at=at(on))
    return obj


@pytest.fixture
def workspace(db: None) -> dict[str, Any]:
    alpha = account("Alpha", industry="Tech", tier="tier_1", territory="Nord")
    beta = account("Beta", industry="Tech", size_band="201-500", tier="tier_2", territory="Sud")
    gamma = account("Gamma", industry="Industrie", tier="tier_1", territory="Nord")
    delta = account("Delta", industry="Industrie", size_band="201-500", tier="tier_3")
    epsilon = account("Epsilon", industry="Santé", size_band="")
    zeta = account("Zeta", industry="Tech", is_target=False)
    eta = account("Eta", industry="Tech", status=AccountStatus.ARCHIVED)
    theta = account("Theta", industry="Tech", targeted_on=day(10, 15))
    x = MarketingAsset.objects.create(
        name="Webinar", slug="webinar-q3", kind="webinar", campaign="Webinar Q3"
    )
    y = MarketingAsset.objects.create(name="Livre blanc", slug="lb", kind="white_paper")

    for dd in (5, 10, 20):
        touch(alpha, "meeting", at(day(9, dd)))
    touch(alpha, "webinar_attended", at(day(7, 1)), asset=x)
    touch(alpha, "content_download", at(day(8, 1)), asset=y)
    touch(alpha, "content_download", at(day(8, 5)), asset=x, campaign="Webinar Q3")
    for dd in (10, 11):
        touch(beta, "meeting", at(day(9, dd)))
    touch(beta, "content_download", at(day(9, 1)), asset=x)
    touch(beta, "content_download", at(day(9, 10)), asset=y)
    for when in (day(8, 30), day(9, 10), day(9, 15)):
        touch(gamma, "meeting", at(when))
    touch(delta, "meeting", at(day(8, 31), 10))
    touch(delta, "meeting", at(day(9, 1)))
    touch(delta, "meeting", at(day(9, 2)))
    for hour in (9, 10, 11):
        touch(epsilon, "meeting", at(day(10, 2), hour))
        touch(zeta, "meeting", at(day(9, 20), hour))

    deals = {
        "d1": deal(alpha, 100000, day(7, 10), status="won", closed_on=day(8, 20),
                   source="webinar", stage="Closed Won"),
        "d2": deal(beta, 50000, day(5, 1), status="won", closed_on=day(9, 10),
                   source="outbound", stage="Gagné"),
        "d3": deal(gamma, 30000, day(7, 15), status="lost", closed_on=day(9, 1),
                   source="webinar", stage="Perdu"),
        "d4": deal(delta, 40000, day(8, 1), source="outbound"),
        "d5": deal(None, 10000, day(7, 5), status="won", closed_on=day(9, 15)),
        "d6": deal(epsilon, 20000, day(10, 5)),
        "d7": deal(alpha, 60000, day(6, 1), status="won", closed_on=day(10, 10)),
    }  # fmt: skip
    cost(alpha, 10000, day(7, 15), "marketing_spend")
    cost(alpha, 2000, day(8, 1), "sales_time", hours=Decimal(20), hourly_rate=Decimal(100))
    cost(beta, 5000, day(8, 10), "content")
    cost(None, 6000, day(9, 1), "marketing_spend", campaign="Webinar Q3")
    cost(None, 1000, day(9, 2), "marketing_spend", campaign="Salon")
    cost(gamma, 4000, day(10, 5), "training")
    return {
        "alpha": alpha,
        "beta": beta,
        "gamma": gamma,
        "delta": delta,
        "epsilon": epsilon,
        "zeta": zeta,
        "eta": eta,
        "theta": theta,
        "x": x,
        "y": y,
        **deals,
    }
