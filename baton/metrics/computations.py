"""Set-based computation of every metric of ``definitions.py``, for any period, as of any day,
for the whole population or broken down by segment.

Each metric is a grouped aggregate: one to five SQL statements whatever the number of accounts,
returning *parts* (counts and sums) per segment value; ``formulas.py`` turns parts into the
value. A segment filter is the breakdown by that dimension, keeping one key, so a filtered value
and a breakdown always agree, and the parts of a breakdown add up to the total.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, TypeVar

from django.db.models import (
    Case,
    Count,
    DateField,
    DateTimeField,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from baton.accounts.models import Account, Deal
from baton.core.errors import DomainError
from baton.engagement.models import Interaction
from baton.metrics import definitions as d
from baton.metrics import formulas as f
from baton.metrics.models import DealStageChange, SurveyResponse
from baton.metrics.scope import (
    TOTAL,
    DaysBetween,
    Scope,
    SegmentError,
    cents,
    check_currencies,
    created_in_period,
    local_midnight,
    lost_in_period,
    money_sum,
    open_on,
    path_for,
    rates_on,
    segment_key,
    segment_q,
    targets,
    won_in_period,
)
from baton.qualification import rules as qr
from baton.qualification.defaults import DEFAULT_CONFIG
from baton.qualification.facts import significant_q
from baton.qualification.models import RuleSet, RuleSetStatus

ZERO_DAYS = Value(Decimal(0), output_field=DecimalField(max_digits=12, decimal_places=2))
Parts = dict[str, Any]
Grouped = dict[str, Parts]
T = TypeVar("T")


@dataclass(frozen=True)
class MetricValue:
    metric_id: str
    value: Decimal | None
    parts: Mapping[str, Any] = field(default_factory=dict)
    error: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric_id,
            "value": None if self.value is None else str(self.value),
            "parts": {k: _jsonable(v) for k, v in self.parts.items()},
            **({"error": self.error} if self.error else {}),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Ctx:
    """One computation's scope with what several metrics share (rates, rules, and the parts
    several metrics are read from: computed once per context, see :meth:`once`)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._memo: dict[Hashable, Any] = {}

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, run at most once per context for ``key`` (a context is one reading
        of the data: the dashboard's cards, funnel, breakdowns and summary share it)."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    @cached_property
    def rates(self) -> dict[str, Decimal]:
        return rates_on(self.scope.day)

    @cached_property
    def engagement(self) -> qr.EngagementRules:
        active = RuleSet.objects.filter(status=RuleSetStatus.ACTIVE).first()
        config = active.config if active is not None else DEFAULT_CONFIG
        return qr.parse_rule_set(config).engagement

    def checked(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        check_currencies(qs, self.rates, self.scope.day)
        return qs


def _group(qs: QuerySet[Any], path: str | None, **aggs: Any) -> Grouped:
    """``aggs`` over ``qs``, for the whole set (key ``TOTAL``) or per value of ``path``.
    Blank and missing values share the key ``""``."""
    if path is None:
        return {TOTAL: qs.order_by().aggregate(**aggs)}
    out: Grouped = {}
    for row in qs.order_by().annotate(seg=F(path)).values("seg").annotate(**aggs):
        key = segment_key(row.pop("seg"))
        out[key] = _add(out.get(key, {}), row)
    return out


def _add(a: Parts, b: Parts) -> Parts:
    keys = set(a) | set(b)
    return {k: (a.get(k) or 0) + (b.get(k) or 0) for k in keys}


def _merge(*groups: Grouped) -> Grouped:
    out: Grouped = defaultdict(dict)
    for grouped in groups:
        for key, parts in grouped.items():
            out[key] = _add(out[key], parts)
    return dict(out)


def _account_path(dimension: str | None) -> str | None:
    return None if dimension is None else path_for(dimension, on="account")


def _deal_path(dimension: str | None) -> str | None:
    return None if dimension is None else path_for(dimension, on="deal")


# == the populations behind the numbers ==


def engaged_ids(ctx: Ctx) -> QuerySet[Any]:
    """Ids of the accounts engaged on the as-of day: at least ``min_interactions``
    significant interactions from ``day - window_days`` (local midnight) to the end of the
    day — the qualification rule, from the active rule set."""
    rules = ctx.engagement
    start = local_midnight(ctx.scope.day - dt.timedelta(days=rules.window_days))
    return (
        Interaction.objects.filter(
            account__isnull=False, occurred_at__gte=start, occurred_at__lt=ctx.scope.end_dt
        )
        .filter(significant_q(rules))
        .order_by()
        .values("account_id")
        .annotate(n=Count("id"))
        .filter(n__gte=rules.min_interactions)
        .values("account_id")
    )


def _with_open_deal(scope: Scope) -> Q:
    """Accounts with a deal open on the as-of day. An ``IN`` over one uncorrelated subquery
    (evaluated once), not a correlated ``EXISTS``: SQLite would probe each account through the
    (status, closed_on) index and read every deal of the period again."""
    return Q(id__in=Deal.objects.filter(open_on(scope)).values("account_id"))


def _with_new_deal(scope: Scope) -> Q:
    return Q(id__in=created_in_period(scope).values("account_id"))


def _with_won_deal(scope: Scope) -> Q:
    return Q(id__in=won_in_period(scope).values("account_id"))


# == metrics: parts per segment ==


def account_counts(ctx: Ctx, dim: str | None) -> Grouped:
    """Target accounts, and those engaged, converted (a deal created in the period), in
    opportunity (a deal open on the as-of day) and won (a deal won in the period), per value of
    ``dim``: one statement per context and dimension, shared by the account metrics and the
    funnel."""
    scope = ctx.scope

    def compute() -> Grouped:
        return _group(
            targets(scope),
            _account_path(dim),
            targets=Count("id"),
            engaged=Count("id", filter=Q(id__in=engaged_ids(ctx))),
            converted=Count("id", filter=_with_new_deal(scope)),
            opportunity=Count("id", filter=_with_open_deal(scope)),
            won=Count("id", filter=_with_won_deal(scope)),
        )

    return ctx.once(("account_counts", dim), compute)


def _counts(ctx: Ctx, dim: str | None, **names: str) -> Grouped:
    """Some of :func:`account_counts`, renamed (``part=count``)."""
    return {
        key: {part: counts.get(count) or 0 for part, count in names.items()}
        for key, counts in account_counts(ctx, dim).items()
    }


def _targets(ctx: Ctx, dim: str | None) -> Grouped:
    return _counts(ctx, dim, targets="targets")


def _engaged(ctx: Ctx, dim: str | None) -> Grouped:
    return _counts(ctx, dim, engaged="engaged", targets="targets")


def _conversion(ctx: Ctx, dim: str | None) -> Grouped:
    return _counts(ctx, dim, converted="converted", targets="targets")


def _opportunities(ctx: Ctx, dim: str | None) -> Grouped:
    return _counts(ctx, dim, accounts="opportunity")


def _won(ctx: Ctx, dim: str | None) -> Grouped:
    qs = ctx.checked(won_in_period(ctx.scope))
    return _group(qs, _deal_path(dim), won=Count("id"), revenue=money_sum(ctx.rates))


def _won_count(ctx: Ctx, dim: str | None) -> Grouped:
    return _group(won_in_period(ctx.scope), _deal_path(dim), won=Count("id"))


def _win_rate(ctx: Ctx, dim: str | None) -> Grouped:
    closed = won_in_period(ctx.scope) | lost_in_period(ctx.scope)
    return _group(
        closed,
        _deal_path(dim),
        won=Count("id", filter=Q(status="won")),
        lost=Count("id", filter=Q(status="lost")),
    )


def _cycle(ctx: Ctx, dim: str | None) -> Grouped:
    days = DaysBetween("closed_on", "created_on")
    return _group(
        won_in_period(ctx.scope),
        _deal_path(dim),
        won=Count("id"),
        days=Coalesce(Sum(days), ZERO_DAYS),
    )


def _velocity(ctx: Ctx, dim: str | None) -> Grouped:
    scope = ctx.scope
    lookback = int(d.get(d.VELOCITY).params["lookback_days"])
    since = scope.day - dt.timedelta(days=lookback)
    closed = Deal.objects.filter(
        status__in=("won", "lost"), closed_on__gt=since, closed_on__lte=scope.day
    )
    ctx.checked(closed.filter(status="won"))
    path = _deal_path(dim)
    open_parts = _group(Deal.objects.filter(open_on(scope)), path, open=Count("id"))
    won = Q(status="won")
    closed_parts = _group(
        closed,
        path,
        won=Count("id", filter=won),
        lost=Count("id", filter=Q(status="lost")),
        won_value=money_sum(ctx.rates, filter=won),
        won_days=Coalesce(Sum(DaysBetween("closed_on", "created_on"), filter=won), ZERO_DAYS),
    )
    return _merge(open_parts, closed_parts)


def _influence(ctx: Ctx, dim: str | None) -> Grouped:
    """Won deals in the period, and those whose account touched at least ``min_assets``
    distinct assets before the day the deal closed (local date). "Before the day" is compared
    as ``occurred_at < local midnight of closed_on`` — the same instants as the local date
    before ``closed_on`` — so that the (account, occurred_at) index bounds each probe."""
    min_assets = int(d.get(d.INFLUENCE).params["min_assets"])
    won = won_in_period(ctx.scope)
    assets = (
        Interaction.objects.filter(
            account_id=OuterRef("account_id"),
            asset__isnull=False,
            occurred_at__lt=OuterRef("closed_at"),
        )
        .order_by()
        .values("account_id")
        .annotate(n=Count("asset_id", distinct=True))
        .values("n")[:1]
    )
    influenced = (
        won.filter(account__isnull=False)
        .annotate(closed_at=_local_midnight_of("closed_on", _closing_days(won)))
        .annotate(n_assets=Subquery(assets, output_field=IntegerField()))
        .filter(n_assets__gte=min_assets)
        .values("id")
    )
    return _group(
        won,
        _deal_path(dim),
        won=Count("id"),
        influenced=Count("id", filter=Q(id__in=influenced)),
    )


def _closing_days(won: QuerySet[Deal]) -> list[dt.date]:
    days = won.order_by("closed_on").values_list("closed_on", flat=True).distinct()
    return [day for day in days if day is not None]


def _local_midnight_of(field_name: str, days: list[dt.date]) -> Case:
    """The aware instant starting the local day held in the date ``field_name``, for the
    values ``days`` it takes (one ``WHEN`` per day: the time zone's rules stay in Python)."""
    return Case(
        *(When(**{field_name: day}, then=Value(local_midnight(day))) for day in days),
        default=None,
        output_field=DateTimeField(),
    )


def _by_source(ctx: Ctx, dim: str | None) -> Grouped:
    qs = created_in_period(ctx.scope)
    return _group(
        qs,
        _deal_path(dim),
        created=Count("id"),
        won=Count("id", filter=Q(status="won", closed_on__lte=ctx.scope.day)),
    )


def _contribution(ctx: Ctx, dim: str | None) -> Grouped:
    qs = ctx.checked(created_in_period(ctx.scope))
    return _group(
        qs,
        _deal_path(dim),
        pipeline=money_sum(ctx.rates),
        from_targets=money_sum(ctx.rates, filter=Q(account__is_target=True)),
    )


def _alignment(ctx: Ctx, dim: str | None) -> Grouped:
    if dim is not None:
        raise SegmentError(_("this metric has no breakdown by %(name)s") % {"name": dim})
    qs = SurveyResponse.objects.filter(
        answered_on__gte=ctx.scope.start, answered_on__lte=ctx.scope.day
    )
    return _group(
        qs,
        None,
        answers=Count("id"),
        points=Coalesce(Sum(F("communication") + F("trust") + F("other_team")), 0),
    )


def _roi(ctx: Ctx, dim: str | None) -> Grouped:
    from baton.metrics.costs import full_costs

    return full_costs(ctx, dim)


def _unavailable(ctx: Ctx, dim: str | None) -> Grouped:
    return {TOTAL: {}}


def _handovers(name: str) -> Callable[[Ctx, str | None], Grouped]:
    """A handover metric's parts (``handover_metrics`` imports this module: imported late)."""

    def parts(ctx: Ctx, dim: str | None) -> Grouped:
        from baton.metrics import handover_metrics

        grouped: Grouped = getattr(handover_metrics, name)(ctx, dim)
        return grouped

    return parts


def _finish_response(p: Parts) -> Decimal | None:
    value = p.get("median_hours")
    return None if value is None else Decimal(value)


def _finish_sla_marketing(p: Parts) -> Decimal | None:
    commitment = p.get("commitment")
    if not commitment:
        return None
    return f.percent(min(Decimal(p.get("proposed") or 0), Decimal(commitment)), commitment)


# == from parts to values ==


def _count(key: str) -> Callable[[Parts], Decimal | None]:
    return lambda p: Decimal(p.get(key) or 0)


def _finish_velocity(p: Parts) -> Decimal | None:
    won, lost = int(p.get("won") or 0), int(p.get("lost") or 0)
    if not won:
        return None
    value = f.velocity(
        open_deals=int(p.get("open") or 0),
        average_won=Decimal(p.get("won_value") or 0) / won,
        win_rate=Decimal(won) / Decimal(won + lost),
        cycle_days=Decimal(p.get("won_days") or 0) / won,
    )
    return None if value is None else cents(value)


def _finish_alignment(p: Parts) -> Decimal | None:
    answers = int(p.get("answers") or 0)
    return f.mean(Decimal(p.get("points") or 0), answers * 3)


def _finish_roi(p: Parts) -> Decimal | None:
    return f.roi(Decimal(p.get("revenue") or 0), Decimal(p.get("cost") or 0))


def _mean_money(p: Parts) -> Decimal | None:
    value = f.mean(p.get("revenue"), int(p.get("won") or 0))
    return None if value is None else cents(value)


@dataclass(frozen=True)
class Computation:
    parts: Callable[[Ctx, str | None], Grouped]
    finish: Callable[[Parts], Decimal | None]
    money: tuple[str, ...] = ()  # parts holding money (rounded to the cent)


COMPUTATIONS: dict[str, Computation] = {
    d.TARGETS: Computation(_targets, _count("targets")),
    d.ENGAGED: Computation(_engaged, _count("engaged")),
    d.CONVERSION: Computation(
        _conversion, lambda p: f.percent(p.get("converted") or 0, p.get("targets") or 0)
    ),
    d.OPPORTUNITIES: Computation(_opportunities, _count("accounts")),
    d.WON_DEALS: Computation(_won_count, _count("won")),
    d.WON_REVENUE: Computation(_won, lambda p: cents(p.get("revenue")), money=("revenue",)),
    d.DEAL_SIZE: Computation(_won, _mean_money, money=("revenue",)),
    d.WIN_RATE: Computation(
        _win_rate,
        lambda p: f.percent(p.get("won") or 0, (p.get("won") or 0) + (p.get("lost") or 0)),
    ),
    d.CYCLE: Computation(_cycle, lambda p: f.mean(p.get("days"), int(p.get("won") or 0))),
    d.VELOCITY: Computation(_velocity, _finish_velocity, money=("won_value",)),
    d.INFLUENCE: Computation(
        _influence, lambda p: f.percent(p.get("influenced") or 0, p.get("won") or 0)
    ),
    d.CONVERSION_BY_SOURCE: Computation(
        _by_source, lambda p: f.percent(p.get("won") or 0, p.get("created") or 0)
    ),
    d.PIPELINE_CONTRIBUTION: Computation(
        _contribution,
        lambda p: f.percent(p.get("from_targets") or 0, p.get("pipeline") or 0),
        money=("pipeline", "from_targets"),
    ),
    d.ALIGNMENT_SCORE: Computation(_alignment, _finish_alignment),
    d.ROI: Computation(
        _roi,
        _finish_roi,
        money=("revenue", "marketing", "sales", "campaigns", "cost"),
    ),
    d.ACCEPTANCE: Computation(
        _handovers("acceptance"),
        lambda p: f.percent(
            p.get("accepted") or 0, (p.get("accepted") or 0) + (p.get("rejected") or 0)
        ),
    ),
    d.RESPONSE_TIME: Computation(_handovers("response_time"), _finish_response),
    d.SLA_SALES: Computation(
        _handovers("sla_sales"), lambda p: f.percent(p.get("met") or 0, p.get("due") or 0)
    ),
    d.SLA_MARKETING: Computation(_handovers("sla_marketing"), _finish_sla_marketing),
    d.FEEDBACK: Computation(
        _handovers("feedback"), lambda p: f.percent(p.get("given") or 0, p.get("requested") or 0)
    ),
    d.QUALIFIED_DELIVERED: Computation(_handovers("delivered"), _count("proposed")),
}
for _m in d.METRICS.values():
    if not _m.available:
        COMPUTATIONS[_m.id] = Computation(_unavailable, lambda p: None)


def _value(metric_id: str, parts: Parts) -> MetricValue:
    comp = COMPUTATIONS[metric_id]
    clean = {k: cents(v) if k in comp.money else v for k, v in parts.items()}
    return MetricValue(metric_id, comp.finish(clean), clean)


def _definition(metric_id: str) -> d.MetricDef:
    try:
        return d.get(metric_id)
    except KeyError as exc:
        raise DomainError(_("unknown metric %(id)s") % {"id": metric_id}, field="metric") from exc


def compute(metric_id: str, scope: Scope, ctx: Ctx | None = None) -> MetricValue:
    """The value of ``metric_id`` over ``scope`` (its segment when it has one). Raises
    ``DomainError`` (``MissingRateError``) when money in a currency has no rate."""
    definition = _definition(metric_id)
    if not definition.available:
        return MetricValue(
            metric_id,
            None,
            {},
            error=_("not available yet: needs the %(source)s data") % {"source": definition.needs},
        )
    ctx = ctx or Ctx(scope)
    if scope.segment is None:
        grouped = COMPUTATIONS[metric_id].parts(ctx, None)
        return _value(metric_id, grouped.get(TOTAL, {}))
    dimension, key = scope.segment
    grouped = COMPUTATIONS[metric_id].parts(ctx, dimension)
    return _value(metric_id, grouped.get(key, {}))


def breakdown(
    metric_id: str, scope: Scope, dimension: str, ctx: Ctx | None = None
) -> dict[str, MetricValue]:
    """The value of ``metric_id`` for each value of ``dimension`` (``""``: none/unassigned)."""
    definition = _definition(metric_id)
    if not definition.available:
        return {}
    ctx = ctx or Ctx(scope)
    grouped = COMPUTATIONS[metric_id].parts(ctx, dimension)
    return {key: _value(metric_id, parts) for key, parts in sorted(grouped.items())}


def compute_safe(metric_id: str, scope: Scope, ctx: Ctx | None = None) -> MetricValue:
    """:func:`compute`, with a refusal (missing exchange rate…) carried in ``error``."""
    try:
        return compute(metric_id, scope, ctx)
    except DomainError as exc:
        return MetricValue(metric_id, None, {}, error=exc.reason)


# == drill-down ==


def accounts_behind(metric_id: str, scope: Scope) -> QuerySet[Account]:
    """The accounts a count is made of (engaged, targets, in opportunity, converted, won)."""
    ctx = Ctx(scope)
    qs = targets(scope)
    if metric_id == d.ENGAGED:
        qs = qs.filter(id__in=engaged_ids(ctx))
    elif metric_id == d.OPPORTUNITIES:
        qs = qs.filter(_with_open_deal(scope))
    elif metric_id == d.CONVERSION:
        qs = qs.filter(_with_new_deal(scope))
    elif metric_id == d.WON_DEALS:
        qs = Account.objects.filter(_with_won_deal(scope))
    elif metric_id != d.TARGETS:
        raise DomainError(
            _("the metric %(id)s has no list of accounts") % {"id": metric_id}, field="metric"
        )
    if scope.segment is not None:
        qs = qs.filter(segment_q(path_for(scope.segment[0], on="account"), scope.segment[1]))
    return qs.order_by("name", "id")


def funnel(scope: Scope, ctx: Ctx | None = None) -> dict[str, int]:
    """Target → engaged → opportunity → won, in target accounts, in one statement (shared
    with the account metrics of ``ctx`` when given for the same scope)."""
    ctx = ctx if ctx is not None and ctx.scope == scope else Ctx(scope)
    if scope.segment is not None:
        dimension, key = scope.segment
        row = account_counts(ctx, dimension).get(key, {})
    else:
        row = account_counts(ctx, None).get(TOTAL, {})
    return {k: int(row.get(k) or 0) for k in ("targets", "engaged", "opportunity", "won")}


@dataclass(frozen=True)
class StageTime:
    stage: str
    deals: int
    mean_days: Decimal | None


def time_per_stage(scope: Scope) -> list[StageTime]:
    """Mean days spent in each open stage (from the stage history), up to the as-of day; a
    stage still current on that day counts until then. Slowest first. One statement."""
    following = (
        DealStageChange.objects.filter(
            deal=OuterRef("deal"),
            entered_on__gt=OuterRef("entered_on"),
            entered_on__lte=scope.day,
        )
        .order_by("entered_on")
        .values("entered_on")[:1]
    )
    left = Coalesce(Subquery(following), Value(scope.day, output_field=DateField()))
    rows = (
        DealStageChange.objects.filter(entered_on__lte=scope.day, deal__created_on__lte=scope.day)
        .order_by()
        .values("stage")
        .annotate(
            deals=Count("deal", distinct=True),
            days=Coalesce(Sum(DaysBetween(left, F("entered_on"))), ZERO_DAYS),
        )
    )
    out = [
        StageTime(r["stage"], r["deals"], f.mean(r["days"], r["deals"]))
        for r in rows
        if f.stage_status(r["stage"]) == f.StageStatus.OPEN
    ]
    return sorted(out, key=lambda s: (-(s.mean_days or 0), s.stage))
