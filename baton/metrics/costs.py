"""Full cost per account (R-5.3) and the revenue it is set against: the parts of the ROI.

Four grouped SQL statements, whatever the number of accounts:

1. revenue won in the period per account (deals without an account under ``None``);
2. direct costs in the period per account, split into sales time and the rest (marketing
   spend, content, technology, training);
3. campaign costs in the period (costs without an account) per campaign;
4. the distinct (campaign, account) pairs of the interactions up to the as-of day, through the
   interaction's own campaign or its asset's campaign.

**Allocation rule (equal split):** a campaign's cost is divided equally between the accounts
that interacted with it; a campaign no account interacted with stays *unallocated*: it counts
in the overall ROI and in the blank segment, never in an account's. The per-account figures
are then added up per segment (a sum over accounts, not over records).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from baton.accounts.models import Account
from baton.engagement.models import Interaction
from baton.metrics import formulas as f
from baton.metrics.scope import (
    TOTAL,
    Scope,
    costs_in_period,
    money_sum,
    path_for,
    segment_key,
    won_in_period,
)

if TYPE_CHECKING:
    from baton.metrics.computations import Ctx, Grouped

ZERO = Decimal(0)
SALES_TIME = "sales_time"


@dataclass
class AccountCost:
    revenue: Decimal = ZERO
    marketing: Decimal = ZERO
    sales: Decimal = ZERO
    campaigns: Decimal = ZERO

    @property
    def cost(self) -> Decimal:
        return self.marketing + self.sales + self.campaigns

    @property
    def roi(self) -> Decimal | None:
        return f.roi(self.revenue, self.cost)

    def parts(self) -> dict[str, Decimal]:
        return {
            "revenue": self.revenue,
            "marketing": self.marketing,
            "sales": self.sales,
            "campaigns": self.campaigns,
            "cost": self.cost,
        }


def per_account(ctx: Ctx) -> dict[int | None, AccountCost]:
    """Revenue and full cost per account id; ``None`` holds what belongs to no account
    (deals without an account, unallocated campaign costs). Computed once per context (the
    dashboard's ROI card, its two breakdowns and the summary share it): read-only."""
    return ctx.once("costs.per_account", lambda: _per_account(ctx))


def _per_account(ctx: Ctx) -> dict[int | None, AccountCost]:
    scope, rates = ctx.scope, ctx.rates
    won = ctx.checked(won_in_period(scope))
    costs = ctx.checked(costs_in_period(scope))
    out: dict[int | None, AccountCost] = defaultdict(AccountCost)
    for account_id, revenue in (
        won.order_by()
        .values("account_id")
        .annotate(s=money_sum(rates))
        .values_list("account_id", "s")
    ):
        out[account_id].revenue += revenue
    sales = Q(category=SALES_TIME)
    for account_id, s_cost, m_cost in (
        costs.filter(account__isnull=False)
        .order_by()
        .values("account_id")
        .annotate(s=money_sum(rates, filter=sales), m=money_sum(rates, filter=~sales))
        .values_list("account_id", "s", "m")
    ):
        out[account_id].sales += s_cost
        out[account_id].marketing += m_cost
    campaign_totals = dict(
        costs.filter(account__isnull=True)
        .order_by()
        .values("campaign")
        .annotate(s=money_sum(rates))
        .values_list("campaign", "s")
    )
    if campaign_totals:
        _allocate(scope, campaign_totals, out)
    return dict(out)


def _allocate(scope: Scope, totals: dict[str, Decimal], out: dict[int | None, AccountCost]) -> None:
    names = list(totals)
    # One scan for both ways of interacting with a campaign: the interaction's own campaign
    # and its asset's (LEFT JOIN), each pair kept when that campaign has a cost. Interactions
    # without an account are left out here, not in SQL: "account_id IS NOT NULL" would make
    # SQLite walk the (account, occurred_at) index and fetch every row by rowid (4x slower).
    rows = (
        Interaction.objects.filter(occurred_at__lt=scope.end_dt)
        .filter(Q(campaign__in=names) | Q(asset__campaign__in=names))
        .order_by()
        .values_list("campaign", "asset__campaign", "account_id")
        .distinct()
    )
    pairs: set[tuple[str, int]] = set()
    for own, through_asset, account_id in rows:
        if account_id is None:
            continue
        if own in totals:
            pairs.add((own, account_id))
        if through_asset in totals:
            pairs.add((through_asset, account_id))
    members: dict[str, list[int]] = defaultdict(list)
    for campaign, account_id in pairs:
        members[campaign].append(account_id)
    for campaign, total in totals.items():
        accounts = members.get(campaign)
        if not accounts:
            out[None].campaigns += total
            continue
        share = f.equal_share(total, len(accounts))
        for account_id in accounts:
            out[account_id].campaigns += share


def full_costs(ctx: Ctx, dim: str | None) -> Grouped:
    """ROI parts for the whole population or per segment of ``dim``."""
    by_account = per_account(ctx)
    if dim is None:
        total = AccountCost()
        for item in by_account.values():
            _add_into(total, item)
        return {TOTAL: total.parts()} if by_account else {}
    path = path_for(dim, on="account")
    keys: dict[int, str] = {}
    if any(pk is not None for pk in by_account):
        # Every account's value (one scan, bounded by the number of accounts): cheaper
        # than an IN over the accounts involved, which PostgreSQL re-evaluates per account.
        rows = Account.objects.order_by().values_list("id", path)
        keys = {pk: segment_key(value) for pk, value in rows}
    grouped: dict[str, AccountCost] = defaultdict(AccountCost)
    for pk, item in by_account.items():
        _add_into(grouped["" if pk is None else keys.get(pk, "")], item)
    return {key: item.parts() for key, item in grouped.items()}


def _add_into(total: AccountCost, item: AccountCost) -> None:
    total.revenue += item.revenue
    total.marketing += item.marketing
    total.sales += item.sales
    total.campaigns += item.campaigns


def account_rows(ctx: Ctx, limit: int = 200) -> list[dict[str, Any]]:
    """The accounts with revenue or cost in the period, best ROI first (for the drill-down)."""
    by_account = {pk: v for pk, v in per_account(ctx).items() if pk is not None}
    ranked = sorted(
        by_account.items(),
        key=lambda kv: (kv[1].roi is None, -(kv[1].roi or ZERO), -kv[1].revenue, kv[0] or 0),
    )[:limit]
    names = dict(Account.objects.filter(id__in=[pk for pk, _ in ranked]).values_list("id", "name"))
    return [{"id": pk, "name": names.get(pk, ""), **v.parts(), "roi": v.roi} for pk, v in ranked]
